#include "csv.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "gb18030.h"
#include "text_encoding.h"

namespace qis {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }


std::string quoted(std::string_view s) { return "“" + std::string(s) + "”"; }

// ---- Columns ----

enum class Target { Ignore, Type, Name, Address, Contact, Phone, Size, DateAndModes, Field };

struct ColumnSpec {
  Target target;
  const char* field;   // Target::Field: the field id
  const char* header;  // the exported header; nullptr = import only
  std::vector<const char*> aliases;
};

// Every column the importer knows, in export order. Headers are compared after header_key():
// white space, bracketed parts ("（万元）", "(新增就业岗位数…)") and a trailing colon removed.
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

struct TypeName {
  const char* type;  // record type id, or "enterprise" for an enterprise-only row
  std::vector<const char*> names;
};

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

// ---- Bytes to text ----

int line_of(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace

Result<DecodedText> decode_text(std::string_view bytes) {
  if (bytes.size() > kMaxCsvBytes)
    return Error{"csv.too_large", "文件过大（超过 " + std::to_string(kMaxCsvBytes >> 20) + " MB）；请分成几个文件导入", ""};
  if (trim_space(bytes).empty() || bytes == kBom) return Error{"csv.empty", "文件是空的；请选择填好的台账 CSV 文件", ""};
  if (starts_with(bytes, "PK\x03\x04") || starts_with(bytes, "\xD0\xCF\x11\xE0"))
    return Error{"csv.not_csv", "这是 Excel 工作簿（.xlsx / .xls），不是 CSV；请在 Excel 或 WPS 中“另存为”CSV 格式后再导入", ""};
  if (!utf16_kind(bytes).empty())
    return Error{"csv.utf16",
                 "文件是 UTF-16 编码（Excel 的“Unicode 文本”）；请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”后再导入",
                 ""};
  DecodedText out;
  if (starts_with(bytes, kBom)) {
    const std::string_view rest = bytes.substr(kBom.size());
    if (!is_valid_utf8(rest))
      return Error{"csv.encoding", "文件以 UTF-8 标记开头，但内容不是有效的 UTF-8；请重新以“CSV UTF-8”格式保存后再导入", ""};
    out.text = std::string(rest);
    out.encoding = "UTF-8（带 BOM）";
    return out;
  }
  if (is_valid_utf8(bytes)) {
    out.text = std::string(bytes);
    out.encoding = "UTF-8";
    return out;
  }
  // UTF-8 up to a line that is not: two encodings in one file (a GBK row pasted into a UTF-8
  // sheet). Decoding it all as GB18030 would blame the first line; name the line that differs.
  const std::size_t first_bad = first_invalid_utf8(bytes);
  std::size_t multibyte = 0;
  for (std::size_t i = 0; i < first_bad && multibyte < 2; ++i) multibyte += (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0xC0 ? 1 : 0;
  if (multibyte >= 2)
    return Error{"csv.mixed_encoding",
                 "文件混用了两种编码：前面的内容是 UTF-8，第 " + std::to_string(line_of(bytes, first_bad)) +
                     " 行却是 GBK 等其他编码（常见于从别的表格复制粘贴的行）；请检查这一行，把整个文件另存为“CSV UTF-8（逗号分隔）”后再导入",
                 ""};
  std::size_t bad = 0;
  if (!gb18030_to_utf8(bytes, out.text, &bad))
    return Error{"csv.encoding",
                 "文件既不是 UTF-8 也不是 GB18030（GBK）编码：第 " + std::to_string(line_of(bytes, bad)) +
                     " 行附近有无法识别的字节；请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”后再导入",
                 ""};
  out.encoding = "GB18030";
  return out;
}

Result<std::vector<CsvRow>> parse_csv(std::string_view text, char delimiter) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false;
  bool was_quoted = false;
  int quote_row = 0;
  const std::size_t n = text.size();
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_row = [&]() -> bool {
    end_field();
    rows.push_back(std::move(row));
    row.clear();
    return rows.size() <= kMaxCsvRows;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else if (c == '\r') {
        field += '\n';  // CRLF or CR inside a cell is kept as "\n"
        if (i + 1 < n && text[i + 1] == '\n') ++i;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      in_quotes = was_quoted = true;
      quote_row = static_cast<int>(rows.size()) + 1;
    } else if (c == delimiter) {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      if (!end_row())
        return Error{"csv.too_many_rows", "文件行数过多（超过 " + std::to_string(kMaxCsvRows) + " 行）；请分成几个文件导入", ""};
    } else {
      field += c;
    }
  }
  if (in_quotes)
    return Error{"csv.quote",
                 "第 " + std::to_string(quote_row) + " 行有一个引号（\"）直到文件末尾都没有配对；请检查该行的单元格内容，或用 Excel 重新保存",
                 ""};
  if (!field.empty() || !row.empty() || was_quoted) {
    if (!end_row())
      return Error{"csv.too_many_rows", "文件行数过多（超过 " + std::to_string(kMaxCsvRows) + " 行）；请分成几个文件导入", ""};
  }
  return rows;
}

namespace {

// One field as RFC 4180 writes it: quoted when it holds a comma, quote, line break or edge space.
void append_field(std::string& out, std::string_view f) {
  const bool quote = f.find_first_of(",\"\r\n") != std::string_view::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' '));
  if (!quote) {
    out += f;
    return;
  }
  out += '"';
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

}  // namespace

