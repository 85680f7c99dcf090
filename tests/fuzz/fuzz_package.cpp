// libFuzzer target: import_package on arbitrary bytes against the bundled rubrics. What loads is
// scored (every score within its criterion's range) and exported; export → import → export must
// be byte-identical. Any violation aborts, leaving the input as a crash file.
#include <cstdint>
#include <string_view>

#include "bundled.h"
#include "fuzz_checks.h"
#include "package.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<qis::Rubric> rubrics = qis_fuzz::bundled_rubrics();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto imported = qis::import_package(text, rubrics);
  if (!imported) {
    qis_fuzz::check_error(imported.error(), {"package."});
    return 0;
  }
  const qis::ImportedPackage& p = imported.value();
  qis_fuzz::check_report(*p.rubric, qis::score(*p.rubric, p.assessment, qis_fuzz::kToday));
  qis_fuzz::check_round_trip(rubrics, *p.rubric, p.assessment);
  return 0;
}
