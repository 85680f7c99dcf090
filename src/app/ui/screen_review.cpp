// The evaluator workspace: open submitted packages (each verified on opening), rank them, and
// score one as a panel member beside the station's self-score and evidence; export the review
// and print every document of the package's rubric (or download it as .docx).
#include <algorithm>
#include <set>
#include <string>

#include "imgui.h"
#include "documents.h"
#include "evidence.h"
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

std::string verify_text(const ReviewPackage& p) {
  if (!p.error.empty()) return "无法打开";
  if (!p.verify) return "";
  if (p.verify->ok()) {
    // Integrity checked; a package missing required materials is not “passed” without a word.
    std::string t = p.verify->incomplete.empty() ? "校验通过" : "未发现篡改，但缺 " + std::to_string(p.verify->incomplete.size()) + " 项必备材料";
    if (!p.verify->evidence_unchecked.empty()) t += "（" + std::to_string(p.verify->evidence_unchecked.size()) + " 个附件未随附，未核对）";
    return t;
  }
  return std::to_string(p.verify->findings.size()) + " 项问题";
}

// One table per rubric: scores of different rubrics are not comparable, and each rubric ranks
// by its own rules (崇明 at most two selected, 武汉 第十九条 tiers).
void ranking_table(const Rubric& rubric, const std::vector<RankInput>& inputs) {
  // Rubrics whose evaluator chose to rank a station's newest package when it sent several.
  static std::set<std::string> newest;
  auto ranked = rank_stations(inputs, state().platform->today(), RankOptions{newest.count(rubric.id) > 0});
  const std::string title = "排名：" + rubric.short_title + "（按自评得分，读取方重新计算）";
  ImGui::Spacing();
  text_wrapped_colored(kColorAccent, title);  // findable by the tests, unlike heading()
  ImGui::Separator();
  if (!ranked) {
    text_wrapped_colored(kColorError, ranked.error().message);
    if (ranked.error().code == "rank.duplicate_station" && !newest.count(rubric.id) &&
        ImGui::Button(("采用最新的一份排名##" + rubric.id).c_str()))
      newest.insert(rubric.id);
    return;
  }
  const RankResult& rk = ranked.value();
  // Fixed columns fit their content; the name and the conclusion share the rest and wrap inside
  // their own column, so a long name never runs into the score.
  // Phones: one column, each row's cells under one another (TableNextColumn starts a new row).
  const bool one = narrow();
  const ImGuiTableFlags flags = one ? ImGuiTableFlags_SizingStretchProp
                                    : ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersInnerV |
                                          ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable(("rank " + rubric.id).c_str(), one ? 1 : 5, flags)) {
    ImGui::TableSetupColumn("名次", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("单位名称", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("得分", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("等次 / 金额", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("结论", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    if (!one) ImGui::TableHeadersRow();
    for (auto& row : rk.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text_line(row.rank ? std::to_string(row.rank) : "—");
      ImGui::TableNextColumn();
      text_wrapped(row.name);
      testhooks::label_last_item("rank name " + row.name);
      ImGui::TableNextColumn();
      text_line(format_milli(row.score));
      testhooks::label_last_item("rank score " + row.name + " " + format_milli(row.score));
      ImGui::TableNextColumn();
      const std::string tier = row.tier.empty() ? (row.selected ? "入选" : "") : row.tier + " " + format_milli(row.amount) + " 万元";
      text_line(tier);
      ImGui::TableNextColumn();
      text_wrapped(row.conclusion);
      if (one) ImGui::Separator();
    }
    ImGui::EndTable();
  }
  for (auto& n : rk.notes) text_wrapped_colored(kColorMuted, n);
  if (ImGui::Button(("导出排名 CSV##" + rubric.id).c_str()))
    state().platform->download("排名-" + rk.rubric->id + ".csv", rank_csv(rk), "text/csv");
}

void rankings() {
  std::vector<const Rubric*> order;  // rubrics in the order their first package was opened
  for (auto& p : state().reviews.packages)
    if (p.error.empty() && std::find(order.begin(), order.end(), p.rubric) == order.end()) order.push_back(p.rubric);
  for (const Rubric* rubric : order) {
    std::vector<RankInput> inputs;
    for (auto& p : state().reviews.packages)
      if (p.error.empty() && p.rubric == rubric) inputs.push_back({p.name, p.hash, p.rubric, p.assessment, std::nullopt});
    if (inputs.size() >= 2) ranking_table(*rubric, inputs);
  }
}

void package_list() {
  auto& s = state();
  auto& r = s.reviews;
  heading("专家评审：已打开的数据包");
  text_wrappedf("每个数据包打开时都会校验：得分按答案重新计算并与文件中记录的得分比对，嵌入的附件和提交包（.zip）中的文件核对 SHA-256。");
  if (ImGui::Button("再打开数据包…")) s.platform->open_files("review", ".json,.zip,application/json,application/zip");
  // The stamped paper names its package by SHA-256: typed (or scanned from the QR code) here, the
  // list says which opened file it is.
  static std::string typed;
  same_line_if_fits(std::min(ImGui::GetFontSize() * 16, ImGui::GetContentRegionAvail().x));
  ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 16, ImGui::GetContentRegionAvail().x));
  ImGui::InputTextWithHint("##paper_hash", "核对纸质材料：输入其上的 SHA-256（至少前 16 位）", &typed);
  semantics::field_last("核对纸质材料：输入其上的 SHA-256（至少前 16 位）", typed);
  std::string paper = printed_hash_prefix(typed);
  if (paper.empty() && typed.find_first_not_of(" -\t") != std::string::npos) {
    text_wrapped_colored(kColorError, "SHA-256 应为 16 至 64 位十六进制数字（0-9、a-f），请对照纸质材料核对。");
  } else if (!paper.empty()) {
    bool any = false;
    for (auto& p : r.packages) any |= p.error.empty() && p.hash.compare(0, paper.size(), paper) == 0;
    if (!any) text_wrapped_colored(kColorError, "已打开的数据包中没有与该 SHA-256 对应的文件：纸质材料与提交的数据包不一致，请向申报单位核实。");
  }
  // Phones: one column, each package's cells under one another (TableNextColumn starts a new row).
  const bool one = narrow();
  if (ImGui::BeginTable("packages", one ? 1 : 5,
                        one ? ImGuiTableFlags_SizingStretchProp : ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    if (!one) {
      for (const char* h : {"单位名称", "评价表", "自评得分", "校验", "操作"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
    }
    int close = -1;
    for (std::size_t i = 0; i < r.packages.size(); ++i) {
      const ReviewPackage& p = r.packages[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string station = station_name(p);
      text_wrapped(station);
      testhooks::label_last_item("package " + station);
      ImGui::TableNextColumn();
      text_wrapped(p.rubric ? p.rubric->short_title : p.name);
      ImGui::TableNextColumn();
      if (p.rubric) text_line(score_text_short(score_figures(p.self)));
      ImGui::TableNextColumn();
      const bool good = p.error.empty() && p.verify && p.verify->ok();
      text_wrapped_colored(good ? (p.verify->incomplete.empty() ? kColorOk : kColorWarn) : kColorError, verify_text(p));
      if (!p.error.empty()) text_wrapped_colored(kColorError, p.error);
      if (!paper.empty() && p.error.empty()) {
        const bool same = p.hash.compare(0, paper.size(), paper) == 0;
        text_wrapped_colored(same ? kColorOk : kColorMuted, same ? "✓ 与纸质材料上的 SHA-256 一致" : "与纸质材料上的 SHA-256 不一致");
      }
      if (p.verify && p.from_bundle) {
        // What the bundle carried, checked file by file against the package's digests.
        const std::string files =
            p.verify->ok() ? "提交包：" + std::to_string(p.verify->evidence_checked) + " / " +
                                 std::to_string(p.verify->evidence_entries) + " 个附件与清单一致（已核对 SHA-256）"
                           : "提交包：已核对 " + std::to_string(p.verify->evidence_checked) + " / " +
                                 std::to_string(p.verify->evidence_entries) + " 个附件，问题见下";
        text_wrapped_colored(p.verify->ok() ? kColorOk : kColorWarn, files);
        testhooks::label_last_item(files);
      }
      if (p.verify) {
        for (auto& f : p.verify->findings) text_wrapped_colored(kColorError, f.message);
        for (auto& f : p.verify->incomplete) text_wrapped_colored(kColorWarn, f.message);
        if (!p.verify->notice.empty()) text_wrapped_colored(kColorMuted, p.verify->notice);
      }
      ImGui::TableNextColumn();
      if (p.error.empty() && small_button("评审")) start_review(static_cast<int>(i));
      if (p.error.empty()) {
        ImGui::SameLine();
        if (small_button("专家组汇总")) open_panel(static_cast<int>(i));
      }
      ImGui::SameLine();
      if (small_button("关闭")) close = static_cast<int>(i);
      if (one) ImGui::Separator();
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (close >= 0) close_review_package(close);  // after the loop: the list must not change while drawn
  }
  rankings();
}

// 其余各项同意自评: the button, and the confirmation that says how many criteria it sets.
void agree_with_rest() {
  const Unreviewed u = unreviewed_criteria();
  const int n = static_cast<int>(u.agreeable.size());
  ImGui::BeginDisabled(n == 0);
  same_line_if_fits(button_width("其余各项同意自评…"));
  if (ImGui::Button("其余各项同意自评…")) ImGui::OpenPopup("confirm_agree");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", n == 0 ? "没有可同意自评的未评细项" : "把尚未评分的各项设为与申报单位自评相同，设置前会先确认");
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 30, ImGui::GetMainViewport()->WorkSize.x - 16), 0));
  if (ImGui::BeginPopupModal("confirm_agree", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    heading("其余各项同意自评");
    const std::string what = "将把尚未评分的 " + std::to_string(n) + " 项设为与申报单位的自评相同（专家评分 = 自评得分）。已评分的各项不变。";
    text_wrapped_colored(kColorAccent, what);
    if (!u.unanswered_by_station.empty())
      text_wrapped_colored(kColorWarn, "另有 " + std::to_string(u.unanswered_by_station.size()) +
                                           " 项申报单位未作答，没有可同意的自评，请逐项评分。");
    text_wrappedf("设置后仍可逐项修改。");
    if (ImGui::Button(("确定，设置 " + std::to_string(n) + " 项").c_str())) {
      const int set = agree_with_self_for_rest();
      show_message("已将 " + std::to_string(set) + " 项设为同意自评。");
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("取消##agree")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void review_toolbar(ReviewPackage& p) {
  auto& s = state();
  auto& r = s.reviews;
  focus_region();
  if (ImGui::Button("← 返回数据包列表")) {
    r.open = -1;
    return;
  }
  // Phones: the less used actions in a menu; a wider screen shows them in the row.
  const bool menu = narrow();
  if (menu && flow_button("更多…")) ImGui::OpenPopup("review_actions");
  if (!menu || ImGui::BeginPopup("review_actions")) {
    const auto action = [&](const char* label) { return menu ? ImGui::Selectable(label) : flow_button(label); };
    if (action("导出评审意见")) {
      s.platform->download(station_name(p) + "-评审意见-" + (r.who.name.empty() ? "专家" : r.who.name) + ".json", export_review(r.review),
                           "application/json");
      show_message("已导出评审意见。");
    }
    if (action("打印评分表")) review_document(DocumentKind::ScoreSheet);
    if (action("生成评价报告")) review_document(DocumentKind::Report);
    if (action("全部文档（打印 / Word）…")) open_documents_popup("review_documents");
    const bool panel = action("专家组汇总##from_review");
    if (menu) ImGui::EndPopup();
    if (panel) {
      open_panel(r.open);
      return;
    }
  }
  // Every document the package's rubric defines, the station's as submitted and the panel's with
  // this expert's work, each naming the file opened.
  if (begin_documents_popup("review_documents")) {
    text_wrapped_colored(kColorMuted, "本数据包的文档（末尾印有其 SHA-256 与二维码）");
    document_rows(*p.rubric, rubric_documents(*p.rubric), "rdoc", [](DocumentKind kind, bool docx) {
      review_document(kind, docx);
      ImGui::CloseCurrentPopup();
    });
    ImGui::EndPopup();
  }
  const std::string scores = "自评 " + score_text_short(score_figures(p.self)) + " · 专家 " + score_text_short(score_figures(r.expert));
  same_line_if_fits(std::min(ImGui::CalcTextSize(scores.c_str()).x, ImGui::GetFontSize() * 12));
  text_wrapped_colored(kColorAccent, scores);
}

void review_editor() {
  auto& s = state();
  auto& r = s.reviews;
  ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  review_toolbar(p);
  if (r.open < 0 || r.panel >= 0) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped(station_name(p) + " · " + p.rubric->title);
  ImGui::PopStyleColor();

  // The expert: three fields in a row; on a phone one under another, folded away once named.
  const bool row = !narrow();
  static bool fold_open = true;
  if (!row) {
    ImGui::SetNextItemOpen(fold_open || r.who.name.empty());
    fold_open = ImGui::CollapsingHeader(("专家：" + (r.who.name.empty() ? std::string("（请填写姓名）") : r.who.name) + "##who").c_str());
  }
  bool who_changed = false;
  if (row || fold_open) {
    const float field = row ? ImGui::GetContentRegionAvail().x / 3.0f - 8 : ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(field);
    who_changed |= ImGui::InputTextWithHint("##expert_name", "专家姓名", &r.who.name);
    semantics::field_last("专家姓名", r.who.name);
    if (row) ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    who_changed |= ImGui::InputTextWithHint("##expert_title", "职称或职务", &r.who.title);
    semantics::field_last("职称或职务", r.who.title);
    if (row) ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    who_changed |= ImGui::InputTextWithHint("##expert_unit", "工作单位", &r.who.unit);
    semantics::field_last("工作单位", r.who.unit);
  }
  if (who_changed) review_changed();

  const auto criteria = p.rubric->criteria();
  if (r.selected.empty() || !p.rubric->find(r.selected)) r.selected = criteria.front()->id;
  std::size_t index = 0, done = 0;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    if (criteria[i]->id == r.selected) index = i;
    done += reviewed(criteria[i]->id) ? 1 : 0;
  }
  const std::string progress = "已评 " + std::to_string(done) + " / " + std::to_string(criteria.size()) + " 项";
  ImGui::TextColored(done == criteria.size() ? kColorOk : kColorAccent, "%s", progress.c_str());
  testhooks::label_last_item(progress);
  agree_with_rest();
  evidence_overview(p.assessment, *p.rubric);
  ImGui::Separator();

  // Next/previous from the keyboard when no text field has the keys, as in the item editor.
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) {
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown) && index + 1 < criteria.size()) r.selected = criteria[++index]->id;
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp) && index > 0) r.selected = criteria[--index]->id;
  }

  const auto draw_tree = [&] { draw_criterion_tree(r.expert, r.selected); };
  tree_beside_editor(draw_tree);
  // A criterion opens at its top, whichever way it was reached (tree, buttons, keys).
  if (r.shown != r.selected) ImGui::SetNextWindowScroll(ImVec2(0.0f, 0.0f));
  ImGui::BeginChild("editor", ImVec2(0, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_NavFlattened);
  focus_region();
  const Node* n = p.rubric->find(r.selected);
  r.shown = r.selected;
  ImGui::PushID(n->id.c_str());
  if (ImGui::Button("← 上一项") && index > 0) r.selected = criteria[index - 1]->id;
  ImGui::SameLine();
  if (ImGui::Button("下一项 →") && index + 1 < criteria.size()) r.selected = criteria[index + 1]->id;
  tree_button(draw_tree);
  const std::string position = "第 " + std::to_string(index + 1) + " / " + std::to_string(criteria.size()) + " 项" +
                               (narrow() ? "" : "（PageUp / PageDown 切换）");
  same_line_if_fits(ImGui::CalcTextSize(position.c_str()).x);
  ImGui::TextColored(kColorMuted, "%s", position.c_str());
  testhooks::label_last_item("position " + n->id);
  draw_official_text(*n);

  heading("申报单位自评");
  const CriterionResult* self = p.self.find(n->id);
  text_wrapped_colored(kColorMuted, "自评 " + score_of(self->score, n->max) + "：" + self->explanation);
  if (auto note = p.assessment.notes.find(n->id); note != p.assessment.notes.end())
    text_wrappedf("备注：%s", note->second.c_str());
  for (auto& e : p.assessment.evidence)
    if (std::find(e.criteria.begin(), e.criteria.end(), n->id) != e.criteria.end()) evidence_row(e);

  heading("专家评分");
  const bool agreeable = self_answer(p, *n).has_value();
  ImGui::BeginDisabled(!agreeable);
  if (ImGui::Button("同意自评")) {
    agree_with_self(*n);
    forget_widget_error(n->id);
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", agreeable ? "专家评分取申报单位的答案，与自评得分相同" : "申报单位未作答，请按评分标准评分");
  auto found = r.review.items.find(n->id);
  const Json* current = found == r.review.items.end() || found->second.answer.is_null() ? nullptr : &found->second.answer;
  answer_widget(*n, current, [&](const Json& answer) {
    r.review.items[n->id].answer = answer;
    review_changed();
  });
  const CriterionResult* mine = r.expert.find(n->id);
  if (mine) text_wrapped_colored(mine->answered ? kColorOk : kColorMuted, "专家评分 " + score_of(mine->score, n->max) + "：" + mine->explanation);
  if (current) {
    ReviewItem& item = r.review.items[n->id];
    for (auto& d : review_deviations(*p.rubric, r.review, p.self))
      if (d.node == n) {
        text_wrapped_colored(kColorWarn, "与自评相差 " + format_milli(d.expert > d.self ? d.expert - d.self : d.self - d.expert) +
                                             " 分，超过允许偏差 " + format_milli(d.margin) + " 分：须填写理由。");
        const bool reason_edited = ImGui::InputTextMultiline("##deviation", &item.deviation_reason, ImVec2(-1, ImGui::GetTextLineHeight() * 2.5f));
        semantics::field_last("偏差理由", item.deviation_reason);
        if (reason_edited) review_changed();
      }
    text_line("评语");
    const bool comment_edited = ImGui::InputTextMultiline("##comment", &item.comment, ImVec2(-1, ImGui::GetTextLineHeight() * 3));
    semantics::field_last("评语", item.comment);
    if (comment_edited) review_changed();
  } else {
    ImGui::TextColored(kColorMuted, "评分后可填写评语。");
  }
  ImGui::PopID();
  ImGui::EndChild();
}
}  // namespace

void draw_review_screen() {
  auto& s = state();
  if (ImGui::Button("← 首页")) {
    s.reviewing = false;
    return;
  }
  ImGui::SameLine();
  ImGui::TextColored(kColorAccent, "专家评审工作台");
  font_size_control();
  message_banner();
  if (s.reviews.panel >= 0) {
    draw_panel_screen();
  } else if (s.reviews.open < 0) {
    ImGui::BeginChild("list", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
    focus_region();
    package_list();
    ImGui::EndChild();
  } else {
    review_editor();
  }
}

}  // namespace qis::ui
