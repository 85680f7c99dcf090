// csv.h: the bytes Excel and WPS save, decoded; RFC 4180 read and written.
#include "csv.h"

#include <algorithm>

#include "gb18030.h"
#include "text_encoding.h"

namespace qis {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

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

}  // namespace qis
