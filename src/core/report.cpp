#include "report.h"

#include <algorithm>

namespace qis {
namespace {

std::string pts(Milli m) { return format_milli(m); }
std::string esc(std::string_view s) { return html_escape(s); }

std::string profile_value(const Assessment& a, const char* key) {
  auto it = a.profile.find(key);
  return it == a.profile.end() ? std::string() : it->second;
}

// Escaped text, or a non-breaking space so an empty cell keeps its height and borders.
std::string cell_text(const std::string& s) { return s.empty() ? "&nbsp;" : esc(s); }

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
.comments p { margin: 0 0 2pt; font-size: 9pt; }
.cover { page-break-after: always; break-after: page; text-align: center; padding-top: 45mm; }
.cover .title { font-size: 24pt; font-weight: bold; line-height: 1.8; margin-bottom: 35mm; }
table.fields { width: 75%; margin: 0 auto; }
table.fields th, table.fields td { border: none; background: none; font-size: 14pt; padding: 6pt 4pt; }
table.fields th { width: 6em; text-align: right; white-space: nowrap; }
table.fields td { border-bottom: 0.75pt solid #000; text-align: left; }
.sign { margin-top: 16pt; line-height: 2.4; }
.right { text-align: right; }
.blank { display: inline-block; min-width: 3em; border-bottom: 0.75pt solid #000; }
th.id { width: 4.5em; white-space: nowrap; }
th.title { width: 13em; }
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

const char* kPageClose = "</body>\n</html>\n";

// The cover block of 附录B / 附录C: a title and underlined fields.
std::string cover(const std::string& title_html, const std::vector<std::pair<std::string, std::string>>& fields_html) {
  std::string s = "<div class=\"cover\">\n<div class=\"title\">" + title_html + "</div>\n<table class=\"fields\">\n";
  for (auto& [label, value] : fields_html) s += "<tr><th>" + label + "</th><td>" + value + "</td></tr>\n";
  return s + "</table>\n</div>\n";
}

std::string station_title(const Assessment& a) {
  const std::string name = profile_value(a, "name");
  return name.empty() ? "未命名单位" : name;
}

// One criterion's comment cell on the score sheet.
std::string comments_html(const DocumentInput& in, const Node& n, const PanelCriterion* pc) {
  std::string s;
  auto line = [&](const std::string& html) { s += "<p>" + html + "</p>"; };
  if (auto it = in.assessment->notes.find(n.id); it != in.assessment->notes.end() && !it->second.empty())
    line("自评说明：" + esc(it->second));
  if (in.panel && pc) {
    for (std::size_t i = 0; i < in.panel->reviews.size(); ++i) {
      const Review& r = in.panel->reviews[i];
      auto item = r.items.find(n.id);
      if (item == r.items.end()) continue;
      if (!item->second.comment.empty()) line(esc(r.expert.name) + "：" + esc(item->second.comment));
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

void sheet_rows(const DocumentInput& in, const ScoreReport& self, const Node& n, int depth, std::string& out) {
  const Panel* p = in.panel;
  const std::size_t experts = p ? p->reviews.size() : 0;
  const std::string indent = depth > 0 ? " style=\"padding-left:" + std::to_string(5 + depth * 10) + "pt\"" : "";
  const std::string title = esc(n.title) + (n.bonus && depth == 0 && n.title.find("加分项") == std::string::npos ? "（加分项）" : "");
  if (!n.is_criterion()) {
    const NodeResult* nr = self.find_node(n.id);
    out += "<tr class=\"group\"><td>" + esc(n.id) + "</td><td" + indent + ">" + title + "</td><td class=\"num\">" +
           pts(n.max) + "</td><td class=\"num\">" + pts(nr ? nr->score : 0) + "</td>";
    for (std::size_t i = 0; i < experts; ++i) out += "<td class=\"num\">" + pts(expert_subtotal(*p, n, i)) + "</td>";
    if (p) out += "<td class=\"num\">" + pts(p->node_result(n)) + "</td>";
    out += "<td></td></tr>\n";
    for (auto& c : n.children) sheet_rows(in, self, c, depth + 1, out);
    return;
  }
  const CriterionResult* cr = self.find(n.id);
  const PanelCriterion* pc = p ? p->find(n.id) : nullptr;
  out += "<tr><td>" + esc(n.id) + "</td><td" + indent + ">" + title + "</td><td class=\"num\">" + pts(n.max) +
         "</td><td class=\"num\">" + (cr && cr->answered ? pts(cr->score) : "—") + "</td>";
  for (std::size_t i = 0; i < experts; ++i) out += "<td class=\"num\">" + (pc ? pts(pc->scores[i]) : "") + "</td>";
  if (p) out += "<td class=\"num\"><b>" + (pc ? pts(pc->result) : "") + "</b></td>";
  out += "<td class=\"comments\">" + comments_html(in, n, pc) + "</td></tr>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
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

const char* document_kind_name(DocumentKind k) {
  switch (k) {
    case DocumentKind::ScoreSheet: return "score-sheet";
    case DocumentKind::Report: return "report";
    case DocumentKind::Application: return "application";
    case DocumentKind::Declaration: return "declaration";
  }
  return "";
}

std::optional<DocumentKind> document_kind_from_name(std::string_view name) {
  for (DocumentKind k : {DocumentKind::ScoreSheet, DocumentKind::Report, DocumentKind::Application, DocumentKind::Declaration})
    if (name == document_kind_name(k)) return k;
  return std::nullopt;
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
  std::string s = page_open(station_title(*in.assessment) + " 评分表", p && p->reviews.size() > 2);
  s += "<h1>" + esc(rb.title) + "</h1>\n";
  s += "<p class=\"center note\">评分依据：" + esc(rb.document) + "（" + esc(max_text(rb)) + "）</p>\n";
  s += "<table>\n<tr><td class=\"label\">申报单位</td><td>" + cell_text(profile_value(*in.assessment, "name")) +
       "</td><td class=\"label\">服务名称</td><td>" + cell_text(profile_value(*in.assessment, "service_name")) +
       "</td><td class=\"label\">评价日期</td><td>" + date_cn(document_date(in)) + "</td></tr>\n</table>\n";
  s += "<table>\n<thead><tr><th class=\"id\">编号</th><th class=\"title\">评价内容</th><th>满分</th><th>自评得分</th>";
  if (p) {
    for (auto& r : p->reviews) s += "<th class=\"expert\">" + esc(r.expert.name) + "</th>";
    s += "<th>专家组评分</th>";
  }
  s += "<th>说明与评语</th></tr></thead>\n<tbody>\n";
  for (auto& n : rb.indicators) sheet_rows(in, self, n, 0, s);
  s += "<tr class=\"group\"><td></td><td>合计</td><td class=\"num\">" + pts(rb.total + rb.bonus_total) + "</td><td class=\"num\">" +
       pts(self.total) + "</td>";
  if (p) {
    for (std::size_t i = 0; i < p->reviews.size(); ++i) {
      Milli sum = 0;
      for (auto& c : p->criteria) sum += c.scores[i];
      s += "<td class=\"num\">" + pts(sum) + "</td>";
    }
    s += "<td class=\"num\">" + pts(p->total) + "</td>";
  }
  s += "<td></td></tr>\n</tbody>\n</table>\n";
  if (p) {
    s += "<p class=\"note\">专家组评分：各细项" + std::string(panel_method_text(p->options.method)) +
         "，四舍五入保留一位小数；总分为各细项得分之和。专家评分极差超过该项满分 20% 的已标注。</p>\n";
    for (auto& w : p->warnings) s += "<p class=\"note flag\">" + esc(w.message) + "</p>\n";
  }
  s += "<p class=\"note\">自评得分由本工具按申报单位的答案重新计算；“—”表示未作答。</p>\n";
  s += "<div class=\"sign\">专家组成员（签字）：________________________________________　日期：" + date_cn(document_date(in)) +
       "</div>\n";
  return s + kPageClose;
}

std::string evaluation_report_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  const Panel* p = in.panel;
  const std::string date = document_date(in);
  std::string s = page_open(station_title(a) + " 评价报告", false);
  // 003 附录C: 服务名称、申报单位、评价日期 on the cover.
  s += cover("质量基础设施“一站式”服务<br>评价报告", {{"服务名称", cell_text(profile_value(a, "service_name"))},
                                                      {"申报单位", cell_text(profile_value(a, "name"))},
                                                      {"评价日期", date_cn(date)}});

  s += "<h2>一、评价依据</h2>\n<p>" + esc(rb.document) + "（" + esc(rb.title) + "，" + esc(max_text(rb)) + "）。</p>\n";
  s += "<p>专家组按评价表进行量化打分（8.2.2），" +
       std::string(p ? std::string("各细项") + panel_method_text(p->options.method) + "，四舍五入保留一位小数，总分为各细项得分之和。"
                     : "目前尚无专家评分，以下依据申报单位的自评得分（按其答案重新计算）。") +
       "</p>\n";

  s += "<h2>二、专家组成员</h2>\n<table>\n<thead><tr><th class=\"center\">序号</th><th>姓名</th><th>职称或职务</th><th>工作单位</th>"
       "<th>签字</th></tr></thead>\n<tbody>\n";
  const std::size_t rows = p ? std::max<std::size_t>(p->reviews.size(), 1) : static_cast<std::size_t>(kMinPanelExperts);
  for (std::size_t i = 0; i < rows; ++i) {
    const Review* r = p && i < p->reviews.size() ? &p->reviews[i] : nullptr;
    s += "<tr class=\"short\"><td class=\"center\">" + std::to_string(i + 1) + "</td><td>" + (r ? cell_text(r->expert.name) : "&nbsp;") +
         "</td><td>" + (r ? cell_text(r->expert.title) : "&nbsp;") + "</td><td>" + (r ? cell_text(r->expert.unit) : "&nbsp;") +
         "</td><td>&nbsp;</td></tr>\n";
  }
  s += "</tbody>\n</table>\n";
  if (p)
    for (auto& w : p->warnings) s += "<p class=\"note flag\">" + esc(w.message) + "</p>\n";

  s += "<h2>三、评价发现</h2>\n<table>\n<thead><tr><th>评价内容</th><th>满分</th><th>自评得分</th>";
  if (p) s += "<th>专家组评分</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (auto& top : rb.indicators) {
    auto row = [&](const Node& n, bool group) {
      const NodeResult* nr = self.find_node(n.id);
      s += std::string(group ? "<tr class=\"group\">" : "<tr>") + "<td" + (group ? "" : " style=\"padding-left:15pt\"") + ">" +
           esc(n.id) + " " + esc(n.title) + (n.bonus && group && n.title.find("加分项") == std::string::npos ? "（加分项）" : "") + "</td><td class=\"num\">" + pts(n.max) +
           "</td><td class=\"num\">" + pts(nr ? nr->score : 0) + "</td>";
      if (p) s += "<td class=\"num\">" + pts(p->node_result(n)) + "</td>";
      s += "</tr>\n";
    };
    row(top, true);
    for (auto& child : top.children) row(child, false);
  }
  s += "<tr class=\"group\"><td>总分</td><td class=\"num\">" + pts(rb.total + rb.bonus_total) + "</td><td class=\"num\">" +
       pts(self.total) + "</td>";
  if (p) s += "<td class=\"num\">" + pts(p->total) + "</td>";
  s += "</tr>\n</tbody>\n</table>\n";
  if (p) {
    std::string adjusted, spread;
    for (auto& c : p->criteria) {
      if (c.override_by_leader)
        adjusted += "<li>" + esc(target_label(rb, c.node->id)) + "：由计算值 " + pts(c.computed) + " 分调整为 " + pts(c.result) +
                    " 分。理由：" + esc(c.override_by_leader->reason) + "</li>\n";
      if (c.wide_spread)
        spread += "<li>" + esc(target_label(rb, c.node->id)) + "：专家评分极差 " + pts(c.spread) + " 分（满分 " + pts(c.node->max) +
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
      s += "<li><b>" + esc(target_label(rb, sg.node->id)) + "</b>：得分 " + pts(sg.score) + " / " + pts(sg.node->max) + "，失分 " +
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
  return s + kPageClose;
}

std::string application_form_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  auto v = [&](const char* key) { return cell_text(profile_value(a, key)); };
  std::string s = page_open(station_title(a) + " 评价申请表", false);
  // 003 附录B: 服务名称、申报单位、申请日期 on the cover, then the form.
  s += cover("质量基础设施“一站式”服务评价<br>申请表",
             {{"服务名称", v("service_name")}, {"申报单位", v("name")}, {"申请日期", date_cn(in.date)}});
  s += "<h1>质量基础设施“一站式”服务评价申请表</h1>\n<table>\n";
  s += "<tr><td class=\"label\">单位名称</td><td colspan=\"5\">" + v("name") + "</td></tr>\n";
  s += "<tr><td class=\"label\">地址</td><td colspan=\"5\">" + v("address") + "</td></tr>\n";
  s += "<tr><td class=\"label\">负责人</td><td>" + v("leader") + "</td><td class=\"label\">电话</td><td>" + v("leader_phone") +
       "</td><td class=\"label\">电子邮箱</td><td>" + v("leader_email") + "</td></tr>\n";
  s += "<tr><td class=\"label\">联系人</td><td>" + v("contact") + "</td><td class=\"label\">电话</td><td>" + v("contact_phone") +
       "</td><td class=\"label\">电子邮箱</td><td>" + v("contact_email") + "</td></tr>\n";
  s += "<tr><td class=\"label\">自查得分</td><td colspan=\"5\">" + pts(self.total) + " 分（" + esc(max_text(rb)) + "；依据" +
       esc(rb.title) + "）</td></tr>\n";
  s += "<tr><td class=\"label\">总体目标和要求</td><td colspan=\"5\" class=\"pre tall\">" + v("goals") + "</td></tr>\n";
  s += "<tr><td class=\"label\">自查情况总结报告</td><td colspan=\"5\" class=\"pre tall\">" + v("summary") + "</td></tr>\n";
  s += "</table>\n";
  s += "<div class=\"note\"><b>填表说明：</b><br>1、服务名称用“XXX质量基础设施‘一站式’服务”。<br>"
       "2、“申报单位”为具体承担质量基础设施“一站式”服务的申请方。<br>3、自查得分为申请方根据目标考核自我打分的结果。<br>"
       "4、自查情况总结报告为依照评价表（附录A）自评自查情况。<br>5、本表一式三份，字迹要工整清晰，可以打印。</div>\n";
  return s + kPageClose;
}

std::string declaration_form_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  auto v = [&](const char* key) { return cell_text(profile_value(a, key)); };
  const std::string year = in.date.size() >= 4 ? esc(in.date.substr(0, 4)) : "<span class=\"blank\">&nbsp;</span>";
  std::string s = page_open(station_title(a) + " 试点项目申报表", false);
  // 000 附件2: "2024年崇明区质量基础设施“一站式”服务试点项目申报表".
  s += "<h1>" + year + "年" + esc(rb.region) + "质量基础设施“一站式”服务<br>试点项目申报表</h1>\n<table>\n";
  auto row = [&](const char* label, const char* key, bool tall) {
    s += "<tr><td class=\"label\">" + std::string(label) + "</td><td colspan=\"3\" class=\"pre" + (tall ? " tall" : "") + "\">" +
         v(key) + "</td></tr>\n";
  };
  row("申报试点名称", "service_name", false);
  row("试点实施单位", "name", false);
  row("试点实施单位基本情况", "unit_overview", true);
  row("服务的产业（产业链）", "industry", false);
  row("服务的产业（产业链）总体情况描述", "industry_overview", true);
  row("企业（产业）质量服务需求描述", "demand", true);
  row("开展的重点服务事项", "key_services", true);
  row("试点工作目标及预期成果", "goals", true);
  row("试点主要服务模式", "service_mode", true);
  row("重点支持保障措施（含投入经费、场地设施、专业人员等）", "support", true);
  row("试点工作进度安排", "schedule", true);
  s += "<tr><td class=\"label\">试点实施单位负责人</td><td>" + v("leader") + "</td><td class=\"label\">联系电话</td><td>" +
       v("leader_phone") + "</td></tr>\n";
  s += "<tr><td class=\"label\">试点实施单位联系人</td><td>" + v("contact") + "</td><td class=\"label\">联系电话</td><td>" +
       v("contact_phone") + "</td></tr>\n";
  s += "<tr><td colspan=\"4\" class=\"tall\">试点实施单位意见：<br><br><br><br><br><br><div class=\"right\">单位盖章&emsp;&emsp;&emsp;&emsp;"
       "&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日</div></td></tr>\n";
  s += "</table>\n";
  return s + kPageClose;
}

std::string render_document(DocumentKind kind, const DocumentInput& in) {
  switch (kind) {
    case DocumentKind::ScoreSheet: return score_sheet_html(in);
    case DocumentKind::Report: return evaluation_report_html(in);
    case DocumentKind::Application: return application_form_html(in);
    case DocumentKind::Declaration: return declaration_form_html(in);
  }
  return "";
}

}  // namespace qis
