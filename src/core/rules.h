// The rule kinds: checking an answer and turning it into points with a Chinese explanation.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "error.h"
#include "rubric.h"

namespace qis {

struct RuleOutcome {
  Milli score = 0;
  std::string explanation;
};

// Empty when `answer` is a valid answer for `criterion` (whose rule it is).
std::optional<Error> check_answer(const Node& criterion, const nlohmann::json& answer);

// True for an answer still being filled in: a graded-items answer with items not yet judged
// whose judged items are all valid. It counts as unanswered, not as an error.
bool is_in_progress(const Node& criterion, const nlohmann::json& answer, std::string* progress = nullptr);

// The band a measured value falls in (a Bands rule): the first, from the top, that holds it. The
// screens use it too, so a value is shown in the band it is scored in.
const Band& band_for(const Rule& rule, Milli value);

// Scores a valid answer; call check_answer first.
RuleOutcome apply_rule(const Node& criterion, const nlohmann::json& answer);

}  // namespace qis
