// Small drawing helpers shared by the screens.
#pragma once
#include <string>

#include "imgui.h"
#include "points.h"

namespace qis::ui {

// Colours used with meaning across screens.
inline const ImVec4 kColorError{0.75f, 0.10f, 0.10f, 1.0f};
inline const ImVec4 kColorOk{0.10f, 0.50f, 0.20f, 1.0f};
inline const ImVec4 kColorMuted{0.40f, 0.40f, 0.45f, 1.0f};
inline const ImVec4 kColorAccent{0.12f, 0.35f, 0.70f, 1.0f};
inline const ImVec4 kColorWarn{0.70f, 0.40f, 0.00f, 1.0f};

// Text wrapped to the space left on the line (TextWrapped's place), broken only where Chinese
// typesetting allows: between CJK characters and at spaces, never inside a number, a date, a
// Latin word or a “（4分）” bracket, never before a closing mark or after an opening one.
// `width` 0: up to the right edge of the window.
void text_wrapped(const std::string& text, float width = 0);
void text_wrappedf(const char* fmt, ...) IM_FMTARGS(1);
void text_wrapped_colored(const ImVec4& color, const std::string& text);
// A widget's label drawn beside it, wrapped: the semantics layer reads it as the widget's name
// (semantics::checkbox_last / radio_last), not a second time as text.
void label_wrapped(const std::string& text);
// `text` with line breaks inserted so that no line is wider than `width` at the current font.
std::string wrap_text(const std::string& text, float width);
void heading(const std::string& text);
// ImGui::TextUnformatted that the semantics layer also shows as text (a screen reader reads it,
// the browser's find finds it).
void text_line(const std::string& text);
// How the page is laid out, from the canvas width in CSS px at the chosen 字号 (width / scale):
// Wide (as designed, >= 1100), Medium (600-1100: the tree is a panel shown or hidden, toolbars
// wrap), Narrow (< 600, phones: one column, the tree in a drawer, less used actions in a menu).
enum class Layout { Wide, Medium, Narrow };
Layout layout();
inline bool narrow() { return layout() == Layout::Narrow; }
// Called by app_frame() before anything is drawn: the layout for this frame.
void update_layout(float css_width, float font_scale);

// Keyboard regions (toolbar, tree, editor…): each region calls focus_region() where it begins,
// in drawing order; F6 / Ctrl+Tab moves the keyboard focus to the next region's first item,
// Shift+F6 / Ctrl+Shift+Tab to the previous one.
void focus_region();
// Called by app_frame() before anything is drawn: reads F6 / Ctrl+Tab; after `screen_changed`
// the keyboard focus goes to the first region.
void focus_regions_new_frame(bool screen_changed);

// ImGui::SmallButton, or a full-size button on touch screens (a finger needs 40 px).
bool small_button(const char* label);

// Width of a button with this label at the current font.
float button_width(const char* label);
// Before an item `width` wide that would follow the last one: on the same line if it fits there,
// otherwise at the start of the next line (toolbars wrap instead of running off the edge).
void same_line_if_fits(float width);
// A button after the last item, wrapping to the next line when the line is full.
bool flow_button(const char* label);
// A button after the last item (flow_button; `first`: at the cursor), whose label wraps inside it
// when it is wider than a whole line (phones).
bool flow_button_wrapped(const std::string& label, bool first = false);
// A selectable row whose label wraps to the width left on the line (a tree entry, a list row).
bool selectable_wrapped(const std::string& label, bool selected);
// A checkbox whose label wraps beside the box when the line is too narrow for it.
bool checkbox_wrapped(const std::string& label, bool* v);
// A radio button after the last item (unless `first`), on the next line when this one is full.
bool radio_flow(const std::string& label, bool active, bool first);
// Muted explanatory text after the last item: beside it when there is room, else below it.
void note_after(const std::string& text);

// A horizontal bar of value/max with the label drawn over it (ImGui draw list).
void score_bar(const std::string& label, Milli value, Milli max, float width, float height);
// "12.5 / 20"
std::string score_of(Milli value, Milli max);
// A (?) marker that shows `text` as a tooltip.
void help_marker(const std::string& text);
// "1.2 MB", "830 KB", "12 字节"
std::string human_size(long long bytes);

}  // namespace qis::ui
