// Undo and redo of the station's edits: a copy of the assessment before each step, per draft.
#include "undo.h"

#include <map>
#include <vector>

#include "criterion_editor.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "state.h"

namespace qis::ui {
namespace {

struct History {
  std::vector<Assessment> undo, redo;
  Assessment last;           // the assessment as the last frame left it
  ImGuiID typing = 0;        // the field whose keystrokes the top step holds
};
std::map<std::string, History>& histories() {
  static std::map<std::string, History> h;
  return h;
}
constexpr std::size_t kMaxSteps = 200;
bool g_restoring = false;    // the change this frame is an undo or redo
std::string g_offered;       // the banner text that offers 撤销
std::string g_draft_seen;    // the draft the histories last saw
bool g_taken = false;        // the pending change (changed_at still -1) is already accounted for

History* current() {
  AppState& s = state();
  if (!s.draft) return nullptr;
  return &histories()[s.draft->key];
}

// Whether this frame changed the draft (mark_changed leaves changed_at at -1 until the next
// frame's autosave_tick stamps it).
bool changed_this_frame() { return state().draft && state().draft->changed_at < 0; }

void restore(std::vector<Assessment>& from, std::vector<Assessment>& to, const char* done) {
  History* h = current();
  if (!h || from.empty()) return;
  Draft& d = *state().draft;
  to.push_back(d.a);
  d.a = std::move(from.back());
  from.pop_back();
  h->typing = 0;
  g_restoring = true;
  forget_all_widget_errors();
  mark_changed();
  show_message(done);
}

}  // namespace

void undo_frame_begin() {
  AppState& s = state();
  if (!s.draft) return;
  History& h = *current();
  // A draft opened (or opened again: its history of this visit stays), or another tab's edit
  // merged in: the history continues from what the draft holds now.
  if (g_draft_seen != s.draft->key || (changed_this_frame() && !g_taken)) {
    g_draft_seen = s.draft->key;
    h.last = s.draft->a;
    h.typing = 0;
    g_taken = changed_this_frame();
  }
}

void undo_record() {
  if (!changed_this_frame()) {
    g_taken = false;
    // A field left and entered again starts a new step.
    if (state().draft && ImGui::GetActiveID() == 0) current()->typing = 0;
    return;
  }
  if (g_taken) return;
  g_taken = true;
  History& h = *current();
  if (g_restoring) {
    g_restoring = false;
  } else {
    const ImGuiID active = ImGui::GetActiveID();
    if (active == 0 || active != h.typing || h.undo.empty()) {
      h.undo.push_back(std::move(h.last));
      if (h.undo.size() > kMaxSteps) h.undo.erase(h.undo.begin());
    }
    h.typing = active;
    h.redo.clear();
  }
  h.last = state().draft->a;
}

void undo_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !state().draft) return;
  if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiMod_Shift | ImGuiKey_Z) || ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Y)) redo();
  else if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_Z)) undo();
}

bool can_undo() { return current() && !current()->undo.empty(); }
bool can_redo() { return current() && !current()->redo.empty(); }
void undo() {
  if (History* h = current()) restore(h->undo, h->redo, "已撤销上一步修改（Ctrl+Shift+Z 或 Ctrl+Y 重做）");
}
void redo() {
  if (History* h = current()) restore(h->redo, h->undo, "已重做（Ctrl+Z 撤销）");
}

void offer_undo(const std::string& text) {
  show_message(text);
  g_offered = text;
}
bool undo_offered(const std::string& text) { return !text.empty() && text == g_offered && can_undo(); }

}  // namespace qis::ui
