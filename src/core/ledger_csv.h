// The service ledger as CSV (docs/ledger.md): imported from what Excel or WPS saved, one error
// per bad cell naming its row and column; exported so that import reads it back the same.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "csv.h"
#include "error.h"
#include "ledger.h"

namespace qis {

struct CsvRowError {
  int row = 0;          // the row number a spreadsheet shows (the header row is usually 1)
  std::string column;   // the column's name as written in the file; empty = the row as a whole
  std::string code;     // stable id (docs/ledger.md)
  std::string message;  // Chinese, says what to write instead
};

// "第 5 行，“服务时间”：…"
std::string format_row_error(const CsvRowError& e);

struct LedgerImport {
  Ledger ledger;                      // the good rows only, enterprises in order of first appearance
  std::vector<CsvRowError> errors;    // every bad cell of every bad row, in row order
  std::vector<std::string> warnings;  // about the file as a whole (ignored columns, inferred values)
  std::string encoding;
  char delimiter = ',';
  int header_row = 0;
  int rows = 0;      // data rows that are not blank
  int imported = 0;  // rows that became a record (or an enterprise entry)
  int failed = 0;    // rows with at least one error; none of their content is imported
  int blank = 0;     // blank rows skipped
  bool ok() const { return failed == 0; }
};

// Reads a ledger CSV as saved by Excel or WPS. A file that cannot be read at all comes back as an
// Error (decode_text and parse_csv errors, csv.no_header, csv.duplicate_column,
// csv.no_enterprise); bad rows are listed in `errors` and left out of `ledger`.
Result<LedgerImport> import_ledger_csv(std::string_view bytes);

// The ledger as CSV: UTF-8 with BOM, CRLF, a header row and one row per record (enterprises with
// no record get a row of type 企业). import_ledger_csv reads it back to the same ledger.
std::string export_ledger_csv(const Ledger& ledger);

}  // namespace qis
