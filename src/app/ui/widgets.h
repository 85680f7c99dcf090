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

void text_wrapped_colored(const ImVec4& color, const std::string& text);
void heading(const std::string& text);
// A horizontal bar of value/max with the label drawn over it (ImGui draw list).
void score_bar(const std::string& label, Milli value, Milli max, float width, float height);
// "12.5 / 20"
std::string score_of(Milli value, Milli max);
// A (?) marker that shows `text` as a tooltip.
void help_marker(const std::string& text);
// "1.2 MB", "830 KB", "12 字节"
std::string human_size(long long bytes);

}  // namespace qis::ui
