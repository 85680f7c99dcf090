#include "report.h"

#include <algorithm>
#include <cstring>

#include "package.h"
#include "procedure_checks.h"
#include "profile.h"
#include "qr.h"
#include "safe_text.h"

namespace qis {
using detail::pts;
namespace {

std::string esc(std::string_view s) { return html_escape(s); }

std::string profile_value(const Assessment& a, const std::string& key) {
  auto it = a.profile.find(key);
  return it == a.profile.end() ? std::string() : it->second;
}

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
    return esc(d.substr(0, 4)) + "年" + esc(m[0] == '0' ? m.substr(1) : m) + "月" + esc(day[0] == '0' ? day.substr(1) : day) + "日";
  }
  return "&emsp;&emsp;&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日";
}

// The date a document carries: the one given, else the latest review's date, else none.
std::string document_date(const DocumentInput& in) {
  if (!in.date.empty()) return in.date;
  std::string latest;
  if (in.panel)
    for (auto& r : in.panel->reviews) latest = std::max(latest, r.date);
  return latest;
}

std::string max_text(const Rubric& rb) {
  std::string s = "满分 " + pts(rb.total) + " 分";
  if (rb.bonus_total > 0) s += "，另有加分项 " + pts(rb.bonus_total) + " 分";
  return s;
}

// A title that carries the document's own number: "1. 运营情况", "12）服务数量", "一、运营情况".
bool title_numbered(const std::string& t) {
  if (t.empty()) return false;
  if (t[0] >= '0' && t[0] <= '9') return true;
  if (t[0] == '(') return true;
  for (const char* p : {"（", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
    const std::string prefix = p;
    if (t.compare(0, prefix.size(), prefix) != 0) continue;
    if (prefix == "（") return true;
    // A Chinese numeral is a number only when "、" follows it (一、二、…十、).
    const auto mark = t.find("、");
    return mark != std::string::npos && mark <= 3 * 2;
  }
  return false;
}

// The rubric numbers its rows in the titles themselves: no separate 编号 column.
bool rubric_titles_numbered(const Rubric& rb) {
  if (rb.indicators.empty()) return false;
  for (auto& n : rb.indicators)
    if (!title_numbered(n.title)) return false;
  return true;
}

// A row's label: the title where it carries its number, else "id title".
std::string row_label(const Node& n) { return title_numbered(n.title) ? n.title : n.id + " " + n.title; }

const char* kStyle = R"(@page { size: A4; margin: 20mm 18mm 18mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", "宋体", serif;
       font-size: 10.5pt; line-height: 1.6; color: #000; background: #fff; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 12pt; letter-spacing: 1pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; }
p { margin: 4pt 0; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0; }
th, td { border: 0.75pt solid #000; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { font-weight: bold; background: #f2f2f2; }
th.expert { white-space: nowrap; }  /* a name of two to four characters stays on one line */
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
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
.binding { margin-top: 14pt; page-break-inside: avoid; break-inside: avoid; font-size: 9pt; }
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
  if (landscape) s += "@page { size: A4 landscape; }\n@media screen { body { max-width: 297mm; } }\n";
  return s + "</style>\n</head>\n<body>\n";
}

// The package's hash, readable and as a QR code, then the end of the page: paper bound to the file.
std::string page_close(const DocumentInput& in) {
  const std::string hash = document_package_hash(in);
  std::string grouped;
  for (std::size_t i = 0; i < hash.size(); i += 4) grouped += (i ? " " : "") + hash.substr(i, 4);
  std::string s = "<div class=\"binding\">" + qr_svg(hash, 24) + "<p>本文书对应的数据包 SHA-256（前 16 位）：<b class=\"hash\">" +
                  esc(hash.substr(0, 16)) + "</b></p><p class=\"hash\">" + esc(grouped) +
                  "</p><p class=\"note\">核对：扫描二维码或输入前 16 位，与收到的数据包比对（qis verify --expect）。</p></div>\n";
  return s + "</body>\n</html>\n";
}

// The cover block (附录B / 附录C): a title and underlined fields.
std::string cover(const std::string& title_html, const std::vector<std::pair<std::string, std::string>>& fields_html) {
  std::string s = "<div class=\"cover\">\n<div class=\"title\">" + title_html + "</div>\n<table class=\"fields\">\n";
  for (auto& [label, value] : fields_html) s += "<tr><th>" + label + "</th><td>" + value + "</td></tr>\n";
  return s + "</table>\n</div>\n";
}

std::string station_title(const Assessment& a) {
  const std::string name = profile_value(a, "name");
  return name.empty() ? "未命名单位" : name;
}

// The maximum in a table's 合计 row: the base maximum, with the bonus items' ceiling said as such
// (never "110", which reads as a 110-point scale).
std::string total_max_cell(const Rubric& rb) {
  return pts(rb.total) + (rb.bonus_total > 0 ? "（另有加分项最高 " + pts(rb.bonus_total) + "）" : "");
}

std::string self_score_text(const Rubric& rb, const ScoreReport& self) {
  return pts(self.total) + " 分（" + max_text(rb) + "；依据" + rb.title + "）";
}

// A form cell's value as HTML: a computed value, the profile field (or the form's own fill-in
// pattern when it is empty), after the form's printed hint.
std::string cell_value(const DocumentInput& in, const FormCell& c, const std::string& date, const ScoreReport& self) {
  std::string s;
  if (!c.hint.empty()) s += "<div class=\"hint\">" + esc(c.hint) + "</div>";
  if (c.value == "self_score") return s + esc(self_score_text(*in.rubric, self));
  if (c.value == "date") return s + date_cn(date);
  const std::string v = c.field.empty() ? "" : profile_value(*in.assessment, c.field);
  if (!v.empty()) return s + esc(v);
  if (!c.pattern.empty()) return s + "<span class=\"pattern\">" + esc(c.pattern) + "</span>";
  return s.empty() ? "&nbsp;" : s;
}

std::vector<std::pair<std::string, std::string>> cover_fields(const DocumentInput& in, const std::vector<FormCell>& cells,
                                                              const std::string& date, const ScoreReport& self) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& c : cells) out.push_back({esc(c.label), cell_value(in, c, date, self)});
  return out;
}

