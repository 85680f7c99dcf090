#include "widgets.h"

#include "test_hooks.h"

#include <algorithm>
#include <cstdio>

namespace qis::ui {

void text_wrapped_colored(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  testhooks::label_last_item(text);  // messages are findable by the browser tests
}

void heading(const std::string& text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, kColorAccent);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
}

std::string score_of(Milli value, Milli max) { return format_milli(value) + " / " + format_milli(max); }

void score_bar(const std::string& label, Milli value, Milli max, float width, float height) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float frac = max > 0 ? std::clamp(static_cast<float>(value) / static_cast<float>(max), 0.0f, 1.0f) : 0.0f;
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), IM_COL32(225, 230, 238, 255), 4.0f);
  const ImU32 fill = frac >= 0.8f ? IM_COL32(60, 150, 90, 255) : frac >= 0.6f ? IM_COL32(70, 120, 200, 255) : IM_COL32(220, 140, 50, 255);
  if (frac > 0) dl->AddRectFilled(p, ImVec2(p.x + width * frac, p.y + height), fill, 4.0f);
  const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
  dl->AddText(ImVec2(p.x + 8, p.y + (height - ts.y) * 0.5f), IM_COL32(20, 20, 30, 255), label.c_str());
  ImGui::Dummy(ImVec2(width, height));
}

void help_marker(const std::string& text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::BeginItemTooltip()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string human_size(long long bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(buf, sizeof buf, "%lld 字节", bytes);
  return buf;
}

}  // namespace qis::ui
