// The submission checklist: the materials the chosen document requires, each attachable.
#include <string>

#include "platform.h"
#include "profile.h"
#include "profile_choices.h"
#include "screens.h"
#include "state.h"
#include "widgets.h"

namespace qis::ui {

void draw_materials_screen() {
  Draft& d = *state().draft;
  heading("提交材料清单");
  if (d.rubric->materials.empty()) {
    text_wrappedf("本评价表未规定需随附的申请材料。各评分项的佐证材料请在“逐项评分”中添加。");
    return;
  }
  int missing = 0;
  for (auto& m : d.rubric->materials) {
    const std::string target = "material:" + m.id;
    bool attached = false;
    for (auto& e : d.a.evidence)
      for (auto& c : e.criteria) attached |= c == target;
    if (!attached && m.required) ++missing;
  }
  if (missing > 0) text_wrapped_colored(kColorWarn, "还缺 " + std::to_string(missing) + " 项必备材料，导出前请补齐。");
  else text_wrapped_colored(kColorOk, "必备材料已齐全。");
  bool low = false;
  const std::string space = storage_space_text(&low);
  if (!space.empty()) text_wrapped_colored(low ? kColorWarn : kColorMuted, space);
  ImGui::BeginChild("materials", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
  focus_region();
  for (auto& m : d.rubric->materials) {
    ImGui::PushID(m.id.c_str());
    const std::string target = "material:" + m.id;
    bool attached = false;
    for (auto& e : d.a.evidence)
      for (auto& c : e.criteria) attached |= c == target;
    ImGui::TextColored(attached ? kColorOk : (m.required ? kColorError : kColorMuted), "%s", attached ? "✓ 已附" : (m.required ? "✗ 缺少" : "○ 可选"));
    ImGui::SameLine();
    text_wrappedf("%s %s", m.clause.c_str(), m.title.c_str());
    ImGui::Indent();
    // A material that lists what the station ticked in its profile (武汉 第十四条（五）: the
    // contents of 第九条 it provides), prefilled from those ticks.
    const auto entries = material_entries(*d.rubric, m, d.a.profile);
    if (!entries.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
      text_wrapped("按“单位信息”中勾选的内容，应逐项提供：");
      ImGui::PopStyleColor();
      for (const std::string& e : entries) {
        ImGui::Bullet();
        ImGui::SameLine();
        text_wrapped(e);
      }
    }
    draw_evidence_list(target.c_str());
    ImGui::Unindent();
    ImGui::Separator();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace qis::ui