std::string csv_field(std::string_view text) {
  std::string cell;
  if (!text.empty() && (formula_start(text[0]) || text[0] == '\'')) cell += '\'';
  cell += text;
  std::string out;
  append_field(out, cell);
  return out;
}

std::string_view csv_unguard(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && (formula_start(cell[1]) || cell[1] == '\'')) cell.remove_prefix(1);
  return cell;
}

std::string write_spreadsheet_csv(const std::vector<CsvRow>& rows) {
  std::string out = std::string(kBom);
  for (auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string write_csv(const std::vector<CsvRow>& rows) {
  std::string out;
  for (auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      append_field(out, row[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string format_row_error(const CsvRowError& e) {
  std::string s = "第 " + std::to_string(e.row) + " 行";
  if (!e.column.empty()) s += "，" + quoted(e.column);
  return s + "：" + e.message;
}

namespace {

struct Column {
  const ColumnSpec* spec = nullptr;  // nullptr: not a column the importer knows
  std::string header;                // as written in the file
  std::size_t index = 0;
};

struct EnterpriseInfo {
  std::string name, address, contact, phone, size;
};

// The paper form (000 附件4 / 001 附录) puts one enterprise per sheet, named above the table:
// "企业名称：甲公司　企业地址：…　联 系 人：…　联系电话：…". Reads those lines.
EnterpriseInfo read_preamble(const std::vector<CsvRow>& rows, std::size_t header) {
  std::string text;
  for (std::size_t r = 0; r < header; ++r)
    for (auto& cell : rows[r]) {
      for (std::size_t i = 0; i < cell.size();) {
        const std::string_view rest = std::string_view(cell).substr(i);
        if (starts_with(rest, "\xE3\x80\x80")) i += 3;
        else if (rest[0] == ' ' || rest[0] == '\t') i += 1;
        else text += cell[i++];
      }
      text += '\n';
    }
  struct Key {
    const char* key;
    std::string EnterpriseInfo::*member;
  };
  const Key keys[] = {{"企业名称", &EnterpriseInfo::name},  {"企业地址", &EnterpriseInfo::address},
                      {"联系人", &EnterpriseInfo::contact}, {"联系电话", &EnterpriseInfo::phone},
                      {"企业规模", &EnterpriseInfo::size}};
  EnterpriseInfo info;
  for (auto& k : keys) {
    for (const char* colon : {"：", ":"}) {
      const std::string label = std::string(k.key) + colon;
      const auto at = text.find(label);
      if (at == std::string::npos) continue;
      std::size_t start = at + label.size(), end = text.find('\n', start);
      for (auto& other : keys)  // the value runs to the next key on the same line
        for (const char* c2 : {"：", ":"}) {
          const auto next = text.find(std::string(other.key) + c2, start);
          if (next != std::string::npos && next < end) end = next;
        }
      info.*k.member = std::string(trim_space(std::string_view(text).substr(start, end == std::string::npos ? end : end - start)));
      break;
    }
  }
  return info;
}

// A row is blank when every cell is empty or only the 序号 column is filled.
bool blank_row(const CsvRow& row, const std::vector<Column>& columns) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (trim_space(row[i]).empty()) continue;
    if (i < columns.size() && columns[i].spec && columns[i].spec->target == Target::Ignore) continue;
    return false;
  }
  return true;
}

// "2024年3月5日 上门指导", "2024-03-05，集中培训": the date part and the rest.
std::pair<std::string, std::string> split_date_and_modes(std::string_view s) {
  s = trim_space(s);
  std::size_t i = 0;
  while (i < s.size()) {
    const std::string_view rest = s.substr(i);
    const char c = rest[0];
    if ((c >= '0' && c <= '9') || c == '-' || c == '/' || c == '.') {
      ++i;
    } else if (starts_with(rest, "年") || starts_with(rest, "月") || starts_with(rest, "日") || starts_with(rest, "号")) {
      i += 3;
    } else if (static_cast<unsigned char>(c) == 0xEF && rest.size() >= 3 && static_cast<unsigned char>(rest[1]) == 0xBC &&
               static_cast<unsigned char>(rest[2]) >= 0x8D && static_cast<unsigned char>(rest[2]) <= 0x99) {
      i += 3;  // full-width digits, "－", "．", "／"
    } else {
      break;
    }
  }
  std::string_view date = s.substr(0, i), rest = trim_space(s.substr(i));
  for (const char* sep : {"，", "、", "；", ",", ";"})
    if (starts_with(rest, sep)) rest = trim_space(rest.substr(std::string_view(sep).size()));
  return {std::string(date), std::string(rest)};
}

class Importer {
 public:
  explicit Importer(LedgerImport& out) : out_(out) {}

  std::optional<Error> run(const std::vector<CsvRow>& rows) {
    const std::optional<std::size_t> header = find_header(rows);
    if (!header)
      return Error{"csv.no_header",
                   "没有找到表头行：前 10 行中应有一行列名，包含“企业名称”“服务时间”“服务需求”“服务方式”等（见模板）", ""};
    out_.header_row = static_cast<int>(*header) + 1;
    if (auto e = map_columns(rows[*header])) return e;
    if (!has(Target::Name)) {
      preamble_ = read_preamble(rows, *header);
      if (preamble_.name.empty())
        return Error{"csv.no_enterprise",
                     "表中没有“企业名称”列，表头上方也没有“企业名称：…”一行；请添加“企业名称”列（每行填写服务的企业）", ""};
      out_.warnings.push_back("表中没有“企业名称”列：按登记表格式，全部记录都计入表头上方填写的企业“" + preamble_.name + "”");
    }
    if (!has_field("category") && has_field_or_combined("modes"))
      out_.warnings.push_back(
          "表中没有“类别”（服务类别）列：服务方式含“集中培训”的服务记录计为“集中宣贯和培训”，其余计为“其他服务”。"
          "如有质量提升咨询、产学研合作等服务，请添加“类别”列后重新导入");
    for (std::size_t r = *header + 1; r < rows.size(); ++r) import_row(rows[r], static_cast<int>(r) + 1);
    return std::nullopt;
  }

 private:
  LedgerImport& out_;
  std::vector<Column> columns_;
  EnterpriseInfo preamble_;
  std::unordered_map<std::string, std::size_t> by_name_;  // enterprise name → index in the ledger
  std::vector<std::map<std::string, int>> set_on_row_;    // per enterprise: field → row that set it

  std::optional<std::size_t> find_header(const std::vector<CsvRow>& rows) const {
    for (std::size_t r = 0; r < rows.size() && r < 10; ++r) {
      int known = 0;
      bool anchor = false;
      for (auto& cell : rows[r])
        if (const ColumnSpec* s = find_column(cell)) {
          ++known;
          anchor |= s->target == Target::Name || s->target == Target::DateAndModes ||
                    (s->target == Target::Field && (std::string_view(s->field) == "demand" || std::string_view(s->field) == "date"));
        }
      if (anchor && known >= 2) return r;
    }
    return std::nullopt;
  }

  std::optional<Error> map_columns(const CsvRow& header) {
    std::map<std::string, std::size_t> meaning;  // what a column means → its index
    for (std::size_t i = 0; i < header.size(); ++i) {
      Column c;
      c.header = std::string(trim_space(header[i]));
      c.index = i;
      c.spec = c.header.empty() ? nullptr : find_column(c.header);
      if (!c.header.empty() && !c.spec)
        out_.warnings.push_back("第 " + std::to_string(i + 1) + " 列" + quoted(c.header) + "不是台账的列，其内容不会导入");
      if (c.spec) {
        std::vector<std::string> means = {column_meaning(*c.spec)};
        if (c.spec->target == Target::DateAndModes) means = {"date", "modes"};
        for (auto& m : means) {
          auto [it, added] = meaning.emplace(m, i);
          if (!added)
            return Error{"csv.duplicate_column",
                         "第 " + std::to_string(it->second + 1) + " 列" + quoted(columns_[it->second].header) + "和第 " +
                             std::to_string(i + 1) + " 列" + quoted(c.header) + "表示同一项内容；请删除或改名其中一列",
                         ""};
        }
      }
      columns_.push_back(std::move(c));
    }
    return std::nullopt;
  }

  bool has(Target t) const {
    return std::any_of(columns_.begin(), columns_.end(), [&](const Column& c) { return c.spec && c.spec->target == t; });
  }
  bool has_field(std::string_view id) const { return column_for(id) != nullptr; }
  bool has_field_or_combined(std::string_view id) const { return has_field(id) || has(Target::DateAndModes); }

  const Column* column_for(std::string_view field) const {
    for (auto& c : columns_)
      if (c.spec && c.spec->target == Target::Field && field == c.spec->field) return &c;
    return nullptr;
  }
  const Column* column_of(Target t) const {
    for (auto& c : columns_)
      if (c.spec && c.spec->target == t) return &c;
    return nullptr;
  }

  // The column to blame for a field's error: its own, the combined 服务时间及方式, or the field's label.
  std::string column_name(std::string_view type, const std::string& field) const {
    if (field == "enterprise" || field == "name") {
      if (auto* c = column_of(Target::Name)) return c->header;
      return "企业名称";
    }
    if (const Column* c = column_for(field)) return c->header;
    if (field == "date" || field == "modes")
      if (auto* c = column_of(Target::DateAndModes)) return c->header;
    if (const LedgerField* f = find_ledger_field(type, field)) return f->label;
    return field;
  }

  void import_row(const CsvRow& row, int row_number) {
    if (blank_row(row, columns_)) {
      ++out_.blank;
      return;
    }
    ++out_.rows;
    std::vector<CsvRowError> errors;
    auto error = [&](const std::string& column, const std::string& code, const std::string& message) {
      errors.push_back({row_number, column, code, message});
    };
    for (std::size_t i = columns_.size(); i < row.size(); ++i)
      if (!trim_space(row[i]).empty())
        error("", "csv.extra_cell",
              "第 " + std::to_string(i + 1) + " 列超出了表头（内容“" + std::string(trim_space(row[i])) +
                  "”）；可能是某个单元格里有未加引号的逗号，请检查本行");

    // Record type first: it decides which columns apply.
    std::string type = kRecordService;
    if (const Column* c = column_of(Target::Type); c && c->index < row.size() && !trim_space(row[c->index]).empty()) {
      const std::string_view written = trim_space(row[c->index]);
      type.clear();
      for (auto& t : type_names())
        for (const char* name : t.names)
          if (written == name) type = t.type;
      if (type.empty()) {
        error(c->header, "ledger.unknown_type",
              "记录类型" + quoted(written) + "无效；可填：服务记录、证书报告、技术创新成果、荣誉称号、典型案例、企业（不填即为服务记录）");
        fail(errors);
        return;
      }
    }
    const bool enterprise_row = type == "enterprise";

    EnterpriseInfo info = preamble_;
    LedgerRecord record;
    record.type = type;
    std::map<std::string, std::string> notes;  // other_field → note written after "其他"
    std::set<std::string> written_fields;
    for (auto& c : columns_) {
      if (c.index >= row.size()) continue;
      const std::string_view cell = trim_space(row[c.index]);
      if (cell.empty()) continue;
      if (!c.spec) {
        if (c.header.empty())
          error("", "csv.unnamed_column", "第 " + std::to_string(c.index + 1) + " 列没有列名，内容无法导入；请补上列名或删除该列的内容");
        continue;
      }
      const std::string value(cell);
      switch (c.spec->target) {
        case Target::Ignore:
        case Target::Type:
          break;
        case Target::Name: info.name = value; break;
        case Target::Address: info.address = value; break;
        case Target::Contact: info.contact = value; break;
        case Target::Phone: info.phone = value; break;
        case Target::Size: {
          auto s = normalize_enterprise_size(value);
          if (!s) error(c.header, s.error().code, s.error().message);
          else info.size = s.value();
          break;
        }
        case Target::DateAndModes: {
          if (type != kRecordService) {
            not_applicable(c, type, error);
            break;
          }
          auto [date, modes] = split_date_and_modes(value);
          if (date.empty()) {
            error(c.header, "ledger.date", quoted(c.header) + "应以日期开头，如“2024-03-05 上门指导”");
            break;
          }
          set_field(c, type, "date", date, record, notes, written_fields, error);
          if (!modes.empty()) set_field(c, type, "modes", modes, record, notes, written_fields, error);
          break;
        }
        case Target::Field:
          if (enterprise_row || !find_ledger_field(type, c.spec->field)) {
            not_applicable(c, type, error);
            break;
          }
          set_field(c, type, c.spec->field, value, record, notes, written_fields, error);
          break;
      }
    }
    for (auto& [field, note] : notes)  // "其他（直播）" fills the note unless its own column says more
      if (!note.empty() && !written_fields.count(field)) record.fields[field] = note;
    if (type == kRecordService && !has_field("category") && !record.fields.count("category") && errors.empty()) {
      const auto m = record.fields.find("modes");
      const bool training = m != record.fields.end() && ("," + m->second + ",").find(",centralized_training,") != std::string::npos;
      record.fields["category"] = training ? "training" : "other";
    }
    if (!errors.empty()) {
      fail(errors);
      return;
    }

    // The enterprise: the same name on several rows is one enterprise; what they say must agree.
    std::optional<std::size_t> existing;
    Enterprise merged;
    if (!info.name.empty()) {
      if (auto it = by_name_.find(info.name); it != by_name_.end()) {
        existing = it->second;
        merged = out_.ledger.enterprises[it->second];
        const std::map<std::string, int>& set_on = set_on_row_[it->second];
        struct Part {
          const char* key;
          std::string Enterprise::*stored;
          const std::string* written;
          Target target;
          const char* label;
        };
        const Part parts[] = {{"address", &Enterprise::address, &info.address, Target::Address, "企业地址"},
                              {"contact", &Enterprise::contact, &info.contact, Target::Contact, "联系人"},
                              {"phone", &Enterprise::phone, &info.phone, Target::Phone, "联系电话"},
                              {"size", &Enterprise::size, &info.size, Target::Size, "企业规模"}};
        for (auto& p : parts) {
          std::string& have = merged.*p.stored;
          if (p.written->empty()) continue;
          if (have.empty()) {
            have = *p.written;
          } else if (have != *p.written) {
            const Column* col = column_of(p.target);
            const auto on = set_on.find(p.key);
            error(col ? col->header : p.label, "ledger.enterprise_conflict",
                  "企业" + quoted(info.name) + "的" + p.label + quoted(*p.written) + "与第 " +
                      std::to_string(on == set_on.end() ? 0 : on->second) + " 行填写的" + quoted(have) +
                      "不一致；同一企业各行应填写相同内容（或只在一行填写）");
          }
        }
      } else {
        merged = {"e" + std::to_string(out_.ledger.enterprises.size() + 1), info.name, info.address, info.contact, info.phone,
                  info.size};
      }
      for (auto& fe : validate_enterprise(merged)) {
        const Target t = fe.field == "size" ? Target::Size : fe.field == "phone" ? Target::Phone
                         : fe.field == "address" ? Target::Address : fe.field == "contact" ? Target::Contact : Target::Name;
        const Column* col = column_of(t);
        error(col ? col->header : (t == Target::Phone ? "联系电话" : "企业名称"), fe.code, fe.message);
      }
      record.enterprise_id = merged.id;
    } else if (enterprise_row) {
      error(column_name(type, "name"), "ledger.required", "请填写企业名称");
    } else if (info.address.size() + info.contact.size() + info.phone.size() + info.size.size() > 0) {
      error(column_name(type, "name"), "ledger.required", "填写了企业地址、联系人、电话或规模，却没有填写企业名称");
    }
    if (!enterprise_row)
      for (auto& fe : validate_record(record, with_enterprise(merged)))
        error(column_name(type, fe.field), fe.code, fe.message);
    if (!errors.empty()) {
      fail(errors);
      return;
    }

    // Commit: the enterprise, then the record.
    if (!info.name.empty()) {
      if (existing) {
        out_.ledger.enterprises[*existing] = merged;
      } else {
        by_name_.emplace(info.name, out_.ledger.enterprises.size());
        out_.ledger.enterprises.push_back(merged);
        set_on_row_.emplace_back();
      }
      auto& set_on = set_on_row_[existing ? *existing : out_.ledger.enterprises.size() - 1];
      for (auto [key, value] : {std::pair<const char*, const std::string*>{"address", &info.address},
                                {"contact", &info.contact}, {"phone", &info.phone}, {"size", &info.size}})
        if (!value->empty()) set_on.emplace(key, row_number);
    }
    if (!enterprise_row) {
      record.id = "r" + std::to_string(out_.ledger.records.size() + 1);
      out_.ledger.records.push_back(std::move(record));
    }
    ++out_.imported;
  }

  // validate_record looks the enterprise up in a ledger; a one-enterprise ledger stands in for it.
  const Ledger& with_enterprise(const Enterprise& e) {
    scratch_.enterprises.assign(1, e);
    return scratch_;
  }
  Ledger scratch_;

  template <typename ErrorFn>
  void not_applicable(const Column& c, const std::string& type, ErrorFn& error) {
    error(c.header, "csv.not_applicable",
          quoted(c.header) + "不适用于" + quoted(type_label(type)) + (type == "enterprise" ? "行" : "记录") +
              "；请留空，或检查“记录类型”是否填对");
  }

  template <typename ErrorFn>
  void set_field(const Column& c, const std::string& type, const std::string& field, const std::string& value,
                 LedgerRecord& record, std::map<std::string, std::string>& notes, std::set<std::string>& written,
                 ErrorFn& error) {
    const LedgerField* f = find_ledger_field(type, field);
    auto v = normalize_ledger_value(*f, value);
    if (!v) {
      error(c.header, v.error().code, v.error().message);
      return;
    }
    // "/" (or "、") in a list column holds no choice: the cell is blank, as the export writes it back.
    if (v.value().value.empty() && v.value().other_note.empty()) return;
    written.insert(field);
    if (field == "date") record.date = v.value().value;
    else record.fields[field] = v.value().value;
    if (*f->other_field && !v.value().other_note.empty()) notes[f->other_field] = v.value().other_note;
  }

  void fail(std::vector<CsvRowError>& errors) {
    ++out_.failed;
    for (auto& e : errors) out_.errors.push_back(std::move(e));
  }
};

}  // namespace

Result<LedgerImport> import_ledger_csv(std::string_view bytes) {
  auto decoded = decode_text(bytes);
  if (!decoded) return decoded.error();
  LedgerImport out;
  out.encoding = decoded.value().encoding;
  const std::string& text = decoded.value().text;
  // Excel's "文本文件（制表符分隔）" is tab-separated: the first line decides.
  const std::string_view first_line = std::string_view(text).substr(0, text.find('\n'));
  if (std::count(first_line.begin(), first_line.end(), '\t') > std::count(first_line.begin(), first_line.end(), ','))
    out.delimiter = '\t';
  auto rows = parse_csv(text, out.delimiter);
  if (!rows) return rows.error();
  for (auto& row : rows.value())  // "'=…" as csv_field wrote it reads back as "=…"
    for (auto& cell : row)
      if (const std::string_view u = csv_unguard(cell); u.size() != cell.size()) cell = std::string(u);
  Importer importer(out);
  if (auto e = importer.run(rows.value())) return *e;
  return out;
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
