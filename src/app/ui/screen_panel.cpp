// The panel of one package: the experts' review files side by side per criterion
// with the spread, the result by mean or trimmed mean as the panel records it, the leader's
// results with reasons, and the 评分表 / 评价报告 printed with the panel.
#include <optional>
#include <string>
#include <utility>

#include "documents.h"
#include "evidence.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.h"
#include "report.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

const ImU32 kWideSpreadBg = IM_COL32(255, 214, 153, 160);
const ImU32 kOutlierBg = IM_COL32(250, 170, 110, 200);  // the expert farthest from the others, where the spread is wide
const ImU32 kOverrideBg = IM_COL32(190, 215, 250, 160);

bool g_only_flagged = false;         // 只看需复核: the rows with a wide spread or a leader's result
std::string g_scroll_to;             // a row to bring into view next frame (the one being changed)
// The review removed last, kept so 撤销移除 can put it back where it was (on its own panel only).
std::optional<std::pair<std::size_t, Review>> g_removed;

bool needs_review(const PanelCriterion& c) { return c.wide_spread || c.override_by_leader.has_value(); }

// A line of text tests can find by its words.
void findable_text(const ImVec4& color, const std::string& text) {
  text_wrapped_colored(color, text);
  testhooks::label_last_item(text);
}

// A document of the panel's package, naming that file: the 评分表 and 评价报告 with the merged
// panel (signed on the latest review's date), the station's own as submitted.
void panel_document(DocumentKind kind, bool docx = false) {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.panel)];
  const bool panel_kind = kind == DocumentKind::ScoreSheet || kind == DocumentKind::Report;
  if (panel_kind && !r.work.merged) return;
  DocumentInput in;
  in.rubric = p.rubric;
  in.assessment = &p.assessment;
  in.package_hash = p.hash;
  in.today = state().platform->today();
  if (panel_kind) in.panel = &*r.work.merged;  // date "": the latest review date, as the panel signed
  else in.date = station_document_date(p.assessment);
  output_document(kind, in, docx, station_name(p));
  if (panel_kind && !docx)
    show_message(std::string("已生成") + (kind == DocumentKind::ScoreSheet ? "评分表" : "评价报告") +
                 "（含专家组汇总）。在打印对话框中可选择“另存为 PDF”。");
}

void toolbar(const ReviewPackage& p) {
  auto& s = state();
  auto& w = s.reviews.work;
  focus_region();
  if (ImGui::Button("← 返回数据包列表")) {
    s.reviews.panel = -1;
    return;
  }
  if (flow_button("添加专家评审意见…")) s.platform->open_files("panel", ".json,application/json");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("选择各位专家导出的评审意见文件（可多选），或此前导出的专家组汇总文件");
  evidence_overview(p.assessment, *p.rubric, &p.bundle_checks);
  if (has_own_review(p)) {
    if (flow_button("加入本机专家的评分")) add_own_review_to_panel();
  }
  ImGui::BeginDisabled(!w.merged);
  if (flow_button("导出专家组汇总")) {
    s.platform->download(station_name(p) + "-专家组汇总.json", export_panel(*w.merged), "application/json");
    show_message("已导出专家组汇总（含全部评审意见、汇总方法和组长调整）。");
  }
  if (flow_button_wrapped("打印评分表（含专家组）")) panel_document(DocumentKind::ScoreSheet);
  if (flow_button_wrapped("生成评价报告（含专家组）")) panel_document(DocumentKind::Report);
  ImGui::EndDisabled();
  if (flow_button("全部文档（打印 / Word）…##panel")) open_documents_popup("panel_documents");
  if (begin_documents_popup("panel_documents")) {
    text_wrapped_colored(kColorMuted, w.merged ? "本数据包的文档（末尾印有其 SHA-256 与二维码）"
                                               : "评分表与评价报告在专家评审意见汇总后可用。");
    document_rows(
        *p.rubric, rubric_documents(*p.rubric), "pdoc",
        [](DocumentKind kind, bool docx) {
          panel_document(kind, docx);
          ImGui::CloseCurrentPopup();
        },
        [&](DocumentKind kind) { return w.merged || (kind != DocumentKind::ScoreSheet && kind != DocumentKind::Report); });
    ImGui::EndPopup();
  }
}

