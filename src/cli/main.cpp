// qis: the command-line tool on the same scoring core as the web page.
// Exit codes: 0 ok, 1 invalid input (message on stderr says what and where), 2 usage.
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bundled.h"
#include "csv.h"
#include "docx.h"
#include "package.h"
#include "report.h"
#include "review.h"
#include "rubric.h"
#include "scoring.h"

namespace {

constexpr int kOk = 0, kInvalid = 1, kUsage = 2;

const char* kUsageText =
    "用法 / usage:\n"
    "  qis rubrics [--json]                         列出内置评分表\n"
    "  qis check RUBRIC.json [--json]               校验评分表文件，打印总分、加分与一级指标满分\n"
    "  qis score PACKAGE.json [--json] [--today D]  按内置评分表重新计算数据包的得分\n"
    "  qis verify PACKAGE.json|FOLDER... [--evidence DIR] [--json]\n"
    "        核对数据包：按答案重新计算得分并与记录的得分比较；核对每个证明材料的大小和 SHA-256\n"
    "        （内嵌的直接核对，其余在 DIR 中按文件名查找）。可给多个数据包或文件夹（取其中的 .json），\n"
    "        逐个核对并汇总；任一发现问题时退出码为 1\n"
    "  qis review PACKAGE.json REVIEW.json [--json] [--today D]\n"
    "        核对一位专家的评审意见（qis-review/1）是否对应该数据包、偏差是否注明理由，并与自评对比\n"
    "  qis panel PACKAGE.json REVIEW.json... [--method mean|trimmed] [--override 细项=分值:理由]...\n"
    "            [-o PANEL.json] [--json] [--today D]\n"
    "        汇总专家组评分：各细项取平均（mean）或去掉一个最高分和一个最低分后取平均（trimmed），\n"
    "        四舍五入保留一位小数；专家组长可用 --override 调整某一细项并注明理由；-o 保存汇总文件\n"
    "  qis rank PACKAGE.json|FOLDER... [--panel PANEL.json]... [--csv] [--json] [-o OUT] [--today D]\n"
    "        按评分表的排名规则排名（入选名额、等次和支持金额、新建站、资格）；有汇总文件的用专家组得分\n"
    "        （文件夹中的专家组汇总文件一并使用，评审意见跳过）\n"
    "  qis report PACKAGE.json --kind self-assessment|application|declaration|score-sheet|report\n"
    "            [--panel PANEL.json] [--format html|docx] [-o OUT] [--date D] [--today D]\n"
    "        生成可打印的自评记录、申请表或申报表（评分表规定的格式）、评分表或评价报告；\n"
    "        --format docx 生成可编辑的 Word 文档（须用 -o 指定文件）\n"
    "  qis ledger import FILE.csv PACKAGE.json [-o OUT.json] [--keep-good] [--today D]\n"
    "        导入服务台账 CSV（UTF-8 或 GBK/GB18030），替换数据包中的台账；有错误的行逐行列出，\n"
    "        此时不写文件（退出码 1），加 --keep-good 则只写入正确的行（退出码仍为 1）；不给 -o 时覆盖 PACKAGE.json\n"
    "  qis ledger export PACKAGE.json -o OUT.csv       把数据包中的服务台账导出为 CSV（UTF-8 带 BOM）\n"
    "  qis --version\n"
    "日期 D 为 YYYY-MM-DD。退出码：0 成功；1 输入有误（标准错误输出说明原因和位置）；2 用法错误\n";

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

qis::Json milli_json(qis::Milli m) {
  if (m % qis::kMilli == 0) return qis::Json(m / qis::kMilli);
  return qis::Json(static_cast<double>(m) / 1000.0);
}

int fail(const std::string& where, const qis::Error& e) {
  std::cerr << "qis: " << where << ": " << e.message << " [" << e.code << "]\n";
  return kInvalid;
}

// A qis-package/1 file was read and migrated: said once, on stderr, as information (exit code unchanged).
void note_migration(const std::string& path, const qis::ImportedPackage& p) {
  if (p.migrated_from != 0) std::cerr << "qis: " << path << ": 注意：" << p.notice << "\n";
}

int cmd_rubrics(bool json) {
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  if (json) {
    qis::Json out = qis::Json::array();
    for (auto& r : rubrics)
      out.push_back({{"id", r.id}, {"version", r.version}, {"title", r.title}, {"issuer", r.issuer},
                     {"max", milli_json(r.total)}, {"bonus_max", milli_json(r.bonus_total)}});
    std::cout << out.dump(2, ' ', false) << "\n";
  } else {
    for (auto& r : rubrics)
      std::cout << r.id << "\t" << r.version << "\t" << qis::format_milli(r.total)
                << (r.bonus_total ? "+" + qis::format_milli(r.bonus_total) : "") << "\t" << r.issuer << "\t" << r.title << "\n";
  }
  for (auto& e : errors) std::cerr << "qis: " << e.message << "\n";
  return errors.empty() ? kOk : kInvalid;
}

int cmd_check(const std::string& path, bool json) {
  std::string text;
  if (!read_file(path, text)) return fail(path, {"io.read", "无法读取文件，请检查路径", ""});
  auto r = qis::load_rubric(text, path);
  if (!r) return fail(path, r.error());
  const qis::Rubric& rb = r.value();
  if (json) {
    qis::Json inds = qis::Json::array();
    for (auto& n : rb.indicators) inds.push_back({{"id", n.id}, {"title", n.title}, {"max", milli_json(n.max)}, {"bonus", n.bonus}});
    std::cout << qis::Json{{"id", rb.id}, {"version", rb.version}, {"max", milli_json(rb.total)},
                           {"bonus_max", milli_json(rb.bonus_total)}, {"criteria", rb.criteria().size()},
                           {"indicators", inds}, {"hash", rb.content_hash}}
                     .dump(2, ' ', false)
              << "\n";
  } else {
    std::cout << rb.id << " " << rb.version << "：" << rb.title << "\n总分 " << qis::format_milli(rb.total);
    if (rb.bonus_total) std::cout << "，加分项 " << qis::format_milli(rb.bonus_total);
    std::cout << "，评分细项 " << rb.criteria().size() << " 个\n";
    for (auto& n : rb.indicators)
      std::cout << "  " << n.title << (n.bonus && n.title.find("加分项") == std::string::npos ? "（加分项）" : "") << " " << qis::format_milli(n.max) << "\n";
    std::cout << "校验通过\n";
  }
  return kOk;
}

int cmd_score(const std::string& path, bool json, const std::string& today) {
  std::string text;
  if (!read_file(path, text)) return fail(path, {"io.read", "无法读取文件，请检查路径", ""});
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  auto imported = qis::import_package(text, rubrics);
  if (!imported) return fail(path, imported.error());
  const auto& pkg = imported.value();
  note_migration(path, pkg);
  const qis::ScoreReport rep = qis::score(*pkg.rubric, pkg.assessment, today);
  const int year = pkg.assessment.assessment_year;
  if (json) {
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
    std::cout << out.dump(2, ' ', false) << "\n";
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
  for (auto& e : rep.errors) std::cerr << "qis: " << path << ": " << e.message << "\n";
  return rep.errors.empty() ? kOk : kInvalid;
}


bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return false;
  out << text;
  return static_cast<bool>(out.flush());
}

// Writes to `out_path`, or to stdout when it is empty.
int emit(const std::string& out_path, const std::string& text) {
  if (out_path.empty()) {
    std::cout << text;
    return kOk;
  }
  if (!write_file(out_path, text)) return fail(out_path, {"io.write", "无法写入文件，请检查路径和权限", ""});
  return kOk;
}

int usage_error(const std::string& message) {
  std::cerr << "qis: " << message << "\n" << kUsageText;
  return kUsage;
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

// A package read from disk with its hash: what reviews and panels refer to.
struct LoadedPackage {
  std::string path;
  std::string bytes;
  std::string hash;
  qis::ImportedPackage pkg;
};

// Reads and imports a package; on failure prints the message and returns false.
bool load_package(const std::string& path, const std::vector<qis::Rubric>& rubrics, LoadedPackage& out, int& code) {
  out.path = path;
  if (!read_file(path, out.bytes)) {
    code = fail(path, {"io.read", "无法读取文件，请检查路径", ""});
    return false;
  }
  auto imported = qis::import_package(out.bytes, rubrics);
  if (!imported) {
    code = fail(path, imported.error());
    return false;
  }
  out.hash = qis::package_hash(out.bytes);
  out.pkg = std::move(imported).value();
  note_migration(path, out.pkg);
  return true;
}

// The paths as given, each folder replaced by the .json files directly inside it (by name), so a
// folder of submitted files can be handed over as it is. In a folder, experts' reviews are skipped
// and panel files go to `panels` (skipped when the command takes none); a file named explicitly is
// always taken as a package.
bool expand_folders(const std::vector<std::string>& given, std::vector<std::string>& packages,
                    std::vector<std::string>* panels, int& code) {
  namespace fs = std::filesystem;
  for (auto& path : given) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      packages.push_back(path);
      continue;
    }
    std::vector<std::string> files;
    for (auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file(ec) && entry.path().extension() == ".json") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (ec || files.empty()) {
      code = fail(path, {"io.read", ec ? "无法读取文件夹，请检查路径和权限" : "文件夹中没有 .json 文件；请给出数据包所在的文件夹", ""});
      return false;
    }
    std::size_t taken = 0;
    for (auto& f : files) {
      std::string text;
      const qis::Json head = read_file(f, text) ? qis::Json::parse(text, nullptr, false) : qis::Json();
      const std::string format = head.is_object() && head.contains("format") && head["format"].is_string()
                                     ? head["format"].get<std::string>() : "";
      if (format.rfind("qis-review/", 0) == 0) {
        std::cerr << "qis: " << f << ": 专家评审意见，已跳过\n";
      } else if (format.rfind("qis-panel/", 0) == 0) {
        if (panels) panels->push_back(f);
        else std::cerr << "qis: " << f << ": 专家组汇总，已跳过\n";
      } else {
        packages.push_back(f);
        ++taken;
      }
    }
    if (taken == 0) {
      code = fail(path, {"io.read", "文件夹中没有数据包（只有评审意见或专家组汇总）；请给出数据包所在的文件夹", ""});
      return false;
    }
  }
  return true;
}

