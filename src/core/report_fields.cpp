// Form layout shared by the documents: profile values, dates, maxima, covers, fill-in cells and the
// panel warnings a document prints.
#include "procedure_checks.h"
#include "report_parts.h"

#include <algorithm>
#include <functional>

#include "procedure.h"

namespace qis {
namespace doc {

std::string profile_value(const Assessment& a, const std::string& key) {
  auto it = a.profile.find(key);
  return it == a.profile.end() ? std::string() : it->second;
}

// The date a document carries: the one given, else the latest review's date, else none.
std::string document_date(const DocumentInput& in) {
  if (!in.date.empty()) return in.date;
  std::string latest;
  if (in.panel)
    for (auto& r : in.panel->reviews) latest = std::max(latest, r.date);
  return latest;
}

std::string max_text(const Rubric& rb) {
  if (conditions_only(rb)) return "逐项核对是否符合条件，不计分";  // 上海 196号: conditions, not points
  std::string s = "满分 " + pts(rb.total) + " 分";
  if (rb.bonus_total > 0) s += "，另有加分项 " + pts(rb.bonus_total) + " 分";
  return s;
}

// The cover block (附录B / 附录C): a title and underlined fields.
std::string cover(const std::string& title_html, const std::vector<std::pair<std::string, std::string>>& fields_html) {
  std::string s = "<div class=\"cover\">\n<div class=\"title\">" + title_html + "</div>\n<table class=\"fields\">\n";
  for (auto& [label, value] : fields_html) s += "<tr><th>" + label + "</th><td>" + value + "</td></tr>\n";
  return s + "</table>\n</div>\n";
}

std::string station_title(const Assessment& a) {
  const std::string name = profile_value(a, "name");
  return name.empty() ? "未命名单位" : name;
}

// The maximum in a table's 合计 row: the base maximum, with the bonus items' ceiling said as such
// (never "110", which reads as a 110-point scale).
std::string total_max_cell(const Rubric& rb) {
  return pts(rb.total) + (rb.bonus_total > 0 ? "（另有加分项最高 " + pts(rb.bonus_total) + "）" : "");
}

std::string self_score_text(const Rubric& rb, const ScoreReport& self) {
  if (self_total_text(self) == "未作答") return "尚未作答（依据" + rb.title + "）";
  if (conditions_only(rb)) return self.outcome_text();  // conditions, not points
  return pts(self.total) + " 分（" + max_text(rb) + "；依据" + rb.title + "）";
}

// A form cell's value as HTML: a computed value, the profile field (or the form's own fill-in
// pattern when it is empty), after the form's printed hint.
std::string cell_value(const DocumentInput& in, const FormCell& c, const std::string& date, const ScoreReport& self) {
  std::string s;
  if (!c.hint.empty()) s += "<div class=\"hint\">" + esc(c.hint) + "</div>";
  if (c.value == "self_score") return s + esc(self_score_text(*in.rubric, self));
  if (c.value == "date") return s + date_cn(date);
  const std::string v = c.field.empty() ? "" : profile_value(*in.assessment, c.field);
  if (!v.empty()) return s + esc(v);
  if (!c.pattern.empty()) return s + "<span class=\"pattern\">" + esc(c.pattern) + "</span>";
  return s.empty() ? "&nbsp;" : s;
}

std::vector<std::pair<std::string, std::string>> cover_fields(const DocumentInput& in, const std::vector<FormCell>& cells,
                                                              const std::string& date, const ScoreReport& self) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& c : cells) out.push_back({esc(c.label), cell_value(in, c, date, self)});
  return out;
}

// Panel warnings as the rubric states its panel rule: the panel code's fewer-experts warning is
// replaced by the rubric's own (or dropped when the rubric names no minimum).
std::vector<std::string> panel_warnings(const DocumentInput& in) {
  std::vector<std::string> out;
  if (!in.panel) return out;
  for (auto& w : in.panel->warnings)
    if (w.code != "panel.too_few_experts") out.push_back(w.message);
  if (auto w = panel_size_warning(*in.rubric, static_cast<int>(in.panel->reviews.size()))) out.push_back(w->message);
  return out;
}

bool conditions_only(const Rubric& rb) {
  if (rb.bonus_total > 0 || rb.gate_groups.empty()) return false;
  for (const Node* n : rb.criteria())
    if (n->rule->kind != RuleKind::YesNo) return false;
  return true;
}

std::string self_result_text(const Rubric& rb, const CriterionResult* cr) {
  if (!cr || !cr->answered) return "未作答";
  if (conditions_only(rb)) return cr->score > 0 ? "符合" : "不符合";
  return pts(cr->score);
}

std::string self_subtotal_text(const NodeResult* nr) {
  if (!nr || nr->answered == 0) return "未作答";
  if (nr->answered < nr->criteria) return pts(nr->score) + "（" + std::to_string(nr->criteria - nr->answered) + " 项未作答）";
  return pts(nr->score);
}

std::string self_total_text(const ScoreReport& self) {
  for (auto& c : self.criteria)
    if (c.answered) return pts(self.total);
  return "未作答";
}

std::string printed_title(const Node& n) { return n.title_by_tool ? n.title + "＊" : n.title; }

bool any_title_by_tool(const Rubric& rb) {
  bool any = false;
  const std::function<void(const Node&)> walk = [&](const Node& n) {
    any = any || n.title_by_tool;
    for (auto& c : n.children) walk(c);
  };
  for (auto& n : rb.indicators) walk(n);
  return any;
}

const char* const kTitleByToolNote = "标＊的标题原文未列，为本工具按原文内容所拟，便于查找；以原文为准。";

std::string preconditions_html(const Rubric& rb, const ScoreReport& self) {
  if (!conditions_only(rb)) return "";
  std::string rows;
  for (auto& g : self.gates) {
    bool carried = false;
    for (const Node* n : rb.criteria()) carried = carried || n->clause == g.gate->clause;
    if (carried) continue;
    const char* state = g.state == GateState::Met ? "符合" : g.state == GateState::Failed ? "不符合" : "未作答";
    rows += "<tr><td>" + esc(g.gate->clause) + "</td><td>" + esc(g.gate->text) + "</td><td class=\"center\">" + state +
            "</td><td>&nbsp;</td></tr>\n";
  }
  if (rows.empty()) return "";
  return "<h2>前提条件</h2>\n<table>\n" + colgroup({Col::Id, Col::Text, Col::Result, Col::Result}) + "\n<thead><tr><th class=\"id\">条款</th><th>条件（原文）</th><th>自查结果</th><th>核查结果</th></tr>"
         "</thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
}

bool working_draft(const Panel* p) {
  if (!p) return false;
  for (auto& w : p->warnings)
    if (w.code == "review.in_progress") return true;
  return false;
}

}  // namespace doc

}  // namespace qis
