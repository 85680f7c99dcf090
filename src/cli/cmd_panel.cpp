// qis panel: the experts' reviews of one package merged into the panel's result.
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "panel.h"
#include "signatures.h"

namespace qis_cli {

const char* const kPanelUsage =
    "  qis panel PACKAGE.json REVIEW.json... [--method mean|trimmed] [--override 细项=分值:理由]...\n"
    "            [-o PANEL.json] [--json] [--today D] [--roster ROSTER.json [--roster-fingerprint FP]]\n"
    "        汇总专家组评分：各细项取平均（mean）或去掉一个最高分和一个最低分后取平均（trimmed），\n"
    "        四舍五入保留一位小数；专家组长可用 --override 调整某一细项并注明理由；-o 保存汇总文件\n"
    "        （其中的评审意见保持专家提交时的原样，签名仍可核对）；给出 --roster 时只汇总名单中专家本人签名的评审意见\n";

namespace {

// "细项=分值:理由" (a full-width "：" works too).
bool parse_override(const std::string& text, qis::PanelOverride& out) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  auto colon = text.find(':', eq + 1);
  std::size_t sep_len = 1;
  const auto wide = text.find("：", eq + 1);
  if (wide != std::string::npos && (colon == std::string::npos || wide < colon)) {
    colon = wide;
    sep_len = std::string("：").size();
  }
  const std::string value = text.substr(eq + 1, colon == std::string::npos ? std::string::npos : colon - eq - 1);
  if (value.empty() || value.find_first_not_of("0123456789.") != std::string::npos) return false;
  std::optional<qis::Milli> m;
  try {
    m = qis::to_milli(std::stod(value));
  } catch (const std::exception&) {
    return false;
  }
  if (!m) return false;
  out.criterion = text.substr(0, eq);
  out.value = *m;
  out.reason = colon == std::string::npos ? "" : text.substr(colon + sep_len);
  return true;
}

}  // namespace

int cmd_panel(const Args& args) {
  const auto opt =
      parse_options(args, {{"--json"}, {"--today", "--method", "--override", "-o", kRosterOption, kRosterFpOption}}, "panel", kPanelUsage);
  if (!opt) return kUsage;
  if (opt->positional.size() < 2) return usage_error("请给出数据包和至少一份评审意见", kPanelUsage);
  qis::PanelOptions options;
  if (const std::string method = opt->value("--method"); !method.empty()) {
    auto m = qis::panel_method_from_name(method);
    if (!m) return usage_error("--method 应为 mean（平均）或 trimmed（去掉一个最高分和一个最低分后平均）", kPanelUsage);
    options.method = *m;
  }
  for (auto& o : opt->all("--override")) {
    qis::PanelOverride po;
    if (!parse_override(o, po))
      return usage_error("--override 的格式应为 细项编号=分值:理由，如 --override 1.1.1=8.5:现场核实文件齐全", kPanelUsage);
    options.overrides.push_back(po);
  }
  const std::string& package_path = opt->positional[0];
  const std::vector<std::string> review_paths(opt->positional.begin() + 1, opt->positional.end());
  const std::string out_path = opt->value("-o"), today = opt->value("--today");
  const bool json = opt->has("--json");

  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  std::optional<qis::trust::Roster> roster;
  if (!roster_option(*opt, roster, code)) return code;
  std::vector<qis::Review> reviews;
  std::vector<qis::Json> sent;  // each review as its expert sent it: embedded so, its signature holds
  std::vector<qis::trust::SignatureCheck> signatures;
  bool refused = false;
  for (auto& rp : review_paths) {
    auto text = read_input(rp, kReviewInput);
    if (!text) return fail(rp, text.error());
    auto r = qis::import_review(text.value(), rubrics);
    if (!r) return fail(rp, r.error());
    sent.push_back(qis::Json::parse(text.value(), nullptr, false));
    signatures.push_back(qis::trust::check_signature(sent.back(), {roster ? &*roster : nullptr, check_day(*opt), r.value().expert.name}));
    if (!qis::trust::acceptable(signatures.back())) {  // every refused review is named, then none is merged
      fail(rp, signatures.back().error);
      refused = true;
    }
    reviews.push_back(std::move(r).value());
  }
  if (refused) {
    std::cerr << "qis: 有评审意见的签名不能采用（见上），未汇总\n";
    return kInvalid;
  }
  auto merged = qis::merge_panel(*p.pkg.rubric, p.pkg.assessment, p.hash, reviews, options, today);
  if (!merged) return fail(package_path, merged.error());
  const qis::Panel& panel = merged.value();
  for (auto& w : panel.warnings) std::cerr << "qis: 警告：" << shown(w.message) << " [" << w.code << "]\n";
  const std::string file = qis::trust::export_panel_with_sent_reviews(panel, sent);
  if (!out_path.empty())
    if (auto e = write_output(out_path, file, opt->positional)) return fail(out_path, *e);
  if (json) {
    std::cout << file;
    return kOk;
  }
  std::cout << "专家组汇总：" << (panel.station.empty() ? "（未填写单位名称）" : shown(panel.station)) << "（" << panel.rubric->title
            << "）\n方法：" << qis::panel_method_text(panel.options.method) << "，四舍五入保留一位小数；专家 "
            << panel.reviews.size() << " 人：";
  for (std::size_t i = 0; i < panel.reviews.size(); ++i) std::cout << (i ? "、" : "") << shown(panel.reviews[i].expert.name);
  for (std::size_t i = 0; i < signatures.size(); ++i)
    std::cout << "\n签名：" << shown(panel.reviews[i].expert.name) << "：" << shown(qis::trust::describe(signatures[i], "专家"));
  std::cout << "\n细项\t满分\t自评";
  for (auto& r : panel.reviews) std::cout << "\t" << shown(r.expert.name);
  std::cout << "\t极差\t结果\n";
  for (auto& c : panel.criteria) {
    std::cout << c.node->id << " " << c.node->title << "\t" << qis::format_milli(c.node->max) << "\t" << qis::format_milli(c.self);
    for (auto s : c.scores) std::cout << "\t" << qis::format_milli(s);
    std::cout << "\t" << qis::format_milli(c.spread) << (c.wide_spread ? "*" : "") << "\t" << qis::format_milli(c.result);
    if (c.override_by_leader)
      std::cout << "（组长调整，计算值 " << qis::format_milli(c.computed) << "：" << shown(c.override_by_leader->reason) << "）";
    std::cout << "\n";
  }
  std::cout << "总分：自评 " << qis::format_milli(panel.self_total) << "，专家组 " << qis::format_milli(panel.total) << "\n结论："
            << panel.outcome << "\n* 极差超过该项满分的 20%\n";
  if (!out_path.empty()) std::cout << "已保存：" << shown(out_path) << "\n";
  return kOk;
}

}  // namespace qis_cli
