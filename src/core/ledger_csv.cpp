// ledger_csv.h: the ledger's CSV columns and record-type names (ledger_csv_columns.h), a row
// error's wording, and the export; the import is ledger_csv_import.cpp.
#include "ledger_csv.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "ledger_csv_columns.h"

namespace qis {
namespace detail {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

}  // namespace

const std::vector<ColumnSpec>& column_specs() {
  static const std::vector<ColumnSpec> specs = {
      {Target::Ignore, "", "序号", {"No", "行号"}},
      {Target::Type, "", "记录类型", {"类型", "台账类型"}},
      {Target::Name, "", "企业名称", {"服务对象", "服务对象名称", "企业", "单位名称", "企业单位名称"}},
      {Target::Address, "", "企业地址", {"地址"}},
      {Target::Contact, "", "联系人", {"企业联系人"}},
      {Target::Phone, "", "联系电话", {"电话", "联系方式"}},
      {Target::Size, "", "企业规模", {"规模"}},
      {Target::Field, "date", "日期", {"服务时间", "服务日期", "时间", "发证日期", "获得日期", "认定日期"}},
      {Target::DateAndModes, "", nullptr, {"服务时间及方式"}},
      {Target::Field, "demand", "服务需求", {"需求"}},
      {Target::Field, "category", "类别", {"服务类别", "证书类别", "成果类别", "称号类别", "案例方面", "案例类别"}},
      {Target::Field, "modes", "服务方式", {}},
      {Target::Field, "modes_other", "其他服务方式说明", {"服务方式说明", "其他方式说明"}},
      {Target::Field, "experts", "参与服务专家人次", {"专家人次", "参与专家人次"}},
      {Target::Field, "times", "服务次数", {"次数"}},
      {Target::Field, "cost", "单次投入费用（万元）", {"投入费用"}},
      {Target::Field, "savings", "为企业节约费用（万元）", {"节约费用"}},
      {Target::Field, "profit", "为企业增长利润（万元）", {"增长利润"}},
      {Target::Field, "outcomes", "服务成效", {}},
      {Target::Field, "outcomes_other", "其他服务成效说明", {"服务成效说明"}},
      {Target::Field, "jobs", "新增就业岗位数", {"新增就业岗位", "就业岗位"}},
      {Target::Field, "investment", "拉动投资（万元）", {}},
      {Target::Field, "output", "增加产值（万元）", {}},
      {Target::Field, "other_effects", "其他成效", {}},
      {Target::Field, "title", "名称", {"证书名称", "成果名称", "称号名称", "案例名称", "证书报告名称"}},
      {Target::Field, "number", "编号", {"证书编号", "报告编号", "证书或报告编号"}},
      {Target::Field, "issuer", "机构", {"发证机构", "认定机构", "颁发机构", "发布机构", "认定或发布机构"}},
      {Target::Field, "level", "级别", {"称号级别", "荣誉级别"}},
      {Target::Field, "summary", "简介", {"案例简介"}},
      {Target::Field, "note", "备注", {}},
  };
  return specs;
}

// "单次\n投入费用\n（万元）" → "单次投入费用"; "其他成效 (新增就业岗位数…)" → "其他成效".
std::string header_key(std::string_view h) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < h.size();) {
    const std::string_view rest = h.substr(i);
    std::size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(h[i]);
    if (c >= 0x80) len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (starts_with(rest, "（") || starts_with(rest, "(") || starts_with(rest, "【") || starts_with(rest, "[")) ++depth;
    else if (starts_with(rest, "）") || starts_with(rest, ")") || starts_with(rest, "】") || starts_with(rest, "]"))
      depth = std::max(0, depth - 1);
    else if (depth == 0 && !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || starts_with(rest, "\xE3\x80\x80") ||
                             starts_with(rest, "\xC2\xA0") || c == '*' || c == '.'))
      out.append(rest.substr(0, len));
    i += len;
  }
  for (const char* suffix : {"：", ":", "*", "※"})
    if (ends_with(out, suffix)) out.resize(out.size() - std::string_view(suffix).size());
  return out;
}

