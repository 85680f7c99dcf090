// The semantics of what the canvas draws, for screen readers, the browser's find and the
// accessibility tree: every frame records the widgets drawn (their role, name, state and
// rectangle) and the texts the screens show; web/semantics.js keeps a parallel tree of
// transparent DOM nodes over the canvas from it, changed only where the record changed.
//
// Widgets are recorded through Dear ImGui's item hooks (test_hooks.cpp forwards them here):
// a button, checkbox, tree node or text field gets its role and name from ImGui itself. Widgets
// whose label is drawn by hand (src/app/ui/widgets.cpp), radio buttons, the criteria tree and
// texts are described by the calls below, made right after the widget or text is submitted.
//
// The page talks back: focusing or activating a node focuses or presses the same widget, during
// the next frame, while that widget is submitted (ImGui's focus belongs to the frame).
#pragma once

#include <string>

#include "imgui.h"
#include "imgui_internal.h"  // ImRect

namespace qis::semantics {

enum class Role : unsigned char { None, Button, Checkbox, Radio, TextBox, TreeItem, Combo, Heading, Text };
enum class Group : unsigned char { Tree, RadioGroup, Table };

// ---- Describing the last item (call right after the widget or text) ----
// A widget whose visible label is not its ImGui label ("##id" widgets with a hand-drawn label).
void name_last(const std::string& name);
// The last widget is a radio button (ImGui does not report whether one is selected).
void radio_last(const std::string& name, bool selected);
// The last widget is a checkbox named `name` (its label may be drawn apart from it).
void checkbox_last(const std::string& name, bool checked);
// A text field's or a combo's current value.
void value_last(const std::string& value);
// The last widget is a text field named `name` (its hint or the label beside it) holding `value`.
// `input_mode`: the HTML inputmode of the keyboard a phone should open for it ("tel", "numeric",
// "decimal", "email"); none: the full text keyboard.
void field_last(const std::string& name, const std::string& value, const char* input_mode = nullptr);
// The last widget is an entry of a tree at `level` (1 = top); `expanded`: -1 a leaf, 0 closed, 1 open.
void tree_item_last(const std::string& name, int level, bool selected, int expanded);
// The last widget is a combo box showing `value`.
void combo_last(const std::string& name, const std::string& value);
// Text just drawn with ImGui::TextUnformatted (or wrapped by ui::text_wrapped), as written (without
// the wrapping's line breaks, so the browser's find matches across them), at the last item's place.
void text_last(const std::string& text);
// A heading (1: the screen, 2: a section) just drawn as text.
void heading_last(const std::string& text, int level);
// A heading with nothing drawn for it (the screen's name, where the canvas shows only tabs).
void heading_virtual(const std::string& text, int level);

// ---- Structure ----
// Items recorded between begin and end are the group's children (a tree's items, a table's cells).
void begin_group(Group kind, const std::string& name);
void end_group();

// ---- Announcements (an ARIA live region): errors are assertive, the rest polite ----
void announce(const std::string& text, bool assertive);

// ---- Frames ----
// Called by the ImGui hooks (test_hooks.cpp).
void item_add(ImGuiID id, const ImRect& rect);
void item_info(ImGuiID id, const char* label, int status_flags);
// Marks the end of the UI's pass: the items recorded become the frame's.
void frame_end();
// A request from the page is waiting for a frame (the app draws another pass or frame).
bool wants_frame();

// The frame's semantics as JSON for web/semantics.js if they differ from what was last taken,
// otherwise an empty string. {"nodes":[...],"groups":[...],"focus":id,"edit":id,"say":[...]}
// (docs/accessibility.md describes the fields).
std::string take_changes();
// What the page asks: focus the widget `id`, or activate it (press, toggle, start editing).
enum class Action { Focus, Activate };
void request(ImGuiID id, Action action);

}  // namespace qis::semantics
