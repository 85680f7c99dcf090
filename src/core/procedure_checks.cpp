// procedure_checks.h: the panel's size and the required materials, as the procedure asks.
#include "procedure_checks.h"

namespace qis {

std::optional<Error> panel_size_warning(const Rubric& rubric, int experts) {
  const auto min = rubric.procedure.min_panel_size();
  if (!min || experts >= *min) return std::nullopt;
  const PanelRule& rule = rubric.procedure.panel;
  std::string cite = rule.basis + (rule.clause.empty() ? "" : rule.clause);
  if (cite.empty()) cite = "评价程序";
  return Error{"panel.too_few_experts",
               "专家组目前只有 " + std::to_string(experts) + " 人，少于" + cite + "规定的不少于 " + std::to_string(*min) +
                   " 人；汇总结果仅供参考，请补足专家后再出具评价报告。",
               ""};
}

std::vector<std::string> missing_materials(const Rubric& rubric, const Assessment& a) {
  std::vector<std::string> out;
  for (auto& m : rubric.materials) {
    if (!m.required) continue;
    const std::string target = "material:" + m.id;
    bool attached = false;
    for (auto& e : a.evidence)
      for (auto& c : e.criteria) attached |= c == target;
    if (!attached) out.push_back(m.id);
  }
  return out;
}

std::vector<Error> material_missing_findings(const Rubric& rubric, const Assessment& a) {
  std::vector<Error> out;
  for (auto& id : missing_materials(rubric, a)) {
    std::string title = id, clause;
    for (auto& m : rubric.materials)
      if (m.id == id) {
        title = m.title;
        clause = m.clause;
      }
    out.push_back({"verify.material_missing",
                   "缺少必备申请材料“" + title + "”" + (clause.empty() ? "" : "（" + clause + "）") +
                       "：数据包中没有附上该材料；请向申报单位索取后再评审（这不是篡改，而是材料不全）。",
                   id});
  }
  return out;
}

}  // namespace qis