// The panel in `panel_path` merged again for `p` (whose hash it must name).
bool load_panel(const std::string& panel_path, const std::vector<qis::Rubric>& rubrics, const LoadedPackage& p,
                const std::string& today, std::optional<qis::Panel>& out, int& code) {
  std::string text;
  if (!read_file(panel_path, text)) {
    code = fail(panel_path, {"io.read", "无法读取文件，请检查路径", ""});
    return false;
  }
  auto file = qis::read_panel(text, rubrics);
  if (!file) {
    code = fail(panel_path, file.error());
    return false;
  }
  if (file.value().package_hash != p.hash) {
    code = fail(panel_path, {"panel.package_mismatch",
                             "该专家组汇总对应的数据包与“" + p.path + "”不一致；请选择专家评审时的同一份数据包。", "package.sha256"});
    return false;
  }
  auto merged = qis::merge_panel(*p.pkg.rubric, p.pkg.assessment, p.hash, file.value().reviews, file.value().options, today);
  if (!merged) {
    code = fail(panel_path, merged.error());
    return false;
  }
  for (auto& w : merged.value().warnings) std::cerr << "qis: " << panel_path << ": 警告：" << w.message << "\n";
  out = std::move(merged).value();
  return true;
}

// Verifies one package; the report goes to stdout, or into `collect` (a JSON array) when given.
int verify_one(const std::string& path, const std::vector<qis::Rubric>& rubrics, const std::string& evidence_dir,
               bool json, qis::Json* collect) {
  std::string text;
  if (!read_file(path, text)) return fail(path, {"io.read", "无法读取文件，请检查路径", ""});
  qis::EvidenceLookup lookup;
  if (!evidence_dir.empty())
    lookup = [&](const qis::EvidenceItem& e) -> std::optional<std::string> {
      // Only a plain file name inside DIR: a manifest must not point anywhere else on disk.
      if (e.name.empty() || e.name == "." || e.name == ".." || e.name.find_first_of("/\\") != std::string::npos)
        return std::nullopt;
      std::string bytes;
      if (!read_file((std::filesystem::path(evidence_dir) / e.name).string(), bytes)) return std::nullopt;
      return bytes;
    };
  auto verified = qis::verify_package(text, rubrics, lookup);
  if (!verified) return fail(path, verified.error());
  const qis::VerifyReport& rep = verified.value();
  if (json) {
    qis::Json findings = qis::Json::array();
    for (auto& f : rep.findings)
      findings.push_back({{"code", f.code}, {"criterion", f.criterion}, {"message", f.message}});
    const qis::Json report = qis::Json{{"ok", rep.ok()},
                           {"file", path},
                           {"package_sha256", rep.package_hash},
                           {"station", rep.station},
                           {"rubric", {{"id", rep.rubric->id}, {"version", rep.rubric->version}}},
                           {"stored_total", rep.stored_total ? milli_json(*rep.stored_total) : qis::Json()},
                           {"computed_total", milli_json(rep.computed_total)},
                           {"evidence", {{"entries", rep.evidence_entries}, {"checked", rep.evidence_checked},
                                         {"unchecked", rep.evidence_unchecked}}},
                           {"findings", findings},
                           {"migrated_from", rep.migrated_from},
                           {"notice", rep.notice}};
    if (collect) collect->push_back(report);
    else std::cout << report.dump(2, ' ', false) << "\n";
  } else {
    std::cout << "单位：" << (rep.station.empty() ? "（未填写）" : rep.station) << "\n评分表：" << rep.rubric->title << "（"
              << rep.rubric->id << " " << rep.rubric->version << "）\n数据包 SHA-256：" << rep.package_hash << "\n总分：记录 "
              << (rep.stored_total ? qis::format_milli(*rep.stored_total) : "（无）") << "，按答案重新计算 "
              << qis::format_milli(rep.computed_total) << "\n证明材料：" << rep.evidence_entries << " 项，已核对 "
              << rep.evidence_checked << " 项";
    if (!rep.evidence_unchecked.empty())
      std::cout << "，" << rep.evidence_unchecked.size() << " 项未嵌入也未指定材料目录，未核对（用 --evidence DIR 指定）";
    std::cout << "\n";
    if (!rep.notice.empty()) std::cout << "格式：" << rep.notice << "\n";  // information, not a finding
    if (rep.ok()) {
      std::cout << "核对结果：未发现问题\n";
    } else {
      // Grouped by criterion, in the order each criterion first appears.
      std::cout << "核对结果：发现 " << rep.findings.size() << " 个问题\n";
      std::vector<std::string> order;
      for (auto& f : rep.findings)
        if (std::find(order.begin(), order.end(), f.criterion) == order.end()) order.push_back(f.criterion);
      for (auto& id : order) {
        std::cout << "  " << (id.empty() ? std::string("整体") : qis::target_label(*rep.rubric, id)) << "\n";
        for (auto& f : rep.findings)
          if (f.criterion == id) std::cout << "    - " << f.message << " [" << f.code << "]\n";
      }
    }
  }
  if (!rep.ok()) {
    std::cerr << "qis: " << path << ": 核对未通过，发现 " << rep.findings.size() << " 个问题（见上）\n";
    return kInvalid;
  }
  return kOk;
}