// Panel warnings as the rubric states its panel rule: the panel code's fewer-experts warning is
// replaced by the rubric's own (or dropped when the rubric names no minimum).
std::vector<std::string> panel_warnings(const DocumentInput& in) {
  std::vector<std::string> out;
  if (!in.panel) return out;
  for (auto& w : in.panel->warnings)
    if (w.code != "panel.too_few_experts") out.push_back(w.message);
  if (auto w = panel_size_warning(*in.rubric, static_cast<int>(in.panel->reviews.size()))) out.push_back(w->message);
  return out;
}

// One criterion's comment cell on the score sheet.
std::string comments_html(const DocumentInput& in, const Node& n, const PanelCriterion* pc) {
  std::string s;
  auto line = [&](const std::string& html) { s += "<p>" + html + "</p>"; };
  if (auto it = in.assessment->notes.find(n.id); it != in.assessment->notes.end() && !it->second.empty())
    line("自评说明：" + lines_html(it->second));
  if (in.panel && pc) {
    for (std::size_t i = 0; i < in.panel->reviews.size(); ++i) {
      const Review& r = in.panel->reviews[i];
      auto item = r.items.find(n.id);
      if (item == r.items.end()) continue;
      if (!item->second.comment.empty()) line(esc(r.expert.name) + "：" + lines_html(item->second.comment));
      if (!item->second.deviation_reason.empty())
        line(esc(r.expert.name) + "（与自评偏差的理由）：" + esc(item->second.deviation_reason));
    }
    if (pc->wide_spread) line("<span class=\"flag\">专家评分分歧较大（极差 " + pts(pc->spread) + " 分）</span>");
    if (pc->override_by_leader)
      line("<span class=\"flag\">专家组长调整为 " + pts(pc->result) + " 分（计算值 " + pts(pc->computed) + " 分）</span>：" +
           esc(pc->override_by_leader->reason));
  }
  return s.empty() ? "&nbsp;" : s;
}

// Expert `i`'s points under an indicator.
Milli expert_subtotal(const Panel& p, const Node& n, std::size_t i) {
  if (n.is_criterion()) {
    const PanelCriterion* c = p.find(n.id);
    return c ? c->scores[i] : 0;
  }
  Milli sum = 0;
  for (auto& child : n.children) sum += expert_subtotal(p, child, i);
  return sum;
}

struct SheetLayout {
  bool id_column = true;     // the rubric's titles carry no numbers of their own
  bool blank_column = false; // no panel yet: an empty 专家评分 column to fill in by hand
};

