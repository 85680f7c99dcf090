// Benchmark (not a test): scores a complete Hunan DB43/T assessment — every one of its criteria
// answered at full marks, 1000 points — N times and prints the median time of one score as
//   score_1000pt_native_median: <value> us
// Usage: qis_bench_score [N]   (default 2000; scripts/bench.sh runs it)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bundled.h"
#include "rubric.h"
#include "scoring.h"

namespace {

using qis::Json;
using qis::Milli;

Json milli_json(Milli m) {
  if (m % qis::kMilli == 0) return Json(m / qis::kMilli);
  return Json(static_cast<double>(m) / 1000.0);
}

// The answer that earns a criterion's full marks, for any rule kind.
Json full_marks(const qis::Node& n) {
  const qis::Rule& r = *n.rule;
  switch (r.kind) {
    case qis::RuleKind::Checklist: {
      Json ids = Json::array();
      for (auto& o : r.options) ids.push_back(o.id);
      Json a = {{"checked", ids}};
      if (r.extra_allowed) a["extra"] = n.max / r.extra_points + 1;
      return a;
    }
    case qis::RuleKind::Count:
      return {{"count", (n.max / r.points + 1) * (r.per / qis::kMilli)}};
    case qis::RuleKind::Levels:
      for (std::size_t i = 0; i < r.levels.size(); ++i)
        if (r.levels[i].max == n.max) {
          Json a = {{"level", i}};
          if (r.levels[i].is_range()) a["value"] = milli_json(n.max);
          return a;
        }
      break;
    case qis::RuleKind::Judgment:
      return {{"value", milli_json(r.max)}};
    case qis::RuleKind::GradedItems: {
      Json items = Json::object();
      for (auto& o : r.options) items[o.id] = {{"state", "full"}};
      return {{"items", items}};
    }
    case qis::RuleKind::Bands: {
      const qis::Band& top = r.bands.front();
      Json a = {{"value", milli_json(r.value_max)}};
      if (top.points.is_range()) a["judgment"] = milli_json(top.points.max);
      return a;
    }
    case qis::RuleKind::Highest:
      for (auto& o : r.options)
        if (o.points == n.max) return {{"selected", Json::array({o.id})}};
      break;
    case qis::RuleKind::CategoryCounts: {
      Json counts = Json::object();
      for (auto& o : r.options) counts[o.id] = (r.cap_each / r.points + 1) * (r.per / qis::kMilli);
      return {{"counts", counts}};
    }
    case qis::RuleKind::YesNo:
      return {{"yes", true}};
  }
  std::fprintf(stderr, "bench_score: no full-marks answer for criterion %s\n", n.id.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 2000;
  if (argc > 1) iterations = std::strtol(argv[1], nullptr, 10);
  if (iterations < 1) {
    std::fprintf(stderr, "usage: qis_bench_score [N]  (N >= 1)\n");
    return 2;
  }

  std::vector<qis::Error> errors;
  const std::vector<qis::Rubric> rubrics = qis::load_bundled_rubrics(&errors);
  const qis::Rubric* hunan = nullptr;
  for (auto& r : rubrics)
    if (r.id == "hunan-db43") hunan = &r;
  if (!hunan) {
    std::fprintf(stderr, "bench_score: the bundled rubric hunan-db43 did not load\n");
    return 1;
  }

  qis::Assessment a;
  a.rubric_id = hunan->id;
  a.rubric_version = hunan->version;
  a.profile["name"] = "基准测试质量服务站";
  a.profile["operation_start"] = "2023-03-01";
  for (const qis::Node* c : hunan->criteria()) a.answers[c->id] = full_marks(*c);

  const qis::ScoreReport check = qis::score(*hunan, a, "2025-06-30");
  if (check.total != 1000 * qis::kMilli || !check.unanswered.empty() || !check.errors.empty()) {
    std::fprintf(stderr, "bench_score: the assessment scores %s with %zu unanswered and %zu errors, not 1000\n",
                 qis::format_milli(check.total).c_str(), check.unanswered.size(), check.errors.size());
    return 1;
  }
  std::fprintf(stderr, "bench_score: %zu criteria, total %s; scoring %ld times\n", hunan->criteria().size(),
               qis::format_milli(check.total).c_str(), iterations);

  using clock = std::chrono::steady_clock;
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(iterations));
  Milli sink = 0;
  for (long i = 0; i < 10; ++i) sink += qis::score(*hunan, a, "2025-06-30").total;  // warm-up
  for (long i = 0; i < iterations; ++i) {
    const auto t0 = clock::now();
    const qis::ScoreReport rep = qis::score(*hunan, a, "2025-06-30");
    const auto t1 = clock::now();
    sink += rep.total;
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  if (sink != (iterations + 10) * check.total) {
    std::fprintf(stderr, "bench_score: the total changed between runs\n");
    return 1;
  }
  const std::size_t mid = us.size() / 2;
  std::nth_element(us.begin(), us.begin() + static_cast<std::ptrdiff_t>(mid), us.end());
  double median = us[mid];
  if (us.size() % 2 == 0) {
    const double below = *std::max_element(us.begin(), us.begin() + static_cast<std::ptrdiff_t>(mid));
    median = (median + below) / 2.0;
  }
  std::printf("score_1000pt_native_median: %.1f us\n", median);
  return 0;
}
