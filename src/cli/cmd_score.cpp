// qis score: a package's scores recomputed with the bundled rubric.
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "scoring.h"

namespace qis_cli {

const char* const kScoreUsage = "  qis score PACKAGE.json [--json] [--today D]  按内置评分表重新计算数据包的得分\n";

int cmd_score(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--today"}}, "score", kScoreUsage);
  if (!opt) return kUsage;
  if (opt->positional.size() != 1) return usage_error("请给出一个数据包", kScoreUsage);
  const std::string& path = opt->positional[0];
  const std::string today = opt->value("--today");
  const auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage loaded;
  int code = kOk;
  if (!load_package(path, rubrics, loaded, code)) return code;
  const auto& pkg = loaded.pkg;
  const qis::ScoreReport rep = qis::score(*pkg.rubric, pkg.assessment, today);
  const int year = pkg.assessment.assessment_year;
  if (opt->has("--json")) {
    qis::Json inds = qis::Json::array();
    for (auto& n : rep.tree)
      inds.push_back({{"id", n.node->id}, {"title", n.node->title}, {"score", milli_json(n.score)},
                      {"max", milli_json(n.node->max)}, {"bonus", n.node->bonus}});
    qis::Json crit = qis::Json::array();
    for (auto& c : rep.criteria)
      crit.push_back({{"id", c.node->id}, {"title", c.node->title}, {"score", milli_json(c.score)},
                      {"max", milli_json(c.node->max)}, {"answered", c.answered}, {"explanation", c.explanation}});
    qis::Json gates = qis::Json::array();
    for (auto& g : rep.gates)
      gates.push_back({{"id", g.gate->id}, {"state", g.state == qis::GateState::Met      ? "met"
                                                    : g.state == qis::GateState::Failed ? "failed"
                                                                                        : "unanswered"},
                       {"reason", g.reason}});
    qis::Json out = {{"rubric", pkg.rubric->id},           {"rubric_version", pkg.rubric->version},
                     {"assessment_year", year ? qis::Json(year) : qis::Json()},
                     {"total", milli_json(rep.total)},      {"base", milli_json(rep.base)},
                     {"bonus", milli_json(rep.bonus)},      {"max", milli_json(rep.max)},
                     {"bonus_max", milli_json(rep.bonus_max)}, {"indicators", inds},
                     {"criteria", crit},                    {"outcome", rep.outcome_text()},
                     {"eligible", rep.eligible},            {"gates", gates},
                     {"unanswered", rep.unanswered}};
    std::cout << json_text(out);
  } else {
    std::cout << pkg.rubric->title << "（" << pkg.rubric->id << " " << pkg.rubric->version << "）\n";
    if (year) std::cout << "评价年度：" << year << " 年\n";
    for (auto& n : rep.tree)
      std::cout << "  " << n.node->title << "：" << qis::format_milli(n.score) << " / " << qis::format_milli(n.node->max) << "\n";
    std::cout << "总分：" << qis::format_milli(rep.total) << " / " << qis::format_milli(rep.max);
    if (rep.bonus_max) std::cout << "（含加分 " << qis::format_milli(rep.bonus) << "）";
    std::cout << "\n结论：" << rep.outcome_text() << "\n";
    if (!rep.unanswered.empty()) std::cout << "未作答：" << rep.unanswered.size() << " 项\n";
  }
  for (auto& e : rep.errors) std::cerr << "qis: " << shown(path) << ": " << shown(e.message) << "\n";
  return rep.errors.empty() ? kOk : kInvalid;
}

}  // namespace qis_cli
