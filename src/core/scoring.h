// Scoring: answers in, points out, with the reason for every point, the outcome, the failed
// gates, what is unanswered, and the gap analysis (what could still reach the next threshold).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment.h"
#include "rubric.h"

namespace qis {

// Checks one answer against its criterion's rule; the message names the criterion.
std::optional<Error> validate_answer(const Node& criterion, const Json& answer);

struct CriterionResult {
  const Node* node = nullptr;
  bool answered = false;
  Milli score = 0;
  Milli headroom = 0;          // points still attainable
  std::string explanation;     // "25 份 × 0.5 = 12.5，封顶 10"
  bool from_ledger = false;    // the count was computed from the service ledger
  std::optional<Error> error;  // the answer was invalid; it scores 0 until corrected
};

struct NodeResult {
  const Node* node = nullptr;
  Milli score = 0;
  int answered = 0;
  int criteria = 0;
  std::vector<NodeResult> children;
};

enum class GateState { Met, Failed, Unanswered };

struct GateResult {
  const Gate* gate = nullptr;
  GateState state = GateState::Unanswered;
  std::string reason;
};

struct GateGroupResult {
  const GateGroup* group = nullptr;
  GateState state = GateState::Unanswered;  // Failed if any gate failed, Met if all met
};

// A goal threshold not yet reached and the fewest criteria whose headroom would reach it.
struct Gap {
  const Threshold* threshold = nullptr;
  Milli needed = 0;                 // points still needed (for ">" a little more than this)
  std::vector<std::string> criteria;  // ids, largest headroom first
  Milli attainable = 0;             // headroom of those criteria together
  bool reachable = false;
};

struct ScoreReport {
  Milli base = 0, bonus = 0, total = 0;
  Milli max = 0, bonus_max = 0;
  std::vector<CriterionResult> criteria;  // document order
  std::vector<NodeResult> tree;
  std::vector<const Threshold*> outcomes; // thresholds the score meets
  std::vector<GateResult> gates;
  std::vector<GateGroupResult> groups;
  bool eligible = true;                   // no gate failed
  std::vector<std::string> unanswered;    // criterion ids
  std::vector<Gap> gaps;
  std::vector<Error> errors;              // invalid answers
  int answered = 0;
  std::string operation_warning;          // e.g. self-assessment before 3 months of operation
  // Thresholds whose profile condition (Threshold::when) this station does not meet, or that cannot
  // be told because the field is empty: they are neither outcomes nor gaps, and outcome_text()
  // skips them even when a caller re-applies every threshold to another total.
  std::vector<const Threshold*> set_aside;
  std::vector<const RubricProfileField*> missing_fields;  // empty fields the outcome depends on

  const CriterionResult* find(const std::string& id) const;
  const NodeResult* find_node(const std::string& id) const;
  std::string outcome_text() const;  // one Chinese line: outcome or "未达到…", gates first
};

// `today` (YYYY-MM-DD) decides gates that depend on months of operation; empty = unknown.
ScoreReport score(const Rubric& rubric, const Assessment& assessment, const std::string& today = "");

// Whether a threshold applies to a station with this profile (Threshold::when); empty when the
// field it depends on is empty or holds no valid option.
std::optional<bool> threshold_applies(const Rubric& rubric, const Threshold& threshold,
                                      const std::map<std::string, std::string>& profile);

// Puts another total into a report (a panel's or a ranking's): outcomes and gaps are those of the
// thresholds that apply to the station, gaps without criteria (they were the station's headroom).
void set_total(const Rubric& rubric, ScoreReport& report, Milli base, Milli total);

// Whether the station's profile sets `t` aside (a threshold for another project level).
bool is_set_aside(const ScoreReport& report, const Threshold& t);

// ---- Writing a score: one wording everywhere (screens, documents, CLI) ----
// The total is the whole table's score (bonus included); the maximum is the table's without bonus,
// and the bonus is said inside the brackets, so "/ 100" never reads as "out of 110" nor "+ 10" as
// ten more points.
struct ScoreFigures {
  Milli total = 0;      // bonus included
  Milli max = 0;        // without bonus
  Milli bonus = 0;      // the part of `total` that came from bonus items
  Milli bonus_max = 0;  // 0: the rubric has no bonus items
};
ScoreFigures score_figures(const ScoreReport& report);

// "78.7 分（满分 100，另有加分项最高 10 分；本次加分 7）"; without bonus items "731 分（满分 1000）".
std::string score_text(const ScoreFigures& figures);

// For list rows and table cells: "78.7 / 100（含加分 7）"; without bonus items "731 / 1000".
std::string score_text_short(const ScoreFigures& figures);

// Months between two YYYY-MM-DD dates (whole months, floor); -1 when either date is invalid.
int months_between(const std::string& from, const std::string& to);

}  // namespace qis
