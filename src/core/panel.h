// A panel's reviews of one package merged ("qis-panel/1"): per criterion the mean or trimmed mean
// of the experts' scores, the panel leader's overrides with their reasons, and the outcome.
//
// Error codes (stable; the message is Chinese and says what to do):
//   panel.syntax  panel.not_panel  panel.format_version  panel.<json field codes>  panel.no_reviews
//   panel.review_incomplete  panel.duplicate_expert  panel.trimmed_too_few  panel.too_few_experts (warning)
//   panel.override_unknown  panel.override_range  panel.override_step  panel.override_reason
//   panel.override_duplicate  panel.method
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "review.h"
#include "rubric.h"
#include "scoring.h"

namespace qis {

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
  // Where the spread is wide: the experts (one per review) whose score lies farthest from the
  // median of all scores, so the panel sees whose score to discuss, not only that one differs.
  std::vector<bool> outlier;
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
inline constexpr std::size_t kMaxPanelBytes = 64u << 20;
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

}  // namespace qis