// One package as before; several (or a folder) one after the other, every one verified even when
// an earlier one fails, with a count at the end; --json then prints an array.
int cmd_verify(const std::vector<std::string>& given, const std::string& evidence_dir, bool json) {
  if (!evidence_dir.empty() && !std::filesystem::is_directory(evidence_dir))
    return fail(evidence_dir, {"io.read", "找不到证明材料目录，请检查 --evidence 的路径", ""});
  std::vector<std::string> paths;
  int code = kOk;
  if (!expand_folders(given, paths, nullptr, code)) return code;
  auto rubrics = qis::load_bundled_rubrics();
  const bool single = given.size() == 1 && paths.size() == 1 && paths[0] == given[0];
  if (single) return verify_one(paths[0], rubrics, evidence_dir, json, nullptr);
  qis::Json all = qis::Json::array();
  int failed = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!json) std::cout << (i ? "\n" : "") << "== " << paths[i] << " ==\n";
    const std::size_t before = all.size();
    const int c = verify_one(paths[i], rubrics, evidence_dir, json, &all);
    if (json && all.size() == before) all.push_back({{"ok", false}, {"file", paths[i]}, {"error", "无法打开（原因见标准错误输出）"}});
    if (c != kOk) ++failed;
    code = std::max(code, c);
  }
  if (json) std::cout << all.dump(2, ' ', false) << "\n";
  else std::cout << "\n共 " << paths.size() << " 个数据包：" << paths.size() - failed << " 个未发现问题，" << failed << " 个有问题或无法打开\n";
  return code;
}

