// A workbook (.xlsx, SpreadsheetML) of plain sheets: text and number cells, a bold header row kept
// in view, column widths. Written as parts like docx.h's (zip_docx_parts natively, the page's own
// zip writer in the browser), so Excel, WPS and LibreOffice open it and the sums are the user's.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace qis {

// (path in the zip, bytes), as docx.h's DocxParts: zip_docx_parts zips either.
using ZipParts = std::vector<std::pair<std::string, std::string>>;

struct XlsxCell {
  bool is_number = false;
  double number = 0;
  std::string text;  // UTF-8; made valid XML (document_text) on the way in; never a formula
};
inline XlsxCell xlsx_text(std::string text) { return XlsxCell{false, 0, std::move(text)}; }
inline XlsxCell xlsx_number(double n) { return XlsxCell{true, n, {}}; }

struct XlsxSheet {
  std::string name;                          // shown on the tab; made legal and unique on writing
  std::vector<double> widths;                // in characters, per column from A; missing: default
  std::vector<std::vector<XlsxCell>> rows;   // rows[0] is the header (bold, frozen)
};

// The parts of the workbook, [Content_Types].xml first; sheets in the order given (at least one:
// an empty list writes one empty sheet, as a workbook cannot have none).
ZipParts xlsx_parts(const std::vector<XlsxSheet>& sheets);

// A sheet name Excel accepts: no []:*?/\ (each becomes "_"), not empty, at most 31 characters,
// and different from every name in `taken` (compared without case: "（2）" appended).
std::string xlsx_sheet_name(const std::string& wanted, const std::vector<std::string>& taken);

// "A", "B", …, "Z", "AA": the letters of a 0-based column.
std::string xlsx_column(int index);

}  // namespace qis
