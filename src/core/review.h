// One expert's review of one submitted package ("qis-review/1"): the expert's answers, comments
// and the reasons for deviating from the self score.
//
// Error codes (stable; the message is Chinese and says what to do):
//   review.syntax  review.not_review  review.format_version  review.unknown_rubric  review.rubric_version
//   review.<json field codes>  review.unknown_criterion  review.answer_invalid  review.package_mismatch
//   review.rubric_mismatch  review.deviation_reason
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "rubric.h"
#include "scoring.h"
#include "verify.h"

namespace qis {

inline constexpr const char* kReviewFormat = "qis-review/1";
inline constexpr int kReviewFormatVersion = 1;
inline constexpr std::size_t kMaxReviewBytes = 8u << 20;
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

// panel.review_incomplete naming up to five criteria `expert` (score_review of r) left unscored,
// or nothing when every criterion is scored.
std::optional<Error> review_incomplete(const Rubric& rubric, const Review& r, const ScoreReport& expert);

// Everything that keeps a review from being handed on, as `qis review` and the page's 导出评审意见
// judge it: check_review, the review's 单位名称 against the package's `station`
// (review.station_mismatch: the review was edited), then review_incomplete.
std::vector<Error> review_problems(const Rubric& rubric, const Review& r, const std::string& package_hash,
                                   const ScoreReport& self, const std::string& station);

}  // namespace qis
