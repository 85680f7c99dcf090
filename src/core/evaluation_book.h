// A round of evaluation as a workbook (批次): one sheet per round holding every criterion × expert
// × station (the expert's score, deviation reason and comment beside the self score and the
// panel's result), and one sheet with the rounds' rankings. An organisation that runs several
// rounds a year (two 崇明 selections) keeps each apart and can sum or filter in Excel or WPS.
#pragma once
#include <string>
#include <vector>

#include "panel.h"
#include "rank.h"
#include "xlsx_write.h"

namespace qis {

// One expert's review that is not (yet) part of a panel, with the station's self score when known.
struct BookReview {
  const Rubric* rubric = nullptr;
  const Review* review = nullptr;
  const ScoreReport* self = nullptr;  // the package's self score; none: the column stays empty
};

struct BookRound {
  std::string name;                    // e.g. "2026年第一批"; empty: "未命名批次"
  std::vector<const Panel*> panels;    // each with its reviews
  std::vector<BookReview> reviews;     // reviews outside any panel
  std::vector<const RankResult*> rankings;
};

// Column headers of a round's sheet, in order.
const std::vector<std::string>& evaluation_book_columns();
// Column headers of the rankings sheet, in order.
const std::vector<std::string>& evaluation_rank_columns();

// The sheets: one per round (named by the round), then 排名 (every round's rankings, a 批次 column
// first). Rows follow the order given: panel by panel, criterion in document order, expert in
// review order; unscored criteria leave the score cell empty (never 0).
std::vector<XlsxSheet> evaluation_sheets(const std::vector<BookRound>& rounds);

}  // namespace qis
