// The state every screen shares: bundled rubrics, the open draft, and the actions on it
// (autosave, export, import, evidence). Screens draw; this file decides.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "assessment.h"
#include "review.h"
#include "rubric.h"
#include "scoring.h"

namespace qis::platform {
class Platform;
struct OpenedFile;
}  // namespace qis::platform

namespace qis::ui {

enum class Screen { Start, Profile, Materials, Items, Dashboard, Ledger };

// The draft being edited. Its report is recomputed after every change.
struct Draft {
  std::string key;            // storage key, "qis.draft.<id>"
  const Rubric* rubric = nullptr;
  Assessment a;
  ScoreReport report;
  bool dirty = false;         // changed since it was last written to storage
  double changed_at = 0;      // ImGui time of the last change
  std::string saved_at;       // local time of the last successful save
  std::string save_error;     // why the last save failed (quota), shown until a save works
  std::string exported_at;    // local time of the last export, "" = never
  bool changed_since_export = false;
};

// A saved draft as listed on the start screen.
struct DraftSummary {
  std::string key;
  std::string station;
  std::string rubric_title;
  std::string modified;
  std::string score;
  std::string error;  // the stored draft could not be read
};

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
  ScoreReport expert;     // the rubric applied to the expert's answers
  std::string selected;
  Expert who;             // remembered from one package to the next
  PanelWork work;         // the panel of `panel`
};

struct Message {
  std::string text;
  bool error = false;
};

struct AppState {
  platform::Platform* platform = nullptr;
  std::vector<Rubric> rubrics;
  std::string preselected_rubric;  // ?rubric=<id>
  std::optional<Draft> draft;
  Screen screen = Screen::Start;
  std::string selected;            // criterion id in the item editor
  std::vector<DraftSummary> drafts;
  bool drafts_stale = true;
  Message message;                 // the banner under the top bar
  bool embed_evidence = false;     // export embeds the attached files
  std::string snapshot;            // keeps app_snapshot()'s buffer alive
  std::string last_summary;
  bool reviewing = false;          // the evaluator workspace is shown
  ReviewSession reviews;
};

AppState& state();

const Rubric* find_rubric(const std::string& id);

// Draft lifecycle.
void new_draft(const Rubric& rubric);
void open_draft(const std::string& key);
void delete_draft(const std::string& key);
void close_draft();
void refresh_draft_list();

// Call after any edit of state().draft->a: rescores and schedules the autosave.
void mark_changed();
// Writes the draft to storage now if it has unsaved changes (also on page hide).
void flush_draft();
// Called every frame: debounced autosave.
void autosave_tick(double now);

// Export the draft as a package download; import a package file as a new draft.
void export_draft();
// The bytes export_draft() would download now (evidence embedded when chosen and kept), and
// their counts: what printed documents name by hash, so paper and file match.
std::string draft_package_bytes(int* embedded = nullptr, int* not_kept = nullptr);
void import_package_file(const std::string& name, const std::string& bytes);

// Evidence: attach a picked/dropped file to a criterion, gate or material id.
void attach_evidence(const std::string& target, const platform::OpenedFile& file);
void detach_evidence(const std::string& evidence_id, const std::string& target);
void cite_evidence(const std::string& evidence_id, const std::string& target);
std::size_t package_size_estimate();

void show_message(const std::string& text, bool error = false);

// Evaluator workspace.
void add_review_package(const std::string& name, const std::string& bytes);
void start_review(int index);
void review_changed();  // after an edit of state().reviews.review
void close_review_package(int index);
// Packages opened for review in an earlier visit (kept in storage), opened again.
int stored_review_packages();
void reopen_review_packages();

// Panel of one package.
void open_panel(int index);
// A review file (qis-review/1) or an earlier panel file (qis-panel/1) for the open panel.
void add_panel_file(const std::string& name, const std::string& bytes);
// The review this browser's expert wrote for the package, if there is one.
bool add_own_review_to_panel();
void remove_panel_review(std::size_t index);
// Sets (or, with reason and value empty, removes) the leader's result for a criterion; the
// Chinese reason why not when the value or reason is refused.
std::string set_panel_override(const std::string& criterion, const std::string& value, const std::string& reason);
void panel_changed();  // after any edit of state().reviews.work

}  // namespace qis::ui
