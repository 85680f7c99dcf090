// Print-ready documents as self-contained HTML: A4 pages (@page), the system's Chinese serif
// fonts, no external resources and no scripts; every piece of user or rubric text is escaped.
// The web app prints them from a hidden iframe; the CLI writes them to a file (or to .docx,
// docx.h). What a document says about procedure (titles, clauses, cover fields, form rows, fill-in
// patterns, the panel rule) comes from the rubric's "procedure" section (procedure.h); this file
// only lays it out. Every document ends with the package's SHA-256 and its QR code.
//   self-assessment  自评记录 (003 6.1, 6.2 b): every criterion's answer, points, reason, evidence
//   application      the rubric's application form (湖南 附录B, 武汉 第十四条（一）)
//   declaration      the rubric's declaration form (崇明 附件2)
//   score-sheet      评分表: every criterion with self, per-expert and panel scores
//   report           评价报告: cover, 专家组成员, findings, outcome, suggestions
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "panel.h"
#include "rubric.h"
#include "scoring.h"

namespace qis {

enum class DocumentKind { ScoreSheet, Report, Application, Declaration, SelfAssessment };

// Every kind, in the order a station and then the panel produce them.
const std::vector<DocumentKind>& all_document_kinds();
// "score-sheet", "report", "application", "declaration", "self-assessment"
const char* document_kind_name(DocumentKind k);
std::optional<DocumentKind> document_kind_from_name(std::string_view name);
// The document's title for this rubric (the rubric's own, else a generic Chinese one).
std::string document_title(const Rubric& rubric, DocumentKind k);
// Whether the rubric's file defines the document. Self-assessment, score sheet and report exist
// for every rubric (generic where the file says nothing); application and declaration forms only
// where the file has them.
bool document_defined(const Rubric& rubric, DocumentKind k);
// The documents of this rubric, in all_document_kinds() order.
std::vector<DocumentKind> rubric_documents(const Rubric& rubric);

struct DocumentInput {
  const Rubric* rubric = nullptr;          // required
  const Assessment* assessment = nullptr;  // required: the station's package
  const Panel* panel = nullptr;            // optional: the merged expert reviews
  std::string date;   // 评价日期 / 申请日期 (YYYY-MM-DD); empty: latest review date, else a blank to fill
  std::string today;  // decides gates that depend on months of operation
  // Experts whose reviews are in, for the 评价报告 roster before every review is complete and a
  // panel can be merged; ignored when `panel` is given (its reviews are the roster).
  std::vector<Expert> submitted;
  // SHA-256 (hex) of the package file the document belongs to; empty: the panel's package_hash,
  // else the hash of export_package(rubric, assessment, today), the file the station would export now.
  std::string package_hash;
  // SHA-256 (hex) of the panel file (qis panel -o) the scores come from; printed beside the package's
  // hash so the paper names both files. Empty: not printed.
  std::string panel_hash;
};

// The hash a document prints: in.package_hash, the panel's, or the one of the package exported now.
std::string document_package_hash(const DocumentInput& in);

// "“制度建设”（1.1）", or "“1) 制度建设”" where the title carries its own number (崇明, 松江):
// one number per label.
std::string node_label(const Node& n);

// The title without the number it carries: "1) 制度建设" → "制度建设", "10）数字化" → "数字化",
// "（一）…", "一、…"; a title that carries none is returned as it is.
std::string title_without_number(const std::string& title);
// A criterion's label on screen, one number each: "<id> <title without its own number>"
// ("1.1 制度建设" for 崇明's “1) 制度建设”, "1.1.1 机构成立及成立文件" for 湖南's).
std::string screen_label(const Node& n);

// document_text(text) (safe_text.h: line breaks as "\n", controls, bidirectional controls and
// invalid UTF-8 as U+FFFD) with &, <, >, " and ' as entities; other UTF-8 passes through.
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
std::string self_assessment_html(const DocumentInput& in);
std::string render_document(DocumentKind kind, const DocumentInput& in);

}  // namespace qis
