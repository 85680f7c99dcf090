// qis rank: stations ranked by their rubric's rules, one ranking per rubric. Packages are read one
// at a time and only each station's row is kept, so 10,000 packages fit in little memory. Panel
// files count only when named (--panel, --panels): a file lying in a folder of submissions could
// be anyone's.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "docx.h"
#include "evaluation_book.h"
#include "file_io.h"
#include "rank.h"
#include "signatures.h"

namespace qis_cli {

const char* const kRankUsage =
    "  qis rank PACKAGE.json|BUNDLE.zip|FOLDER... [--panel PANEL.json]... [--panels DIR] [--newest] [--csv|--json|--xlsx] [-o OUT] [--today D]\n"
    "           [--round 批次名称]\n"
    "           [--roster ROSTER.json [--roster-fingerprint FP]]\n"
    "        按评分表的排名规则排名（入选名额、等次和支持金额、新建站、资格），不同评分表分别排名；\n"
    "        数据包和提交包（.zip）都先核对（同 qis verify），每行列出核对结果，发现问题的不参加排名；\n"
    "        只有用 --panel 或 --panels 指定的专家组汇总才采用专家组得分，输出列出所用的汇总文件和专家\n"
    "        （数据包文件夹中的汇总文件和评审意见不使用）；--xlsx 写出工作簿（须用 -o）：每个批次一张表，\n"
    "        每行一项指标 × 一位专家 × 一个单位，另有一张“排名”表；--round 给批次命名；给出 --roster 时只采用组长和每位专家都是名单中人员\n"
    "        本人签名的汇总，其余不采用并列出（该单位按自评得分排名，退出码 1）；同一单位有多份数据包时\n"
    "        拒绝排名并列出文件，加 --newest 则采用修改时间最新的一份并注明未采用的文件\n";

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

// A panel file named for this ranking, read before any package.
struct NamedPanel {
  std::string path;
  qis::PanelFile file;
  bool used = false;
};

// The .json files directly inside `dir` that are panel files; the others are skipped with a note.
bool panels_in(const std::string& dir, std::vector<std::string>& out, int& code) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return (code = fail(dir, {"io.not_found", "找不到专家组汇总文件夹（或它不是文件夹），请检查 --panels 的路径", ""})), false;
  std::vector<std::string> files;
  for (auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json" && !entry.is_directory(ec)) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  for (auto& f : files) {
    auto text = read_input(f, kPanelInput);
    const qis::Json head = text ? qis::Json::parse(text.value(), nullptr, false) : qis::Json();
    if (head.is_object() && head.contains("format") && head["format"].is_string() &&
        head["format"].get<std::string>().rfind("qis-panel/", 0) == 0)
      out.push_back(f);
    else
      std::cerr << "qis: " << shown(f) << ": 不是专家组汇总文件，已跳过\n";
  }
  return true;
}

// A named panel left out because of its signatures.
struct RefusedPanel {
  std::string path, package_hash, reason;
};

// The signatures of a named panel, on stderr; false, with the panel added to `refused`, when they
// cannot be used (altered, or with a roster: unsigned, not on it, expired, another's name).
bool signatures_usable(const std::string& path, const std::string& text, const std::string& package_hash,
                       const qis::trust::CheckOptions& options, std::vector<RefusedPanel>& refused) {
  const auto sigs = qis::trust::check_panel_signatures(qis::Json::parse(text, nullptr, false), options);
  std::cerr << "qis: " << shown(path) << ": 专家组汇总：" << shown(qis::trust::describe(sigs.panel, "组长")) << "\n";
  for (std::size_t i = 0; i < sigs.reviews.size(); ++i)
    std::cerr << "qis: " << shown(path) << ": 专家“" << shown(sigs.experts[i]) << "”的评审意见："
              << shown(qis::trust::describe(sigs.reviews[i], "专家")) << "\n";
  const qis::trust::SignatureCheck* bad = sigs.first_refusal();
  if (!bad) return true;
  const std::string which = bad == &sigs.panel ? "汇总文件本身"
                                               : "其中专家“" + sigs.experts[static_cast<std::size_t>(bad - sigs.reviews.data())] + "”的评审意见";
  fail(path, {bad->error.code, "未采用该专家组汇总（" + which + "）：" + bad->error.message, bad->error.where});
  refused.push_back({path, package_hash, which + "：" + qis::trust::describe(*bad)});
  return false;
}

