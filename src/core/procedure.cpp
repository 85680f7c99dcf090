#include "procedure.h"

#include <set>

#include "json_reader.h"
#include "profile.h"

namespace qis {
namespace {

bool known_field(const std::string& id) {
  for (auto& f : profile_fields())
    if (id == f.id) return true;
  return false;
}

std::string field_list() {
  std::string s;
  for (auto& f : profile_fields()) s += (s.empty() ? "" : "、") + std::string(f.id);
  return s;
}

FormCell read_cell(const JsonReader& c) {
  c.only_keys({"label", "field", "value", "pattern", "hint", "tall", "seal"});
  FormCell cell;
  cell.label = c.str("label");
  cell.field = c.str_or("field", "");
  cell.value = c.str_or("value", "");
  cell.pattern = c.str_or("pattern", "");
  cell.hint = c.str_or("hint", "");
  cell.tall = c.bool_or("tall", false);
  cell.seal = c.str_or("seal", "");
  const int sources = !cell.field.empty() + !cell.value.empty() + !cell.seal.empty();
  if (sources > 1) c.fail("procedure_cell", "一个栏目只能填 field（单位信息）、value（计算值）或 seal（盖章意见栏）其中之一");
  if (!cell.field.empty() && !known_field(cell.field))
    c.fail("procedure_field", "单位信息中没有字段“" + cell.field + "”（可用：" + field_list() + "）");
  if (!cell.value.empty() && cell.value != "self_score" && cell.value != "date")
    c.fail("procedure_value", "value 只能是 self_score（自评得分）或 date（日期）");
  return cell;
}

std::vector<FormCell> read_cells(const JsonReader& r, const char* key) {
  std::vector<FormCell> out;
  if (const Json* arr = r.array_opt(key))
    for (std::size_t i = 0; i < arr->size(); ++i)
      out.push_back(read_cell(r.at((*arr)[i], r.path() + "." + key + "[" + std::to_string(i) + "]")));
  return out;
}

DocumentSpec read_document(const JsonReader& d, bool is_form) {
  d.only_keys({"title", "clause", "basis", "cover_title", "cover", "header", "rows", "notes_title", "notes"});
  DocumentSpec s;
  s.defined = true;
  s.title = d.str("title");
  s.clause = d.str_or("clause", "");
  s.basis = d.str_or("basis", "");
  s.cover_title = d.str_or("cover_title", "");
  s.cover = read_cells(d, "cover");
  s.header = read_cells(d, "header");
  if (const Json* rows = d.array_opt("rows")) {
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const std::string path = d.path() + ".rows[" + std::to_string(i) + "]";
      const Json& row = (*rows)[i];
      if (!row.is_array() || row.empty()) d.fail("procedure_row", "rows 的每一行应为栏目数组（[{label, field}, …]），且不能为空（位置：" + path + "）");
      std::vector<FormCell> cells;
      for (std::size_t k = 0; k < row.size(); ++k) cells.push_back(read_cell(d.at(row[k], path + "[" + std::to_string(k) + "]")));
      s.rows.push_back(std::move(cells));
    }
  }
  if (is_form && s.rows.empty()) d.fail("procedure_rows", "申请表、申报表须有 rows（表格各行）");
  s.notes_title = d.str_or("notes_title", "");
  if (const Json* notes = d.array_opt("notes"))
    for (std::size_t i = 0; i < notes->size(); ++i) {
      if (!(*notes)[i].is_string()) d.fail("procedure_notes", "notes 的每一项应为文字");
      s.notes.push_back((*notes)[i].get<std::string>());
    }
  return s;
}

}  // namespace

Procedure read_procedure(const JsonReader& r) {
  r.only_keys({"panel", "profile", "documents"});
  Procedure p;
  if (r.object_opt("panel")) {
    JsonReader k = r.child("panel");
    k.only_keys({"min_size", "qualification", "clause", "basis"});
    p.panel.min_size = k.int_or("min_size", 0);
    if (p.panel.min_size < 0 || p.panel.min_size > 100) k.fail("procedure_min_size", "专家组最少人数 min_size 应在 1~100 之间");
    p.panel.qualification = k.str_or("qualification", "");
    p.panel.clause = k.str_or("clause", "");
    p.panel.basis = k.str_or("basis", "");
  }
  if (const Json* arr = r.array_opt("profile")) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader f = r.at((*arr)[i], r.path() + ".profile[" + std::to_string(i) + "]");
      f.only_keys({"field", "label", "hint", "clause"});
      ProfileAsk ask{f.str("field"), f.str_or("label", ""), f.str_or("hint", ""), f.str_or("clause", "")};
      if (!known_field(ask.field)) f.fail("procedure_field", "单位信息中没有字段“" + ask.field + "”（可用：" + field_list() + "）");
      if (!seen.insert(ask.field).second) f.fail("procedure_duplicate_field", "单位信息字段“" + ask.field + "”重复");
      p.profile.push_back(std::move(ask));
    }
  }
  if (r.object_opt("documents")) {
    JsonReader d = r.child("documents");
    d.only_keys({"self_assessment", "score_sheet", "report", "application", "declaration"});
    if (d.object_opt("self_assessment")) p.self_assessment = read_document(d.child("self_assessment"), false);
    if (d.object_opt("score_sheet")) p.score_sheet = read_document(d.child("score_sheet"), false);
    if (d.object_opt("report")) p.report = read_document(d.child("report"), false);
    if (d.object_opt("application")) p.application = read_document(d.child("application"), true);
    if (d.object_opt("declaration")) p.declaration = read_document(d.child("declaration"), true);
  }
  return p;
}

}  // namespace qis
