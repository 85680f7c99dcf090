// xlsx_write.h: the few SpreadsheetML parts a plain workbook needs, with inline strings (no
// shared-string table to keep in step) and one bold style for the header row.
#include "xlsx_write.h"

#include <cstdio>

#include "safe_text.h"

namespace qis {

namespace {

constexpr const char* kHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The first `n` code points of `s` (UTF-8).
std::string first_code_points(const std::string& s, std::size_t n) {
  std::size_t i = 0, count = 0;
  for (; i < s.size() && count < n; ++count) next_code_point(s, i);  // always advances, invalid bytes by one
  return s.substr(0, i);
}

std::size_t code_points(const std::string& s) {
  std::size_t i = 0, count = 0;
  for (; i < s.size(); ++count) next_code_point(s, i);
  return count;
}

std::string number_text(double n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", n);
  return buf;
}

std::string sheet_xml(const XlsxSheet& sheet) {
  std::string x = kHead;
  x += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  if (!sheet.rows.empty())
    x += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
         "state=\"frozen\"/></sheetView></sheetViews>";
  if (!sheet.widths.empty()) {
    x += "<cols>";
    for (std::size_t i = 0; i < sheet.widths.size(); ++i) {
      const std::string n = std::to_string(i + 1);
      x += "<col min=\"" + n + "\" max=\"" + n + "\" width=\"" + number_text(sheet.widths[i]) + "\" customWidth=\"1\"/>";
    }
    x += "</cols>";
  }
  x += "<sheetData>";
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    const std::string row = std::to_string(r + 1);
    x += "<row r=\"" + row + "\">";
    const char* style = r == 0 ? " s=\"1\"" : " s=\"2\"";
    for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const XlsxCell& cell = sheet.rows[r][c];
      const std::string ref = xlsx_column(static_cast<int>(c)) + row;
      if (cell.is_number) {
        x += "<c r=\"" + ref + "\"" + style + "><v>" + number_text(cell.number) + "</v></c>";
      } else if (!cell.text.empty()) {
        x += "<c r=\"" + ref + "\"" + style + " t=\"inlineStr\"><is><t xml:space=\"preserve\">" + markup_text(cell.text) +
             "</t></is></c>";
      }
    }
    x += "</row>";
  }
  x += "</sheetData>";
  x += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>";
  x += "</worksheet>";
  return x;
}

}  // namespace

std::string xlsx_column(int index) {
  std::string s;
  for (int n = index + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

std::string xlsx_sheet_name(const std::string& wanted, const std::vector<std::string>& taken) {
  std::string base = one_line_text(wanted);
  for (char& c : base)
    if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\') c = '_';
  if (!base.empty() && base.front() == '\'') base.front() = '_';
  if (base.empty()) base = "Sheet";
  auto is_taken = [&](const std::string& name) {
    for (const std::string& t : taken)
      if (lower_ascii(t) == lower_ascii(name)) return true;
    return false;
  };
  std::string name = first_code_points(base, 31);
  for (int n = 2; is_taken(name); ++n) {
    const std::string suffix = "（" + std::to_string(n) + "）";
    name = first_code_points(base, 31 - code_points(suffix)) + suffix;
  }
  return name;
}

ZipParts xlsx_parts(const std::vector<XlsxSheet>& given) {
  std::vector<XlsxSheet> sheets = given;
  if (sheets.empty()) sheets.push_back(XlsxSheet{"Sheet1", {}, {}});
  std::vector<std::string> names;
  for (const XlsxSheet& s : sheets) names.push_back(xlsx_sheet_name(s.name, names));

  ZipParts parts;
  std::string types = std::string(kHead) +
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      "<Override PartName=\"/xl/styles.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  for (std::size_t i = 0; i < sheets.size(); ++i)
    types += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i + 1) +
             ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  types += "</Types>";
  parts.emplace_back("[Content_Types].xml", types);

  parts.emplace_back("_rels/.rels", std::string(kHead) +
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"xl/workbook.xml\"/></Relationships>");

  std::string workbook = std::string(kHead) +
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>";
  std::string rels = std::string(kHead) +
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    workbook += "<sheet name=\"" + markup_text(names[i]) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
            "Target=\"worksheets/sheet" + n + ".xml\"/>";
  }
  const std::string styles_id = std::to_string(sheets.size() + 1);
  rels += "<Relationship Id=\"rId" + styles_id +
          "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";
  workbook += "</sheets></workbook>";
  rels += "</Relationships>";
  parts.emplace_back("xl/workbook.xml", workbook);
  parts.emplace_back("xl/_rels/workbook.xml.rels", rels);

  // Style 0 the default, 1 the header (bold, wrapped), 2 body cells (wrapped, top-aligned).
  parts.emplace_back("xl/styles.xml", std::string(kHead) +
      "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"宋体\"/></font>"
      "<font><b/><sz val=\"11\"/><name val=\"宋体\"/></font></fonts>"
      "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
      "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
      "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">"
      "<alignment wrapText=\"1\" vertical=\"top\"/></xf>"
      "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
      "<alignment wrapText=\"1\" vertical=\"top\"/></xf></cellXfs>"
      "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
      "</styleSheet>");

  for (std::size_t i = 0; i < sheets.size(); ++i)
    parts.emplace_back("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", sheet_xml(sheets[i]));
  return parts;
}

}  // namespace qis
