#include "test_hooks.h"

#include <cstdarg>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"

namespace {

struct Item {
  std::string label;
  ImRect rect;
};

struct Recorder {
  std::unordered_map<ImGuiID, ImRect> rects;  // this frame's item rectangles by id
  std::vector<Item> current;
  std::vector<Item> last;
  std::string json;
};

Recorder& rec() {
  static Recorder r;
  return r;
}

}  // namespace

// Called by imgui.cpp for every item added (before clipping).
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
  rec().rects[id] = bb;
}

// Called by widgets with their label once they are submitted (not clipped).
void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  if (!label || !*label) return;
  auto it = rec().rects.find(id);
  if (it == rec().rects.end()) return;
  ImRect r = it->second;
  if (ctx->CurrentWindow) r.ClipWith(ctx->CurrentWindow->ClipRect);  // the visible part only
  if (r.GetWidth() <= 1 || r.GetHeight() <= 1) return;
  rec().current.push_back({label, r});
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

namespace qis::testhooks {

void label_last_item(const std::string& label) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!g.TestEngineHookItems) return;
  ImRect r = g.LastItemData.Rect;
  if (g.CurrentWindow) r.ClipWith(g.CurrentWindow->ClipRect);
  if (r.GetWidth() > 1 && r.GetHeight() > 1) rec().current.push_back({label, r});
}

void enable() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void frame_end() {
  Recorder& r = rec();
  r.last.swap(r.current);
  r.current.clear();
  r.rects.clear();
}

const char* items_json() {
  Recorder& r = rec();
  nlohmann::json out = nlohmann::json::array();
  // ImGui works in the canvas' CSS pixels (the framebuffer scale is applied at render time).
  for (auto& i : r.last)
    out.push_back({{"label", i.label}, {"x", i.rect.Min.x}, {"y", i.rect.Min.y}, {"w", i.rect.GetWidth()}, {"h", i.rect.GetHeight()}});
  r.json = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r.json.c_str();
}

}  // namespace qis::testhooks
