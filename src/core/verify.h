// Verifying a submitted package: is it what the station exported? Its scores are recomputed from
// its answers and compared with the stored ones; every evidence entry's size and SHA-256 checked.
// docs/trust.md says what this proves and what it does not.
//
// Error codes (stable; the message is Chinese and says what to do):
//   verify.scores_missing  verify.score_mismatch  verify.score_missing  verify.score_unknown
//   verify.total_mismatch  verify.answer_invalid  verify.evidence_base64  verify.evidence_size
//   verify.evidence_hash   verify.evidence_missing  verify.evidence_refused  verify.more_findings
//   verify.material_missing (in VerifyReport::incomplete, not a finding)
//   package.text_normalised (in VerifyReport::text_warnings, not a finding)
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "package.h"
#include "rubric.h"

namespace qis {

// SHA-256 of a package file's bytes: what reviews and panels name their package by.
std::string package_hash(std::string_view package_bytes);

// A package hash as a reader types it from stamped paper ("1F3A 9C0B-…"): lowercase hex with the
// spaces, dashes and tabs taken out; empty unless that leaves 16 to 64 hex digits.
std::string printed_hash_prefix(std::string_view typed);

// "“机构成立及成立文件”（1.1.1）" for a criterion or indicator, the gate's wording for a gate, a
// material's title and clause (申请材料“相关制度”（6.2 d)）) for its id or for "material:<id>", as
// evidence cites it: never the internal id alone, where the rubric names it otherwise.
std::string target_label(const Rubric& rubric, const std::string& id);

struct VerifyFinding {
  std::string code;
  std::string criterion;  // criterion (or gate / material) id concerned; empty for the total
  std::string message;    // Chinese, names the criterion and both values
};

// The bytes of an evidence file that is not embedded, by its manifest entry; empty when not at
// hand. The web app looks in the files the evaluator dropped.
using EvidenceLookup = std::function<std::optional<std::string>(const EvidenceItem&)>;

// What a lookup that reads files itself found for a manifest entry (the CLI's --evidence DIR):
// the size and SHA-256 without handing the bytes over, so a large file is hashed as it is read.
struct EvidenceFile {
  bool found = false;            // false: not there (verify.evidence_missing)
  std::optional<Error> refused;  // there but not read; the message follows the file's name, e.g.
                                 // "：是指向材料目录以外的链接，未读取"
  std::int64_t size = 0;         // bytes, from the file system
  std::string sha256;            // lower-case hex; empty when the size already differs (not read)
};
using EvidenceFileLookup = std::function<EvidenceFile(const EvidenceItem&)>;

// At most this many findings per criterion (and for the package as a whole) are listed; the rest
// are counted in one verify.more_findings finding, so the report grows with the rubric, not with
// the file (an evidence entry citing millions of ids must not print millions of lines).
inline constexpr int kMaxFindingsPerCriterion = 10;

struct VerifyReport {
  const Rubric* rubric = nullptr;
  std::string package_hash;
  std::string station;                // 单位名称
  Milli computed_total = 0;
  std::optional<Milli> stored_total;  // as the file says
  int evidence_entries = 0;
  int evidence_checked = 0;                 // embedded or found through the lookup, then compared
  std::vector<std::string> evidence_unchecked;  // names: neither embedded nor any lookup given
  std::vector<VerifyFinding> findings;      // in document order: scores, answers, then evidence;
                                            // identical ones once, at most kMaxFindingsPerCriterion
                                            // per criterion, then one verify.more_findings
  int findings_total = 0;                   // every problem found, listed or only counted
  int migrated_from = 0;                    // ImportedPackage::migrated_from: information, not a finding
  std::string notice;                       // ImportedPackage::notice
  std::vector<Error> text_warnings;         // ImportedPackage::text_warnings (package.text_normalised):
                                            // what the documents print instead; not a finding
  // verify.material_missing: required materials the station did not attach. The package is
  // incomplete, not tampered with, so these are kept apart from `findings` and ok().
  std::vector<VerifyFinding> incomplete;
  bool ok() const { return findings.empty(); }
};

// Imports the package (format and rubric version must be recognised, else the Error), recomputes
// its scores and compares them with the stored ones, and checks every evidence entry's size and
// SHA-256. Without a lookup, entries that are not embedded are listed as unchecked, not as
// findings; with one, an entry it cannot find is a finding. A qis-package/1 file is migrated as
// import_package does, which keeps the scores it was made with: the notice is not a finding.
// Findings about ids the rubric does not have are listed under the package as a whole ("").
Result<VerifyReport> verify_package(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                    const EvidenceLookup& lookup = nullptr);
Result<VerifyReport> verify_package(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                    const EvidenceFileLookup& lookup);
// The same for a package already imported (import_package) from bytes whose package_hash is
// `hash`: a caller that needs the package anyway reads it once.
VerifyReport verify_imported(const ImportedPackage& pkg, const std::string& hash, const EvidenceFileLookup& lookup = nullptr);

// One short line for a report, the same in `qis rank`, its CSV and the page: "校验通过", "3 项问题",
// "缺 2 项必备材料", "3 项问题；缺 2 项必备材料", each followed by "（4 个附件未随附，未核对）" when
// entries were neither embedded nor found.
std::string verify_status(const VerifyReport& r);

}  // namespace qis
