// CSV as spreadsheets save it: RFC 4180 reading and writing, encoding detection (UTF-8 with or
// without BOM, GB18030/GBK as Excel saves on Chinese Windows), cells guarded against formulas.
// The service ledger's columns and import are ledger_csv.h.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace qis {

inline constexpr std::size_t kMaxCsvBytes = 32u << 20;
inline constexpr std::size_t kMaxCsvRows = 200000;

// A file's text as UTF-8. Detection: a UTF-8 BOM → UTF-8; valid UTF-8 → UTF-8; else GB18030.
struct DecodedText {
  std::string text;      // UTF-8, BOM removed
  std::string encoding;  // "UTF-8（带 BOM）", "UTF-8" or "GB18030"
};
// Errors: csv.empty, csv.too_large, csv.not_csv (an .xlsx/.xls workbook), csv.utf16, csv.encoding.
Result<DecodedText> decode_text(std::string_view bytes);

using CsvRow = std::vector<std::string>;

// RFC 4180: fields separated by `delimiter`, records by CRLF (LF or CR alone accepted); a quoted
// field may hold delimiters, doubled quotes and line breaks (kept as "\n"). As Excel does, a quote
// inside an unquoted field is literal and text after a closing quote is appended. Errors:
// csv.quote (a quote never closed, with the row it opened on), csv.too_many_rows.
Result<std::vector<CsvRow>> parse_csv(std::string_view text, char delimiter = ',');

// RFC 4180 with CRLF; a field is quoted when it holds a comma, quote, line break or edge space.
// Lossless (parse_csv reads back the same rows); for files meant for a spreadsheet use
// write_spreadsheet_csv.
std::string write_csv(const std::vector<CsvRow>& rows);

// The one cell rule of every CSV the project writes for a spreadsheet (the ledger export and the
// rank CSV, in the CLI and on the page): a cell starting with = + - @, tab or CR (or with the
// apostrophe this rule adds) gets a leading ' so that a spreadsheet shows it as text instead of
// evaluating it as a formula (=HYPERLINK(…), +cmd|' /C calc'!A0, -2+3); then write_csv's quoting.
std::string csv_field(std::string_view text);

// The rule undone on import: one leading ' before = + - @ tab CR or ' is dropped, so a file this
// project wrote reads back to the same text.
std::string_view csv_unguard(std::string_view cell);

// UTF-8 BOM (Excel then reads UTF-8), rows of csv_field cells, CRLF.
std::string write_spreadsheet_csv(const std::vector<CsvRow>& rows);

}  // namespace qis
