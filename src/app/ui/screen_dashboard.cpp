// Dashboard: total and per-indicator bars, completion, outcome, failed gates and the gap analysis.
#include <string>

#include "documents.h"
#include "platform.h"
#include "report.h"
#include "screens.h"
#include "state.h"
#include "widgets.h"

namespace qis::ui {
namespace {

// The documents a station submits with its package, as this rubric defines them, each printed
// (or saved as .docx) with the SHA-256 and QR code of the package file that 导出数据包 writes now.
void station_documents() {
  AppState& s = state();
  Draft& d = *s.draft;
  heading("申报材料（打印、另存为 PDF 或下载 Word 文档）");
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped("文档末尾印有数据包的 SHA-256 与二维码：请在导出数据包后打印，且导出后不再修改，纸质材料才与数据包一致。");
  ImGui::PopStyleColor();
  std::vector<DocumentKind> kinds;
  for (DocumentKind kind : rubric_documents(*d.rubric))
    if (kind != DocumentKind::Report) kinds.push_back(kind);  // the report is the panel's, not the station's
  document_rows(*d.rubric, kinds, "doc", [&](DocumentKind kind, bool docx) {
    DocumentInput in;
    in.rubric = d.rubric;
    in.assessment = &d.a;
    in.today = in.date = s.platform->today();
    in.package_hash = package_hash(draft_package_bytes());
    const auto name = d.a.profile.find("name");
    output_document(kind, in, docx, name == d.a.profile.end() || name->second.empty() ? std::string("申报单位") : name->second);
  });
}

}  // namespace

void draw_dashboard_screen() {
  AppState& s = state();
  Draft& d = *s.draft;
  const ScoreReport& rep = d.report;
  const auto criteria = d.rubric->criteria();
  const float width = ImGui::GetContentRegionAvail().x;
  const float bar_h = ImGui::GetTextLineHeight() * 1.5f;

  heading("得分总览");
  const std::string total = "总分 " + score_text(score_figures(rep));
  score_bar(total, rep.total, rep.max, width, bar_h * 1.2f);
  const int done = rep.answered - static_cast<int>(rep.errors.size());
  ImGui::Text("完成度：已作答 %d / %zu 项", done, criteria.size());
  if (!rep.errors.empty()) text_wrapped_colored(kColorError, std::to_string(rep.errors.size()) + " 项答案无效，请在“逐项评分”中修正（标红的项）。");

  heading("结论");
  if (!rep.eligible) {
    for (auto& g : rep.groups)
      if (g.state == GateState::Failed && g.group->requires_group.empty()) text_wrapped_colored(kColorError, "✗ " + g.group->fail_text);
    for (auto& g : rep.gates)
      if (g.state == GateState::Failed) text_wrapped_colored(kColorError, "  未满足 " + g.gate->clause + "：" + g.gate->text + "（" + g.reason + "）");
  }
  text_wrapped_colored(rep.eligible ? kColorAccent : kColorMuted, rep.outcome_text());
  for (auto* t : rep.outcomes)
    text_wrapped_colored(t->kind == "fail" ? kColorError : kColorOk, (t->kind == "fail" ? "✗ " : "✓ ") + t->label + (t->clause.empty() ? "" : "（" + t->clause + "）"));
  for (auto& g : rep.groups)
    if (!g.group->requires_group.empty())
      text_wrapped_colored(g.state == GateState::Met ? kColorOk : kColorMuted,
                           g.group->title + "：" + (g.state == GateState::Met ? g.group->pass_text : g.state == GateState::Failed ? g.group->fail_text : "尚有条件未确认"));
  if (!rep.operation_warning.empty()) text_wrapped_colored(kColorWarn, rep.operation_warning);
  if (d.rubric->ranking && !d.rubric->ranking->note.empty())
    text_wrapped_colored(kColorMuted, "排名规则（" + d.rubric->ranking->clause + "）：" + d.rubric->ranking->note);

  if (!rep.gaps.empty()) {
    heading("距离下一档还差多少");
    for (auto& g : rep.gaps) {
      ImGui::PushID(g.threshold->id.c_str());
      const std::string need = g.threshold->op == ">" ? "还需多于 " + format_milli(g.needed) + " 分" : "还需 " + format_milli(g.needed) + " 分";
      text_wrapped_colored(kColorAccent, "“" + g.threshold->label + "”：" + need);
      if (!g.reachable) {
        text_wrapped_colored(kColorError, "即使所有未得分项都拿满也无法达到。");
      } else {
        text_wrappedf("最少提升以下 %zu 项即可达到（可得 %s 分）：", g.criteria.size(), format_milli(g.attainable).c_str());
        for (auto& id : g.criteria) {
          const CriterionResult* c = rep.find(id);
          ImGui::PushID(id.c_str());
          const std::string label = id + " " + c->node->title + "：当前 " + score_of(c->score, c->node->max) + "，还可得 " + format_milli(c->headroom) + " 分";
          if (selectable_wrapped(label, false)) {
            s.selected = id;
            s.screen = Screen::Items;
          }
          ImGui::PopID();
        }
      }
      ImGui::PopID();
    }
  }

  station_documents();

  heading("各指标得分");
  for (auto& nr : rep.tree) {
    score_bar(nr.node->title + "  " + score_of(nr.score, nr.node->max) + "  （已答 " + std::to_string(nr.answered) + "/" +
                  std::to_string(nr.criteria) + "）",
              nr.score, nr.node->max, width, bar_h);
    ImGui::Indent();
    for (auto& c : nr.children)
      score_bar(c.node->title + "  " + score_of(c.score, c.node->max), c.score, c.node->max, width - ImGui::GetStyle().IndentSpacing, bar_h * 0.85f);
    ImGui::Unindent();
  }

  heading("失分最多的项");
  std::vector<const CriterionResult*> lost;
  for (auto& c : rep.criteria)
    if (c.headroom > 0) lost.push_back(&c);
  std::stable_sort(lost.begin(), lost.end(), [](auto* x, auto* y) { return x->headroom > y->headroom; });
  for (std::size_t i = 0; i < lost.size() && i < 8; ++i) {
    ImGui::PushID(static_cast<int>(i));
    const std::string label = lost[i]->node->id + " " + lost[i]->node->title + "：" + score_of(lost[i]->score, lost[i]->node->max) +
                              (lost[i]->answered ? "" : "（未作答）");
    if (selectable_wrapped(label, false)) {
      s.selected = lost[i]->node->id;
      s.screen = Screen::Items;
    }
    ImGui::PopID();
  }
}

}  // namespace qis::ui
