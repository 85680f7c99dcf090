// Print-ready documents as self-contained HTML: A4 pages (@page), the system's Chinese serif
// fonts, no external resources and no scripts; every piece of user or rubric text is escaped.
// The web app prints them from a hidden iframe; the CLI writes them to a file.
//   score-sheet  评分表 (003 8.2.2): every criterion with self, per-expert and panel scores
//   report       评价报告 (003 8.3.2, 附录C): cover, 专家组成员, findings, outcome, suggestions
//   application  评价申请表 (003 附录B) from the station profile and its self score
//   declaration  试点项目申报表 (000 附件2) from the station profile
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "review.h"
#include "rubric.h"
#include "scoring.h"

namespace qis {

enum class DocumentKind { ScoreSheet, Report, Application, Declaration };

const char* document_kind_name(DocumentKind k);  // "score-sheet", "report", "application", "declaration"
std::optional<DocumentKind> document_kind_from_name(std::string_view name);

struct DocumentInput {
  const Rubric* rubric = nullptr;          // required
  const Assessment* assessment = nullptr;  // required: the station's package
  const Panel* panel = nullptr;            // optional: the merged expert reviews
  std::string date;   // 评价日期 / 申请日期 (YYYY-MM-DD); empty: latest review date, else a blank to fill
  std::string today;  // decides gates that depend on months of operation
};

// &, <, >, " and ' as entities; everything else unchanged (UTF-8 passes through).
std::string html_escape(std::string_view text);

// A criterion that lost points, for 改进建议: the largest losses first (bonus criteria excluded:
// a bonus not earned is not a shortcoming).
struct Suggestion {
  const Node* node = nullptr;
  Milli score = 0;  // panel result where there is a panel, else the self score
  Milli lost = 0;   // max − score
  std::vector<std::string> comments;  // "专家：评语", from the reviews
};
std::vector<Suggestion> improvement_suggestions(const DocumentInput& in, std::size_t limit = 5);

std::string score_sheet_html(const DocumentInput& in);
std::string evaluation_report_html(const DocumentInput& in);
std::string application_form_html(const DocumentInput& in);
std::string declaration_form_html(const DocumentInput& in);
std::string render_document(DocumentKind kind, const DocumentInput& in);

}  // namespace qis