// Each refused panel named in the ranking of the package it was for.
void note_refused(std::vector<qis::RankResult>& rankings, const std::vector<RefusedPanel>& refused) {
  for (auto& rp : refused)
    for (auto& r : rankings)
      for (auto& row : r.rows)
        if (row.package_hash == rp.package_hash)
          r.notes.push_back("未采用专家组汇总“" + rp.path + "”（" + rp.reason + "），“" + row.name + "”按自评得分排名");
}

std::string table(const qis::RankResult& r) {
  std::ostringstream os;
  os << shown(r.rubric->title) << "（" << r.rubric->id << " " << r.rubric->version
     << "）排名\n名次\t单位名称\t得分\t等次\t支持金额（万元）\t结论\t核对结果\n";
  for (auto& x : r.rows)
    os << (x.rank ? qis::rank_text(x) : "—") << "\t" << shown(x.name) << "\t" << qis::format_milli(x.score)
       << (x.from_panel ? "" : "（自评）") << "\t" << (qis::tier_text(x).empty() ? "—" : qis::tier_text(x)) << "\t"
       << (x.amount ? qis::format_milli(x.amount) : "—") << "\t" << shown(x.conclusion) << "\t" << x.status << "\n";
  if (r.rubric->ranking && !r.rubric->ranking->tiers.empty())
    os << "支持金额合计：" << qis::format_milli(r.total_amount) << " 万元\n";
  for (auto& n : r.notes) os << "注：" << shown(n) << "\n";
  bool heading = false;
  for (auto& x : r.rows) {
    if (!x.from_panel) continue;
    if (!heading) os << "采用的专家组汇总：\n";
    heading = true;
    std::string names;
    for (std::size_t i = 0; i < x.panel_experts.size(); ++i) names += (i ? "、" : "") + x.panel_experts[i];
    os << "  " << shown(x.name) << "：" << shown(x.panel_origin) << "，专家 " << x.panel_experts.size() << " 人（"
       << shown(names) << "），" << x.panel_method << "\n";
  }
  return os.str();
}

}  // namespace

