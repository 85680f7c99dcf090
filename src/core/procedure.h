// Procedure as data: what a rubric's documents and warnings say about procedure, read from the
// rubric file's "procedure" section (docs/rubric-format.md, "Procedure"). The clauses a document
// cites, the panel rule (003 7.2: 不少于5人, 高级职称), the profile fields the rubric asks, and
// the documents it defines with their titles, cover fields, rows and fill-in patterns. Nothing
// here is Hunan's unless Hunan's file says it: a rubric that names no panel rule gets no warning.
//
// Error codes: rubric.procedure.* (loader, through JsonReader), verify.material_missing.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace qis {

class JsonReader;
struct Rubric;
struct Assessment;

// 专家组 rule of the procedure document (003 7.2).
struct PanelRule {
  int min_size = 0;            // 0: the document names no minimum
  std::string qualification;   // "专家应具有高级专业技术职称或与高级专业技术职称对应的职务"
  std::string clause;          // "7.2"
  std::string basis;           // the document the clause is in: "《质量基础设施“一站式”服务评价规范》"
};

// A profile field the rubric's forms ask for, with the rubric's own label and hint.
struct ProfileAsk {
  std::string field;   // profile field id (profile_fields() in profile.h)
  std::string label;   // as this rubric's form words it; empty: the field's generic label
  std::string hint;    // shown beside the field; no document file codes
  std::string clause;  // the clause that asks it, e.g. "6.1", "第十九条"
};

// One labelled box of a form: a profile field, a computed value, or an opinion box to stamp.
struct FormCell {
  std::string label;
  std::string field;    // profile field id
  std::string value;    // computed instead of a field: "self_score", "date", "" (none)
  std::string pattern;  // printed when the field is empty, as the form prints it (“崇明区××产业…”)
  std::string hint;     // printed in the box above the value, as the form does (“（预计至…）”)
  bool tall = false;    // a box for a paragraph
  std::string seal;     // an opinion box: "单位盖章" printed at its foot with a blank date
};

// A document's layout from the rubric file.
struct DocumentSpec {
  bool defined = false;             // the rubric's file names this document
  std::string title;                // lines separated by "\n"
  std::string clause;               // where the procedure document defines it
  std::string basis;                // 评价依据 / 打分依据 sentence (report, score sheet)
  std::string cover_title;          // lines separated by "\n"; empty: no cover page
  std::vector<FormCell> cover;      // fields on the cover
  std::vector<FormCell> header;     // fields above the table (松江 附件3: 项目名称 / 填表日期)
  std::vector<std::vector<FormCell>> rows;  // the form's table, row by row
  std::string notes_title;          // "填表说明："
  std::vector<std::string> notes;
};

struct Procedure {
  PanelRule panel;
  std::vector<ProfileAsk> profile;  // in form order; empty: the rubric names none
  DocumentSpec self_assessment, score_sheet, report, application, declaration;

  // The minimum panel size, when the rubric's procedure names one.
  std::optional<int> min_panel_size() const {
    return panel.min_size > 0 ? std::optional<int>(panel.min_size) : std::nullopt;
  }
};

// Reads the "procedure" object of a rubric file (the loader calls it; throws LoadFailure).
Procedure read_procedure(const JsonReader& r);

}  // namespace qis
