// The evaluator side: verifying a submitted package, expert reviews ("qis-review/1"), merging a
// panel's reviews of one package ("qis-panel/1") and ranking the stations of one rubric.
//
// Error codes (stable; the message is Chinese and says what to do):
//   verify.scores_missing  verify.score_mismatch  verify.score_missing  verify.score_unknown
//   verify.total_mismatch  verify.answer_invalid  verify.evidence_base64  verify.evidence_size
//   verify.evidence_hash   verify.evidence_missing
//   review.syntax  review.not_review  review.format_version  review.unknown_rubric  review.rubric_version
//   review.<json field codes>  review.unknown_criterion  review.answer_invalid  review.package_mismatch
//   review.rubric_mismatch  review.deviation_reason
//   panel.syntax  panel.not_panel  panel.format_version  panel.<json field codes>  panel.no_reviews
//   panel.review_incomplete  panel.duplicate_expert  panel.trimmed_too_few  panel.too_few_experts (warning)
//   panel.override_unknown  panel.override_range  panel.override_step  panel.override_reason
//   panel.override_duplicate  panel.method
//   rank.empty  rank.mixed_rubrics  rank.duplicate_package  rank.panel_unmatched  rank.duplicate_panel
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "package.h"
#include "rubric.h"
#include "scoring.h"

namespace qis {

// SHA-256 of a package file's bytes: what reviews and panels name their package by.
std::string package_hash(std::string_view package_bytes);

// "“机构成立及成立文件”（1.1.1）" for a criterion or indicator, the gate's or material's wording
// for those ids, the bare id otherwise.
std::string target_label(const Rubric& rubric, const std::string& id);

// ---------------------------------------------------------------------------------------------
// Verify: is the submitted package what the station exported?

struct VerifyFinding {
  std::string code;
  std::string criterion;  // criterion (or gate / material) id concerned; empty for the total
  std::string message;    // Chinese, names the criterion and both values
};

// The bytes of an evidence file that is not embedded, by its manifest entry; empty when not at
// hand. The CLI looks in --evidence DIR; the web app in the files the evaluator dropped.
using EvidenceLookup = std::function<std::optional<std::string>(const EvidenceItem&)>;

struct VerifyReport {
  const Rubric* rubric = nullptr;
  std::string package_hash;
  std::string station;                // 单位名称
  Milli computed_total = 0;
  std::optional<Milli> stored_total;  // as the file says
  int evidence_entries = 0;
  int evidence_checked = 0;                 // embedded or found through the lookup, then compared
  std::vector<std::string> evidence_unchecked;  // names: neither embedded nor any lookup given
  std::vector<VerifyFinding> findings;      // in document order: scores, answers, then evidence
  int migrated_from = 0;                    // ImportedPackage::migrated_from: information, not a finding
  std::string notice;                       // ImportedPackage::notice
  bool ok() const { return findings.empty(); }
};

// Imports the package (format and rubric version must be recognised, else the Error), recomputes
// its scores and compares them with the stored ones, and checks every evidence entry's size and
// SHA-256. Without a lookup, entries that are not embedded are listed as unchecked, not as
// findings; with one, an entry it cannot find is a finding. A qis-package/1 file is migrated as
// import_package does, which keeps the scores it was made with: the notice is not a finding.
Result<VerifyReport> verify_package(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                    const EvidenceLookup& lookup = nullptr);

// ---------------------------------------------------------------------------------------------
// Expert reviews: one evaluator's scores for one package.

inline constexpr const char* kReviewFormat = "qis-review/1";
inline constexpr int kReviewFormatVersion = 1;
inline constexpr int kDefaultMarginPercent = 20;  // a deviation beyond 20% of the max needs a reason

struct ReviewItem {
  Json answer;                   // same shape as the station's answer (docs/rubric-format.md)
  std::string comment;
  std::string deviation_reason;  // required when |expert − self| > margin
};

struct Expert {
  std::string name;
  std::string title;  // 职称或职务
  std::string unit;   // 工作单位
};

struct Review {
  std::string package_hash;  // package_hash() of the reviewed file
  std::string station;       // 单位名称, for display only
  std::string rubric_id;
  std::string rubric_version;
  Expert expert;
  std::string date;          // YYYY-MM-DD
  int margin_percent = kDefaultMarginPercent;
  std::map<std::string, ReviewItem> items;  // criterion id → the expert's answer
  std::string summary;       // overall opinion and suggestions
};

// An empty review of `package` for `expert`, dated `date`.
Review new_review(const Rubric& rubric, const Assessment& station, std::string_view package_bytes,
                  const Expert& expert, const std::string& date);

// Keys in stable (sorted) order: export → import → export is byte-identical. The file:
//   {"app": {...}, "criteria": {"1.1.1": {"answer": {"level": 1, "value": 8}, "comment": "…",
//    "deviation_reason": "…"}, …}, "date": "2025-06-01", "expert": {"name", "title", "unit"},
//    "format": "qis-review/1", "margin_percent": 20, "package": {"name", "sha256"},
//    "rubric": {"id", "version"}, "summary": "…"}
Json review_json(const Review& r);
std::string export_review(const Review& r);
// Checks format, rubric (id and version among `rubrics`), fields and every answer (validate_answer).
Result<Review> import_review(std::string_view text, const std::vector<Rubric>& rubrics);

// The rubric applied to the expert's answers alone: score(rubric, Assessment{answers}).
ScoreReport score_review(const Rubric& rubric, const Review& r);

// A criterion where the expert's score is further from the self score than the margin allows.
struct Deviation {
  const Node* node = nullptr;
  Milli self = 0, expert = 0, margin = 0;
  bool has_reason = false;
};
std::vector<Deviation> review_deviations(const Rubric& rubric, const Review& r, const ScoreReport& self);

// Why the review cannot count for this package: another package (hash), another rubric, or a
// deviation beyond the margin without a reason. Empty when it can.
std::vector<Error> check_review(const Rubric& rubric, const Review& r, const std::string& package_hash,
                                const ScoreReport& self);

// ---------------------------------------------------------------------------------------------
// Panel: the reviews of one package merged.
//
// Rounding: each criterion's result is the mean (or the trimmed mean) of the experts' scores,
// computed exactly in thousandths and rounded half up to one decimal, as experts' sheets print
// it; indicator subtotals and the total are sums of those rounded results (so the total always
// equals the sum of the printed rows). Example: 7, 8, 8, 9, 10 → mean 42 / 5 = 8.4; trimmed
// (8 + 8 + 9) / 3 = 8.333… → 8.3; 8, 8, 8, 9 → 8.25 → 8.3.

enum class PanelMethod {
  Mean,     // arithmetic mean of all experts
  Trimmed,  // 去掉一个最高分和一个最低分后取平均 (at least 3 experts)
};
const char* panel_method_name(PanelMethod m);  // "mean", "trimmed"
const char* panel_method_text(PanelMethod m);  // Chinese, for documents
std::optional<PanelMethod> panel_method_from_name(std::string_view name);

inline constexpr int kMinPanelExperts = 5;    // 003 7.2 专家……不少于 5 人
inline constexpr int kMinTrimmedExperts = 3;  // one highest and one lowest dropped, one left at least
inline constexpr int kWideSpreadPercent = 20; // spread (max − min) above 20% of the max is flagged

// The panel leader's result for a criterion instead of the computed one, with the reason.
struct PanelOverride {
  std::string criterion;
  Milli value = 0;
  std::string reason;
};

struct PanelOptions {
  PanelMethod method = PanelMethod::Mean;
  std::vector<PanelOverride> overrides;
};

struct PanelCriterion {
  const Node* node = nullptr;
  Milli self = 0;
  std::vector<Milli> scores;          // one per review, in review order
  std::vector<std::string> comments;  // one per review, "" when none
  Milli spread = 0;                   // max − min
  bool wide_spread = false;           // spread > 20% of the criterion's max
  Milli computed = 0;                 // by the method, rounded half up to 0.1
  Milli result = 0;                   // computed, or the override's value
  std::optional<PanelOverride> override_by_leader;
};

struct Panel {
  const Rubric* rubric = nullptr;
  std::string package_hash;
  std::string station;                // 单位名称
  PanelOptions options;
  std::vector<Review> reviews;        // in the order given
  std::vector<PanelCriterion> criteria;  // document order
  Milli base = 0, bonus = 0, total = 0;  // sums of the criterion results
  Milli self_total = 0;
  bool eligible = true;               // from the station's gates
  std::string outcome;                // thresholds applied to the panel total, gates first
  std::vector<Error> warnings;        // e.g. fewer than 5 experts

