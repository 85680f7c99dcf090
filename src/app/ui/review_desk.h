// The evaluator's desk: the packages opened for review, the review one expert is writing and the
// panel of one package, with the actions on them. Kept in the browser's storage, so a reload
// loses none of it. Screens (screen_review.cpp, screen_panel.cpp) draw;
// review_desk.cpp (packages, ranking), review_panel.cpp and review_expert.cpp decide.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "assessment.h"
#include "bundle.h"
#include "panel.h"
#include "rank.h"
#include "report.h"
#include "review.h"
#include "rubric.h"
#include "scoring.h"

namespace qis::ui {

// A package opened by an evaluator, verified on opening.
struct ReviewPackage {
  std::string name;
  std::string bytes;
  std::string hash;
  const Rubric* rubric = nullptr;
  Assessment assessment;
  ScoreReport self;                   // recomputed from the answers
  std::optional<VerifyReport> verify;
  std::string error;                  // could not be opened at all
  bool from_bundle = false;           // opened from a submission bundle (.zip)
  std::vector<BundleFile> bundle_files;  // its files as read (the page keeps them by SHA-256)
  std::vector<BundleEntryCheck> bundle_checks;  // each evidence entry against this bundle's file
  std::string storage_key;            // where it is kept: one per package, or per package and bundle
  long opened = 0;                    // order of opening, kept across a reload
  std::optional<Panel> panel;         // its panel in this workspace, when the reviews merge: ranked by it
};

// The panel of one package being assembled: the experts' reviews, the method and the leader's
// overrides, merged again after every change and written through to storage.
struct PanelWork {
  std::vector<Review> reviews;              // in the order they were added
  PanelMethod method = PanelMethod::Mean;
  std::vector<PanelOverride> overrides;
  std::optional<Panel> merged;              // empty while the reviews cannot be merged
  std::string error;                        // why not (Chinese), "" when merged
  std::string editing;                      // criterion whose override is being edited
  std::string edit_value, edit_reason, edit_error;
};

// The evaluator's workspace: the packages opened and the review being written.
struct ReviewSession {
  std::vector<ReviewPackage> packages;
  int open = -1;          // index of the package under review, -1 = the list
  int panel = -1;         // index of the package whose panel is shown, -1 = none
  Review review;
  std::string review_base;  // the stored review this tab last wrote or read (merging another tab's)
  ScoreReport expert;     // the rubric applied to the expert's answers
  std::string selected;
  std::string shown;      // the criterion the editor showed last frame (scrolls to the top on a change)
  Expert who;             // remembered from one package to the next
  PanelWork work;         // the panel of `panel`
};

// "长沙县质量技术服务中心", or the file name when the profile names no station.
std::string station_name(const ReviewPackage& p);
// The ranking of each rubric's packages as `qis rank --panel` ranks the same files: each by its
// panel where one is merged here, each row with its verification status. Rubrics in the order
// their first package was opened; `prefer_newest` lists the rubric ids whose evaluator chose to
// rank a station's newest package (采用最新的一份排名). Ranked again only when an input changed.
struct DeskRanking {
  const Rubric* rubric = nullptr;
  int packages = 0;
  Result<RankResult> result = Error{};
};
const std::vector<DeskRanking>& desk_rankings(const std::vector<std::string>& prefer_newest);
// The problems that keep the open review from counting (review_problems: what `qis review` refuses).
std::vector<Error> open_review_problems();

// Opening and closing packages.
// `bundle`: the files of the submission bundle the package came in, verified with it.
void add_review_package(const std::string& name, const std::string& bytes,
                        const std::vector<BundleFile>* bundle = nullptr);
void close_review_package(int index);
// Packages opened for review in an earlier visit (kept in storage), opened again.
int stored_review_packages();
void reopen_review_packages();

// One expert's review of the open package.
void start_review(int index);
void review_changed();  // after an edit of state().reviews.review
// The expert's scores as the criterion tree shows them: a deviation still lacking its reason is
// marked as an error, not as done (`qis review` refuses it).
ScoreReport review_tree_report();
// Remembers the criterion shown, so the review reopens where the expert stopped.
void remember_review_position();
// Another tab wrote `key` (value "" when it removed it): the open review or panel follows.
void review_desk_changed(const std::string& key, const std::string& value, const std::optional<std::string>& their_base);
// The answer that gives the station's self-score for `n`: its own answer (or its reasoned
// override), else the count its service ledger supplies; nullopt where the station left it open.
std::optional<Json> self_answer(const ReviewPackage& p, const Node& n);
// The expert has given an answer for `id`.
bool reviewed(const std::string& id);
// Takes the station's answer as the expert's for `n` (同意自评); false where there is none.
bool agree_with_self(const Node& n);
// The criteria not yet reviewed whose self-score the expert can accept, in document order, and
// those the station left unanswered (the expert scores these one by one).
struct Unreviewed {
  std::vector<const Node*> agreeable;
  std::vector<const Node*> unanswered_by_station;
};
Unreviewed unreviewed_criteria();
// 其余各项同意自评: accepts the self-score for every agreeable criterion; returns how many.
int agree_with_self_for_rest();
// A document of the open package, printed or (`docx`) downloaded as .docx, naming the file's
// SHA-256. The station's own (自评记录, 申请表 / 申报表) as submitted. The 评分表 or 评价报告 with
// this expert's work: the merged review when every criterion is scored; the 评分表 of a review in
// progress carries the scores given so far (the others blank); a report waits for the finished
// review and carries the self-score until then.
void review_document(DocumentKind kind, bool docx = false);

// Panel of one package.
void open_panel(int index);
// A review file (qis-review/1) or an earlier panel file (qis-panel/1) for the open panel.
void add_panel_file(const std::string& name, const std::string& bytes);
// A review or panel file opened outside a panel (dropped on the start page): taken to the panel
// of the package it names when that package is on the desk, else the evaluator is told what to
// open first. False when the bytes are no expert's file.
bool open_expert_file(const std::string& name, const std::string& bytes);
// The review this browser's expert wrote for the package, if there is one.
bool add_own_review_to_panel();
bool has_own_review(const ReviewPackage& p);
void remove_panel_review(std::size_t index);
// Sets (or, with reason and value empty, removes) the leader's result for a criterion; the
// Chinese reason why not when the value or reason is refused.
std::string set_panel_override(const std::string& criterion, const std::string& value, const std::string& reason);
void panel_changed();  // after any edit of state().reviews.work

}  // namespace qis::ui
