// qis rank: the stations of one rubric ranked by the rubric's rules.
#include <iostream>
#include <sstream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "rank.h"

namespace qis_cli {

const char* const kRankUsage =
    "  qis rank PACKAGE.json|FOLDER... [--panel PANEL.json]... [--csv] [--json] [-o OUT] [--today D]\n"
    "        按评分表的排名规则排名（入选名额、等次和支持金额、新建站、资格）；有汇总文件的用专家组得分\n"
    "        （文件夹中的专家组汇总文件一并使用，评审意见跳过）\n";

namespace {

// Writes to `out_path`, or to stdout when it is empty.
int emit(const std::string& out_path, const std::string& text, const std::vector<std::string>& inputs) {
  if (out_path.empty()) {
    std::cout << text;
    return kOk;
  }
  if (auto e = write_output(out_path, text, inputs)) return fail(out_path, *e);
  return kOk;
}

}  // namespace

int cmd_rank(const Args& args) {
  const auto opt = parse_options(args, {{"--json", "--csv"}, {"--today", "--panel", "-o"}}, "rank", kRankUsage);
  if (!opt) return kUsage;
  if (opt->positional.empty()) return usage_error("请给出要排名的数据包或文件夹", kRankUsage);
  const bool csv = opt->has("--csv"), json = opt->has("--json");
  if (csv && json) return usage_error("--csv 与 --json 只能选一个", kRankUsage);
  const std::string out_path = opt->value("-o"), today = opt->value("--today");
  std::vector<std::string> panel_paths = opt->all("--panel");

  auto rubrics = qis::load_bundled_rubrics();
  std::vector<std::string> paths;
  int code = kOk;
  if (!expand_folders(opt->positional, paths, &panel_paths, code)) return code;  // a folder's panel files count too
  std::vector<LoadedPackage> packages(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (!load_package(paths[i], rubrics, packages[i], code)) return code;
  std::vector<qis::RankInput> inputs;
  for (auto& p : packages) inputs.push_back({p.path, p.hash, p.pkg.rubric, p.pkg.assessment, std::nullopt});
  for (auto& pp : panel_paths) {
    auto text = read_input(pp, kPanelInput);
    if (!text) return fail(pp, text.error());
    auto file = qis::read_panel(text.value(), rubrics);
    if (!file) return fail(pp, file.error());
    std::size_t match = packages.size();
    for (std::size_t i = 0; i < packages.size(); ++i)
      if (packages[i].hash == file.value().package_hash) match = i;
    if (match == packages.size())
      return fail(pp, {"rank.panel_unmatched", "该专家组汇总对应的数据包不在本次排名的数据包中；请一并给出该数据包，或去掉这个汇总文件。", ""});
    if (inputs[match].panel)
      return fail(pp, {"rank.duplicate_panel", "数据包“" + packages[match].path + "”有两个专家组汇总文件，请只保留一个。", ""});
    if (!load_panel(pp, rubrics, packages[match], today, inputs[match].panel, code)) return code;
  }
  std::vector<std::string> inputs_read = paths;
  inputs_read.insert(inputs_read.end(), panel_paths.begin(), panel_paths.end());
  auto ranked = qis::rank_stations(inputs, today);
  if (!ranked) return fail(ranked.error().where.empty() ? "rank" : ranked.error().where, ranked.error());
  const qis::RankResult& r = ranked.value();
  if (csv) return emit(out_path, qis::rank_csv(r), inputs_read);
  if (json) return emit(out_path, r.rubric ? json_text(qis::rank_json(r)) : "", inputs_read);
  std::ostringstream os;
  os << shown(r.rubric->title) << "（" << r.rubric->id << " " << r.rubric->version << "）排名\n名次\t单位名称\t得分\t等次\t支持金额（万元）\t结论\n";
  for (auto& x : r.rows)
    os << (x.rank ? std::to_string(x.rank) : "—") << "\t" << shown(x.name) << "\t" << qis::format_milli(x.score)
       << (x.from_panel ? "" : "（自评）") << "\t" << (x.tier.empty() ? "—" : x.tier) << "\t"
       << (x.amount ? qis::format_milli(x.amount) : "—") << "\t" << shown(x.conclusion) << "\n";
  if (r.rubric->ranking && !r.rubric->ranking->tiers.empty())
    os << "支持金额合计：" << qis::format_milli(r.total_amount) << " 万元\n";
  for (auto& n : r.notes) os << "注：" << shown(n) << "\n";
  return emit(out_path, os.str(), inputs_read);
}

}  // namespace qis_cli
