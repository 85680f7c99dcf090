// ledger_csv.h's import: a ledger CSV as Excel or WPS saved it (the paper form's preamble, merged
// date-and-mode cells, aliases of every column) read row by row, bad rows listed, never guessed.
#include "ledger_csv.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "ledger_csv_columns.h"
#include "text_encoding.h"

namespace qis {

using namespace detail;

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }


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

}  // namespace qis
