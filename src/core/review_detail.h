// The review reader shared by review.cpp and panel.cpp (a panel file embeds its reviews); not
// part of the core's API.
#pragma once
#include <vector>

#include "evaluator_detail.h"
#include "review.h"

namespace qis::detail {

// Reads one review object (top-level file or embedded in a panel); throws LoadFailure.
Review review_from_reader(const JsonReader& r, const std::vector<Rubric>& rubrics);

}  // namespace qis::detail
