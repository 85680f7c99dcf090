// evaluation_book.h: a round's criterion × expert × station rows and the rankings, as sheets.
#include "evaluation_book.h"

#include <cstdlib>

#include "points.h"

namespace qis {

namespace {

XlsxCell points_cell(Milli m) { return xlsx_number(static_cast<double>(m) / 1000.0); }

std::string rubric_label(const Rubric& r) { return r.short_title.empty() ? r.title : r.short_title; }

const std::string& round_name(const BookRound& r) {
  static const std::string unnamed = "未命名批次";
  return r.name.empty() ? unnamed : r.name;
}

std::vector<XlsxCell> criterion_cells(const Rubric& rubric, const std::string& station, const Node& node) {
  return {xlsx_text(rubric_label(rubric)), xlsx_text(station), xlsx_text(node.id), xlsx_text(node.title),
          points_cell(node.max), xlsx_text(node.bonus ? "是" : "")};
}

// A decimal written by format_milli ("12.5") as a number cell; anything else as text.
XlsxCell table_cell(const std::string& text, bool numeric_column) {
  if (numeric_column && !text.empty()) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end && *end == '\0') return xlsx_number(v);
  }
  return xlsx_text(text);
}

}  // namespace

const std::vector<std::string>& evaluation_book_columns() {
  static const std::vector<std::string> columns = {"评分表", "单位名称", "指标编号", "指标", "满分", "加分项",
                                                   "自评得分", "专家", "专家工作单位", "专家评分", "偏离理由",
                                                   "专家意见", "专家组结果", "组长调整理由"};
  return columns;
}

const std::vector<std::string>& evaluation_rank_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"批次", "评分表"};
    // The header of rank_csv, whatever columns it has.
    const Rubric none;
    RankResult r;
    r.rubric = &none;
    const auto table = rank_table(r);  // kept: a range-for over table(…).front() would outlive it
    for (const std::string& h : table.front()) c.push_back(h);
    return c;
  }();
  return columns;
}

std::vector<XlsxSheet> evaluation_sheets(const std::vector<BookRound>& rounds) {
  std::vector<XlsxSheet> sheets;
  for (const BookRound& round : rounds) {
    XlsxSheet sheet;
    sheet.name = round_name(round);
    sheet.widths = {16, 24, 9, 30, 7, 7, 9, 10, 20, 9, 30, 30, 11, 24};
    std::vector<XlsxCell> header;
    for (const std::string& h : evaluation_book_columns()) header.push_back(xlsx_text(h));
    sheet.rows.push_back(std::move(header));

    for (const Panel* panel : round.panels) {
      if (!panel || !panel->rubric) continue;
      for (const PanelCriterion& pc : panel->criteria) {
        if (!pc.node) continue;
        for (std::size_t i = 0; i < panel->reviews.size(); ++i) {
          const Review& review = panel->reviews[i];
          std::vector<XlsxCell> row = criterion_cells(*panel->rubric, panel->station, *pc.node);
          row.push_back(points_cell(pc.self));
          row.push_back(xlsx_text(review.expert.name));
          row.push_back(xlsx_text(review.expert.unit));
          row.push_back(i < pc.scores.size() ? points_cell(pc.scores[i]) : xlsx_text(""));
          const auto item = review.items.find(pc.node->id);
          row.push_back(xlsx_text(item != review.items.end() ? item->second.deviation_reason : ""));
          row.push_back(xlsx_text(i < pc.comments.size() ? pc.comments[i] : ""));
          row.push_back(points_cell(pc.result));
          row.push_back(xlsx_text(pc.override_by_leader ? pc.override_by_leader->reason : ""));
          sheet.rows.push_back(std::move(row));
        }
      }
    }

    for (const BookReview& br : round.reviews) {
      if (!br.rubric || !br.review) continue;
      const ScoreReport expert = score_review(*br.rubric, *br.review);
      for (std::size_t c = 0; c < expert.criteria.size(); ++c) {
        const CriterionResult& cr = expert.criteria[c];
        if (!cr.node) continue;
        std::vector<XlsxCell> row = criterion_cells(*br.rubric, br.review->station, *cr.node);
        const bool self_known = br.self && c < br.self->criteria.size() && br.self->criteria[c].node == cr.node &&
                                br.self->criteria[c].answered;
        row.push_back(self_known ? points_cell(br.self->criteria[c].score) : xlsx_text(""));
        row.push_back(xlsx_text(br.review->expert.name));
        row.push_back(xlsx_text(br.review->expert.unit));
        row.push_back(cr.answered ? points_cell(cr.score) : xlsx_text(""));
        const auto item = br.review->items.find(cr.node->id);
        row.push_back(xlsx_text(item != br.review->items.end() ? item->second.deviation_reason : ""));
        row.push_back(xlsx_text(item != br.review->items.end() ? item->second.comment : ""));
        row.push_back(xlsx_text(""));
        row.push_back(xlsx_text(""));
        sheet.rows.push_back(std::move(row));
      }
    }
    sheets.push_back(std::move(sheet));
  }

  XlsxSheet ranking;
  ranking.name = "排名";
  std::vector<XlsxCell> header;
  for (const std::string& h : evaluation_rank_columns()) header.push_back(xlsx_text(h));
  ranking.rows.push_back(std::move(header));
  for (const BookRound& round : rounds) {
    for (const RankResult* result : round.rankings) {
      if (!result || !result->rubric) continue;
      const auto table = rank_table(*result);
      const auto& columns = table.front();
      for (std::size_t r = 1; r < table.size(); ++r) {
        std::vector<XlsxCell> row = {xlsx_text(round_name(round)), xlsx_text(rubric_label(*result->rubric))};
        for (std::size_t c = 0; c < table[r].size(); ++c) {
          const std::string& col = c < columns.size() ? columns[c] : std::string();
          const bool numeric = col == "名次" || col == "得分" || col.rfind("支持金额", 0) == 0;
          row.push_back(table_cell(table[r][c], numeric));
        }
        ranking.rows.push_back(std::move(row));
      }
    }
  }
  ranking.widths = {14, 16, 6, 24, 8, 8, 12, 30, 20, 16};
  sheets.push_back(std::move(ranking));
  return sheets;
}

}  // namespace qis