void sheet_rows(const DocumentInput& in, const ScoreReport& self, const SheetLayout& layout, const Node& n, int depth,
                std::string& out) {
  const Panel* p = in.panel;
  const std::size_t experts = p ? p->reviews.size() : 0;
  const std::string indent = depth > 0 ? " style=\"padding-left:" + std::to_string(5 + depth * 10) + "pt\"" : "";
  const std::string title = esc(n.title) + (n.bonus && depth == 0 && n.title.find("加分项") == std::string::npos ? "（加分项）" : "");
  const std::string id_cell = layout.id_column ? "<td>" + esc(n.id) + "</td>" : "";
  if (!n.is_criterion()) {
    const NodeResult* nr = self.find_node(n.id);
    out += "<tr class=\"group\">" + id_cell + "<td" + indent + ">" + title + "</td><td class=\"num\">" + pts(n.max) +
           "</td><td class=\"num\">" + pts(nr ? nr->score : 0) + "</td>";
    for (std::size_t i = 0; i < experts; ++i) out += "<td class=\"num\">" + pts(expert_subtotal(*p, n, i)) + "</td>";
    if (p) out += "<td class=\"num\">" + pts(p->node_result(n)) + "</td>";
    if (layout.blank_column) out += "<td>&nbsp;</td>";
    out += "<td></td></tr>\n";
    for (auto& c : n.children) sheet_rows(in, self, layout, c, depth + 1, out);
    return;
  }
  const CriterionResult* cr = self.find(n.id);
  const PanelCriterion* pc = p ? p->find(n.id) : nullptr;
  out += "<tr>" + id_cell + "<td" + indent + ">" + title + "</td><td class=\"num\">" + pts(n.max) + "</td><td class=\"num\">" +
         (cr && cr->answered ? pts(cr->score) : "—") + "</td>";
  for (std::size_t i = 0; i < experts; ++i) out += "<td class=\"num\">" + (pc ? pts(pc->scores[i]) : "") + "</td>";
  if (p) out += "<td class=\"num\"><b>" + (pc ? pts(pc->result) : "") + "</b></td>";
  if (layout.blank_column) out += "<td>&nbsp;</td>";
  out += "<td class=\"comments\">" + comments_html(in, n, pc) + "</td></tr>\n";
}

const DocumentSpec& spec_of(const Rubric& rb, DocumentKind k) {
  switch (k) {
    case DocumentKind::ScoreSheet: return rb.procedure.score_sheet;
    case DocumentKind::Report: return rb.procedure.report;
    case DocumentKind::Application: return rb.procedure.application;
    case DocumentKind::Declaration: return rb.procedure.declaration;
    case DocumentKind::SelfAssessment: return rb.procedure.self_assessment;
  }
  return rb.procedure.report;
}

// A form (application or declaration) from its rows in the rubric file.
std::string form_html(const DocumentInput& in, DocumentKind kind) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  const DocumentSpec& spec = spec_of(rb, kind);
  const std::string title = document_title(rb, kind);
  std::string s = page_open(station_title(a) + " " + title, false);
  if (!spec.cover_title.empty()) s += cover(lines_html(spec.cover_title), cover_fields(in, spec.cover, in.date, self));

  // The rubric names no form of this kind: every profile field it asks, and the self score.
  std::vector<std::vector<FormCell>> rows = spec.rows;
  if (rows.empty()) {
    for (auto& f : profile_fields()) {
      std::string label = f.label;
      bool asked = rb.procedure.profile.empty();
      for (auto& ask : rb.procedure.profile)
        if (ask.field == f.id) {
          asked = true;
          if (!ask.label.empty()) label = ask.label;
        }
      if (asked) rows.push_back({FormCell{label, f.id, "", "", "", f.kind == FieldKind::Multiline, ""}});
    }
    rows.push_back({FormCell{"自评得分", "", "self_score", "", "", false, ""}});
  }
  std::size_t width = 1;
  for (auto& row : rows) width = std::max(width, row.size());
  const std::size_t columns = 2 * width;

  s += "<h1>" + lines_html(spec.title.empty() ? title : spec.title) + "</h1>\n<table>\n";
  for (auto& row : rows) {
    s += "<tr>";
    if (row.size() == 1 && !row[0].seal.empty()) {
      s += "<td colspan=\"" + std::to_string(columns) + "\" class=\"tall\">" + esc(row[0].label) +
           "<br><br><br><br><br><br><div class=\"right\">" + esc(row[0].seal) +
           "&emsp;&emsp;&emsp;&emsp;&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日</div></td></tr>\n";
      continue;
    }
    for (std::size_t k = 0; k < row.size(); ++k) {
      const FormCell& c = row[k];
      const std::size_t span = k + 1 == row.size() ? columns - 2 * row.size() + 1 : 1;
      std::string attrs = span > 1 ? " colspan=\"" + std::to_string(span) + "\"" : "";
      if (c.tall) attrs += " class=\"pre tall\"";
      else if (c.field == "goals" || c.field == "summary") attrs += " class=\"pre\"";
      s += "<td class=\"label\">" + esc(c.label) + "</td><td" + attrs + ">" + cell_value(in, c, in.date, self) + "</td>";
    }
    s += "</tr>\n";
  }
  s += "</table>\n";
  if (!spec.notes.empty()) {
    s += "<div class=\"note\">";
    if (!spec.notes_title.empty()) s += "<b>" + esc(spec.notes_title) + "</b><br>";
    for (std::size_t i = 0; i < spec.notes.size(); ++i) s += (i ? "<br>" : "") + esc(spec.notes[i]);
    s += "</div>\n";
  }
  return s + page_close(in);
}

