// What the document files (report_*.cpp) share and nobody else needs: escaping shortcuts, the page,
// labels, form fields and the kind registry's spec lookup. Public API is report.h.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report.h"

namespace qis::doc {

inline std::string pts(Milli m) { return format_milli(m); }
inline std::string esc(std::string_view s) { return html_escape(s); }

// ---- report_page.cpp: the page ----
// Escaped text, or a non-breaking space so an empty cell keeps its height and borders.
std::string cell_text(const std::string& s);
// Escaped lines joined with <br>.
std::string lines_html(const std::string& text);
// "2025年6月1日" from YYYY-MM-DD; a blank line to fill in by hand when there is no date.
std::string date_cn(const std::string& d);
// <!DOCTYPE html> … <body>, with the print style sheet.
std::string page_open(const std::string& title, bool landscape);
// The package's hash and QR code, then </body></html>.
std::string page_close(const DocumentInput& in);

// ---- report_labels.cpp ----
// A title that carries the document's own number: "1. 运营情况", "12）服务数量", "一、运营情况".
bool title_numbered(const std::string& t);
// The rubric numbers its rows in the titles themselves: no separate 编号 column.
bool rubric_titles_numbered(const Rubric& rb);
// A row's label: the title where it carries its number, else "id title".
std::string row_label(const Node& n);

// ---- report_fields.cpp: form layout ----
std::string profile_value(const Assessment& a, const std::string& key);
// The date a document carries: the one given, else the latest review's date, else none.
std::string document_date(const DocumentInput& in);
std::string max_text(const Rubric& rb);
// The cover block (附录B / 附录C): a title and underlined fields.
std::string cover(const std::string& title_html, const std::vector<std::pair<std::string, std::string>>& fields_html);
std::string station_title(const Assessment& a);
// The maximum in a table's 合计 row.
std::string total_max_cell(const Rubric& rb);
std::string self_score_text(const Rubric& rb, const ScoreReport& self);
// A form cell's value as HTML.
std::string cell_value(const DocumentInput& in, const FormCell& c, const std::string& date, const ScoreReport& self);
std::vector<std::pair<std::string, std::string>> cover_fields(const DocumentInput& in, const std::vector<FormCell>& cells,
                                                              const std::string& date, const ScoreReport& self);
// Panel warnings as the rubric states its panel rule.
std::vector<std::string> panel_warnings(const DocumentInput& in);

// ---- report_kinds.cpp ----
const DocumentSpec& spec_of(const Rubric& rb, DocumentKind k);

// ---- report_forms.cpp ----
// A form (application or declaration) from its rows in the rubric file.
std::string form_html(const DocumentInput& in, DocumentKind kind);

}  // namespace qis::doc
