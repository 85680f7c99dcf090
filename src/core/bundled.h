// The rubrics shipped with the tool (rubrics/*.json embedded at build time).
#pragma once
#include <cstddef>
#include <vector>

#include "error.h"
#include "rubric.h"

namespace qis {

struct BundledRubric {
  const char* id;
  const char* json;
};

extern const BundledRubric kBundledRubrics[];
extern const std::size_t kBundledRubricCount;

// Every bundled rubric, loaded and validated; a rubric that fails to load is reported in `errors`.
std::vector<Rubric> load_bundled_rubrics(std::vector<Error>* errors = nullptr);

}  // namespace qis
