// libFuzzer target: the four printable documents (score sheet, evaluation report, application,
// declaration) of whatever package the bytes are. Each must render, and its HTML may hold only the
// tags the documents are made of: station text is escaped, so no byte sequence of a package can
// add a tag, an attribute handler or a script, nor a character that is not XML 1.0 or reorders text.
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "report.h"
#include "safe_text.h"

namespace {

// Every tag a document is built from (src/core/report_*.cpp, and the QR code's inline SVG from
// src/core/qr.cpp); anything else came from the input.
const std::set<std::string> kAllowedTags = {"html", "head", "meta", "title", "style", "body", "div", "p",  "h1",
                                            "h2",   "table", "thead", "tbody", "tr",  "th",   "td",  "br", "b",
                                            "span", "bdi",   "ul",    "ol",    "li",    "svg", "rect", "path", "colgroup", "col"};

void check_html(const std::string& html, const char* kind) {
  auto bad = [&](const std::string& what) { qis_fuzz::fail((std::string(kind) + ": " + what).c_str()); };
  if (html.rfind("<!DOCTYPE html>", 0) != 0) bad("does not start with <!DOCTYPE html>");
  // The .docx is made from this HTML: one control character would make word/document.xml invalid.
  if (qis::document_text_changes(html).count != 0) bad("a control, bidirectional or non-XML character");
  for (std::size_t i = html.find('<', 1); i != std::string::npos; i = html.find('<', i + 1)) {
    std::size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    std::size_t k = j;
    while (k < html.size() && ((html[k] >= 'a' && html[k] <= 'z') || (html[k] >= '0' && html[k] <= '9'))) ++k;
    const std::string name = html.substr(j, k - j);
    if (!kAllowedTags.count(name)) bad("a tag outside the allow-list: " + html.substr(i, 40));
    const std::size_t end = html.find('>', k);
    if (end == std::string::npos) bad("a tag that is never closed");
    const std::string attrs = html.substr(k, end - k);
    if (attrs.find('<') != std::string::npos || attrs.find(" on") != std::string::npos ||
        attrs.find("javascript:") != std::string::npos)
      bad("a tag with unexpected attributes: " + html.substr(i, end - i + 1));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<qis::Rubric> rubrics = qis_fuzz::bundled_rubrics();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto imported = qis::import_package(bytes, rubrics);
  if (!imported) {
    qis_fuzz::check_error(imported.error(), {"package."});
    return 0;
  }
  qis::DocumentInput in;
  in.rubric = imported.value().rubric;
  in.assessment = &imported.value().assessment;
  in.today = qis_fuzz::kToday;
  for (auto kind : {qis::DocumentKind::ScoreSheet, qis::DocumentKind::Report, qis::DocumentKind::Application,
                    qis::DocumentKind::Declaration})
    check_html(qis::render_document(kind, in), qis::document_kind_name(kind));
  return 0;
}
