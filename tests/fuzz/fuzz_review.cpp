// libFuzzer target: an expert's review ("qis-review/1") and a panel file ("qis-panel/1") read from
// arbitrary bytes. Each must return a value or an Error of its family, never crash or hang. A review
// that reads must export and read back byte for byte, and score within its rubric's bounds; every
// review a panel file embeds must read as a review file of its own.
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"
#include "panel.h"
#include "rank.h"
#include "review.h"

namespace {

const qis::Rubric* find(const std::vector<qis::Rubric>& rubrics, const std::string& id) {
  for (auto& r : rubrics)
    if (r.id == id) return &r;
  return nullptr;
}

void check_review(const qis::Review& r, const std::vector<qis::Rubric>& rubrics) {
  const std::string once = qis::export_review(r);
  auto again = qis::import_review(once, rubrics);
  if (!again) qis_fuzz::fail(("an exported review does not read back: " + again.error().message).c_str());
  if (qis::export_review(again.value()) != once) qis_fuzz::fail("export_review → import_review → export_review changed the file");
  const qis::Rubric* rb = find(rubrics, r.rubric_id);
  if (!rb) qis_fuzz::fail("a review read with a rubric that is not there");
  qis_fuzz::check_report(*rb, qis::score_review(*rb, r));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<qis::Rubric> rubrics = qis_fuzz::bundled_rubrics();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  auto review = qis::import_review(bytes, rubrics);
  if (review) check_review(review.value(), rubrics);
  else qis_fuzz::check_error(review.error(), {"review."});

  auto panel = qis::read_panel(bytes, rubrics);
  if (!panel) {
    qis_fuzz::check_error(panel.error(), {"panel."});
    return 0;
  }
  for (auto& r : panel.value().reviews) {
    if (r.rubric_id != panel.value().rubric_id) qis_fuzz::fail("a panel holds a review of another rubric");
    check_review(r, rubrics);
  }
  return 0;
}