  const PanelCriterion* find(const std::string& id) const;
  Milli node_result(const Node& node) const;  // an indicator's subtotal (or a criterion's result)
};

// Merges the reviews of one package. Every review must name this package and rubric, score
// every criterion, and give a reason for each deviation beyond its margin.
Result<Panel> merge_panel(const Rubric& rubric, const Assessment& station, const std::string& package_hash,
                          const std::vector<Review>& reviews, const PanelOptions& options,
                          const std::string& today = "");

// The panel file embeds the reviews, the method and the overrides; the results it also carries
// are informational: readers merge the reviews again (like a package's stored scores).
//   {"app", "format": "qis-panel/1", "method": "mean" | "trimmed", "overrides": [{"criterion",
//    "reason", "value"}], "package": {"name", "sha256"}, "result": {"criteria": {id: {"computed",
//    "result", "scores", "self", "spread", "wide_spread", "override_reason"?}}, "total", …},
//    "reviews": [<qis-review/1 objects>], "rubric": {"id", "version"}}
inline constexpr const char* kPanelFormat = "qis-panel/1";
inline constexpr int kPanelFormatVersion = 1;
Json panel_json(const Panel& p);
std::string export_panel(const Panel& p);

struct PanelFile {
  std::string package_hash;
  std::string rubric_id, rubric_version;
  PanelOptions options;
  std::vector<Review> reviews;
};
Result<PanelFile> read_panel(std::string_view text, const std::vector<Rubric>& rubrics);

// The outcome line for a total given by a panel: the station's gates first, then thresholds.
std::string outcome_for_total(const Rubric& rubric, const ScoreReport& self, Milli base, Milli total);

// ---------------------------------------------------------------------------------------------
// Ranking many stations of one rubric.
//
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
// they hold a comma, quote or line break; a field starting with = + - @ gets a leading ' so a
// spreadsheet does not run it as a formula.
std::string rank_csv(const RankResult& r);
Json rank_json(const RankResult& r);

// One CSV field as rank_csv writes it.
std::string csv_field(std::string_view text);

}  // namespace qis
