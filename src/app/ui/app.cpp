// TEMPORARY stand-in UI for the web foundation (fonts, IME, clipboard, files, idle): one window
// with Chinese text and a multi-line field. The real UI replaces this file.
#include "app.h"

#include <string>

#include <nlohmann/json.hpp>

#include "../fonts.h"
#include "../platform.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace qis::ui {
namespace {

struct State {
  qis::platform::Platform* platform = nullptr;
  std::string notes;
  std::string files_log;
  float field[4] = {0, 0, 0, 0};
  std::string snapshot;
};

State& state() {
  static State s;
  return s;
}

}  // namespace

void app_init(qis::platform::Platform& platform) {
  State& s = state();
  s.platform = &platform;
  s.notes = platform.storage_get("qis.demo.notes").value_or("");
  platform.on_page_hide([] { state().platform->storage_set("qis.demo.notes", state().notes); });
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 6.0f;
  style.FrameRounding = 4.0f;
  style.FramePadding = ImVec2(8.0f, 5.0f);
  style.ItemSpacing = ImVec2(10.0f, 8.0f);
}

void app_frame() {
  State& s = state();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 24, vp->WorkPos.y + 24), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(760, 560), ImGuiCond_FirstUseEver);
  ImGui::Begin("质量基础设施“一站式”服务评价", nullptr, ImGuiWindowFlags_NoMove);
  ImGui::TextUnformatted("质量基础设施“一站式”服务评价 （20分） 1000分 ABC abc");
  ImGui::TextUnformatted("标点：，。、；：？！「」《》【】—…·％（）0123456789 ①②③ ≤≥ ℃ ✓");
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::Text("画布 %.0f×%.0f，像素比 %.2f", io.DisplaySize.x, io.DisplaySize.y, io.DisplayFramebufferScale.x);
  ImGui::Text("今天：%s    字号：", s.platform->today().c_str());
  ImGui::SameLine();
  if (ImGui::RadioButton("小", qis::fonts_scale() < 0.95f)) qis::fonts_set_scale(0.875f);
  ImGui::SameLine();
  if (ImGui::RadioButton("中", qis::fonts_scale() >= 0.95f && qis::fonts_scale() <= 1.05f)) qis::fonts_set_scale(1.0f);
  ImGui::SameLine();
  if (ImGui::RadioButton("大", qis::fonts_scale() > 1.05f)) qis::fonts_set_scale(1.25f);

  ImGui::TextUnformatted("备注（可输入中文）：");
  ImGui::InputTextMultiline("##notes", &s.notes, ImVec2(-1.0f, 160.0f));
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  s.field[0] = min.x;
  s.field[1] = min.y;
  s.field[2] = max.x - min.x;
  s.field[3] = max.y - min.y;

  if (ImGui::Button("导出备注")) s.platform->download("备注.txt", s.notes, "text/plain;charset=utf-8");
  ImGui::SetItemTooltip("把备注保存为文本文件");
  ImGui::SameLine();
  if (ImGui::Button("打开文件…")) s.platform->open_files("demo", "");
  ImGui::SameLine();
  if (ImGui::Button("保存草稿")) {
    auto r = s.platform->storage_set("qis.demo.notes", s.notes);
    s.files_log += r ? "草稿已保存\n" : r.reason + "\n";
  }
  for (auto& f : s.platform->take_opened_files())
    s.files_log += "[" + f.purpose + "] " + f.name + "（" + std::to_string(f.size) + " 字节）\n";
  ImGui::TextWrapped("%s", s.files_log.c_str());
  ImGui::End();
  s.platform->set_summary("示例界面：备注共 " + std::to_string(s.notes.size()) + " 字节。");
}

const char* app_snapshot() {
  State& s = state();
  nlohmann::json j = {{"notes", s.notes},
                      {"font_scale", qis::fonts_scale()},
                      {"ime_test_field", {s.field[0], s.field[1], s.field[2], s.field[3]}}};
  s.snapshot = j.dump();
  return s.snapshot.c_str();
}

}  // namespace qis::ui