// A human-readable line for an answer: the rule's own explanation of the points.
std::string answer_text(const CriterionResult* cr) {
  if (!cr || !cr->answered) return "未作答";
  if (cr->error) return "答案无效：" + cr->error->message;
  return cr->explanation.empty() ? "已作答" : cr->explanation;
}

}  // namespace

std::string html_escape(std::string_view raw) {
  const std::string text = document_text(raw);  // valid XML 1.0 (the .docx is made from this HTML), no bidi control
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const std::vector<DocumentKind>& all_document_kinds() {
  static const std::vector<DocumentKind> kinds = {DocumentKind::SelfAssessment, DocumentKind::Application,
                                                  DocumentKind::Declaration, DocumentKind::ScoreSheet, DocumentKind::Report};
  return kinds;
}

const char* document_kind_name(DocumentKind k) {
  switch (k) {
    case DocumentKind::ScoreSheet: return "score-sheet";
    case DocumentKind::Report: return "report";
    case DocumentKind::Application: return "application";
    case DocumentKind::Declaration: return "declaration";
    case DocumentKind::SelfAssessment: return "self-assessment";
  }
  return "";
}

std::optional<DocumentKind> document_kind_from_name(std::string_view name) {
  for (DocumentKind k : all_document_kinds())
    if (name == document_kind_name(k)) return k;
  return std::nullopt;
}

std::string document_title(const Rubric& rubric, DocumentKind k) {
  const DocumentSpec& spec = spec_of(rubric, k);
  if (!spec.title.empty()) {
    std::string t = spec.title;
    t.erase(std::remove(t.begin(), t.end(), '\n'), t.end());  // a title broken over two lines reads as one
    return t;
  }
  switch (k) {
    case DocumentKind::ScoreSheet: return "评分表";
    case DocumentKind::Report: return "评价报告";
    case DocumentKind::Application: return "评价申请表";
    case DocumentKind::Declaration: return "申报表";
    case DocumentKind::SelfAssessment: return "自评记录";
  }
  return "";
}

bool document_defined(const Rubric& rubric, DocumentKind k) {
  if (k == DocumentKind::Application || k == DocumentKind::Declaration) return spec_of(rubric, k).defined;
  return true;
}

std::vector<DocumentKind> rubric_documents(const Rubric& rubric) {
  std::vector<DocumentKind> out;
  for (DocumentKind k : all_document_kinds())
    if (document_defined(rubric, k)) out.push_back(k);
  return out;
}

std::string document_package_hash(const DocumentInput& in) {
  if (!in.package_hash.empty()) return in.package_hash;
  if (in.panel && !in.panel->package_hash.empty()) return in.panel->package_hash;  // the file the panel reviewed
  return package_hash(export_package(*in.rubric, *in.assessment, in.today));
}

std::string title_without_number(const std::string& title) {
  if (!title_numbered(title)) return title;
  std::size_t i = 0;
  const auto skip = [&](const char* s) {
    const std::size_t n = std::strlen(s);
    if (title.compare(i, n, s) != 0) return false;
    i += n;
    return true;
  };
  if (title[0] >= '0' && title[0] <= '9') {
    while (i < title.size() && title[i] >= '0' && title[i] <= '9') ++i;
    for (const char* mark : {")", "）", ".", "．", "、"})
      if (skip(mark)) break;
  } else {
    for (const auto& [open, close] : {std::pair<const char*, const char*>{"(", ")"}, {"（", "）"}, {"", "、"}}) {
      if (!skip(open)) continue;
      const auto end = title.find(close, i);
      if (end == std::string::npos) return title;
      i = end + std::strlen(close);
      break;
    }
  }
  while (skip(" ") || skip("\xE3\x80\x80")) {}  // spaces, ideographic spaces
  return i < title.size() ? title.substr(i) : title;
}

std::string screen_label(const Node& n) { return n.id + " " + title_without_number(n.title); }

std::string node_label(const Node& n) {
  return title_numbered(n.title) ? "“" + n.title + "”" : "“" + n.title + "”（" + n.id + "）";
}

std::vector<Suggestion> improvement_suggestions(const DocumentInput& in, std::size_t limit) {
  const ScoreReport self = score(*in.rubric, *in.assessment, in.today);
  std::vector<Suggestion> all;
  for (auto& c : self.criteria) {
    if (c.node->bonus) continue;
    Suggestion s;
    s.node = c.node;
    s.score = c.score;
    if (in.panel)
      if (const PanelCriterion* pc = in.panel->find(c.node->id)) {
        s.score = pc->result;
        for (std::size_t i = 0; i < in.panel->reviews.size(); ++i)
          if (!pc->comments[i].empty()) s.comments.push_back(in.panel->reviews[i].expert.name + "：" + pc->comments[i]);
      }
    s.lost = c.node->max - s.score;
    if (s.lost > 0) all.push_back(std::move(s));
  }
  // Largest loss first; equal losses keep document order.
  std::stable_sort(all.begin(), all.end(), [](const Suggestion& a, const Suggestion& b) { return a.lost > b.lost; });
  if (all.size() > limit) all.resize(limit);
  return all;
}

std::string score_sheet_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const ScoreReport self = score(rb, *in.assessment, in.today);
  const Panel* p = in.panel;
  const DocumentSpec& spec = rb.procedure.score_sheet;
  SheetLayout layout;
  layout.id_column = !rubric_titles_numbered(rb);
  layout.blank_column = !p;
  const std::string date = document_date(in);
  std::string s = page_open(station_title(*in.assessment) + " " + document_title(rb, DocumentKind::ScoreSheet), p && p->reviews.size() > 2);
  s += "<h1>" + lines_html(spec.title.empty() ? rb.title : spec.title) + "</h1>\n";
  s += "<p class=\"center note\">评分依据：" + esc(rb.document) + "（" + esc(max_text(rb)) + "）</p>\n";
  if (!spec.basis.empty()) s += "<p class=\"note\">" + esc(spec.basis) + "</p>\n";
  if (!spec.header.empty()) {
    // The document's own header lines (松江 附件3: 项目名称 / 填表日期).
    s += "<table class=\"header\">\n<tr>";
    for (auto& c : spec.header) s += "<th>" + esc(c.label) + "：</th><td>" + cell_value(in, c, date, self) + "</td>";
    s += "</tr>\n</table>\n";
  } else {
    s += "<table>\n<tr><td class=\"label\">申报单位</td><td>" + cell_text(profile_value(*in.assessment, "name")) +
         "</td><td class=\"label\">服务名称</td><td>" + cell_text(profile_value(*in.assessment, "service_name")) +
         "</td><td class=\"label\">评价日期</td><td>" + date_cn(date) + "</td></tr>\n</table>\n";
  }
  s += "<table>\n<thead><tr>" + std::string(layout.id_column ? "<th class=\"id\">编号</th>" : "") +
       "<th class=\"title\">评价内容</th><th>满分</th><th>自评得分</th>";
  if (p) {
    for (auto& r : p->reviews) s += "<th class=\"expert\">" + esc(r.expert.name) + "</th>";
    s += "<th>专家组评分</th>";
  }
  if (layout.blank_column) s += "<th>专家评分</th>";
  s += "<th>说明与评语</th></tr></thead>\n<tbody>\n";
  for (auto& n : rb.indicators) sheet_rows(in, self, layout, n, 0, s);
  s += "<tr class=\"group\">" + std::string(layout.id_column ? "<td></td>" : "") + "<td>合计</td><td class=\"num\">" +
       total_max_cell(rb) + "</td><td class=\"num\">" + pts(self.total) + "</td>";
  if (p) {
    for (std::size_t i = 0; i < p->reviews.size(); ++i) {
      Milli sum = 0;
      for (auto& c : p->criteria) sum += c.scores[i];
      s += "<td class=\"num\">" + pts(sum) + "</td>";
    }
    s += "<td class=\"num\">" + pts(p->total) + "</td>";
  }
  if (layout.blank_column) s += "<td>&nbsp;</td>";
  s += "<td></td></tr>\n</tbody>\n</table>\n";
  if (p) {
    s += "<p class=\"note\">专家组评分：各细项" + std::string(panel_method_text(p->options.method)) +
         "，四舍五入保留一位小数；总分为各细项得分之和。专家评分极差超过该项满分 20% 的已标注。</p>\n";
    for (auto& w : panel_warnings(in)) s += "<p class=\"note flag\">" + esc(w) + "</p>\n";
  }
  s += "<p class=\"note\">自评得分由本工具按申报单位的答案重新计算；“—”表示未作答。</p>\n";
  s += "<div class=\"sign\">" + std::string(p ? "专家组成员" : "评分人") + "（签字）：________________________________________　日期：" +
       date_cn(date) + "</div>\n";
  return s + page_close(in);
}

