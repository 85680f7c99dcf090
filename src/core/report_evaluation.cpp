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
    if (!in.panel && !c.answered) continue;  // unanswered is not a loss of points: the self record says 未作答
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
  const bool conditions = conditions_only(rb);
  if (!p) {
    // No panel: the station's own self-score, not an evaluation. Said so on the cover and in every heading.
    s += cover("自评情况汇总<br><span style=\"font-size:14pt\">（尚未经专家评审，不是" + esc(document_title(rb, DocumentKind::Report)) +
                   "）</span>",
               {{"服务名称", cell_text(profile_value(a, "service_name"))},
                {"申报单位", cell_text(profile_value(a, "name"))},
                {"汇总日期", date_cn(date)}});
  } else if (!spec.cover_title.empty()) {
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
                     : conditions ? "目前尚无核查结论，以下依据申报单位的自查结果（按其答案重新计算）。"
                                  : "目前尚无专家组汇总评分，以下依据申报单位的自评得分（按其答案重新计算）。") +
       "</p>\n";

  s += "<h2>二、专家组成员</h2>\n";
  if (rule.min_size > 0 || !rule.qualification.empty()) {
    std::string text = rule.qualification;
    if (rule.min_size > 0) text += (text.empty() ? "专家组" : "，") + std::string("不少于 ") + std::to_string(rule.min_size) + " 人";
    s += "<p class=\"note\">" + esc(text) + (rule.clause.empty() ? "" : "（" + esc(rule.clause) + "）") + "。</p>\n";
  }
  s += "<table>\n" + colgroup({Col::Id, Col::Name, Col::Label, Col::Wide, Col::Label}) + "\n<thead><tr><th class=\"center\">序号</th><th>姓名</th><th>职称或职务</th><th>工作单位</th>"
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

  s += std::string("<h2>三、") + (p ? "评价发现" : "自评情况（未经评审）") + "</h2>\n<table>\n" +
       colgroup(conditions ? std::vector<Col>{Col::Wide, Col::Result, Col::Result}
                           : p ? std::vector<Col>{Col::Wide, Col::Label, Col::Result, Col::Result}
                               : std::vector<Col>{Col::Wide, Col::Label, Col::Result}) +
       "\n<thead><tr><th>评价内容</th>" +
       (conditions ? "<th>自查结果</th>" : "<th>满分</th><th>自评得分</th>");
  if (p) s += "<th>专家组评分</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (auto& top : rb.indicators) {
    auto row = [&](const Node& n, bool group) {
      const NodeResult* nr = self.find_node(n.id);
      const std::string label = n.title_by_tool ? row_label(n) + "＊" : row_label(n);
      s += std::string(group ? "<tr class=\"group\">" : "<tr>") + "<td" + (group ? "" : " style=\"padding-left:15pt\"") + ">" +
           esc(label) + (n.bonus && group && n.title.find("加分项") == std::string::npos ? "（加分项）" : "") + "</td>";
      if (conditions) {
        s += "<td class=\"center\">" + (n.is_criterion() ? esc(self_result_text(rb, self.find(n.id))) : std::string()) + "</td>";
        if (p) {
          const PanelCriterion* pc = n.is_criterion() ? p->find(n.id) : nullptr;
          s += "<td class=\"center\">" + std::string(pc ? (pc->result > 0 ? "符合" : "不符合") : "") + "</td>";
        }
      } else {
        s += "<td class=\"num\">" + pts(n.max) + "</td><td class=\"num\">" +
             esc(n.is_criterion() ? self_result_text(rb, self.find(n.id)) : self_subtotal_text(nr)) + "</td>";
        if (p) s += "<td class=\"num\">" + pts(p->node_result(n)) + "</td>";
      }
      s += "</tr>\n";
    };
    row(top, true);
    for (auto& child : top.children) row(child, false);
  }
  if (!conditions) {
    s += "<tr class=\"group\"><td>总分</td><td class=\"num\">" + total_max_cell(rb) + "</td><td class=\"num\">" +
         esc(self_total_text(self)) + "</td>";
    if (p) s += "<td class=\"num\">" + pts(p->total) + "</td>";
    s += "</tr>\n";
  }
  s += "</tbody>\n</table>\n";
  if (any_title_by_tool(rb)) s += "<p class=\"note\">" + std::string(kTitleByToolNote) + "</p>\n";
  s += preconditions_html(rb, self);
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
  if (conditions) {
    s += std::string("<h2>四、") + (p ? "评估结论" : "自查结果（非评估结论）") + "</h2>\n<p>" + esc(outcome) + "</p>\n";
  } else if (self_total_text(self) == "未作答" && !p) {
    s += "<h2>四、自评结果（非评价结论）</h2>\n<p>申报单位尚未作答，暂无自评得分。</p>\n";
  } else {
    s += std::string("<h2>四、") + (p ? "评价结论" : "自评结果（非评价结论）") + "</h2>\n<p>" + (p ? "专家组评分" : "自评得分") +
         " <b>" + pts(total) + "</b> 分（" + esc(max_text(rb)) + "）。" + esc(outcome) + "</p>\n";
  }
  if (!p) s += "<p class=\"flag\">以上为申报单位的自评，尚未经专家组评审，不作为评价结论。</p>\n";

  s += std::string("<h2>五、") + (p ? "改进建议" : conditions ? "尚不符合的条件" : "自评失分较多的细项") + "</h2>\n";
  const auto suggestions = improvement_suggestions(in);
  if (suggestions.empty()) {
    s += conditions ? "<p>各项条件均符合。</p>\n" : "<p>各评价细项均已得满分，暂无扣分项。</p>\n";
  } else {
    s += conditions ? "<p>以下条件尚不符合：</p>\n<ol>\n" : "<p>以下为失分最多的细项（按失分从多到少）：</p>\n<ol>\n";
    for (auto& sg : suggestions) {
      if (conditions)
        s += "<li><b>" + esc(node_label(*sg.node)) + "</b>：不符合。";
      else
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
  if (p) {
    // 湖南 8.3.2: 由专家组成员签字确认 — one line per member.
    s += "<div class=\"sign\">专家组组长（签字）：____________________<br>";
    for (auto& r : p->reviews) s += "专家组成员 " + esc(r.expert.name) + "（签字）：____________________<br>";
    s += "日期：" + date_cn(date) + "</div>\n";
  } else {
    s += "<div class=\"sign\">汇总人（签字）：____________________　日期：" + date_cn(date) + "</div>\n";
  }
  return s + page_close(in);
}

}  // namespace qis
