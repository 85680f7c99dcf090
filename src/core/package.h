// Packages: an assessment exported as JSON ("qis-package/1") for submission, and read back.
// Keys are written in a stable (sorted) order, so export → import → export is byte-identical.
// Stored scores are informational: every reader recomputes them from the answers.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "rubric.h"
#include "scoring.h"

namespace qis {

inline constexpr const char* kPackageFormat = "qis-package/1";
inline constexpr int kPackageFormatVersion = 1;
inline constexpr std::size_t kMaxPackageBytes = 64u << 20;  // embedded evidence included

// The package JSON object (scores computed with `today` for gates).
Json package_json(const Rubric& rubric, const Assessment& a, const std::string& today = "");
std::string export_package(const Rubric& rubric, const Assessment& a, const std::string& today = "");

// Reads a package; the rubric it names must be among `rubrics` with the same version and content.
struct ImportedPackage {
  Assessment assessment;
  const Rubric* rubric = nullptr;
  Json stored_scores;  // as found in the file, for verification
};
Result<ImportedPackage> import_package(std::string_view text, const std::vector<Rubric>& rubrics);

// Assessment fields only, without rubric checks (drafts, migration).
Json assessment_to_json(const Assessment& a);
Assessment assessment_from_json(const Json& j);  // throws LoadFailure with a Chinese message

// "<单位名称>-<rubric>-<date>.json", with characters unsafe in file names replaced.
std::string package_file_name(const Rubric& rubric, const Assessment& a, const std::string& date);

}  // namespace qis