void experts_and_method() {
  auto& w = state().reviews.work;
  text_line("汇总方法：");
  int method = w.method == PanelMethod::Mean ? 0 : 1;
  bool changed = false;
  if (radio_flow("算术平均##method", method == 0, false)) changed = (method = 0, true);
  if (radio_flow("去掉一个最高分和一个最低分后平均##method", method == 1, false)) changed = (method = 1, true);
  ImGui::SameLine();
  help_marker("每个细项按所选方法计算，四舍五入保留一位小数；合计为各细项结果之和。所选方法写入汇总文件和评分表。");
  if (changed) {
    w.method = method == 0 ? PanelMethod::Mean : PanelMethod::Trimmed;
    panel_changed();
  }

  const std::string count = "专家 " + std::to_string(w.reviews.size()) + " 人";
  ImGui::TextColored(kColorAccent, "%s", count.c_str());
  testhooks::label_last_item(count);
  std::size_t remove = w.reviews.size();
  for (std::size_t i = 0; i < w.reviews.size(); ++i) {
    const Review& r = w.reviews[i];
    ImGui::PushID(static_cast<int>(i));
    std::string who = std::to_string(i + 1) + ". " + (r.expert.name.empty() ? "（未填姓名）" : r.expert.name);
    if (!r.expert.title.empty()) who += "，" + r.expert.title;
    if (!r.expert.unit.empty()) who += "，" + r.expert.unit;
    if (!r.date.empty()) who += "（" + r.date + "）";
    ImGui::Bullet();
    ImGui::SameLine();
    text_wrapped(who, ImGui::GetContentRegionAvail().x - button_width("移除") - ImGui::GetStyle().ItemSpacing.x);
    ImGui::SameLine();
    if (small_button("移除")) remove = i;
    ImGui::PopID();
  }
  if (remove < w.reviews.size()) {
    // Kept for 撤销: a review removed by a slip is one click from coming back.
    const std::string name = w.reviews[remove].expert.name.empty() ? "（未填姓名）" : w.reviews[remove].expert.name;
    g_removed = std::make_pair(remove, w.reviews[remove]);  // a review names its package: 撤销 only on that panel
    remove_panel_review(remove);
    show_message("已移除专家“" + name + "”的评审意见。如属误操作，请点“撤销移除”。");
  }
  if (g_removed && g_removed->second.package_hash == state().reviews.packages[static_cast<std::size_t>(state().reviews.panel)].hash) {
    if (small_button("撤销移除")) {
      auto [at, review] = std::move(*g_removed);
      g_removed.reset();
      w.reviews.insert(w.reviews.begin() + static_cast<std::ptrdiff_t>(std::min(at, w.reviews.size())), std::move(review));
      panel_changed();
      show_message("已恢复被移除的评审意见。");
    }
  }
}

// The leader's result for one criterion: value and reason, checked by the core before it counts.
void override_editor(const Rubric& rubric) {
  auto& w = state().reviews.work;
  if (w.editing.empty()) return;
  const Node* n = rubric.find(w.editing);
  if (!n) {
    w.editing.clear();
    return;
  }
  ImGui::Separator();
  heading("专家组长调整：" + screen_label(*n));
  if (w.merged)
    if (const PanelCriterion* c = w.merged->find(n->id)) {
      // The row being changed, repeated here: the leader sees every score while deciding.
      std::string scores = "自评 " + format_milli(c->self);
      for (std::size_t k = 0; k < c->scores.size() && k < w.merged->reviews.size(); ++k)
        scores += "，" + w.merged->reviews[k].expert.name + " " + format_milli(c->scores[k]);
      text_wrapped_colored(kColorMuted, "满分 " + format_milli(n->max) + "；" + scores + "；按" + panel_method_text(w.method) +
                                            "计算为 " + format_milli(c->computed) + "。");
      testhooks::label_last_item("override row " + n->id);
    }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputTextWithHint("##override_value", "分值", &w.edit_value, ImGuiInputTextFlags_CharsDecimal);
  semantics::field_last("调整后的分值", w.edit_value);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##override_reason", "调整理由（必填，写入评分表）", &w.edit_reason);
  semantics::field_last("调整理由（必填，写入评分表）", w.edit_reason);
  if (ImGui::Button("确定调整")) {
    w.edit_error = set_panel_override(n->id, w.edit_value, w.edit_reason);
    if (w.edit_error.empty()) w.editing.clear();
  }
  ImGui::SameLine();
  bool has = false;
  for (auto& o : w.overrides) has |= o.criterion == n->id;
  if (has && ImGui::Button("恢复计算结果")) {
    set_panel_override(n->id, "", "");
    w.editing.clear();
  }
  if (has) ImGui::SameLine();
  if (ImGui::Button("取消")) w.editing.clear();
  if (!w.edit_error.empty()) findable_text(kColorError, w.edit_error);
}