int cmd_review(const std::string& package_path, const std::string& review_path, bool json, const std::string& today) {
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  std::string text;
  if (!read_file(review_path, text)) return fail(review_path, {"io.read", "无法读取文件，请检查路径", ""});
  auto imported = qis::import_review(text, rubrics);
  if (!imported) return fail(review_path, imported.error());
  const qis::Review& r = imported.value();
  const qis::Rubric& rb = *p.pkg.rubric;
  const qis::ScoreReport self = qis::score(rb, p.pkg.assessment, today);
  const qis::ScoreReport expert = qis::score_review(rb, r);
  const auto problems = qis::check_review(rb, r, p.hash, self);
  const auto deviations = qis::review_deviations(rb, r, self);
  auto deviation_of = [&](const std::string& id) -> const qis::Deviation* {
    for (auto& d : deviations)
      if (d.node->id == id) return &d;
    return nullptr;
  };
  if (json) {
    qis::Json crit = qis::Json::array();
    for (auto& c : expert.criteria) {
      const qis::Deviation* d = deviation_of(c.node->id);
      crit.push_back({{"id", c.node->id}, {"title", c.node->title}, {"max", milli_json(c.node->max)},
                      {"self", milli_json(self.find(c.node->id)->score)}, {"expert", milli_json(c.score)},
                      {"answered", c.answered}, {"deviation", d != nullptr}, {"deviation_reason_given", d && d->has_reason}});
    }
    qis::Json errs = qis::Json::array();
    for (auto& e : problems) errs.push_back({{"code", e.code}, {"message", e.message}, {"where", e.where}});
    std::cout << qis::Json{{"ok", problems.empty() && expert.unanswered.empty()},
                           {"expert", {{"name", r.expert.name}, {"title", r.expert.title}, {"unit", r.expert.unit}}},
                           {"date", r.date},
                           {"self_total", milli_json(self.total)},
                           {"expert_total", milli_json(expert.total)},
                           {"unanswered", expert.unanswered},
                           {"criteria", crit},
                           {"problems", errs}}
                     .dump(2, ' ', false)
              << "\n";
  } else {
    std::cout << "专家：" << r.expert.name;
    if (!r.expert.title.empty() || !r.expert.unit.empty()) std::cout << "（" << r.expert.title << " " << r.expert.unit << "）";
    std::cout << "  日期：" << r.date << "\n单位：" << r.station << "（" << rb.title << "）\n";
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
  for (auto& e : problems) std::cerr << "qis: " << review_path << ": " << e.message << " [" << e.code << "]\n";
  if (!expert.unanswered.empty())
    std::cerr << "qis: " << review_path << ": 尚有 " << expert.unanswered.size() << " 个细项未评分（如"
              << qis::target_label(rb, expert.unanswered.front()) << "），专家组汇总前须全部评分 [panel.review_incomplete]\n";
  return problems.empty() && expert.unanswered.empty() ? kOk : kInvalid;
}

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

int cmd_panel(const std::string& package_path, const std::vector<std::string>& review_paths, const qis::PanelOptions& options,
              const std::string& out_path, bool json, const std::string& today) {
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  std::vector<qis::Review> reviews;
  for (auto& rp : review_paths) {
    std::string text;
    if (!read_file(rp, text)) return fail(rp, {"io.read", "无法读取文件，请检查路径", ""});
    auto r = qis::import_review(text, rubrics);
    if (!r) return fail(rp, r.error());
    reviews.push_back(std::move(r).value());
  }
  auto merged = qis::merge_panel(*p.pkg.rubric, p.pkg.assessment, p.hash, reviews, options, today);
  if (!merged) return fail(package_path, merged.error());
  const qis::Panel& panel = merged.value();
  for (auto& w : panel.warnings) std::cerr << "qis: 警告：" << w.message << " [" << w.code << "]\n";
  const std::string file = qis::export_panel(panel);
  if (!out_path.empty() && !write_file(out_path, file)) return fail(out_path, {"io.write", "无法写入文件，请检查路径和权限", ""});
  if (json) {
    std::cout << file;
    return kOk;
  }
  std::cout << "专家组汇总：" << (panel.station.empty() ? "（未填写单位名称）" : panel.station) << "（" << panel.rubric->title
            << "）\n方法：" << qis::panel_method_text(panel.options.method) << "，四舍五入保留一位小数；专家 "
            << panel.reviews.size() << " 人：";
  for (std::size_t i = 0; i < panel.reviews.size(); ++i) std::cout << (i ? "、" : "") << panel.reviews[i].expert.name;
  std::cout << "\n细项\t满分\t自评";
  for (auto& r : panel.reviews) std::cout << "\t" << r.expert.name;
  std::cout << "\t极差\t结果\n";
  for (auto& c : panel.criteria) {
    std::cout << c.node->id << " " << c.node->title << "\t" << qis::format_milli(c.node->max) << "\t" << qis::format_milli(c.self);
    for (auto s : c.scores) std::cout << "\t" << qis::format_milli(s);
    std::cout << "\t" << qis::format_milli(c.spread) << (c.wide_spread ? "*" : "") << "\t" << qis::format_milli(c.result);
    if (c.override_by_leader)
      std::cout << "（组长调整，计算值 " << qis::format_milli(c.computed) << "：" << c.override_by_leader->reason << "）";
    std::cout << "\n";
  }
  std::cout << "总分：自评 " << qis::format_milli(panel.self_total) << "，专家组 " << qis::format_milli(panel.total) << "\n结论："
            << panel.outcome << "\n* 极差超过该项满分的 20%\n";
  if (!out_path.empty()) std::cout << "已保存：" << out_path << "\n";
  return kOk;
}

int cmd_rank(const std::vector<std::string>& given, std::vector<std::string> panel_paths, bool csv, bool json,
             const std::string& out_path, const std::string& today) {
  auto rubrics = qis::load_bundled_rubrics();
  std::vector<std::string> paths;
  int code = kOk;
  if (!expand_folders(given, paths, &panel_paths, code)) return code;  // a folder's panel files count too
  std::vector<LoadedPackage> packages(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (!load_package(paths[i], rubrics, packages[i], code)) return code;
  std::vector<qis::RankInput> inputs;
  for (auto& p : packages) inputs.push_back({p.path, p.hash, p.pkg.rubric, p.pkg.assessment, std::nullopt});
  for (auto& pp : panel_paths) {
    std::string text;
    if (!read_file(pp, text)) return fail(pp, {"io.read", "无法读取文件，请检查路径", ""});
    auto file = qis::read_panel(text, rubrics);
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
  auto ranked = qis::rank_stations(inputs, today);
  if (!ranked) return fail(ranked.error().where.empty() ? "rank" : ranked.error().where, ranked.error());
  const qis::RankResult& r = ranked.value();
  if (csv) return emit(out_path, qis::rank_csv(r));
  if (json) return emit(out_path, r.rubric ? qis::rank_json(r).dump(2, ' ', false) + "\n" : "");
  std::ostringstream os;
  os << r.rubric->title << "（" << r.rubric->id << " " << r.rubric->version << "）排名\n名次\t单位名称\t得分\t等次\t支持金额（万元）\t结论\n";
  for (auto& x : r.rows)
    os << (x.rank ? std::to_string(x.rank) : "—") << "\t" << x.name << "\t" << qis::format_milli(x.score)
       << (x.from_panel ? "" : "（自评）") << "\t" << (x.tier.empty() ? "—" : x.tier) << "\t"
       << (x.amount ? qis::format_milli(x.amount) : "—") << "\t" << x.conclusion << "\n";
  if (r.rubric->ranking && !r.rubric->ranking->tiers.empty())
    os << "支持金额合计：" << qis::format_milli(r.total_amount) << " 万元\n";
  for (auto& n : r.notes) os << "注：" << n << "\n";
  return emit(out_path, os.str());
}

int cmd_report(const std::string& package_path, const std::string& panel_path, qis::DocumentKind kind,
               const std::string& out_path, const std::string& date, const std::string& today, bool docx) {
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  std::optional<qis::Panel> panel;
  if (!panel_path.empty() && !load_panel(panel_path, rubrics, p, today, panel, code)) return code;
  if (!qis::document_defined(*p.pkg.rubric, kind)) {
    std::string offered;
    for (auto k : qis::rubric_documents(*p.pkg.rubric)) offered += (offered.empty() ? "" : "、") + std::string(qis::document_kind_name(k));
    return fail(package_path, {"report.kind_undefined", "该数据包的评分表（" + p.pkg.rubric->short_title + "）没有规定这种文书；可生成：" + offered, ""});
  }
  qis::DocumentInput in;
  in.rubric = p.pkg.rubric;
  in.package_hash = p.hash;
  in.assessment = &p.pkg.assessment;
  in.panel = panel ? &*panel : nullptr;
  in.date = date;
  in.today = today;
  const int rc = emit(out_path, docx ? qis::render_document_docx(kind, in) : qis::render_document(kind, in));
  if (rc == kOk && !out_path.empty()) std::cerr << "qis: 已生成 " << out_path << "\n";
  return rc;
}

}  // namespace

// ---- qis ledger: the service ledger's CSV import and export (docs/ledger.md) ----
namespace {

bool ledger_write(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  return static_cast<bool>(f.flush());
}

int ledger_usage(const std::string& message) {
  std::cerr << "qis: " << message << "\n" << kUsageText;
  return kUsage;
}

int ledger_import(const std::string& csv_path, const std::string& package_path, const std::string& out_path,
                  bool keep_good, const std::string& today) {
  std::string csv, text;
  if (!read_file(csv_path, csv)) return fail(csv_path, {"io.read", "无法读取文件，请检查路径", ""});
  if (!read_file(package_path, text)) return fail(package_path, {"io.read", "无法读取文件，请检查路径", ""});
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  auto imported = qis::import_package(text, rubrics);
  if (!imported) return fail(package_path, imported.error());
  note_migration(package_path, imported.value());
  auto result = qis::import_ledger_csv(csv);
  if (!result) return fail(csv_path, result.error());
  const qis::LedgerImport& im = result.value();
  for (auto& w : im.warnings) std::cerr << "qis: " << csv_path << ": 注意：" << w << "\n";
  for (auto& e : im.errors) std::cerr << "qis: " << csv_path << ": " << qis::format_row_error(e) << " [" << e.code << "]\n";
  std::cout << "编码 " << im.encoding << "，表头在第 " << im.header_row << " 行；数据 " << im.rows << " 行：导入 "
            << im.imported << " 行，有错误 " << im.failed << " 行" << (im.blank ? "（另有空行 " + std::to_string(im.blank) + " 行）" : "")
            << "\n";
  if (im.failed > 0 && !keep_good) {
    std::cerr << "qis: 未写入任何文件：请修正以上 " << im.failed << " 行后重新导入，或加 --keep-good 只导入正确的行\n";
    return kInvalid;
  }
  qis::Assessment a = imported.value().assessment;
  a.ledger = im.ledger;
  const std::string target = out_path.empty() ? package_path : out_path;
  if (!ledger_write(target, qis::export_package(*imported.value().rubric, a, today)))
    return fail(target, {"io.write", "无法写入文件，请检查路径和权限", ""});
  std::cout << "台账：" << a.ledger.enterprises.size() << " 家企业，" << a.ledger.records.size() << " 条记录；已写入 " << target
            << "\n";
  const qis::ScoreReport rep = qis::score(*imported.value().rubric, a, today);
  for (auto& c : rep.criteria)
    if (c.from_ledger)
      std::cout << "  " << c.node->id << " " << c.node->title << "：" << qis::format_milli(c.score) << " / "
                << qis::format_milli(c.node->max) << "　" << c.explanation << "\n";
  return im.failed > 0 ? kInvalid : kOk;
}

int ledger_export(const std::string& package_path, const std::string& out_path) {
  std::string text;
  if (!read_file(package_path, text)) return fail(package_path, {"io.read", "无法读取文件，请检查路径", ""});
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  auto imported = qis::import_package(text, rubrics);
  if (!imported) return fail(package_path, imported.error());
  note_migration(package_path, imported.value());
  const qis::Ledger& l = imported.value().assessment.ledger;
  if (!ledger_write(out_path, qis::export_ledger_csv(l))) return fail(out_path, {"io.write", "无法写入文件，请检查路径和权限", ""});
  std::cout << "已导出 " << l.records.size() << " 条记录（" << l.enterprises.size() << " 家企业）到 " << out_path << "\n";
  return kOk;
}

// qis ledger import FILE.csv PACKAGE.json [-o OUT.json] [--keep-good] [--today D]
// qis ledger export PACKAGE.json -o OUT.csv
int cmd_ledger(const std::vector<std::string>& args) {
  std::vector<std::string> pos;
  std::string out, today;
  bool keep_good = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--keep-good") keep_good = true;
    else if ((a == "-o" || a == "--output" || a == "--today") && i + 1 < args.size()) (a == "--today" ? today : out) = args[++i];
    else if (a.rfind("-", 0) == 0 && a.size() > 1) return ledger_usage("qis ledger 不接受选项 " + a);
    else pos.push_back(a);
  }
  if (pos.size() == 3 && pos[0] == "import") return ledger_import(pos[1], pos[2], out, keep_good, today);
  if (pos.size() == 2 && pos[0] == "export") {
    if (keep_good) return ledger_usage("--keep-good 只用于 qis ledger import");
    if (out.empty()) return ledger_usage("请用 -o 指定导出的 CSV 文件，如 qis ledger export 数据包.json -o 台账.csv");
    return ledger_export(pos[1], out);
  }
  return ledger_usage("用法：qis ledger import FILE.csv PACKAGE.json [-o OUT.json] [--keep-good]，或 qis ledger export PACKAGE.json -o OUT.csv");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "ledger") return cmd_ledger(args);  // its own options
  bool json = false, csv = false;
  std::string today, evidence, method, kind, out, date, format;
  std::vector<std::string> panels, overrides, pos;
  std::set<std::string> given;  // options seen, checked against what the command accepts
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= args.size()) return false;
      into = args[++i];
      return true;
    };
    if (a == "--json") json = true;
    else if (a == "--csv") csv = true;
    else if (a == "--version") {
      std::cout << "qis " << QIS_VERSION << "\n";
      return kOk;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsageText;
      return kOk;
    } else if (a == "--today" || a == "--evidence" || a == "--method" || a == "--kind" || a == "-o" || a == "--output" ||
               a == "--date" || a == "--panel" || a == "--override" || a == "--format") {
      std::string v;
      if (!value(v)) {
        if (a == "--today") {  // as before: a bare --today is an unknown option
          std::cerr << "qis: 未知选项 " << a << "\n" << kUsageText;
          return kUsage;
        }
        return usage_error("选项 " + a + " 后面需要一个值");
      }
      if (a == "--today") today = v;
      else if (a == "--evidence") evidence = v;
      else if (a == "--method") method = v;
      else if (a == "--kind") kind = v;
      else if (a == "-o" || a == "--output") out = v;
      else if (a == "--date") date = v;
      else if (a == "--panel") panels.push_back(v);
      else if (a == "--format") format = v;
      else overrides.push_back(v);
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "qis: 未知选项 " << a << "\n" << kUsageText;
      return kUsage;
    } else {
      pos.push_back(a);
      continue;
    }
    given.insert(a == "--output" ? "-o" : a);
  }
  if (pos.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  const std::string& cmd = pos[0];
  // Options each command accepts; --json and --today stay accepted everywhere they were before.
  const std::map<std::string, std::set<std::string>> accepted = {
      {"rubrics", {"--json", "--today"}},
      {"check", {"--json", "--today"}},
      {"score", {"--json", "--today"}},
      {"verify", {"--json", "--evidence"}},
      {"review", {"--json", "--today"}},
      {"panel", {"--json", "--today", "--method", "--override", "-o"}},
      {"rank", {"--json", "--today", "--csv", "--panel", "-o"}},
      {"report", {"--today", "--kind", "--panel", "-o", "--date", "--format"}},
  };
  auto acc = accepted.find(cmd);
  if (acc == accepted.end()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  for (auto& g : given)
    if (!acc->second.count(g)) return usage_error("命令 " + cmd + " 不接受选项 " + g);
  if (!date.empty() && !valid_date(date)) return usage_error("--date 的日期格式应为 YYYY-MM-DD，如 2025-06-01");

  if (cmd == "rubrics" && pos.size() == 1) return cmd_rubrics(json);
  if (cmd == "check" && pos.size() == 2) return cmd_check(pos[1], json);
  if (cmd == "score" && pos.size() == 2) return cmd_score(pos[1], json, today);
  if (cmd == "verify" && pos.size() >= 2) return cmd_verify(std::vector<std::string>(pos.begin() + 1, pos.end()), evidence, json);
  if (cmd == "review" && pos.size() == 3) return cmd_review(pos[1], pos[2], json, today);
  if (cmd == "panel" && pos.size() >= 3) {
    qis::PanelOptions options;
    if (!method.empty()) {
      auto m = qis::panel_method_from_name(method);
      if (!m) return usage_error("--method 应为 mean（平均）或 trimmed（去掉一个最高分和一个最低分后平均）");
      options.method = *m;
    }
    for (auto& o : overrides) {
      qis::PanelOverride po;
      if (!parse_override(o, po)) return usage_error("--override 的格式应为 细项编号=分值:理由，如 --override 1.1.1=8.5:现场核实文件齐全");
      options.overrides.push_back(po);
    }
    return cmd_panel(pos[1], std::vector<std::string>(pos.begin() + 2, pos.end()), options, out, json, today);
  }
  if (cmd == "rank" && pos.size() >= 2) {
    if (csv && json) return usage_error("--csv 与 --json 只能选一个");
    return cmd_rank(std::vector<std::string>(pos.begin() + 1, pos.end()), panels, csv, json, out, today);
  }
  if (cmd == "report" && pos.size() == 2) {
    if (kind.empty()) return usage_error("请用 --kind 指定文书：self-assessment、application、declaration、score-sheet 或 report");
    auto k = qis::document_kind_from_name(kind);
    if (!k) return usage_error("--kind 应为 self-assessment（自评记录）、application（申请表）、declaration（申报表）、score-sheet（评分表）或 report（评价报告）");
    if (panels.size() > 1) return usage_error("report 只接受一个 --panel");
    if (!format.empty() && format != "html" && format != "docx") return usage_error("--format 应为 html 或 docx");
    if (format == "docx" && out.empty()) return usage_error("--format docx 须用 -o 指定输出文件，如 -o 评价报告.docx");
    return cmd_report(pos[1], panels.empty() ? "" : panels[0], *k, out, date, today, format == "docx");
  }
  std::cerr << kUsageText;
  return kUsage;
}
