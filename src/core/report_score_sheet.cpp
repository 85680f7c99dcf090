// The 评分表: every criterion with the self score, each expert's score and the panel's.
#include "report_parts.h"

namespace qis {
namespace doc {

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
  bool id_column = true;      // the rubric's titles carry no numbers of their own
  bool blank_column = false;  // no panel yet: an empty 专家评分 column to fill in by hand
  bool panel_column = false;  // a merged panel: the 专家组评分 column (never on one expert's 工作稿)
  bool conditions = false;    // 上海: conditions met or not, no points
};

// An expert's mark as printed: points, or 符合/不符合 where the rubric states conditions.
std::string expert_mark(const SheetLayout& layout, Milli score) {
  return layout.conditions ? (score > 0 ? "符合" : "不符合") : pts(score);
}

void sheet_rows(const DocumentInput& in, const ScoreReport& self, const SheetLayout& layout, const Node& n, int depth,
                std::string& out) {
  const Panel* p = in.panel;
  const std::size_t experts = p ? p->reviews.size() : 0;
  const std::string indent = depth > 0 ? " style=\"padding-left:" + std::to_string(5 + depth * 6) + "pt\"" : "";
  const std::string title =
      esc(printed_title(n)) + (n.bonus && depth == 0 && n.title.find("加分项") == std::string::npos ? "（加分项）" : "");
  const std::string id_cell = layout.id_column ? "<td>" + esc(n.id) + "</td>" : "";
  // The seed's own wording beside the item (崇明/松江 附件3 评价要点, 湖南 表A.1 评分标准, 武汉 细则).
  const std::string text_cell = "<td class=\"rule\">" + (n.text.empty() ? std::string("&nbsp;") : lines_html(n.text)) + "</td>";
  const std::string max_cell = layout.conditions ? "" : "<td class=\"num\">" + pts(n.max) + "</td>";
  if (!n.is_criterion()) {
    const NodeResult* nr = self.find_node(n.id);
    out += "<tr class=\"group\">" + id_cell + "<td" + indent + ">" + title + "</td>" + text_cell + max_cell;
    if (layout.conditions) {
      out += "<td></td>";
      for (std::size_t i = 0; i < experts; ++i) out += "<td></td>";
      if (layout.panel_column) out += "<td></td>";
    } else {
      out += "<td class=\"num\">" + esc(self_subtotal_text(nr)) + "</td>";
      for (std::size_t i = 0; i < experts; ++i) out += "<td class=\"num\">" + pts(expert_subtotal(*p, n, i)) + "</td>";
      if (layout.panel_column) out += "<td class=\"num\">" + pts(p->node_result(n)) + "</td>";
    }
    if (layout.blank_column) out += "<td>&nbsp;</td>";
    out += "<td></td></tr>\n";
    for (auto& c : n.children) sheet_rows(in, self, layout, c, depth + 1, out);
    return;
  }
  const CriterionResult* cr = self.find(n.id);
  const PanelCriterion* pc = p ? p->find(n.id) : nullptr;
  out += "<tr>" + id_cell + "<td" + indent + ">" + title + "</td>" + text_cell + max_cell + "<td class=\"num\">" +
         esc(self_result_text(*in.rubric, cr)) + "</td>";
  for (std::size_t i = 0; i < experts; ++i) out += "<td class=\"num\">" + (pc ? expert_mark(layout, pc->scores[i]) : "") + "</td>";
  if (layout.panel_column) out += "<td class=\"num\"><b>" + (pc ? expert_mark(layout, pc->result) : "") + "</b></td>";
  if (layout.blank_column) out += "<td>&nbsp;</td>";
  out += "<td class=\"comments\">" + comments_html(in, n, pc) + "</td></tr>\n";
}

}  // namespace doc

using namespace doc;

