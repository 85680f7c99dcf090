// Issue 31's reproducer (items 2 and 3), shared by test_safe_text.cpp (HTML, verify, the CLI) and
// test_docx.cpp (LibreOffice): a 湖南 sample package whose unit name holds U+FFFE and a C0
// character, whose first criterion's note holds the vertical tab Word pastes for a manual line
// break, and whose evidence file is named invoice<U+202E>fdp.exe.
#pragma once
#include <stdexcept>
#include <string>

#include "helpers.h"
#include "package.h"

namespace qis_test {

inline const std::string kHostileUnit = "甲\xEF\xBF\xBE站\x01名";          // U+FFFE, U+0001
inline const std::string kHostileUnitShown = "甲\xEF\xBF\xBD站\xEF\xBF\xBD名";  // both U+FFFD
inline const std::string kHostileNote = "第一行\x0B第二行";                  // U+000B
inline const std::string kHostileEvidence = "invoice\xE2\x80\xAE" "fdp.exe";  // U+202E
inline const std::string kHostileEvidenceShown = "invoice\xEF\xBF\xBD" "fdp.exe";
inline const std::string kHostileDigest = "396dffe4" "0123456789abcdef" "0123456789abcdef" "0123456789abcdef" "01234567";

struct HostilePackage {
  qis::Rubric rubric = qis_test::rubric("hunan-db43");
  std::string criterion;  // the first criterion: the note and the evidence are its
  std::string bytes;      // the exported package
  HostilePackage() {
    auto imported = qis::import_package(read_file(std::string(QIS_FIXTURE_DIR) + "/samples/hunan-db43.json"), {rubric});
    if (!imported) throw std::runtime_error(imported.error().message);
    qis::Assessment a = imported.value().assessment;
    criterion = rubric.criteria().front()->id;
    a.profile["name"] = kHostileUnit;
    a.notes[criterion] = kHostileNote;
    a.evidence.push_back({"ev-invoice", kHostileEvidence, "application/pdf", 1234, kHostileDigest, {criterion}, "", ""});
    bytes = qis::export_package(rubric, a);
  }
};

}  // namespace qis_test
