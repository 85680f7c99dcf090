// Opening a package as a draft when the same station already has a draft of the same rubric:
// replace it, keep both, or cancel. Without the question a station that reopens its own
// exported package ends up with two drafts of one name and cannot tell them apart.
#include <string>

#include "imgui.h"
#include "screens.h"
#include "state.h"
#include "widgets.h"

namespace qis::ui {

void draw_reopen_dialog() {
  auto& s = state();
  if (!s.pending_import) return;
  const PendingImport& p = *s.pending_import;
  if (!ImGui::IsPopupOpen("reopen")) ImGui::OpenPopup("reopen");
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0));
  if (!ImGui::BeginPopupModal("reopen", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
  heading("已有同一单位的草稿");
  text_wrapped_colored(kColorAccent, "“" + p.station + "”已有一份“" + p.rubric_title + "”的草稿（最后修改 " + p.existing_modified + "）。");
  text_wrappedf("打开“%s”时：", p.name.c_str());
  ImGui::BulletText("替换：用数据包的内容替换原草稿（原草稿的修改将丢失）");
  ImGui::BulletText("都保留：另存为一份新草稿，原草稿不变");
  ImGui::Spacing();
  ImportChoice choice = ImportChoice::Cancel;
  bool chosen = false;
  if (ImGui::Button("替换原草稿")) chosen = true, choice = ImportChoice::Replace;
  ImGui::SameLine();
  if (ImGui::Button("两份都保留")) chosen = true, choice = ImportChoice::KeepBoth;
  ImGui::SameLine();
  if (ImGui::Button("取消##reopen") || ImGui::IsKeyPressed(ImGuiKey_Escape)) chosen = true, choice = ImportChoice::Cancel;
  if (chosen) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  if (chosen) resolve_pending_import(choice);  // after the popup: it may open the draft
}

}  // namespace qis::ui