std::string evaluation_report_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  const Panel* p = in.panel;
  const DocumentSpec& spec = rb.procedure.report;
  const PanelRule& rule = rb.procedure.panel;
  const std::string date = document_date(in);
  std::string s = page_open(station_title(a) + " " + document_title(rb, DocumentKind::Report), false);
  if (!spec.cover_title.empty()) {
    s += cover(lines_html(spec.cover_title), cover_fields(in, spec.cover, date, self));
  } else {
    // The rubric's own title for its report (武汉 市级质量服务站评价报告, 松江 效能评估报告), not Hunan's.
    s += cover(spec.title.empty() ? "质量基础设施“一站式”服务<br>评价报告" : lines_html(spec.title), {{"服务名称", cell_text(profile_value(a, "service_name"))},
                                                        {"申报单位", cell_text(profile_value(a, "name"))},
                                                        {"评价日期", date_cn(date)}});
  }

  s += "<h2>一、评价依据</h2>\n<p>" + esc(rb.document) + "（" + esc(rb.title) + "，" + esc(max_text(rb)) + "）。</p>\n";
  if (!spec.basis.empty()) s += "<p>" + esc(spec.basis) + "</p>\n";
  s += "<p>" +
       std::string(p ? std::string("专家组按评分表逐项打分，各细项") + panel_method_text(p->options.method) +
                           "，四舍五入保留一位小数，总分为各细项得分之和。"
                     : "目前尚无专家组汇总评分，以下依据申报单位的自评得分（按其答案重新计算）。") +
       "</p>\n";

  s += "<h2>二、专家组成员</h2>\n";
  if (rule.min_size > 0 || !rule.qualification.empty()) {
    std::string text = rule.qualification;
    if (rule.min_size > 0) text += (text.empty() ? "专家组" : "，") + std::string("不少于 ") + std::to_string(rule.min_size) + " 人";
    s += "<p class=\"note\">" + esc(text) + (rule.clause.empty() ? "" : "（" + esc(rule.clause) + "）") + "。</p>\n";
  }
  s += "<table>\n<thead><tr><th class=\"center\">序号</th><th>姓名</th><th>职称或职务</th><th>工作单位</th>"
       "<th>签字</th></tr></thead>\n<tbody>\n";
  std::vector<Expert> roster;
  if (p)
    for (auto& r : p->reviews) roster.push_back(r.expert);
  else
    roster = in.submitted;
  // Blank rows to write in the rest of the panel by hand: up to the rubric's minimum, else three.
  const std::size_t wanted = rule.min_size > 0 ? static_cast<std::size_t>(rule.min_size) : (roster.empty() ? 3u : 0u);
  const std::size_t rows = std::max(roster.size(), wanted);
  for (std::size_t i = 0; i < rows; ++i) {
    const Expert* e = i < roster.size() ? &roster[i] : nullptr;
    s += "<tr class=\"short\"><td class=\"center\">" + std::to_string(i + 1) + "</td><td>" + (e ? cell_text(e->name) : "&nbsp;") +
         "</td><td>" + (e ? cell_text(e->title) : "&nbsp;") + "</td><td>" + (e ? cell_text(e->unit) : "&nbsp;") +
         "</td><td>&nbsp;</td></tr>\n";
  }
  s += "</tbody>\n</table>\n";
  if (!p && !in.submitted.empty())
    s += "<p class=\"note\">已提交评审意见的专家 " + std::to_string(in.submitted.size()) + " 人；全部专家完成评审后汇总评分。</p>\n";
  for (auto& w : panel_warnings(in)) s += "<p class=\"note flag\">" + esc(w) + "</p>\n";

  s += "<h2>三、评价发现</h2>\n<table>\n<thead><tr><th>评价内容</th><th>满分</th><th>自评得分</th>";
  if (p) s += "<th>专家组评分</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (auto& top : rb.indicators) {
    auto row = [&](const Node& n, bool group) {
      const NodeResult* nr = self.find_node(n.id);
      s += std::string(group ? "<tr class=\"group\">" : "<tr>") + "<td" + (group ? "" : " style=\"padding-left:15pt\"") + ">" +
           esc(row_label(n)) + (n.bonus && group && n.title.find("加分项") == std::string::npos ? "（加分项）" : "") +
           "</td><td class=\"num\">" + pts(n.max) + "</td><td class=\"num\">" + pts(nr ? nr->score : 0) + "</td>";
      if (p) s += "<td class=\"num\">" + pts(p->node_result(n)) + "</td>";
      s += "</tr>\n";
    };
    row(top, true);
    for (auto& child : top.children) row(child, false);
  }
  s += "<tr class=\"group\"><td>总分</td><td class=\"num\">" + total_max_cell(rb) + "</td><td class=\"num\">" +
       pts(self.total) + "</td>";
  if (p) s += "<td class=\"num\">" + pts(p->total) + "</td>";
  s += "</tr>\n</tbody>\n</table>\n";
  if (p) {
    std::string adjusted, spread;
    for (auto& c : p->criteria) {
      if (c.override_by_leader)
        adjusted += "<li>" + esc(node_label(*c.node)) + "：由计算值 " + pts(c.computed) + " 分调整为 " + pts(c.result) +
                    " 分。理由：" + esc(c.override_by_leader->reason) + "</li>\n";
      if (c.wide_spread)
        spread += "<li>" + esc(node_label(*c.node)) + "：专家评分极差 " + pts(c.spread) + " 分（满分 " + pts(c.node->max) +
                  " 分）</li>\n";
    }
    if (!adjusted.empty()) s += "<p>专家组长调整的得分：</p>\n<ul>\n" + adjusted + "</ul>\n";
    if (!spread.empty()) s += "<p>专家评分分歧较大的细项：</p>\n<ul>\n" + spread + "</ul>\n";
  }

  const Milli total = p ? p->total : self.total;
  // Without thresholds or conditions the outcome line would only repeat the score.
  const bool has_outcome = !rb.thresholds.empty() || !rb.gate_groups.empty();
  const std::string outcome = !has_outcome ? "" : p ? p->outcome : self.outcome_text();
  s += "<h2>四、评价结论</h2>\n<p>" + std::string(p ? "专家组评分" : "自评得分") + " <b>" + pts(total) + "</b> 分（" +
       esc(max_text(rb)) + "）。" + esc(outcome) + "</p>\n";

  s += "<h2>五、改进建议</h2>\n";
  const auto suggestions = improvement_suggestions(in);
  if (suggestions.empty()) {
    s += "<p>各评价细项均已得满分，暂无扣分项。</p>\n";
  } else {
    s += "<p>以下为失分最多的细项（按失分从多到少）：</p>\n<ol>\n";
    for (auto& sg : suggestions) {
      s += "<li><b>" + esc(node_label(*sg.node)) + "</b>：得分 " + pts(sg.score) + " / " + pts(sg.node->max) + "，失分 " +
           pts(sg.lost) + " 分。";
      if (!sg.node->text.empty()) s += "<div class=\"rule\">评分标准：" + esc(sg.node->text) + "</div>";
      for (auto& c : sg.comments) s += "<div class=\"rule\">" + esc(c) + "</div>";
      s += "</li>\n";
    }
    s += "</ol>\n";
  }
  if (p) {
    std::string opinions;
    for (auto& r : p->reviews)
      if (!r.summary.empty()) opinions += "<p class=\"pre\">" + esc(r.expert.name) + "：" + esc(r.summary) + "</p>\n";
    if (!opinions.empty()) s += "<h2>六、专家意见</h2>\n" + opinions;
  }
  s += "<div class=\"sign\">专家组组长（签字）：____________________<br>专家组成员（签字）：________________________________________<br>"
       "日期：" +
       date_cn(date) + "</div>\n";
  return s + page_close(in);
}

