// The document-kind registry: names, titles, which kinds a rubric defines, the hash a document
// prints, and the dispatch from a kind to its renderer.
#include "report_parts.h"

#include <algorithm>

#include "package.h"

namespace qis {
namespace doc {

const DocumentSpec& spec_of(const Rubric& rb, DocumentKind k) {
  switch (k) {
    case DocumentKind::ScoreSheet: return rb.procedure.score_sheet;
    case DocumentKind::Report: return rb.procedure.report;
    case DocumentKind::Application: return rb.procedure.application;
    case DocumentKind::Declaration: return rb.procedure.declaration;
    case DocumentKind::SelfAssessment: return rb.procedure.self_assessment;
  }
  return rb.procedure.report;
}

}  // namespace doc

using namespace doc;

const std::vector<DocumentKind>& all_document_kinds() {
  static const std::vector<DocumentKind> kinds = {DocumentKind::SelfAssessment, DocumentKind::Application,
                                                  DocumentKind::Declaration, DocumentKind::ScoreSheet, DocumentKind::Report};
  return kinds;
}

const char* document_kind_name(DocumentKind k) {
  switch (k) {
    case DocumentKind::ScoreSheet: return "score-sheet";
    case DocumentKind::Report: return "report";
    case DocumentKind::Application: return "application";
    case DocumentKind::Declaration: return "declaration";
    case DocumentKind::SelfAssessment: return "self-assessment";
  }
  return "";
}

std::optional<DocumentKind> document_kind_from_name(std::string_view name) {
  for (DocumentKind k : all_document_kinds())
    if (name == document_kind_name(k)) return k;
  return std::nullopt;
}

std::string document_title(const Rubric& rubric, DocumentKind k) {
  const DocumentSpec& spec = spec_of(rubric, k);
  if (!spec.title.empty()) {
    std::string t = spec.title;
    t.erase(std::remove(t.begin(), t.end(), '\n'), t.end());  // a title broken over two lines reads as one
    return t;
  }
  switch (k) {
    case DocumentKind::ScoreSheet: return "评分表";
    case DocumentKind::Report: return "评价报告";
    case DocumentKind::Application: return "评价申请表";
    case DocumentKind::Declaration: return "申报表";
    case DocumentKind::SelfAssessment: return "自评记录";
  }
  return "";
}

bool document_defined(const Rubric& rubric, DocumentKind k) {
  if (k == DocumentKind::Application || k == DocumentKind::Declaration) return spec_of(rubric, k).defined;
  return true;
}

std::vector<DocumentKind> rubric_documents(const Rubric& rubric) {
  std::vector<DocumentKind> out;
  for (DocumentKind k : all_document_kinds())
    if (document_defined(rubric, k)) out.push_back(k);
  return out;
}

std::string document_package_hash(const DocumentInput& in) {
  if (!in.package_hash.empty()) return in.package_hash;
  if (in.panel && !in.panel->package_hash.empty()) return in.panel->package_hash;  // the file the panel reviewed
  return package_hash(export_package(*in.rubric, *in.assessment, in.today));
}

std::string render_document(DocumentKind kind, const DocumentInput& in) {
  switch (kind) {
    case DocumentKind::ScoreSheet: return score_sheet_html(in);
    case DocumentKind::Report: return evaluation_report_html(in);
    case DocumentKind::Application: return application_form_html(in);
    case DocumentKind::Declaration: return declaration_form_html(in);
    case DocumentKind::SelfAssessment: return self_assessment_html(in);
  }
  return "";
}

}  // namespace qis
