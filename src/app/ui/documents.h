// The documents of a package on the page, printed through the browser or saved as .docx (the
// page zips docx.h's parts): the station's 得分总览, the evaluator's review and panel draw the
// same rows and send the document out the same way.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "report.h"

namespace qis::ui {

// Prints the document (the browser's print dialog), or with `docx` offers it as
// "<station>-<title>.docx"; the banner says which.
void output_document(DocumentKind kind, const DocumentInput& in, bool docx, const std::string& station);

// One line per document: "打印<title>##<id>-<kind>" and "Word 文档##<id>x-<kind>"; `chosen(kind,
// docx)` runs for the button clicked. `enabled(kind)` false greys a line out (null: all enabled).
void document_rows(const Rubric& rubric, const std::vector<DocumentKind>& kinds, const std::string& id,
                   const std::function<void(DocumentKind, bool)>& chosen,
                   const std::function<bool(DocumentKind)>& enabled = nullptr);

// A popup listing documents, opened by the button just drawn (also from inside a menu): it opens
// under that button, wide enough for a title and its Word button on one line (phones: the
// screen's width), and stays put.
void open_documents_popup(const char* id);
bool begin_documents_popup(const char* id);  // ImGui::EndPopup() when true

// The date the station's own documents carry when someone else prints them: the day the station
// last changed its package (YYYY-MM-DD), or "" (a blank to fill in).
std::string station_document_date(const Assessment& a);

}  // namespace qis::ui