const ColumnSpec* find_column(std::string_view header) {
  static const std::unordered_map<std::string, const ColumnSpec*> index = [] {
    std::unordered_map<std::string, const ColumnSpec*> m;
    for (auto& s : column_specs()) {
      if (s.header) m.emplace(header_key(s.header), &s);
      for (const char* a : s.aliases) m.emplace(header_key(a), &s);
    }
    return m;
  }();
  auto it = index.find(header_key(header));
  return it == index.end() ? nullptr : it->second;
}

// What a column stands for, to report two columns saying the same thing.
std::string column_meaning(const ColumnSpec& s) {
  if (s.target == Target::Field) return s.field;
  return std::to_string(static_cast<int>(s.target));
}

// ---- Record types as written in the 记录类型 column ----

const std::vector<TypeName>& type_names() {
  static const std::vector<TypeName> names = {
      {kRecordService, {"服务记录", "服务", "service"}},
      {kRecordCertificate, {"证书报告", "证书", "报告", "certificate"}},
      {kRecordAchievement, {"技术创新成果", "成果", "achievement"}},
      {kRecordHonour, {"荣誉称号", "荣誉", "称号", "honour"}},
      {kRecordCase, {"典型案例", "案例", "case"}},
      {"enterprise", {"企业", "服务对象", "enterprise"}},
  };
  return names;
}

std::string type_label(std::string_view type) {
  if (type == "enterprise") return "企业";
  const LedgerRecordType* t = find_record_type(type);
  return t ? t->label : std::string(type);
}

std::string quoted(std::string_view s) { return "“" + std::string(s) + "”"; }

}  // namespace detail

using namespace detail;

std::string format_row_error(const CsvRowError& e) {
  std::string s = "第 " + std::to_string(e.row) + " 行";
  if (!e.column.empty()) s += "，" + quoted(e.column);
  return s + "：" + e.message;
}

std::string export_ledger_csv(const Ledger& ledger) {
  std::vector<const ColumnSpec*> columns;
  for (auto& s : column_specs())
    if (s.header) columns.push_back(&s);
  std::vector<CsvRow> rows;
  CsvRow header;
  for (auto* c : columns) header.push_back(c->header);
  rows.push_back(header);
  std::unordered_map<std::string, const Enterprise*> by_id;
  for (auto& e : ledger.enterprises) by_id.emplace(e.id, &e);
  std::set<std::string> with_records;
  auto add_row = [&](const std::string& type, const Enterprise* e, const LedgerRecord* r) {
    CsvRow row;
    for (auto* c : columns) {
      std::string v;
      switch (c->target) {
        case Target::Ignore: v = std::to_string(rows.size()); break;
        case Target::Type: v = type_label(type); break;
        case Target::Name: v = e ? e->name : ""; break;
        case Target::Address: v = e ? e->address : ""; break;
        case Target::Contact: v = e ? e->contact : ""; break;
        case Target::Phone: v = e ? e->phone : ""; break;
        case Target::Size: v = e ? e->size : ""; break;
        case Target::DateAndModes: break;
        case Target::Field:
          if (!r) break;
          if (std::string_view(c->field) == "date") {
            v = r->date;
          } else if (auto it = r->fields.find(c->field); it != r->fields.end()) {
            const LedgerField* f = find_ledger_field(r->type, c->field);
            v = f && (f->kind == LedgerFieldKind::Choice || f->kind == LedgerFieldKind::Choices) ? ledger_choice_labels(*f, it->second)
                                                                                                   : it->second;
          }
          break;
      }
      row.push_back(std::move(v));
    }
    rows.push_back(std::move(row));
  };
  for (auto& r : ledger.records) {
    auto it = by_id.find(r.enterprise_id);
    const Enterprise* e = it == by_id.end() ? nullptr : it->second;
    // An enterprise's details go on its first row only; later rows name it.
    if (e && !with_records.insert(e->id).second) {
      Enterprise name_only;
      name_only.name = e->name;
      add_row(r.type, &name_only, &r);
    } else {
      add_row(r.type, e, &r);
    }
  }
  for (auto& e : ledger.enterprises)
    if (!with_records.count(e.id)) add_row("enterprise", &e, nullptr);
  return write_spreadsheet_csv(rows);
}

}  // namespace qis