int cmd_rank(const Args& args) {
  const auto opt = parse_options(args, {{"--json", "--csv", "--xlsx", "--newest"}, {"--today", "--panel", "--panels", "-o", "--round", kRosterOption, kRosterFpOption}},
                                 "rank", kRankUsage);
  if (!opt) return kUsage;
  if (opt->positional.empty()) return usage_error("请给出要排名的数据包或文件夹", kRankUsage);
  const bool csv = opt->has("--csv"), json = opt->has("--json");
  const bool xlsx = opt->has("--xlsx");
  if ((csv ? 1 : 0) + (json ? 1 : 0) + (xlsx ? 1 : 0) > 1) return usage_error("--csv、--json 与 --xlsx 只能选一个", kRankUsage);
  if (xlsx && opt->value("-o").empty()) return usage_error("--xlsx 须用 -o 指定输出文件，如 -o 评审汇总.xlsx", kRankUsage);
  const std::string out_path = opt->value("-o"), today = opt->value("--today");
  auto rubrics = qis::load_bundled_rubrics();
  int code = kOk;

  std::optional<qis::trust::Roster> roster;
  if (!roster_option(*opt, roster, code)) return code;
  const qis::trust::CheckOptions signed_by{roster ? &*roster : nullptr, check_day(*opt), ""};
  std::vector<RefusedPanel> refused;

  // The panels asked for, by the package they name.
  std::vector<std::string> panel_paths = opt->all("--panel");
  for (auto& dir : opt->all("--panels"))
    if (!panels_in(dir, panel_paths, code)) return code;
  std::vector<NamedPanel> panels;
  std::map<std::string, std::size_t> panel_of;  // package hash → index in panels
  for (auto& pp : panel_paths) {
    auto text = read_input(pp, kPanelInput);
    if (!text) return fail(pp, text.error());
    auto file = qis::read_panel(text.value(), rubrics);
    if (!file) return fail(pp, file.error());
    const std::string hash = file.value().package_hash;
    if (!signatures_usable(pp, text.value(), hash, signed_by, refused)) continue;
    if (auto it = panel_of.find(hash); it != panel_of.end())
      return fail(pp, {"rank.duplicate_panel", "与“" + panels[it->second].path + "”是同一数据包的专家组汇总；每个数据包只能有一个，请只保留一个。", ""});
    panel_of.emplace(hash, panels.size());
    panels.push_back({pp, std::move(file).value(), false});
  }

  std::vector<std::string> paths, folder_panels;
  if (!expand_folders(opt->positional, paths, &folder_panels, code, true)) return code;
  for (auto& f : folder_panels)
    std::cerr << "qis: " << shown(f) << ": 专家组汇总，未使用（数据包文件夹中的汇总文件可能来自任何人；如需采用，请用 --panel 或 --panels 指定）\n";

  // One package at a time; only its row stays.
  std::vector<qis::RankEntry> entries;
  entries.reserve(paths.size());
  std::vector<qis::Panel> merged;  // kept for --xlsx: every expert's score of every criterion
  if (xlsx) merged.reserve(panels.size());
  for (auto& path : paths) {
    LoadedPackage p;
    qis::VerifyReport verified;  // each row says what verification found, as qis verify would
    if (!load_submission(path, rubrics, p, verified, code)) return code;
    qis::RankInput in{p.path, p.hash, p.pkg.rubric, std::move(p.pkg.assessment), std::nullopt, &verified};
    auto named = panel_of.find(p.hash);
    if (named != panel_of.end()) {
      p.pkg.assessment = in.assessment;  // merge_panel reads the station's self scores
      NamedPanel& np = panels[named->second];
      if (!merge_panel_file(np.path, np.file, p, today, in.panel, code)) return code;
      np.used = true;
    }
    if (xlsx && in.panel) merged.push_back(*in.panel);
    entries.push_back(qis::rank_entry(in, today));
    if (named != panel_of.end()) entries.back().row.panel_origin = panels[named->second].path;
  }
  for (auto& np : panels)
    if (!np.used)
      return fail(np.path, {"rank.panel_unmatched", "该专家组汇总对应的数据包不在本次排名的数据包中；请一并给出该数据包，或去掉这个汇总文件。", ""});

  auto ranked = qis::rank_by_rubric(std::move(entries), qis::RankOptions{opt->has("--newest")});
  if (!ranked) return fail(ranked.error().where.empty() ? "rank" : ranked.error().where, ranked.error());
  note_refused(ranked.value(), refused);
  const std::vector<qis::RankResult>& rankings = ranked.value();
  const int refusals = refused.empty() ? kOk : kInvalid;  // the ranking is written, without them
  std::vector<std::string> inputs_read = paths;
  inputs_read.insert(inputs_read.end(), panel_paths.begin(), panel_paths.end());
  if (csv) return std::max(emit(out_path, qis::rank_csv(rankings), inputs_read), refusals);
  if (json) return std::max(emit(out_path, json_text(qis::rank_json(rankings)), inputs_read), refusals);
  if (xlsx) {
    qis::BookRound round{opt->value("--round"), {}, {}, {}};
    for (auto& p : merged) round.panels.push_back(&p);
    for (auto& r : rankings) round.rankings.push_back(&r);
    const std::string book = qis::zip_docx_parts(qis::xlsx_parts(qis::evaluation_sheets({round})));
    if (book.empty()) return fail(out_path, {"io.write", "无法生成工作簿，请重试", ""});
    return std::max(emit(out_path, book, inputs_read), refusals);
  }
  std::string text;
  for (auto& r : rankings) text += (text.empty() ? "" : "\n") + table(r);
  if (rankings.size() > 1) text += "\n共 " + std::to_string(rankings.size()) + " 个评分表，已分别排名\n";
  return std::max(emit(out_path, text, inputs_read), refusals);
}

}  // namespace qis_cli
