// The 评价报告: cover, 专家组成员, findings, outcome and improvement suggestions.
#include "report_parts.h"

#include <algorithm>

namespace qis {

using namespace doc;

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

}  // namespace qis
