// A criterion's official wording as the seed document gives it, with its clause and the tool's reading.
#include <string>

#include "criterion_editor.h"
#include "imgui.h"
#include "report.h"
#include "widgets.h"

namespace qis::ui {

void draw_official_text(const Node& n) {
  ImGui::PushStyleColor(ImGuiCol_Text, kColorAccent);
  text_wrappedf("%s（%s 分）%s", screen_label(n).c_str(), format_milli(n.max).c_str(), n.bonus ? " · 加分项" : "");  // one number, as in the tree
  if (n.title_by_tool) ImGui::TextColored(kColorMuted, "（%s）", kToolTitleNote);
  ImGui::PopStyleColor();
  if (!n.clause.empty()) ImGui::TextColored(kColorMuted, "出处：%s", n.clause.c_str());
  if (!n.requirement.empty()) {
    text_line("内容要求：");
    ImGui::SameLine();
    text_wrapped(n.requirement);
  }
  text_line("评分标准（原文）：");
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.97f, 0.96f, 0.90f, 1.0f));
  const ImGuiStyle& st = ImGui::GetStyle();
  const float wrap = ImGui::GetContentRegionAvail().x - st.WindowPadding.x * 2 - st.ChildBorderSize * 2;
  const float text_h = ImGui::CalcTextSize(wrap_text(n.text, wrap).c_str()).y + st.WindowPadding.y * 2 + 4;
  ImGui::BeginChild("official", ImVec2(0, text_h), ImGuiChildFlags_Borders | ImGuiChildFlags_NavFlattened);
  text_wrapped(n.text);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (!n.note.empty()) text_wrapped_colored(kColorMuted, "说明（本工具采用的读法）：" + n.note);
}

}  // namespace qis::ui
