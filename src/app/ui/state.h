// The state every screen shares: bundled rubrics, the open draft, and the actions on it
// (autosave, export, import, evidence). Screens draw; state.cpp, draft.cpp, draft_files.cpp,
// draft_evidence.cpp and host_events.cpp decide.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assessment.h"
#include "review_desk.h"
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
  std::string base;           // the stored text this tab last wrote or read: the common version
                              // from which another tab's edits are merged (host_event "changed")
  double retry_at = 0;        // after a failed write: ImGui time of the next try
  std::string opened_from;    // the package file it was opened from, until the first edit
};

// A saved draft as listed on the start screen.
struct DraftSummary {
  std::string key;
  std::string station;
  std::string rubric_id;
  std::string rubric_title;
  std::string modified;
  std::string score;
  std::string error;  // the stored draft could not be read
};

// A package being opened as a draft when a draft of the same station and rubric is already
// stored: the user chooses what happens (draw_reopen_dialog()).
struct PendingImport {
  std::string name, bytes;    // the package file
  std::string existing_key;   // the draft of the same station and rubric
  std::string station, rubric_title, existing_modified;
};
enum class ImportChoice { Replace, KeepBoth, Cancel };

struct Message {
  std::string text;
  bool error = false;
};

struct AppState {
  platform::Platform* platform = nullptr;
  std::vector<Rubric> rubrics;     // the bundled rubrics loaded so far (capacity reserved for all
                                   // of them, so a Rubric* stays valid as more are loaded)
  std::string preselected_rubric;  // ?rubric=<id>
  std::optional<Draft> draft;
  Screen screen = Screen::Start;
  std::string selected;            // criterion id in the item editor
  std::vector<DraftSummary> drafts;
  bool drafts_stale = true;
  Message message;                 // the banner under the top bar
  bool embed_evidence = false;     // export embeds the attached files (remembered: set_embed_evidence)
  std::optional<PendingImport> pending_import;
  std::string snapshot;            // keeps app_snapshot()'s buffer alive
  std::string last_summary;
  std::string bundle_pending;      // file name of the bundle being written
  bool export_as_bundle = false;   // the export being confirmed writes a bundle
  std::vector<std::pair<std::string, std::string>> host_events;  // kind, json: handled next frame
  bool reviewing = false;          // the evaluator workspace is shown
  ReviewSession reviews;
};

AppState& state();

// The bundled rubrics are loaded when first needed (the start page lists them from their
// build-time summaries, bundled.h): a first visit parses none before its first frame.
// The bundled rubric with this id, loaded now if it was not yet; nullptr if there is none.
const Rubric* find_rubric(const std::string& id);
// Every bundled rubric, for opening a file of any of them.
const std::vector<Rubric>& all_rubrics();
// The rubrics a package or draft needs: its own rubric (read from the text), or all of them when
// the text does not name a bundled one (the import then says what is wrong).
const std::vector<Rubric>& rubrics_for(std::string_view package_text);

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

// Export the draft as a package download; import a package file as a new draft. A package of a
// station and rubric that already has a draft waits in pending_import for the user's choice.
void export_draft();
// The bytes export_draft() would download now (evidence embedded when chosen and kept), and
// their counts: what printed documents name by hash, so paper and file match.
std::string draft_package_bytes(int* embedded = nullptr, int* not_kept = nullptr);
void import_package_file(const std::string& name, const std::string& bytes);
void resolve_pending_import(ImportChoice choice);
// Whether exports embed the attached files; remembered in storage across visits.
void set_embed_evidence(bool on);
void load_settings();

// Evidence: attach a picked/dropped file to a criterion, gate or material id.
void attach_evidence(const std::string& target, const platform::OpenedFile& file);
void detach_evidence(const std::string& evidence_id, const std::string& target);
void cite_evidence(const std::string& evidence_id, const std::string& target);
std::size_t package_size_estimate();
// The file of an evidence entry as kept in this browser (base64), or nullopt (never stored: over
// 1 MB, or storage was full).
std::optional<std::string> stored_evidence_base64(const std::string& sha256);

void show_message(const std::string& text, bool error = false);

// Exports the draft as a submission bundle (.zip: the package and every evidence file).
void export_bundle();
// What the host reports later (platform::Platform::set_event_handler): another tab's write, a
// failed write, a kept file opened, a bundle written.
void host_event(const std::string& kind, const std::string& json);
// "本浏览器还可保存约 2.1 GB 的附件（已用 150 MB）。", or what cannot be kept; "" when unknown.
// `low`: less than 200 MB left.
std::string storage_space_text(bool* low = nullptr);
// Whether an evidence file's bytes can be had here: embedded, kept as base64, or kept by the host.
bool evidence_at_hand(const EvidenceItem& e);

}  // namespace qis::ui
