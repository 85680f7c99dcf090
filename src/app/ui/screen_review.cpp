// The evaluator workspace: open submitted packages (each verified on opening), rank them, and
// score one as a panel member beside the station's self-score and evidence; export the review
// and print the 评分表 and 评价报告.
#include <string>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.h"
#include "report.h"
#include "screens.h"
#include "state.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

std::string verify_text(const ReviewPackage& p) {
  if (!p.error.empty()) return "无法打开";
  if (!p.verify) return "";
  if (p.verify->ok()) {
    std::string t = "校验通过";
    if (!p.verify->evidence_unchecked.empty()) t += "（" + std::to_string(p.verify->evidence_unchecked.size()) + " 个附件未随附，未核对）";
    return t;
  }
  return std::to_string(p.verify->findings.size()) + " 项问题";
}

void ranking_table() {
  auto& r = state().reviews;
  std::vector<RankInput> inputs;
  for (auto& p : r.packages)
    if (p.error.empty()) inputs.push_back({p.name, p.hash, p.rubric, p.assessment, std::nullopt});
  if (inputs.size() < 2) return;
  auto ranked = rank_stations(inputs, state().platform->today());
  heading("排名（按自评得分，读取方重新计算）");
  if (!ranked) {
    text_wrapped_colored(kColorError, ranked.error().message);
    return;
  }
  const RankResult& rk = ranked.value();
  if (ImGui::BeginTable("rank", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    for (const char* h : {"名次", "单位名称", "得分", "等次 / 金额", "结论"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (auto& row : rk.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.rank ? std::to_string(row.rank).c_str() : "—");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_milli(row.score).c_str());
      ImGui::TableNextColumn();
      const std::string tier = row.tier.empty() ? (row.selected ? "入选" : "") : row.tier + " " + format_milli(row.amount) + " 万元";
      ImGui::TextUnformatted(tier.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", row.conclusion.c_str());
    }
    ImGui::EndTable();
  }
  for (auto& n : rk.notes) text_wrapped_colored(kColorMuted, n);
  if (ImGui::Button("导出排名 CSV")) state().platform->download("排名-" + rk.rubric->id + ".csv", rank_csv(rk), "text/csv");
}

void package_list() {
  auto& s = state();
  auto& r = s.reviews;
  heading("专家评审：已打开的数据包");
  ImGui::TextWrapped("每个数据包打开时都会校验：得分按答案重新计算并与文件中记录的得分比对，嵌入的附件核对 SHA-256。");
  if (ImGui::Button("再打开数据包…")) s.platform->open_files("review", ".json,application/json");
  if (ImGui::BeginTable("packages", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    for (const char* h : {"单位名称", "评价表", "自评得分", "校验", "操作"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    int close = -1;
    for (std::size_t i = 0; i < r.packages.size(); ++i) {
      const ReviewPackage& p = r.packages[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      auto it = p.assessment.profile.find("name");
      const std::string station = it == p.assessment.profile.end() ? p.name : it->second;
      ImGui::TextWrapped("%s", station.c_str());
      testhooks::label_last_item("package " + station);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", p.rubric ? p.rubric->short_title.c_str() : p.name.c_str());
      ImGui::TableNextColumn();
      if (p.rubric) ImGui::TextUnformatted(score_of(p.self.total, p.self.max).c_str());
      ImGui::TableNextColumn();
      const bool good = p.error.empty() && p.verify && p.verify->ok();
      text_wrapped_colored(good ? kColorOk : kColorError, verify_text(p));
      if (!p.error.empty()) text_wrapped_colored(kColorError, p.error);
      if (p.verify) {
        for (auto& f : p.verify->findings) text_wrapped_colored(kColorError, f.message);
        if (!p.verify->notice.empty()) text_wrapped_colored(kColorMuted, p.verify->notice);
      }
      ImGui::TableNextColumn();
      if (p.error.empty() && ImGui::SmallButton("评审")) start_review(static_cast<int>(i));
      if (p.error.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("专家组汇总")) open_panel(static_cast<int>(i));
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("关闭")) close = static_cast<int>(i);
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (close >= 0) close_review_package(close);  // after the loop: the list must not change while drawn
  }
  ranking_table();
}

void print_document(DocumentKind kind) {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  DocumentInput in;
  in.rubric = p.rubric;
  in.assessment = &p.assessment;
  in.today = in.date = state().platform->today();
  // The review counts once it scores every criterion; until then the documents carry the self-score.
  auto panel = merge_panel(*p.rubric, p.assessment, p.hash, {r.review}, PanelOptions{}, in.today);
  if (panel) in.panel = &panel.value();
  state().platform->print_html(render_document(kind, in));
  show_message(panel ? "已生成文档（含本专家评分）。" : "已生成文档。专家评分尚未完成，文档按自评得分生成：" + panel.error().message);
}

void review_editor() {
  auto& s = state();
  auto& r = s.reviews;
  ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  auto it = p.assessment.profile.find("name");
  const std::string station = it == p.assessment.profile.end() ? p.name : it->second;

  if (ImGui::Button("← 返回数据包列表")) {
    r.open = -1;
    return;
  }
  ImGui::SameLine();
  if (ImGui::Button("导出评审意见")) {
    s.platform->download(station + "-评审意见-" + (r.who.name.empty() ? "专家" : r.who.name) + ".json", export_review(r.review),
                         "application/json");
    show_message("已导出评审意见。");
  }
  ImGui::SameLine();
  if (ImGui::Button("打印评分表")) print_document(DocumentKind::ScoreSheet);
  ImGui::SameLine();
  if (ImGui::Button("生成评价报告")) print_document(DocumentKind::Report);
  ImGui::SameLine();
  if (ImGui::Button("专家组汇总##from_review")) {
    open_panel(r.open);
    return;
  }
  ImGui::SameLine();
  ImGui::TextColored(kColorAccent, "自评 %s · 专家 %s", score_of(p.self.total, p.self.max).c_str(),
                     score_of(r.expert.total, r.expert.max).c_str());
  ImGui::TextColored(kColorMuted, "%s · %s", station.c_str(), p.rubric->title.c_str());

  const float third = ImGui::GetContentRegionAvail().x / 3.0f - 8;
  bool who_changed = false;
  ImGui::SetNextItemWidth(third);
  who_changed |= ImGui::InputTextWithHint("##expert_name", "专家姓名", &r.who.name);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  who_changed |= ImGui::InputTextWithHint("##expert_title", "职称或职务", &r.who.title);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  who_changed |= ImGui::InputTextWithHint("##expert_unit", "工作单位", &r.who.unit);
  if (who_changed) review_changed();
  ImGui::Separator();

  const auto criteria = p.rubric->criteria();
  if (r.selected.empty()) r.selected = criteria.front()->id;
  const float left = std::max(ImGui::GetContentRegionAvail().x * 0.34f, ImGui::GetFontSize() * 14);
  ImGui::BeginChild("tree", ImVec2(left, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_ResizeX);
  draw_criterion_tree(r.expert, r.selected);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("editor", ImVec2(0, 0), ImGuiChildFlags_Borders);
  const Node* n = p.rubric->find(r.selected);
  ImGui::PushID(n->id.c_str());
  draw_official_text(*n);

  heading("申报单位自评");
  const CriterionResult* self = p.self.find(n->id);
  text_wrapped_colored(kColorMuted, "自评 " + score_of(self->score, n->max) + "：" + self->explanation);
  if (auto note = p.assessment.notes.find(n->id); note != p.assessment.notes.end())
    ImGui::TextWrapped("备注：%s", note->second.c_str());
  for (auto& e : p.assessment.evidence)
    for (auto& c : e.criteria)
      if (c == n->id) ImGui::BulletText("%s  %s  SHA-256 %s…", e.name.c_str(), human_size(e.size).c_str(), e.sha256.substr(0, 16).c_str());

  heading("专家评分");
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
        if (ImGui::InputTextMultiline("##deviation", &item.deviation_reason, ImVec2(-1, ImGui::GetTextLineHeight() * 2.5f)))
          review_changed();
      }
    ImGui::TextUnformatted("评语");
    if (ImGui::InputTextMultiline("##comment", &item.comment, ImVec2(-1, ImGui::GetTextLineHeight() * 3))) review_changed();
  } else {
    ImGui::TextColored(kColorMuted, "评分后可填写评语。");
  }
  ImGui::PopID();
  ImGui::EndChild();
}

}  // namespace

void draw_review_screen() {
  auto& s = state();
  font_size_control();
  if (ImGui::Button("← 首页")) {
    s.reviewing = false;
    return;
  }
  ImGui::SameLine();
  ImGui::TextColored(kColorAccent, "专家评审工作台");
  message_banner();
  if (s.reviews.panel >= 0) {
    draw_panel_screen();
  } else if (s.reviews.open < 0) {
    ImGui::BeginChild("list", ImVec2(0, 0));
    package_list();
    ImGui::EndChild();
  } else {
    review_editor();
  }
}

}  // namespace qis::ui
