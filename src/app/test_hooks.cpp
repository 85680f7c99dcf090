#include "test_hooks.h"

#include <cstdarg>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"
#include "semantics.h"

namespace {

struct Item {
  std::string label;
  ImRect rect;       // the visible part
  std::string text;  // wrapped text as drawn
  float cut = 0;     // CSS px hidden past the right edge of its window (0: none)
  bool hscroll = false;  // its window scrolls sideways, so a cut part can be scrolled to
  ImGuiID id = 0;
  bool focus = false;    // it has the keyboard focus (the focus ring is shown)
};

// The visible part of `r` in the current window, and how much of it is hidden on the right.
Item visible_item(ImGuiContext* ctx, const std::string& label, ImRect r, ImGuiID id) {
  Item it{label, r, {}, 0.0f, false, id, false};
  if (ImGuiWindow* w = ctx->CurrentWindow) {
    it.rect.ClipWith(w->ClipRect);
    it.cut = r.Max.x - w->ClipRect.Max.x > 1.0f && r.Min.y < w->ClipRect.Max.y && r.Max.y > w->ClipRect.Min.y ? r.Max.x - w->ClipRect.Max.x : 0.0f;
    it.hscroll = w->ScrollbarX;  // a scrollbar shows there is more to the right
    if (it.rect.Min.x > it.rect.Max.x) it.rect.Min.x = it.rect.Max.x;  // wholly past the edge: width 0 there
  }
  return it;
}

// Visible items, and items placed wholly past the right edge of their window (lost to the user).
bool worth_recording(const Item& it) {
  if (it.rect.GetHeight() <= 1) return false;
  return it.rect.GetWidth() > 1 || it.cut > 0;
}

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
  qis::semantics::item_add(id, bb);
}

// Called by widgets with their label once they are submitted (not clipped).
void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  qis::semantics::item_info(id, label, flags);
  if (!label || !*label) return;
  auto it = rec().rects.find(id);
  if (it == rec().rects.end()) return;
  Item item = visible_item(ctx, label, it->second, id);  // the visible part only
  if (worth_recording(item)) rec().current.push_back(item);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

namespace qis::testhooks {

void label_last_item(const std::string& label) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!g.TestEngineHookItems) return;
  Item item = visible_item(&g, label, g.LastItemData.Rect, g.LastItemData.ID);
  if (worth_recording(item)) rec().current.push_back(item);
}

void record_wrapped(const std::string& text, const std::string& lines) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!g.TestEngineHookItems) return;
  Item item = visible_item(&g, "wrap:" + text, g.LastItemData.Rect, g.LastItemData.ID);
  item.text = lines;
  if (worth_recording(item)) rec().current.push_back(item);
}

void enable() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void frame_end() {
  Recorder& r = rec();
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.NavId != 0 && g.NavCursorVisible)
    for (Item& i : r.current) i.focus = i.id == g.NavId;
  r.last.swap(r.current);
  r.current.clear();
  r.rects.clear();
  qis::semantics::frame_end();
}

const char* items_json() {
  Recorder& r = rec();
  nlohmann::json out = nlohmann::json::array();
  // ImGui works in the canvas' CSS pixels (the framebuffer scale is applied at render time).
  for (auto& i : r.last) {
    out.push_back({{"label", i.label}, {"x", i.rect.Min.x}, {"y", i.rect.Min.y}, {"w", i.rect.GetWidth()}, {"h", i.rect.GetHeight()}});
    if (!i.text.empty()) out.back()["text"] = i.text;
    if (i.cut > 0) out.back()["cut"] = i.cut;
    if (i.hscroll) out.back()["hscroll"] = true;
    if (i.focus) out.back()["focus"] = true;
  }
  r.json = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r.json.c_str();
}

}  // namespace qis::testhooks