void start_editing(const PanelCriterion& c) {
  auto& w = state().reviews.work;
  w.editing = c.node->id;
  g_scroll_to = c.node->id;  // the editor opens above the table: the row stays in view
  w.edit_error.clear();
  w.edit_value = format_milli(c.override_by_leader ? c.override_by_leader->value : c.computed);
  w.edit_reason = c.override_by_leader ? c.override_by_leader->reason : "";
}

void scores_table(const Panel& panel) {
  const int experts = static_cast<int>(panel.reviews.size());
  const int columns = 6 + experts;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  const float height = std::max(ImGui::GetContentRegionAvail().y,
                                ImGui::GetTextLineHeightWithSpacing() * 8);
  if (!ImGui::BeginTable("panel", columns, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("细项", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 16);
  ImGui::TableSetupColumn("满分");
  ImGui::TableSetupColumn("自评");
  for (int i = 0; i < experts; ++i) {
    const std::string& name = panel.reviews[static_cast<std::size_t>(i)].expert.name;
    ImGui::TableSetupColumn((name.empty() ? "专家" + std::to_string(i + 1) : name).c_str());
  }
  ImGui::TableSetupColumn("极差");
  ImGui::TableSetupColumn("计算结果");
  ImGui::TableSetupColumn("专家组结果");
  ImGui::TableHeadersRow();

  const PanelCriterion* edit = nullptr;
  for (auto& c : panel.criteria) {
    if (g_only_flagged && !needs_review(c) && state().reviews.work.editing != c.node->id) continue;
    ImGui::PushID(c.node->id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (g_scroll_to == c.node->id) {
      ImGui::SetScrollHereY(0.3f);
      g_scroll_to.clear();
    }
    const std::string title = screen_label(*c.node) + (c.node->bonus ? "（加分项）" : "");
    text_wrapped(title);
    // Each expert's comment and deviation reason under the criterion, as the 评分表 prints them.
    for (int i = 0; i < experts; ++i) {
      const std::size_t k = static_cast<std::size_t>(i);
      const Review& rev = panel.reviews[k];
      const auto item = rev.items.find(c.node->id);
      const std::string reason = item == rev.items.end() ? "" : item->second.deviation_reason;
      const std::string& comment = c.comments[k];
      if (comment.empty() && reason.empty()) continue;
      std::string line = (rev.expert.name.empty() ? "专家" + std::to_string(i + 1) : rev.expert.name) + "：" + comment;
      if (!reason.empty()) line += (comment.empty() ? "" : "；") + std::string("偏差理由：") + reason;
      text_wrapped_colored(kColorMuted, line);
      testhooks::label_last_item("opinion " + c.node->id + " " + line);
    }
    ImGui::TableNextColumn();
    text_line(format_milli(c.node->max));
    ImGui::TableNextColumn();
    text_line(format_milli(c.self));
    for (int i = 0; i < experts; ++i) {
      ImGui::TableNextColumn();
      const std::size_t k = static_cast<std::size_t>(i);
      const bool outlier = k < c.outlier.size() && c.outlier[k];
      if (outlier) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, kOutlierBg);
      text_line(format_milli(c.scores[k]) + (outlier ? " ●" : ""));
      if (outlier) testhooks::label_last_item("outlier " + c.node->id + " " + panel.reviews[k].expert.name);
      if (outlier && ImGui::IsItemHovered()) ImGui::SetTooltip("与其他专家的评分相差最大");
    }
    ImGui::TableNextColumn();
    if (c.wide_spread) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, kWideSpreadBg);
    text_line(format_milli(c.spread));
    if (c.wide_spread) testhooks::label_last_item("wide spread " + c.node->id);
    ImGui::TableNextColumn();
    text_line(format_milli(c.computed));
    testhooks::label_last_item("computed " + c.node->id + " " + format_milli(c.computed));
    ImGui::TableNextColumn();
    if (c.override_by_leader) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, kOverrideBg);
    const std::string result = format_milli(c.result) + (c.override_by_leader ? " *" : "");
    if (small_button((result + "##result " + c.node->id).c_str())) edit = &c;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", c.override_by_leader ? ("组长调整：" + c.override_by_leader->reason + "（点击修改）").c_str()
                                                   : "点击由专家组长调整该细项结果");
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (edit) start_editing(*edit);
}

