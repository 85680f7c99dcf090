// The HTML page every document is printed on: escaping, the A4 style sheet, the head, and the close
// that binds the paper to its package (SHA-256 and QR).
#include "report_parts.h"

#include "qr.h"
#include "safe_text.h"

namespace qis {
namespace doc {

// Escaped text, or a non-breaking space so an empty cell keeps its height and borders.
std::string cell_text(const std::string& s) { return s.empty() ? "&nbsp;" : esc(s); }

// Escaped lines joined with <br> (titles in the rubric file use "\n"; a note pasted from Word
// breaks its lines with U+000B, which document_text makes "\n" too).
std::string lines_html(const std::string& text) {
  const std::string s = document_text(text);
  std::string out, line;
  for (char c : s) {
    if (c == '\n') {
      out += esc(line) + "<br>";
      line.clear();
    } else {
      line += c;
    }
  }
  return out + esc(line);
}

// "2025年6月1日" from YYYY-MM-DD; a blank line to fill in by hand when there is no date.
std::string date_cn(const std::string& d) {
  if (d.size() == 10 && d[4] == '-' && d[7] == '-') {
    const std::string m = d.substr(5, 2), day = d.substr(8, 2);
    return "<span class=\"nb\">" + esc(d.substr(0, 4)) + "年" + esc(m[0] == '0' ? m.substr(1) : m) + "月" +
           esc(day[0] == '0' ? day.substr(1) : day) + "日</span>";
  }
  return "&emsp;&emsp;&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日";
}

// Office paper as GB/T 9704 sets it: A4, margins 37 mm top, 35 mm bottom, 28 mm binding side, 26 mm
// outer; 仿宋 body, 宋体 tables, 黑体/小标宋 titles, with the names Windows, WPS, macOS and Linux give
// them; "— N —" centred under every page (a margin box: the page lays out its own number, and a
// browser that prints its own header and footer is told not to, README 打印).
const char* kStyle = R"(@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "Noto Serif CJK SC", serif; font-size: 12pt; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
       font-size: 12pt; line-height: 1.6; color: #000; background: #fff; }
table { font-family: "SimSun", "宋体", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; font-size: 10.5pt; }
h1, .cover .title { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", sans-serif; font-weight: normal; }
h2 { font-family: "SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", sans-serif; font-weight: normal; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
.nb { white-space: nowrap; }
.sign { break-before: avoid; break-after: avoid; page-break-after: avoid; break-inside: avoid; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 12pt; letter-spacing: 1pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; }
p { margin: 4pt 0; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0; }
th, td { border: 0.75pt solid #000; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { font-weight: bold; background: #f2f2f2; }
th.expert { white-space: nowrap; }  /* a name of two to four characters stays on one line */
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.num { text-align: right; }
.center { text-align: center; }
.pre { white-space: pre-wrap; }
.tall { height: 55mm; }
.short { height: 12mm; }
.label { width: 8em; font-weight: bold; background: #f2f2f2; }
.group td { font-weight: bold; background: #f7f7f7; }
.flag { font-weight: bold; }
.rule { font-size: 9pt; color: #222; }
.note { font-size: 9pt; color: #222; }
.hint { font-size: 9pt; color: #444; }
.pattern { color: #555; }
.comments p { margin: 0 0 2pt; font-size: 9pt; }
.cover { page-break-after: always; break-after: page; text-align: center; padding-top: 45mm; }
.cover .title { font-size: 24pt; font-weight: bold; line-height: 1.8; margin-bottom: 35mm; }
table.fields { width: 75%; margin: 0 auto; }
table.fields th, table.fields td { border: none; background: none; font-size: 14pt; padding: 6pt 4pt; }
table.fields th { width: 6em; text-align: right; white-space: nowrap; }
table.fields td { border-bottom: 0.75pt solid #000; text-align: left; }
table.header th, table.header td { border: none; background: none; padding: 2pt 4pt; }
table.header td { border-bottom: 0.75pt solid #000; }
.sign { margin-top: 16pt; line-height: 2.4; }
.right { text-align: right; }
.blank { display: inline-block; min-width: 3em; border-bottom: 0.75pt solid #000; }
th.id { width: 4.5em; white-space: nowrap; }
th.title { width: 13em; }
.binding { margin-top: 14pt; page-break-inside: avoid; break-inside: avoid; break-before: avoid; page-break-before: avoid; font-size: 9pt; }
.binding svg { float: left; margin-right: 8pt; }
.binding .hash { font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; word-break: break-all; }
.binding::after { content: ""; display: block; clear: both; }
@media screen {
  body { max-width: 210mm; margin: 10mm auto; padding: 0 10mm; }
  .cover { border-bottom: 1pt dashed #999; padding-bottom: 20mm; margin-bottom: 10mm; }
}
)";

std::string page_open(const std::string& title, bool landscape) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) +
                  "</title>\n<style>\n" + kStyle;
  if (landscape) s += "@page { size: A4 landscape; margin: 26mm 35mm 26mm 37mm; }\n@media screen { body { max-width: 297mm; } }\n";
  return s + "</style>\n</head>\n<body>\n";
}

// The package's hash, readable and as a QR code, then the end of the page: paper bound to the file.
std::string page_close(const DocumentInput& in) {
  const std::string hash = document_package_hash(in);
  std::string grouped;
  for (std::size_t i = 0; i < hash.size(); i += 4) grouped += (i ? " " : "") + hash.substr(i, 4);
  std::string s = "<div class=\"binding\">" + qr_svg(hash, kQrSideMm) + "<p>本文书对应的数据包 SHA-256（前 16 位）：<b class=\"hash\">" +
                  esc(hash.substr(0, 16)) + "</b></p><p class=\"hash\">" + esc(grouped) +
                  "</p>" + (in.panel_hash.empty() ? std::string() : "<p>专家组汇总文件 SHA-256：<span class=\"hash\">" + esc(in.panel_hash) + "</span></p>") +
                  "<p class=\"note\">核对：扫描二维码或输入前 16 位，与收到的数据包比对（qis verify --expect）。</p></div>\n";
  return s + "</body>\n</html>\n";
}

std::string colgroup(const std::vector<Col>& columns) {
  // Relative widths per kind of column: a number or a name needs a few characters, the seed's text
  // and the comments most of the line (issue 26: equal columns broke "满分 10" inside the number).
  auto weight = [](Col c) {
    switch (c) {
      case Col::Id: return 9;      // "1.1.1" and "4.3.5" whole in .docx, whose cell margins take ~4 mm
      case Col::Title: return 19;
      case Col::Text: return 25;
      case Col::Number: return 9;  // "100" and "1000" whole
      case Col::Result: return 11;
      case Col::Name: return 9;
      case Col::Label: return 12;
      case Col::Wide: return 22;
    }
    return 10;
  };
  int sum = 0;
  for (Col c : columns) sum += weight(c);
  std::string s = "<colgroup>";
  for (Col c : columns) {
    const int permille = weight(c) * 1000 / sum;
    s += "<col data-w=\"" + std::to_string(permille) + "\" style=\"width:" + std::to_string(permille / 10) + "." +
         std::to_string(permille % 10) + "%\">";
  }
  return s + "</colgroup>";
}

}  // namespace doc

using namespace doc;

std::string html_escape(std::string_view raw) { return markup_text(raw); }  // valid XML 1.0: the .docx is made from this HTML

}  // namespace qis
