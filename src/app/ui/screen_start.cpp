// Start: pick one of the bundled rubrics, continue a saved draft, or open a package.
#include <algorithm>
#include <string>

#include "bundled.h"
#include "platform.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

// One bundled rubric, from its build-time summary: the rubric itself is loaded only when chosen.
void rubric_card(const BundledRubric& b) {
  const RubricSummary& r = b.summary;
  const std::string id = b.id;
  AppState& s = state();
  const bool preselected = id == s.preselected_rubric;
  ImGui::PushID(b.id);
  // A one-cell table, not a child window: a child window scrolled out of view submits nothing,
  // and a screen reader reading the page (the semantics layer) must still find every rubric.
  const ImGuiStyle& st = ImGui::GetStyle();
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(st.WindowPadding.x, st.WindowPadding.y * 0.75f));
  const bool card = ImGui::BeginTable("card", 1, ImGuiTableFlags_BordersOuter | ImGuiTableFlags_PadOuterX);
  ImGui::PopStyleVar();
  if (!card) {
    ImGui::PopID();
    return;
  }
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (preselected) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImVec4(0.90f, 0.94f, 1.0f, 1.0f)));
  ImGui::PushStyleColor(ImGuiCol_Text, kColorAccent);
  text_wrapped(r.title);
  ImGui::PopStyleColor();
  std::string total = "满分 " + format_milli(r.total) + " 分";
  if (r.bonus_total > 0) total += " + 加分项 " + format_milli(r.bonus_total) + " 分";
  if (r.total > 0 && r.criteria > 0) total += "，共 " + std::to_string(r.criteria) + " 个评分细项";
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped(std::string(r.issuer) + " · " + r.region + " · " + total);
  ImGui::PopStyleColor();
  text_wrapped(r.purpose);
  const bool start = ImGui::Button((std::string(preselected ? "开始自评（已为您选中）" : "开始自评") + "##" + id).c_str());
  semantics::name_last(std::string("开始自评：") + r.title);
  if (start) {
    if (const Rubric* rubric = find_rubric(id)) new_draft(*rubric);
  }
  note_after(r.document);
  ImGui::EndTable();
  ImGui::Spacing();
  ImGui::PopID();
}

// 继续 and 删除 (after asking) for one saved draft.
void draft_buttons(const DraftSummary& d, std::string& to_delete) {
  if (d.error.empty()) {
    const bool resume = small_button("继续");
    semantics::name_last("继续填写“" + d.station + "”");
    if (resume) open_draft(d.key);
  }
  ImGui::SameLine();
  const bool remove = small_button("删除");
  semantics::name_last("删除“" + d.station + "”的草稿");
  if (remove) ImGui::OpenPopup("confirm-delete");
  if (ImGui::BeginPopup("confirm-delete")) {
    text_wrapped("确定删除“" + d.station + "”的草稿？删除后无法恢复。",
                 std::min(ImGui::GetMainViewport()->WorkSize.x - ImGui::GetFontSize() * 3, ImGui::GetFontSize() * 24));
    if (ImGui::Button("删除草稿")) {
      to_delete = d.key;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("取消")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

// Phones: the saved drafts one under another instead of a five-column table.
void draft_list() {
  AppState& s = state();
  std::string to_delete;
  for (auto& d : s.drafts) {
    ImGui::PushID(d.key.c_str());
    text_line(d.station);
    testhooks::label_last_item(d.station);
    if (d.error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
      text_wrapped(d.rubric_title + " · " + d.modified + " · 得分 " + d.score);
      ImGui::PopStyleColor();
    } else {
      text_wrapped_colored(kColorError, d.error);
    }
    draft_buttons(d, to_delete);
    ImGui::Separator();
    ImGui::PopID();
  }
  if (!to_delete.empty()) delete_draft(to_delete);
}

}  // namespace

void draw_start_screen() {
  AppState& s = state();
  if (s.drafts_stale) refresh_draft_list();
  ImGui::PushStyleColor(ImGuiCol_Text, kColorAccent);
  ImGui::TextUnformatted("质量基础设施“一站式”服务 自我评价");
  semantics::heading_last("质量基础设施“一站式”服务 自我评价", 1);
  ImGui::PopStyleColor();
  font_size_control();
  text_wrappedf("选择本站适用的评价表，逐项对照官方原文作答并上传佐证材料，实时查看得分及每一分的依据，最后导出数据包提交。"
                     "全部数据只保存在本浏览器中，无需注册，断网也能使用。");

  heading("继续填写草稿");
  if (s.drafts.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    text_line("还没有草稿。从下方选择评价表开始。");
    ImGui::PopStyleColor();
  } else if (narrow()) {
    draft_list();
  } else if (ImGui::BeginTable("drafts", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("单位名称", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("评价表", ImGuiTableColumnFlags_WidthStretch, 2.5f);
    ImGui::TableSetupColumn("最后修改", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("得分", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("操作", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableHeadersRow();
    std::string to_delete;
    for (auto& d : s.drafts) {
      ImGui::PushID(d.key.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text_line(d.station);
      testhooks::label_last_item(d.station);
      ImGui::TableNextColumn();
      if (d.error.empty()) text_line(d.rubric_title);
      else text_wrapped_colored(kColorError, d.error);
      ImGui::TableNextColumn();
      text_line(d.modified);
      ImGui::TableNextColumn();
      text_line(d.score);
      ImGui::TableNextColumn();
      draft_buttons(d, to_delete);
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (!to_delete.empty()) delete_draft(to_delete);
  }

  heading("打开数据包");
  if (ImGui::Button("选择数据包文件…")) s.platform->open_files("package", ".json,.zip,application/json,application/zip");
  note_after("也可以把 .json 数据包或 .zip 提交包直接拖到本页面。打开的数据包另存为新草稿；同一单位、同一评价表已有草稿时先询问。");

  heading("专家评审");
  if (ImGui::Button("打开数据包进行评审…")) s.platform->open_files("review", ".json,.zip,application/json,application/zip");
  if (const int stored = stored_review_packages(); stored > 0) {
    if (flow_button(("继续评审（" + std::to_string(stored) + " 个已打开的数据包）").c_str())) reopen_review_packages();
  } else if (!s.reviews.packages.empty()) {
    if (flow_button("回到评审工作台")) s.reviewing = true;
  }
  note_after("可一次选择多个数据包：逐个校验、排名，并作为专家评分、打印评分表和评价报告。");

  heading("新建自我评价：选择评价表");
  if (const BundledRubric* pre = find_bundled_rubric(s.preselected_rubric)) rubric_card(*pre);
  for (std::size_t i = 0; i < kBundledRubricCount; ++i)
    if (kBundledRubrics[i].id != s.preselected_rubric) rubric_card(kBundledRubrics[i]);
}

}  // namespace qis::ui
