#include "bundled.h"

#include <string>

namespace qis {

std::vector<Rubric> load_bundled_rubrics(std::vector<Error>* errors) {
  std::vector<Rubric> out;
  for (std::size_t i = 0; i < kBundledRubricCount; ++i) {
    auto r = load_rubric(kBundledRubrics[i].json, std::string(kBundledRubrics[i].id) + ".json");
    if (r) out.push_back(std::move(r).value());
    else if (errors) errors->push_back(r.error());
  }
  return out;
}

}  // namespace qis