std::string application_form_html(const DocumentInput& in) { return form_html(in, DocumentKind::Application); }

std::string declaration_form_html(const DocumentInput& in) { return form_html(in, DocumentKind::Declaration); }

std::string self_assessment_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  const DocumentSpec& spec = rb.procedure.self_assessment;
  const std::string date = in.date;
  std::string s = page_open(station_title(a) + " " + document_title(rb, DocumentKind::SelfAssessment), false);
  s += "<h1>" + lines_html(spec.title.empty() ? "自评记录" : spec.title) + "</h1>\n";
  s += "<p class=\"center note\">对照：" + esc(rb.document) + "（" + esc(max_text(rb)) + "）</p>\n";
  if (!spec.basis.empty()) s += "<p class=\"note\">" + esc(spec.basis) + "</p>\n";
  s += "<table>\n<tr><td class=\"label\">单位名称</td><td>" + cell_text(profile_value(a, "name")) +
       "</td><td class=\"label\">服务名称</td><td>" + cell_text(profile_value(a, "service_name")) + "</td></tr>\n";
  s += "<tr><td class=\"label\">自评得分</td><td>" + esc(self_score_text(rb, self)) + "</td><td class=\"label\">自评日期</td><td>" +
       date_cn(date) + "</td></tr>\n</table>\n";
  if (!self.operation_warning.empty()) s += "<p class=\"note flag\">" + esc(self.operation_warning) + "</p>\n";

  const bool id_column = !rubric_titles_numbered(rb);
  s += "<table>\n<thead><tr>" + std::string(id_column ? "<th class=\"id\">编号</th>" : "") +
       "<th class=\"title\">评价内容</th><th>自评情况</th><th>得分</th><th>理由</th><th>证明材料</th></tr></thead>\n<tbody>\n";
  for (const Node* n : rb.criteria()) {
    const CriterionResult* cr = self.find(n->id);
    std::string reason;
    if (auto it = a.notes.find(n->id); it != a.notes.end()) reason = it->second;
    if (auto it = a.overrides.find(n->id); it != a.overrides.end() && !it->second.reason.empty())
      reason += (reason.empty() ? "" : "\n") + std::string("（手工填写的数量）") + it->second.reason;
    std::string evidence;
    for (auto& e : a.evidence)
      if (std::find(e.criteria.begin(), e.criteria.end(), n->id) != e.criteria.end())
        // <bdi>: a name's own direction (Arabic or Hebrew letters) stays inside it, away from the digest.
        evidence += "<p><bdi>" + esc(e.name) + "</bdi>（SHA-256 " + esc(e.sha256.substr(0, 16)) + "）</p>";
    s += "<tr>" + std::string(id_column ? "<td>" + esc(n->id) + "</td>" : "") + "<td>" + esc(n->title) + "</td><td>" +
         esc(answer_text(cr)) + "</td><td class=\"num\">" + (cr && cr->answered ? pts(cr->score) : "—") + " / " + pts(n->max) +
         "</td><td class=\"pre\">" + cell_text(reason) + "</td><td class=\"comments\">" + (evidence.empty() ? "无" : evidence) +
         "</td></tr>\n";
  }
  s += "<tr class=\"group\">" + std::string(id_column ? "<td></td>" : "") + "<td>合计</td><td></td><td class=\"num\">" +
       esc(score_text(score_figures(self))) + "</td><td></td><td></td></tr>\n</tbody>\n</table>\n";
  if (!rb.thresholds.empty() || !rb.gate_groups.empty()) s += "<p>" + esc(self.outcome_text()) + "</p>\n";
  if (!rb.materials.empty()) {
    const auto missing = missing_materials(rb, a);
    s += "<h2>申请材料</h2>\n<table>\n<tbody>\n";
    for (auto& m : rb.materials) {
      const bool absent = std::find(missing.begin(), missing.end(), m.id) != missing.end();
      std::string state = m.required ? (absent ? "缺少" : "已附") : "可选";
      if (!m.required)
        for (auto& e : a.evidence)
          if (std::find(e.criteria.begin(), e.criteria.end(), "material:" + m.id) != e.criteria.end()) state = "已附";
      s += "<tr><td>" + esc(m.title) + (m.clause.empty() ? "" : "（" + esc(m.clause) + "）") + "</td><td class=\"center" +
           (absent ? " flag" : "") + "\">" + state + "</td></tr>\n";
    }
    s += "</tbody>\n</table>\n";
  }
  s += "<div class=\"sign\">自评负责人（签字）：____________________　单位（盖章）<br>日期：" + date_cn(date) + "</div>\n";
  return s + page_close(in);
}

std::string render_document(DocumentKind kind, const DocumentInput& in) {
  switch (kind) {
    case DocumentKind::ScoreSheet: return score_sheet_html(in);
    case DocumentKind::Report: return evaluation_report_html(in);
    case DocumentKind::Application: return application_form_html(in);
    case DocumentKind::Declaration: return declaration_form_html(in);
    case DocumentKind::SelfAssessment: return self_assessment_html(in);
  }
  return "";
}

}  // namespace qis
