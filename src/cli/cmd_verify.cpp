// qis verify: is each submitted package what the station exported (scores and evidence)?
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "bundle.h"
#include "bundle_zip.h"
#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "signatures.h"
#include "verify.h"

namespace qis_cli {

const char* const kVerifyUsage =
    "  qis verify PACKAGE.json|BUNDLE.zip|FOLDER... [--evidence DIR] [--expect HASH] [--json]\n"
    "        核对数据包：按答案重新计算得分并与记录的得分比较；核对每个证明材料的大小和 SHA-256\n"
    "        （内嵌的直接核对，其余在 DIR 中按文件名查找）。提交包（.zip，由 qis bundle 或网页“导出”\n"
    "        生成）先检查其目录（路径、大小、压缩比），再逐个核对其中的证明材料，缺少、多出或被改动的\n"
    "        文件都列为问题，不需要 --evidence。可给多个数据包、提交包或文件夹（取其中的 .json 和\n"
    "        .zip），逐个核对并汇总；任一发现问题时退出码为 1。--expect 核对数据包（提交包中的\n"
    "        package.json）是否就是纸质材料上印的 SHA-256（至少前 16 位，可含空格）所指的文件\n"
    "        （只能核对一个）\n";

namespace {

constexpr std::size_t kMaxUncheckedNames = 50;
constexpr std::size_t kMaxFileRows = 200;

// Verifies one package; the report goes to stdout, or into `collect` (a JSON array) when given.
// One row per evidence entry of a bundle (and one per file no entry names): core/bundle.h.
using BundleRow = qis::BundleEntryCheck;

std::vector<BundleRow> bundle_rows(const std::string& package_bytes, const std::vector<qis::Rubric>& rubrics,
                                   const std::vector<qis::BundleFile>& files) {
  auto imported = qis::import_package(package_bytes, rubrics);
  if (!imported) return {};
  return qis::bundle_entry_checks(imported.value().assessment, files);
}

const char* status_label(const std::string& status) {
  return status == "ok"        ? "一致"
         : status == "missing" ? "缺少"
         : status == "size"    ? "大小不符"
         : status == "altered" ? "已改动"
         : status == "refused" ? "无法读取"
         : status == "embedded" ? "内嵌（已核对内嵌数据）"
                                : "清单外";
}

std::string size_label(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " 字节";
  if (bytes < (1 << 20)) return std::to_string((bytes + 1023) / 1024) + " KB";
  const std::int64_t tenths = (bytes * 10 + (1 << 20) / 2) / (1 << 20);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

int verify_one(const std::string& path, const std::vector<qis::Rubric>& rubrics, const std::string& evidence_dir,
               bool json, qis::Json* collect, const std::string& expect = "") {
  // A submission bundle (by its first bytes, whatever its name) or a package.
  const bool is_bundle = looks_like_zip(path);
  std::optional<BundleRead> bundle;
  qis::Result<std::string> text = std::string();
  if (is_bundle) {
    auto read = read_bundle(path);
    if (!read) return fail(path, read.error());
    bundle = std::move(read).value();
    text = std::move(bundle->package_bytes);
  } else {
    text = read_input(path, kPackageInput);
  }
  if (!text) return fail(path, text.error());
  // The paper a station stamped names the file by its SHA-256: is this that file?
  if (!expect.empty()) {
    const std::string actual = qis::package_hash(text.value());
    if (actual.compare(0, expect.size(), expect) != 0)
      return fail(path, {"verify.hash_mismatch",
                         "这不是纸质材料所对应的数据包：纸质材料上的 SHA-256 为 " + expect + "…，此文件的为 " + actual.substr(0, expect.size()) +
                             "…。请向申报单位核实，并使用与盖章材料一致的数据包。",
                         ""});
    if (!json) std::cout << "与纸质材料核对：一致（SHA-256 " << expect << "…）\n";
  }
  qis::EvidenceFileLookup lookup;
  if (!evidence_dir.empty())
    lookup = [&](const qis::EvidenceItem& e) {
      qis::EvidenceFile f;
      // Only a plain file name inside DIR: a manifest must not point anywhere else on disk.
      if (e.name.empty() || e.name == "." || e.name == ".." || e.name.find_first_of("/\\") != std::string::npos)
        return f;
      const EvidenceRead r = read_evidence(evidence_dir, e.name, e.size);
      f.found = r.found;
      f.refused = r.refused;
      f.size = r.size;
      f.sha256 = r.sha256;
      return f;
    };
  auto verified = is_bundle ? qis::verify_bundle(text.value(), rubrics, bundle->files)
                            : qis::verify_package(text.value(), rubrics, lookup);
  if (!verified) return fail(is_bundle ? path + "（" + qis::kBundlePackagePath + "）" : path, verified.error());
  const qis::VerifyReport& rep = verified.value();
  // Who signed the package, if anyone (docs/trust.md): a signature that no longer holds is a problem.
  const qis::trust::SignatureCheck sig = file_signature(text.value(), {});
  const bool signature_ok = qis::trust::acceptable(sig);
  const std::vector<BundleRow> rows = is_bundle ? bundle_rows(text.value(), rubrics, bundle->files) : std::vector<BundleRow>();
  if (json) {
    qis::Json findings = qis::Json::array();
    for (auto& f : rep.findings) findings.push_back({{"code", f.code}, {"criterion", f.criterion}, {"message", f.message}});
    qis::Json incomplete = qis::Json::array();
    for (auto& f : rep.incomplete) incomplete.push_back({{"code", f.code}, {"material", f.criterion}, {"message", f.message}});
    qis::Json text_warnings = qis::Json::array();
    for (auto& w : rep.text_warnings) text_warnings.push_back({{"code", w.code}, {"where", w.where}, {"message", w.message}});
    // The names of entries not checked: the first kMaxUncheckedNames, the count in unchecked_count.
    qis::Json unchecked = qis::Json::array();
    for (std::size_t i = 0; i < rep.evidence_unchecked.size() && i < kMaxUncheckedNames; ++i)
      unchecked.push_back(rep.evidence_unchecked[i]);
    qis::Json report = qis::Json{{"ok", rep.ok() && signature_ok},
                                       {"file", path},
                                       {"package_sha256", rep.package_hash},
                                       {"station", rep.station},
                                       {"rubric", {{"id", rep.rubric->id}, {"version", rep.rubric->version}}},
                                       {"stored_total", rep.stored_total ? milli_json(*rep.stored_total) : qis::Json()},
                                       {"computed_total", milli_json(rep.computed_total)},
                                       {"evidence", {{"entries", rep.evidence_entries}, {"checked", rep.evidence_checked},
                                                     {"unchecked", unchecked}, {"unchecked_count", rep.evidence_unchecked.size()}}},
                                       {"findings", findings},
                                       {"findings_total", rep.findings_total},
                                       {"incomplete", incomplete},
                                       {"text_warnings", text_warnings},
                                       {"migrated_from", rep.migrated_from},
                                       {"notice", rep.notice},
                                       {"signature", signature_json(sig, "签名人")}};
    if (is_bundle) {
      qis::Json files = qis::Json::array();
      for (auto& r : rows)
        files.push_back({{"path", r.path}, {"name", r.name}, {"status", r.status}, {"criteria", r.criteria},
                         {"size", r.size}, {"sha256", r.sha256}});
      report["bundle"] = {{"bytes", bundle->bundle_bytes}, {"files", files}};
    }
    if (collect) collect->push_back(report);
    else std::cout << json_text(report);
  } else {
    std::cout << "单位：" << (rep.station.empty() ? "（未填写）" : shown(rep.station)) << "\n评分表：" << rep.rubric->title << "（"
              << rep.rubric->id << " " << rep.rubric->version << "）\n数据包 SHA-256：" << rep.package_hash << "\n总分：记录 "
              << (rep.stored_total ? qis::format_milli(*rep.stored_total) : "（无）") << "，按答案重新计算 "
              << qis::format_milli(rep.computed_total) << "\n证明材料：" << rep.evidence_entries << " 项，已核对 "
              << rep.evidence_checked << " 项";
    if (!rep.evidence_unchecked.empty())
      std::cout << "，" << rep.evidence_unchecked.size() << " 项未嵌入也未指定材料目录，未核对（用 --evidence DIR 指定）";
    std::cout << "\n";
    if (is_bundle) {
      std::size_t ok = 0;
      for (auto& r : rows) ok += r.status == "ok" || r.status == "embedded";
      std::cout << "提交包：" << size_label(static_cast<std::int64_t>(bundle->bundle_bytes)) << "，" << rows.size()
                << " 个证明材料文件，" << ok << " 个与清单一致\n";
      // A bundle of thousands of files lists its first kMaxFileRows here; --json lists every one.
      for (std::size_t i = 0; i < rows.size() && i < kMaxFileRows; ++i)
        std::cout << "    [" << status_label(rows[i].status) << "] " << shown(rows[i].path) << "（" << size_label(rows[i].size)
                  << "）\n";
      if (rows.size() > kMaxFileRows)
        std::cout << "    另有 " << rows.size() - kMaxFileRows << " 个文件未逐一列出（用 --json 列出全部）\n";
    }
    std::cout << "签名：" << shown(qis::trust::describe(sig, "签名人")) << "\n";
    if (!rep.notice.empty()) std::cout << "格式：" << rep.notice << "\n";  // information, not a finding
    for (auto& w : rep.text_warnings)  // information too: the package is what the station wrote
      std::cout << "文字：" << shown(w.message) << " [" << w.code << "]\n";
    if (!rep.incomplete.empty()) {  // the station's omission, not tampering: listed, exit code unchanged
      std::cout << "材料不全：缺 " << rep.incomplete.size() << " 项必备材料\n";
      for (auto& f : rep.incomplete) std::cout << "    - " << shown(f.message) << " [" << f.code << "]\n";
    }
    if (rep.ok()) {
      std::cout << (signature_ok ? "核对结果：未发现问题\n" : "核对结果：得分和证明材料未发现问题，但签名无效（见上）\n");
    } else {
      // Grouped by criterion, in the order each criterion first appears.
      std::cout << "核对结果：发现 " << rep.findings_total << " 个问题";
      if (static_cast<std::size_t>(rep.findings_total) != rep.findings.size())
        std::cout << "（列出 " << rep.findings.size() << " 条，每个细项最多 " << qis::kMaxFindingsPerCriterion << " 个）";
      std::cout << "\n";
      std::vector<std::string> order;
      for (auto& f : rep.findings)
        if (std::find(order.begin(), order.end(), f.criterion) == order.end()) order.push_back(f.criterion);
      for (auto& id : order) {
        std::cout << "  " << (id.empty() ? std::string("整体") : qis::target_label(*rep.rubric, id)) << "\n";
        for (auto& f : rep.findings)
          if (f.criterion == id) std::cout << "    - " << shown(f.message) << " [" << f.code << "]\n";
      }
    }
  }
  if (!signature_ok) fail(path, sig.error);
  if (!rep.ok()) {
    std::cerr << "qis: " << shown(path) << ": 核对未通过，发现 " << rep.findings.size() << " 个问题（见上）\n";
    return kInvalid;
  }
  return signature_ok ? kOk : kInvalid;
}

}  // namespace

// One package as before; several (or a folder) one after the other, every one verified even when
// an earlier one fails, with a count at the end; --json then prints an array.
int cmd_verify(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--evidence", "--expect"}}, "verify", kVerifyUsage);
  if (!opt) return kUsage;
  const std::vector<std::string>& given = opt->positional;
  if (given.empty()) return usage_error("请给出要核对的数据包或文件夹", kVerifyUsage);
  const std::string evidence_dir = opt->value("--evidence");
  const bool json = opt->has("--json");
  if (!evidence_dir.empty() && !std::filesystem::is_directory(evidence_dir))
    return fail(evidence_dir, {"io.not_found", "找不到证明材料目录（或它不是文件夹），请检查 --evidence 的路径", ""});
  std::vector<std::string> paths;
  int code = kOk;
  if (!expand_folders(given, paths, nullptr, code, true)) return code;
  auto rubrics = qis::load_bundled_rubrics();
  const bool single = given.size() == 1 && paths.size() == 1 && paths[0] == given[0];
  const std::string typed = opt->value("--expect");
  if (!typed.empty()) {
    const std::string expect = qis::printed_hash_prefix(typed);
    if (expect.empty()) return usage_error("--expect 应为纸质材料上印的 SHA-256：16 至 64 位十六进制数字（可含空格）", kVerifyUsage);
    if (!single) return usage_error("--expect 只能核对一个数据包", kVerifyUsage);
    return verify_one(paths[0], rubrics, evidence_dir, json, nullptr, expect);
  }
  if (single) return verify_one(paths[0], rubrics, evidence_dir, json, nullptr);
  qis::Json all = qis::Json::array();
  int failed = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!json) std::cout << (i ? "\n" : "") << "== " << shown(paths[i]) << " ==\n";
    const std::size_t before = all.size();
    const int c = verify_one(paths[i], rubrics, evidence_dir, json, &all);
    if (json && all.size() == before) all.push_back({{"ok", false}, {"file", paths[i]}, {"error", "无法打开（原因见标准错误输出）"}});
    if (c != kOk) ++failed;
    code = std::max(code, c);
  }
  if (json) std::cout << json_text(all);
  else std::cout << "\n共 " << paths.size() << " 个数据包：" << paths.size() - failed << " 个未发现问题，" << failed << " 个有问题或无法打开\n";
  return code;
}

}  // namespace qis_cli
