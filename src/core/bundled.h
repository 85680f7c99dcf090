// The rubrics shipped with the tool (rubrics/*.json embedded at build time).
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "error.h"
#include "points.h"
#include "rubric.h"

namespace qis {

// What a list of rubrics shows before any is loaded (the web app's start page), taken from the
// file at build time (cmake/embed_rubrics.cmake).
struct RubricSummary {
  const char* title;
  const char* short_title;
  const char* issuer;
  const char* region;
  const char* purpose;
  const char* document;
  Milli total;
  Milli bonus_total;
  std::size_t criteria;  // nodes with a rule, as Rubric::criteria()
};

struct BundledRubric {
  const char* id;
  const char* json;
  RubricSummary summary;
};

extern const BundledRubric kBundledRubrics[];
extern const std::size_t kBundledRubricCount;

// The bundled rubric with this id, or nullptr.
const BundledRubric* find_bundled_rubric(std::string_view id);

// One bundled rubric, loaded and validated.
Result<Rubric> load_bundled_rubric(const BundledRubric& bundled);

// Every bundled rubric, loaded and validated; a rubric that fails to load is reported in `errors`.
std::vector<Rubric> load_bundled_rubrics(std::vector<Error>* errors = nullptr);

}  // namespace qis
