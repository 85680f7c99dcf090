// Undo and redo of the station's edits (answers, profile, notes, evidence, ledger), one history
// per draft, kept in memory for this visit.
#pragma once
#include <string>

namespace qis::ui {

// Called by app_frame() after the host's events were handled: a change they made (another tab's
// edit merged in) becomes the starting point, not a step of this tab's history.
void undo_frame_begin();
// Called by app_frame() after files were taken and after the screens were drawn: an edit made
// since becomes a step. Keystrokes in one field while it keeps the focus are one step.
void undo_record();
// Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y, unless a text field has the keys (it undoes its own typing).
void undo_keys();
bool can_undo();
bool can_redo();
void undo();
void redo();
// After a destructive action: `text` in the banner with a 撤销 button beside it.
void offer_undo(const std::string& text);
// Whether the banner showing `text` offers 撤销.
bool undo_offered(const std::string& text);

}  // namespace qis::ui