void summary(const ReviewPackage& p, const Panel& panel) {
  const std::string line = "专家组总分 " + format_milli(panel.total) + "（基础 " + format_milli(panel.base) +
                           (p.rubric->bonus_total > 0 ? "，加分 " + format_milli(panel.bonus) : "") + "），自评 " +
                           format_milli(panel.self_total) + "；" + panel_method_text(panel.options.method);
  findable_text(kColorAccent, line);
  findable_text(panel.eligible ? kColorOk : kColorError, "结论：" + panel.outcome);
  int wide = 0, overridden = 0;
  for (auto& c : panel.criteria) {
    wide += c.wide_spread ? 1 : 0;
    overridden += c.override_by_leader ? 1 : 0;
  }
  if (wide > 0)
    text_wrapped_colored(kColorWarn, std::to_string(wide) + " 个细项专家评分极差超过该项满分的 " + std::to_string(kWideSpreadPercent) +
                                         "%（橙色标出），建议专家组复议。");
  if (overridden > 0)
    text_wrapped_colored(kColorMuted, std::to_string(overridden) + " 个细项由专家组长调整（蓝色、带 * 标出），理由写入评分表。");
}

}  // namespace

void draw_panel_screen() {
  auto& s = state();
  auto& r = s.reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.panel)];
  toolbar(p);
  if (r.panel < 0) return;
  ImGui::TextColored(kColorMuted, "专家组汇总：%s · %s", station_name(p).c_str(), p.rubric->title.c_str());
  verification_banner(p);
  experts_and_method();
  auto& w = r.work;
  if (w.reviews.empty()) {
    // The panel size only where the rubric's procedure names one (湖南 7.2).
    const PanelRule& rule = p.rubric->procedure.panel;
    std::string text = "尚未加入评审意见。请点击“添加专家评审意见…”，选择各位专家在本工具中导出的评审意见文件（须是对同一份数据包的评审）。";
    if (rule.min_size > 0)
      text += "依照" + rule.basis + rule.clause + "，专家组不少于 " + std::to_string(rule.min_size) + " 人。";
    text_wrapped_colored(kColorMuted, text);
    return;
  }
  if (w.merged)
    for (auto& warning : w.merged->warnings) findable_text(kColorWarn, warning.message);
  if (!w.error.empty()) {
    findable_text(kColorError, "暂不能汇总：" + w.error);
    // A refused leader's result (from a panel file) can be taken back here; no dead end.
    std::string drop;
    for (auto& o : w.overrides) {
      ImGui::PushID(o.criterion.c_str());
      ImGui::BulletText("组长调整 %s：%s 分，理由：%s", target_label(*p.rubric, o.criterion).c_str(), format_milli(o.value).c_str(),
                        o.reason.empty() ? "（未填写）" : o.reason.c_str());
      ImGui::SameLine();
      if (small_button("撤销调整")) drop = o.criterion;
      ImGui::PopID();
    }
    if (!drop.empty()) set_panel_override(drop, "", "");
    return;
  }
  summary(p, *w.merged);
  override_editor(*p.rubric);
  ImGui::Separator();
  int flagged = 0;
  for (auto& c : w.merged->criteria) flagged += needs_review(c) ? 1 : 0;
  // On a small screen the table shows a few of dozens of rows: the flagged ones at one click.
  const std::string filter = "只看需复核的细项（" + std::to_string(flagged) + " 项：极差过大或组长已调整）";
  checkbox_wrapped(filter, &g_only_flagged);
  testhooks::label_last_item("只看需复核");
  scores_table(*w.merged);
}

}  // namespace qis::ui
