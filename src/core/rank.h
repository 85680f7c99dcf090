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

// Order: score descending (panel total where a panel is given, else the self score recomputed).
// Equal scores share one rank (并列, "1, 1, 3"): no rubric orders them, so none is invented. They
// are listed by 单位名称 in code point order only so that the list never depends on the order of
// the files; where tied stations straddle the selection line or a tier boundary, neither the
// selection nor the tier is decided (needs_decision): the panel decides, and the amount is left
// out of the total. Ranked stations come first, then new stations (listed, not ranked, when the
// rubric excludes them), then stations with a basic condition not yet confirmed (held out: the
// rubric's gates must all be met to apply, e.g. 武汉 第十三条), then ineligible ones (a failed gate)
// as 不具备资格 naming each failed condition, then packages whose verification found problems
// (scores or evidence not as recorded): listed with the reason, never ranked, selected or given an
// amount. Every row carries its verification status.
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
  // The basic conditions (top-level gates) failed, or when eligible not yet confirmed, each as
  // "第十三条（三）“诚信守法运营…”（申报单位声明不符合）".
  std::vector<std::string> conditions;
  bool unconfirmed = false;  // a basic condition is not confirmed: held out of the ranking
  bool tied = false;         // another ranked station has the same score (并列, same rank)
  bool needs_decision = false;  // tied across the selection line or a tier boundary: the panel decides
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
  int group = 0;      // 0 ranked, 1 new station (listed, not ranked), 2 a basic condition unconfirmed,
                      // 3 ineligible, 4 verification found problems
  std::string fail_text;  // the first failed gate group's wording
  std::string condition_clause;  // the first unconfirmed gate group's clause (第十三条)
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
// cells as csv_field writes them (csv.h: quoting, formulas neutralised). 名次 is the number, or
// "并列 3" for a shared rank; 等次 is 待专家组决定 for a tie on a boundary. 得分来源 is 自评 or
// 专家组汇总 with the panel's experts; 核对结果 the row's status.
std::string rank_csv(const RankResult& r);
// rank_csv's header and rows as cells (unquoted), for other table formats (the .xlsx workbook).
std::vector<std::vector<std::string>> rank_table(const RankResult& r);
// "3", "并列 3" for a shared rank, "" when not ranked: the 名次 cell of the CSV, the CLI and the page.
std::string rank_text(const RankRow& x);
// The 等次 cell: the tier, 待专家组决定 for a tie on a boundary, else "".
std::string tier_text(const RankRow& x);
// Several rankings (one per rubric): one is rank_csv of it; more are sections, each a row
// "评分表：<title>（<id> <version>）", the header and the rows, separated by an empty row.
std::string rank_csv(const std::vector<RankResult>& rankings);
Json rank_json(const RankResult& r);
// One ranking: rank_json of it; more: {"rankings": [rank_json, …]}.
Json rank_json(const std::vector<RankResult>& rankings);

}  // namespace qis
