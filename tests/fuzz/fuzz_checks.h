// Invariants the fuzz targets check on whatever the loaders accept; a violation aborts so that
// libFuzzer keeps the input as a crash file.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "bundled.h"
#include "package.h"
#include "scoring.h"

namespace qis_fuzz {

// Fixed, so that gates depending on months of operation decide the same way on every run.
inline const std::string kToday = "2026-01-01";

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

// A refusal must carry a stable code of the loader's families and a message for the user.
inline void check_error(const qis::Error& e, std::initializer_list<const char*> families) {
  bool known = false;
  for (const char* f : families) known |= e.code.rfind(f, 0) == 0;
  if (!known) fail(("error code outside its families: " + e.code).c_str());
  if (e.message.empty()) fail(("error without a message: " + e.code).c_str());
}

inline std::vector<qis::Rubric> bundled_rubrics() {
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  if (!errors.empty()) fail(("a bundled rubric does not load: " + errors[0].message).c_str());
  return rubrics;
}

// Every criterion scores within 0..its maximum, and the totals are the sums of their parts.
inline void check_report(const qis::Rubric& rubric, const qis::ScoreReport& rep) {
  qis::Milli base = 0, bonus = 0;
  for (auto& c : rep.criteria) {
    if (c.score < 0 || c.score > c.node->max) fail(("criterion scored outside 0..max: " + c.node->id).c_str());
    if (c.error && c.score != 0) fail(("an invalid answer scored points: " + c.node->id).c_str());
    (c.node->bonus ? bonus : base) += c.score;
  }
  if (base != rep.base || bonus != rep.bonus || rep.total != base + bonus) fail("totals are not the sum of the criteria");
  if (rep.base > rubric.total || rep.bonus > rubric.bonus_total) fail("a total exceeds the rubric's maximum");
}

// export → import → export is byte-identical.
inline void check_round_trip(const std::vector<qis::Rubric>& rubrics, const qis::Rubric& rubric,
                             const qis::Assessment& a) {
  const std::string first = qis::export_package(rubric, a, kToday);
  auto back = qis::import_package(first, rubrics);
  if (!back) fail(("an exported package does not import: " + back.error().code + " " + back.error().message).c_str());
  const std::string second = qis::export_package(*back.value().rubric, back.value().assessment, kToday);
  if (first != second) {
    std::fprintf(stderr, "--- first export\n%s\n--- second export\n%s\n", first.c_str(), second.c_str());
    fail("export → import → export is not byte-identical");
  }
}

}  // namespace qis_fuzz
