// What the document files (report_*.cpp) share and nobody else needs: escaping shortcuts, the page,
// labels, form fields and the kind registry's spec lookup. Public API is report.h.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report.h"

namespace qis::doc {

using qis::detail::pts;
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

// The kinds of table column, each with its own share of the line: HTML and .docx take the same widths
// from colgroup() (<col data-w="per mille">), so both formats wrap alike.
enum class Col { Id, Title, Text, Number, Result, Name, Label, Wide };
std::string colgroup(const std::vector<Col>& columns);

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

// The rubric states conditions, not points (上海 沪市监质发〔2024〕196号): every criterion is met or
// not. Its documents print 符合/不符合 and never a point.
bool conditions_only(const Rubric& rb);
// A criterion's self result as printed: its points, 符合/不符合 for a condition, 未作答 when unanswered.
std::string self_result_text(const Rubric& rb, const CriterionResult* cr);
// An indicator's self subtotal: 未作答 when none of its criteria is answered.
std::string self_subtotal_text(const NodeResult* nr);
// The self total: 未作答 when nothing is answered.
std::string self_total_text(const ScoreReport& self);
// A title as printed: a title this tool made up (the document prints none there) is marked ＊.
std::string printed_title(const Node& n);
// Whether any node of the rubric has a title this tool made up.
bool any_title_by_tool(const Rubric& rb);
// The note under a table that holds marked titles.
extern const char* const kTitleByToolNote;
// Conditions of a conditions-only rubric that no criterion carries (上海 第七条 “运行良好的区级项目”,
// the precondition of the city-level conditions), with the station's own answer: HTML, "" when none.
std::string preconditions_html(const Rubric& rb, const ScoreReport& self);
// A panel that is one expert's scoring in progress (the review screen's 工作稿), not a panel's result.
bool working_draft(const Panel* p);

// ---- report_kinds.cpp ----
const DocumentSpec& spec_of(const Rubric& rb, DocumentKind k);

// ---- report_forms.cpp ----
// A form (application or declaration) from its rows in the rubric file.
std::string form_html(const DocumentInput& in, DocumentKind kind);

}  // namespace qis::doc
