// libFuzzer target: load_rubric on arbitrary bytes. It must return a value or an Error with a
// stable code and a message, never crash or hang. A rubric that loads is scored twice, with no
// answers and with the largest answers each rule accepts (every item ticked, counts of 1 亿, the
// top level), and each score must stay within its criterion's range; both assessments are
// exported as packages, which must import again and export byte-identically.
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"
#include "package.h"
#include "rubric.h"

namespace {

constexpr std::int64_t kLargestCount = 100000000;  // rules.cpp accepts counts up to 1 亿

double points(qis::Milli m) { return static_cast<double>(m) / 1000.0; }

qis::Json largest_answer(const qis::Node& n) {
  using qis::Json;
  using qis::RuleKind;
  const qis::Rule& r = *n.rule;
  Json ids = Json::array();
  for (auto& o : r.options) ids.push_back(o.id);
  switch (r.kind) {
    case RuleKind::Checklist: {
      Json a = {{"checked", ids}};
      if (r.extra_allowed) a["extra"] = kLargestCount;
      return a;
    }
    case RuleKind::Count: return {{"count", kLargestCount}};
    case RuleKind::Levels: {
      std::size_t top = 0;
      for (std::size_t i = 0; i < r.levels.size(); ++i)
        if (r.levels[i].max > r.levels[top].max) top = i;
      Json a = {{"level", top}};
      if (r.levels[top].is_range()) a["value"] = points(r.levels[top].max);
      return a;
    }
    case RuleKind::Judgment: return {{"value", points(r.max)}};
    case RuleKind::GradedItems: {
      Json items = Json::object();
      for (auto& o : r.options) items[o.id] = {{"state", "missing"}};
      return {{"items", items}};
    }
    case RuleKind::Bands: {
      Json a = {{"value", points(r.value_max)}};
      if (r.bands.front().points.is_range()) a["judgment"] = points(r.bands.front().points.max);
      return a;
    }
    case RuleKind::Highest: return {{"selected", ids}};
    case RuleKind::CategoryCounts: {
      Json counts = Json::object();
      for (auto& o : r.options) counts[o.id] = kLargestCount;
      return {{"counts", counts}};
    }
    case RuleKind::YesNo: return {{"yes", true}};
  }
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = qis::load_rubric(text, "fuzz.json");
  if (!loaded) {
    qis_fuzz::check_error(loaded.error(), {"rubric."});
    return 0;
  }
  const std::vector<qis::Rubric> rubrics{std::move(loaded).value()};
  const qis::Rubric& rubric = rubrics[0];
  qis::Assessment empty, largest;
  for (const qis::Node* c : rubric.criteria()) largest.answers[c->id] = largest_answer(*c);
  for (const qis::Assessment* a : {&empty, &largest}) {
    qis_fuzz::check_report(rubric, qis::score(rubric, *a, qis_fuzz::kToday));
    qis_fuzz::check_round_trip(rubrics, rubric, *a);
  }
  return 0;
}
