// Ranking many stations of one rubric: selection, tiers and amounts, new stations, eligibility.
//
// Error codes (stable; the message is Chinese and says what to do):
//   rank.empty  rank.mixed_rubrics  rank.duplicate_package  rank.duplicate_station  rank.panel_unmatched
//   rank.duplicate_panel
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "panel.h"
#include "rubric.h"
#include "verify.h"

namespace qis {

// Order: score descending (panel total where a panel is given, else the self score recomputed);
// equal scores by 单位名称 in byte order of its UTF-8 (= Unicode code point order; a pinyin order
// would depend on the platform's collation), then by package hash, so the order never depends on
// the order of the files. Ranked stations come first, then new stations (listed, not ranked,
// when the rubric excludes them), then ineligible ones (a failed gate) as 不具备资格, then packages
// whose verification found problems (scores or evidence not as recorded): listed with the reason,
// never ranked, selected or given an amount. Every row carries its verification status.
// A station whose score meets a "fail" threshold is ranked but neither selected nor tiered.

struct RankInput {
  std::string origin;        // file name, for messages
  std::string package_hash;
  const Rubric* rubric = nullptr;
  Assessment assessment;
  std::optional<Panel> panel;
  const VerifyReport* verify = nullptr;  // this package's verification; none: status 未核对
};

struct RankRow {
  std::string name;          // 单位名称
  std::string origin;
  std::string package_hash;
  Milli score = 0;
  bool from_panel = false;
  std::string panel_origin;                // the panel file used, when from_panel (set by the caller)
  std::vector<std::string> panel_experts;  // its experts' names, in review order
  std::string panel_method;                // panel_method_text of its method
  bool is_new = false;       // profile new_station == "是"
  bool eligible = true;
  bool failed_threshold = false;
  int rank = 0;              // 1-based among ranked stations; 0 = not ranked
  bool selected = false;     // within select_max
  std::string tier;          // "一等次", … or empty
  Milli amount = 0;          // 万元 (thousandths, like points)
  std::string outcome;       // thresholds applied to the score, where the rubric has any
  std::string conclusion;    // 结论
  std::string status;        // verify_status() of its verification, or 未核对
  int findings = 0;          // VerifyReport::findings_total: more than 0 keeps it out of the ranking
};

struct RankResult {
  const Rubric* rubric = nullptr;
  std::vector<RankRow> rows;
  Milli total_amount = 0;            // 万元
  int ranked = 0;
  std::vector<std::string> notes;    // rules applied, ties on a boundary, too many stations
};

// One station's row before ranking: all rank needs of a package (and its panel), so that a
// caller reading thousands of packages keeps this and lets the package go.
struct RankEntry {
  const Rubric* rubric = nullptr;
  RankRow row;        // name, origin, hash, score, panel, new, eligible, outcome; no rank yet
  int group = 0;      // 0 ranked, 1 new station (listed, not ranked), 2 ineligible, 3 verification found problems
  std::string fail_text;  // the first failed gate group's wording
  std::string modified;   // the package's "modified" (ISO 8601), to tell two exports of one station apart
};
RankEntry rank_entry(const RankInput& in, const std::string& today = "");

struct RankOptions {
  // One station (单位名称 compared as person_key) with several packages of one rubric: false
  // refuses the ranking (rank.duplicate_station names the files); true ranks the package modified
  // last and names the others in a note. Two exports of one station never take two places.
  bool prefer_newest = false;
};

// Entries of one rubric ranked. Errors: rank.empty, rank.mixed_rubrics, rank.duplicate_package,
// rank.duplicate_station.
Result<RankResult> rank_entries(std::vector<RankEntry> entries, const RankOptions& options = {});

// Entries of any rubrics: one ranking per rubric (id and version), in order of rubric id.
// Errors: rank.empty, rank.duplicate_package, rank.duplicate_station.
Result<std::vector<RankResult>> rank_by_rubric(std::vector<RankEntry> entries, const RankOptions& options = {});

// rank_entries of every input's rank_entry.
Result<RankResult> rank_stations(const std::vector<RankInput>& inputs, const std::string& today = "",
                                 const RankOptions& options = {});

// UTF-8 with BOM, CRLF, header 名次,单位名称,得分,等次,支持金额（万元）,结论,得分来源,核对结果;
// cells as csv_field writes them (csv.h: quoting, formulas neutralised). 得分来源 is 自评 or
// 专家组汇总 with the panel's experts; 核对结果 the row's status.
std::string rank_csv(const RankResult& r);
// rank_csv's header and rows as cells (unquoted), for other table formats (the .xlsx workbook).
std::vector<std::vector<std::string>> rank_table(const RankResult& r);
// Several rankings (one per rubric): one is rank_csv of it; more are sections, each a row
// "评分表：<title>（<id> <version>）", the header and the rows, separated by an empty row.
std::string rank_csv(const std::vector<RankResult>& rankings);
Json rank_json(const RankResult& r);
// One ranking: rank_json of it; more: {"rankings": [rank_json, …]}.
Json rank_json(const std::vector<RankResult>& rankings);

}  // namespace qis
