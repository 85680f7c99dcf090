#include "bundled.h"

#include <string>

namespace qis {

const BundledRubric* find_bundled_rubric(std::string_view id) {
  for (std::size_t i = 0; i < kBundledRubricCount; ++i)
    if (id == kBundledRubrics[i].id) return &kBundledRubrics[i];
  return nullptr;
}

Result<Rubric> load_bundled_rubric(const BundledRubric& bundled) {
  return load_rubric(bundled.json, std::string(bundled.id) + ".json");
}

std::vector<Rubric> load_bundled_rubrics(std::vector<Error>* errors) {
  std::vector<Rubric> out;
  for (std::size_t i = 0; i < kBundledRubricCount; ++i) {
    auto r = load_bundled_rubric(kBundledRubrics[i]);
    if (r) out.push_back(std::move(r).value());
    else if (errors) errors->push_back(r.error());
  }
  return out;
}

}  // namespace qis