std::string score_sheet_html(const DocumentInput& in) {
  const Rubric& rb = *in.rubric;
  const ScoreReport self = score(rb, *in.assessment, in.today);
  const Panel* p = in.panel;
  const bool draft = working_draft(p);
  const DocumentSpec& spec = rb.procedure.score_sheet;
  SheetLayout layout;
  layout.id_column = !rubric_titles_numbered(rb);
  layout.blank_column = !p;
  layout.panel_column = p && !draft;
  layout.conditions = conditions_only(rb);
  const std::string date = document_date(in);
  const std::string draft_mark = draft ? "（工作稿）" : "";
  std::string s = page_open(station_title(*in.assessment) + " " + document_title(rb, DocumentKind::ScoreSheet) + draft_mark,
                            p && p->reviews.size() > 2);
  s += "<h1>" + lines_html(spec.title.empty() ? rb.title : spec.title) + (draft ? "<br>" + esc(draft_mark) : "") + "</h1>\n";
  s += "<p class=\"center note\">" + std::string(layout.conditions ? "核查依据：" : "评分依据：") + esc(rb.document) +
       (layout.conditions ? "" : "（" + esc(max_text(rb)) + "）") + "</p>\n";
  if (!spec.basis.empty()) s += "<p class=\"note\">" + esc(spec.basis) + "</p>\n";
  if (!spec.header.empty()) {
    // The document's own header lines (松江 附件3: 项目名称 / 填表日期).
    s += "<table class=\"header\">\n<tr>";
    for (auto& c : spec.header) s += "<th>" + esc(c.label) + "：</th><td>" + cell_value(in, c, date, self) + "</td>";
    s += "</tr>\n</table>\n";
  } else {
    s += "<table>\n" + colgroup({Col::Label, Col::Wide, Col::Label, Col::Wide, Col::Label, Col::Text}) + "\n<tr><td class=\"label\">申报单位</td><td>" + cell_text(profile_value(*in.assessment, "name")) +
         "</td><td class=\"label\">服务名称</td><td>" + cell_text(profile_value(*in.assessment, "service_name")) +
         "</td><td class=\"label\">" + (layout.conditions ? "核查日期" : "评价日期") + "</td><td>" + date_cn(date) +
         "</td></tr>\n</table>\n";
  }
  s += preconditions_html(rb, self);
  std::vector<Col> cols;
  if (layout.id_column) cols.push_back(Col::Id);
  cols.insert(cols.end(), {Col::Title, Col::Text});
  if (!layout.conditions) cols.push_back(Col::Number);
  cols.push_back(Col::Result);
  for (std::size_t i = 0; p && i < p->reviews.size(); ++i) cols.push_back(Col::Name);
  if (layout.panel_column) cols.push_back(Col::Result);
  if (layout.blank_column) cols.push_back(Col::Result);
  cols.push_back(Col::Wide);
  s += "<table>\n" + colgroup(cols) + "\n<thead>";
  // 工作稿 on every page: the header row repeats wherever the table continues.
  if (draft)
    s += "<tr><th colspan=\"" + std::to_string(cols.size()) + "\" class=\"center flag\">工作稿：一位专家的评分过程记录，不是专家组评分结果</th></tr>";
  s += "<tr>" + std::string(layout.id_column ? "<th class=\"id\">编号</th>" : "") + "<th class=\"title\">评价内容</th><th>" +
       (layout.conditions ? "条件（原文）" : "评价要点与评分标准（原文）") + "</th>" + (layout.conditions ? "" : "<th>满分</th>") +
       "<th>" + (layout.conditions ? "自查结果" : "自评得分") + "</th>";
  if (p)
    for (auto& r : p->reviews) s += "<th class=\"expert\">" + esc(r.expert.name) + "</th>";
  if (layout.panel_column) s += std::string("<th>") + (layout.conditions ? "核查结论" : "专家组评分") + "</th>";
  if (layout.blank_column) s += std::string("<th>") + (layout.conditions ? "核查结果" : "专家评分") + "</th>";
  s += "<th>说明与评语</th></tr></thead>\n<tbody>\n";
  for (auto& n : rb.indicators) sheet_rows(in, self, layout, n, 0, s);
  if (!layout.conditions) {
    // One expert's 工作稿 has no final 合计: its sum covers only the items scored so far.
    s += "<tr class=\"group\">" + std::string(layout.id_column ? "<td></td>" : "") + "<td>" +
         (draft ? "已评各项小计（非最终合计）" : "合计") + "</td><td></td><td class=\"num\">" + total_max_cell(rb) +
         "</td><td class=\"num\">" + esc(self_total_text(self)) + "</td>";
    if (p) {
      for (std::size_t i = 0; i < p->reviews.size(); ++i) {
        Milli sum = 0;
        for (auto& c : p->criteria) sum += c.scores[i];
        s += "<td class=\"num\">" + pts(sum) + "</td>";
      }
      if (layout.panel_column) s += "<td class=\"num\">" + pts(p->total) + "</td>";
    }
    if (layout.blank_column) s += "<td>&nbsp;</td>";
    s += "<td></td></tr>\n";
  }
  s += "</tbody>\n</table>\n";
  if (any_title_by_tool(rb)) s += "<p class=\"note\">" + std::string(kTitleByToolNote) + "</p>\n";
  if (layout.panel_column && !layout.conditions)
    s += "<p class=\"note\">专家组评分：各细项" + std::string(panel_method_text(p->options.method)) +
         "，四舍五入保留一位小数；总分为各细项得分之和。专家评分极差超过该项满分 20% 的已标注。</p>\n";
  for (auto& w : panel_warnings(in)) s += "<p class=\"note flag\">" + esc(w) + "</p>\n";
  s += std::string("<p class=\"note\">") + (layout.conditions ? "自查结果" : "自评得分") +
       "由本工具按申报单位的答案重新计算；“未作答”表示申报单位未填写该项。</p>\n";
  // One signature line per expert (湖南 8.3: every member of the panel signs).
  s += "<div class=\"sign\">";
  const char* who = layout.conditions ? "核查人" : p ? "专家" : "评分人";
  if (p && !draft) {
    for (auto& r : p->reviews) s += std::string(who) + "：" + esc(r.expert.name) + "　（签字）：____________________<br>";
    s += "日期：" + date_cn(date);
  } else {
    s += std::string(who) + "（签字）：______________________　日期：" + date_cn(date);
  }
  s += "</div>\n";
  return s + page_close(in);
}

}  // namespace qis
