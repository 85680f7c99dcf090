// Ranking many stations of one rubric: selection, tiers and amounts, new stations, eligibility.
//
// Error codes (stable; the message is Chinese and says what to do):
//   rank.empty  rank.mixed_rubrics  rank.duplicate_package  rank.panel_unmatched  rank.duplicate_panel
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "panel.h"
#include "rubric.h"

namespace qis {

// Order: score descending (panel total where a panel is given, else the self score recomputed);
// equal scores by 单位名称 in byte order of its UTF-8 (= Unicode code point order; a pinyin order
// would depend on the platform's collation), then by package hash, so the order never depends on
// the order of the files. Ranked stations come first, then new stations (listed, not ranked,
// when the rubric excludes them), then ineligible ones (a failed gate) as 不具备资格.
// A station whose score meets a "fail" threshold is ranked but neither selected nor tiered.

struct RankInput {
  std::string origin;        // file name, for messages
  std::string package_hash;
  const Rubric* rubric = nullptr;
  Assessment assessment;
  std::optional<Panel> panel;
};

struct RankRow {
  std::string name;          // 单位名称
  std::string origin;
  std::string package_hash;
  Milli score = 0;
  bool from_panel = false;
  bool is_new = false;       // profile new_station == "是"
  bool eligible = true;
  bool failed_threshold = false;
  int rank = 0;              // 1-based among ranked stations; 0 = not ranked
  bool selected = false;     // within select_max
  std::string tier;          // "一等次", … or empty
  Milli amount = 0;          // 万元 (thousandths, like points)
  std::string outcome;       // thresholds applied to the score, where the rubric has any
  std::string conclusion;    // 结论
};

struct RankResult {
  const Rubric* rubric = nullptr;
  std::vector<RankRow> rows;
  Milli total_amount = 0;            // 万元
  int ranked = 0;
  std::vector<std::string> notes;    // rules applied, ties on a boundary, too many stations
};

Result<RankResult> rank_stations(const std::vector<RankInput>& inputs, const std::string& today = "");

// UTF-8 with BOM, CRLF, header 名次,单位名称,得分,等次,支持金额（万元）,结论; fields quoted when
// they hold a comma, quote, line break or edge space; formulas neutralised (csv_field in csv.h).
std::string rank_csv(const RankResult& r);
Json rank_json(const RankResult& r);

}  // namespace qis
