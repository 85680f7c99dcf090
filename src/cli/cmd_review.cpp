// qis review: one expert's review checked against the package and compared with the self score.
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "rank.h"
#include "review.h"
#include "signatures.h"

namespace qis_cli {

const char* const kReviewUsage =
    "  qis review PACKAGE.json REVIEW.json [--json] [--today D] [--roster ROSTER.json [--roster-fingerprint FP]]\n"
    "        核对一位专家的评审意见（qis-review/1）是否对应该数据包、偏差是否注明理由，并与自评对比；\n"
    "        显示其签名状态，给出 --roster 时须由名单中的该专家本人签名且在有效期内\n";

int cmd_review(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--today", kRosterOption, kRosterFpOption}}, "review", kReviewUsage);
  if (!opt) return kUsage;
  if (opt->positional.size() != 2) return usage_error("请给出数据包和一份评审意见", kReviewUsage);
  const std::string& package_path = opt->positional[0];
  const std::string& review_path = opt->positional[1];
  const std::string today = opt->value("--today");
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  auto text = read_input(review_path, kReviewInput);
  if (!text) return fail(review_path, text.error());
  auto imported = qis::import_review(text.value(), rubrics);
  if (!imported) return fail(review_path, imported.error());
  const qis::Review& r = imported.value();
  std::optional<qis::trust::Roster> roster;
  if (!roster_option(*opt, roster, code)) return code;
  const qis::trust::SignatureCheck sig =
      file_signature(text.value(), {roster ? &*roster : nullptr, check_day(*opt), r.expert.name});
  const bool signature_ok = qis::trust::acceptable(sig);
  const qis::Rubric& rb = *p.pkg.rubric;
  const qis::ScoreReport self = qis::score(rb, p.pkg.assessment, today);
  const qis::ScoreReport expert = qis::score_review(rb, r);
  // The unit printed is the package's; a review naming another (edited by hand) is a problem.
  const auto name_it = p.pkg.assessment.profile.find("name");
  const std::string station = name_it == p.pkg.assessment.profile.end() ? "" : name_it->second;
  // The same checks as the page's 导出评审意见, unscored criteria included.
  const auto problems = qis::review_problems(rb, r, p.hash, self, station);
  const auto deviations = qis::review_deviations(rb, r, self);
  auto deviation_of = [&](const std::string& id) -> const qis::Deviation* {
    for (auto& d : deviations)
      if (d.node->id == id) return &d;
    return nullptr;
  };
  if (opt->has("--json")) {
    qis::Json crit = qis::Json::array();
    for (auto& c : expert.criteria) {
      const qis::Deviation* d = deviation_of(c.node->id);
      crit.push_back({{"id", c.node->id}, {"title", c.node->title}, {"max", milli_json(c.node->max)},
                      {"self", milli_json(self.find(c.node->id)->score)}, {"expert", milli_json(c.score)},
                      {"answered", c.answered}, {"deviation", d != nullptr}, {"deviation_reason_given", d && d->has_reason}});
    }
    qis::Json errs = qis::Json::array();
    for (auto& e : problems) errs.push_back({{"code", e.code}, {"message", e.message}, {"where", e.where}});
    std::cout << json_text(qis::Json{{"ok", problems.empty() && signature_ok},
                           {"signature", signature_json(sig, "专家")},
                           {"expert", {{"name", r.expert.name}, {"title", r.expert.title}, {"unit", r.expert.unit}}},
                           {"date", r.date},
                           {"self_total", milli_json(self.total)},
                           {"expert_total", milli_json(expert.total)},
                           {"unanswered", expert.unanswered},
                           {"criteria", crit},
                           {"problems", errs}});
  } else {
    std::cout << "专家：" << shown(r.expert.name);
    if (!r.expert.title.empty() || !r.expert.unit.empty())
      std::cout << "（" << shown(r.expert.title) << " " << shown(r.expert.unit) << "）";
    std::cout << "  日期：" << r.date << "\n签名：" << shown(qis::trust::describe(sig, "专家")) << "\n单位：" << shown(station)
              << "（" << rb.title << "）\n";
    std::cout << "细项\t满分\t自评\t专家\n";
    for (auto& c : expert.criteria) {
      const qis::Deviation* d = deviation_of(c.node->id);
      std::cout << c.node->id << " " << c.node->title << "\t" << qis::format_milli(c.node->max) << "\t"
                << qis::format_milli(self.find(c.node->id)->score) << "\t" << (c.answered ? qis::format_milli(c.score) : "未评")
                << (d ? (d->has_reason ? "\t偏差较大（已注明理由）" : "\t偏差较大（缺少理由）") : "") << "\n";
    }
    std::cout << "总分：自评 " << qis::format_milli(self.total) << "，专家 " << qis::format_milli(expert.total) << "\n";
    if (!expert.unanswered.empty()) std::cout << "未评：" << expert.unanswered.size() << " 项\n";
  }
  for (auto& e : problems) fail(review_path, e);
  if (!signature_ok) fail(review_path, sig.error);
  return problems.empty() && signature_ok ? kOk : kInvalid;
}

}  // namespace qis_cli
