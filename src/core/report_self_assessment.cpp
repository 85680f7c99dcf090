// The 自评记录: every criterion's answer, points, reason and evidence, and the application materials.
#include "procedure_checks.h"
#include "report_parts.h"

#include <algorithm>
#include <functional>

#include "procedure.h"

namespace qis {
namespace doc {

// A human-readable line for an answer: the rule's own explanation of the points.
std::string answer_text(const CriterionResult* cr) {
  if (!cr || !cr->answered) return "未作答";
  if (cr->error) return "答案无效：" + cr->error->message;
  return cr->explanation.empty() ? "已作答" : cr->explanation;
}

}  // namespace doc

using namespace doc;

std::string self_assessment_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  const DocumentSpec& spec = rb.procedure.self_assessment;
  const std::string date = in.date;
  std::string s = page_open(station_title(a) + " " + document_title(rb, DocumentKind::SelfAssessment), false);
  s += "<h1>" + lines_html(spec.title.empty() ? "自评记录" : spec.title) + "</h1>\n";
  s += "<p class=\"center note\">对照：" + esc(rb.document) + "（" + esc(max_text(rb)) + "）</p>\n";
  if (!spec.basis.empty()) s += "<p class=\"note\">" + esc(spec.basis) + "</p>\n";
  // One field a row: a unit's name of twenty characters keeps to one line.
  s += "<table>\n" + colgroup({Col::Label, Col::Text, Col::Text}) + "\n<tr><td class=\"label\">单位名称</td><td colspan=\"2\">" +
       cell_text(profile_value(a, "name")) + "</td></tr>\n<tr><td class=\"label\">服务名称</td><td colspan=\"2\">" +
       cell_text(profile_value(a, "service_name")) + "</td></tr>\n";
  s += std::string("<tr><td class=\"label\">") + (conditions_only(rb) ? "自查结果" : "自评得分") + "</td><td colspan=\"2\">" +
       esc(self_score_text(rb, self)) + "</td></tr>\n<tr><td class=\"label\">自评日期</td><td colspan=\"2\">" + date_cn(date) +
       "</td></tr>\n</table>\n";
  if (!self.operation_warning.empty()) s += "<p class=\"note flag\">" + esc(self.operation_warning) + "</p>\n";

  const bool id_column = !rubric_titles_numbered(rb);
  const bool conditions = conditions_only(rb);
  std::vector<Col> cols;
  if (id_column) cols.push_back(Col::Id);
  cols.insert(cols.end(), {Col::Title, Col::Text, Col::Result, Col::Wide, Col::Wide});
  s += "<table>\n" + colgroup(cols) + "\n<thead><tr>" + std::string(id_column ? "<th class=\"id\">编号</th>" : "") +
       "<th class=\"title\">评价内容</th><th>" + (conditions ? "条件（原文）" : "自评情况") + "</th><th>" + (conditions ? "自查结果" : "得分") +
       "</th><th>理由</th><th>证明材料</th></tr></thead>\n<tbody>\n";
  // Every indicator as a group row above its criteria (崇明 “12）服务数量” heads 12.1 and 12.2).
  const std::function<void(const Node&)> rows = [&](const Node& n) {
    const std::string id_cell = id_column ? "<td>" + esc(n.id) + "</td>" : "";
    if (!n.is_criterion()) {
      s += "<tr class=\"group\">" + id_cell + "<td>" + esc(printed_title(n)) + "</td><td></td><td class=\"num\">" +
           (conditions ? "" : esc(self_subtotal_text(self.find_node(n.id))) + " / " + pts(n.max)) +
           "</td><td></td><td></td></tr>\n";
      for (auto& c : n.children) rows(c);
      return;
    }
    const CriterionResult* cr = self.find(n.id);
    std::string reason;
    if (auto it = a.notes.find(n.id); it != a.notes.end()) reason = it->second;
    if (auto it = a.overrides.find(n.id); it != a.overrides.end() && !it->second.reason.empty())
      reason += (reason.empty() ? "" : "\n") + std::string("（手工填写的数量）") + it->second.reason;
    std::string evidence;
    for (auto& e : a.evidence)
      if (std::find(e.criteria.begin(), e.criteria.end(), n.id) != e.criteria.end())
        // <bdi>: a name's own direction (Arabic or Hebrew letters) stays inside it, away from the digest.
        evidence += "<p><bdi>" + esc(e.name) + "</bdi>（SHA-256 " + esc(e.sha256.substr(0, 16)) + "）</p>";
    const std::string result = self_result_text(rb, cr) + (conditions ? "" : " / " + pts(n.max));
    s += "<tr>" + id_cell + "<td>" + esc(printed_title(n)) + "</td><td>" + esc(conditions ? n.text : answer_text(cr)) +
         "</td><td class=\"num\">" + esc(result) + "</td><td class=\"pre\">" + cell_text(reason) + "</td><td class=\"comments\">" +
         (evidence.empty() ? "无" : evidence) + "</td></tr>\n";
  };
  for (auto& n : rb.indicators) rows(n);
  if (!conditions)
    s += "<tr class=\"group\">" + std::string(id_column ? "<td></td>" : "") + "<td>合计</td><td></td><td class=\"num\">" +
         esc(self_total_text(self) == "未作答" ? "未作答" : score_text(score_figures(self))) + "</td><td></td><td></td></tr>\n";
  s += "</tbody>\n</table>\n";
  s += preconditions_html(rb, self);
  if (any_title_by_tool(rb)) s += "<p class=\"note\">" + std::string(kTitleByToolNote) + "</p>\n";
  if (!rb.thresholds.empty() || !rb.gate_groups.empty()) s += "<p>" + esc(self.outcome_text()) + "</p>\n";
  if (!rb.materials.empty()) {
    const auto missing = missing_materials(rb, a);
    s += "<h2>申请材料</h2>\n<table>\n<tbody>\n";
    for (auto& m : rb.materials) {
      // This record is itself one of the materials (湖南 6.2 b) 自我评价记录): not listed as missing from itself.
      if (!m.title.empty() && document_title(rb, DocumentKind::SelfAssessment).find(m.title) != std::string::npos) continue;
      const bool absent = std::find(missing.begin(), missing.end(), m.id) != missing.end();
      std::string state = m.required ? (absent ? "缺少" : "已附") : "可选";
      if (!m.required)
        for (auto& e : a.evidence)
          if (std::find(e.criteria.begin(), e.criteria.end(), "material:" + m.id) != e.criteria.end()) state = "已附";
      s += "<tr><td>" + esc(m.title) + (m.clause.empty() ? "" : "（" + esc(m.clause) + "）") + "</td><td class=\"center" +
           (absent ? " flag" : "") + "\">" + state + "</td></tr>\n";
    }
    s += "</tbody>\n</table>\n";
  }
  s += "<div class=\"sign\">自评负责人（签字）：____________________　单位（盖章）<br>日期：" + date_cn(date) + "</div>\n";
  return s + page_close(in);
}

}  // namespace qis
