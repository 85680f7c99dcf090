// Packages: an assessment exported as JSON ("qis-package/2") for submission, and read back.
// Keys are written in a stable (sorted) order, so export → import → export is byte-identical.
// Stored scores are informational: every reader recomputes them from the answers.
// Format versions (docs/package-format.md): /2 adds `assessment_year` (评价年度, omitted when not
// set). /1 files and drafts are still read and migrated; only /2 is written.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "rubric.h"
#include "scoring.h"

namespace qis {

inline constexpr const char* kPackageFormat = "qis-package/2";
inline constexpr int kPackageFormatVersion = 2;
inline constexpr std::size_t kMaxPackageBytes = 64u << 20;  // embedded evidence included
inline constexpr std::size_t kMaxEvidenceItems = 5000;       // evidence entries (package.too_many_evidence)

// The package JSON object (scores computed with `today` for gates).
Json package_json(const Rubric& rubric, const Assessment& a, const std::string& today = "");
std::string export_package(const Rubric& rubric, const Assessment& a, const std::string& today = "");

// Reads a package; the rubric it names must be among `rubrics` with the same version and content.
// A qis-package/1 file is migrated: its fields are taken unchanged and `assessment_year` becomes
// the latest year of its ledger (the year its per-year counts were scored with; 0 when the ledger
// has no dated record), so its score does not change.
struct ImportedPackage {
  Assessment assessment;
  const Rubric* rubric = nullptr;
  Json stored_scores;  // as found in the file, for verification
  int migrated_from = 0;  // 1 when the file was qis-package/1; 0 when it was read as it is
  std::string notice;     // Chinese, for the user when migrated_from != 0; else empty
  std::vector<Error> text_warnings;  // package_text_warnings: information, the data is kept as it is
};
Result<ImportedPackage> import_package(std::string_view text, const std::vector<Rubric>& rubrics);

// At most this many package.text_normalised warnings are listed; one more counts the rest.
inline constexpr std::size_t kMaxTextWarnings = 10;
// package.text_normalised: each text a document prints (profile, notes, override reasons, evidence
// names and notes) that document_text (safe_text.h) changes: a vertical tab pasted from Word, a
// control character, a bidirectional control. The package keeps the text as it is (it is the
// station's data, and its hash must not change); this says what the printed documents show instead.
std::vector<Error> package_text_warnings(const Rubric& rubric, const Assessment& a);

// Assessment fields only, without rubric checks. assessment_from_json checks assessment_year
// (package.assessment_year) but does not migrate: that is import_package's, which knows the format.
Json assessment_to_json(const Assessment& a);
Assessment assessment_from_json(const Json& j);  // throws LoadFailure with a Chinese message

// "<单位名称>-<rubric>-<date>.json", with characters unsafe in file names replaced.
std::string package_file_name(const Rubric& rubric, const Assessment& a, const std::string& date);

}  // namespace qis
