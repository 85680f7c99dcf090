#include "touch.h"

#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "imgui_internal.h"  // windows, their scroll limits, the active item
#include "platform.h"
#include "state.h"

namespace qis::ui {
namespace {

constexpr float kDragStart = 8.0f;     // CSS px a finger moves before a touch is a drag, not a tap
constexpr float kGlideStop = 30.0f;    // px/s below which a glide ends
constexpr float kGlideDecay = 3.5f;    // 1/s: the glide loses about 97 % of its speed per second
constexpr float kGlideStep = 0.05f;    // s: the longest time step of the glide in one frame

struct Touch {
  bool seen = false;
  bool first = false;      // the page's first touch is on the screen: sizes change once it lifted
  bool down = false;       // a finger is on the screen
  bool dragging = false;   // it moved past kDragStart: scrolling, not tapping
  ImVec2 start;
  ImGuiID target = 0;      // the window it scrolls
  ImVec2 velocity;         // px/s of scrolling, kept after the finger lifts (the glide)
};

Touch& touch() {
  static Touch t;
  return t;
}

bool scrollable(const ImGuiWindow* w) { return w->ScrollMax.y > 0.0f || w->ScrollMax.x > 0.0f; }

// The innermost window under the finger that can scroll; popups and the page stop the search.
ImGuiWindow* scroll_target(ImGuiWindow* w) {
  for (; w; w = w->ParentWindow) {
    if (scrollable(w)) return w;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return nullptr;
}

void scroll_by(ImGuiWindow* w, ImVec2 d) {
  if (w->ScrollMax.y > 0.0f && d.y != 0.0f) ImGui::SetScrollY(w, ImClamp(w->Scroll.y + d.y, 0.0f, w->ScrollMax.y));
  if (w->ScrollMax.x > 0.0f && d.x != 0.0f) ImGui::SetScrollX(w, ImClamp(w->Scroll.x + d.x, 0.0f, w->ScrollMax.x));
}

}  // namespace

bool touch_seen() { return touch().seen; }

void touch_new_frame() {
  Touch& t = touch();
  ImGuiContext& g = *ImGui::GetCurrentContext();
  const ImGuiIO& io = g.IO;
  const float dt = io.DeltaTime > 0.0f ? io.DeltaTime : 1.0f / 60.0f;
  const bool finger = io.MouseSource == ImGuiMouseSource_TouchScreen;

  // Controls grow for fingers only after the first touch was handled where it landed: grown in
  // its own frame, they would move under the finger and its tap would miss the control.
  if (t.first && !t.down) {
    t.first = false;
    t.seen = true;
  }
  if (finger && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    t.first = !t.seen;
    t.down = true;
    t.dragging = false;
    t.start = io.MousePos;
    ImGuiWindow* w = scroll_target(g.HoveredWindow);
    t.target = w ? w->ID : 0;
    t.velocity = ImVec2(0, 0);  // a touch stops a glide
  }
  ImGuiWindow* w = t.target ? ImGui::FindWindowByID(t.target) : nullptr;

  if (t.down && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    if (!t.dragging && w) {
      const ImVec2 moved(io.MousePos.x - t.start.x, io.MousePos.y - t.start.y);
      if (moved.x * moved.x + moved.y * moved.y > kDragStart * kDragStart) {
        t.dragging = true;
        ImGui::ClearActiveID();  // the control the finger started on is not pressed after all
      }
    }
    if (t.dragging && w) {
      const ImVec2 d(-io.MouseDelta.x, -io.MouseDelta.y);
      scroll_by(w, d);
      if (d.x != 0.0f || d.y != 0.0f) t.velocity = ImVec2(t.velocity.x * 0.3f + 0.7f * d.x / dt, t.velocity.y * 0.3f + 0.7f * d.y / dt);
      if (g.ActiveId != 0) ImGui::ClearActiveID();
    }
    return;
  }

  if (t.down) {  // lifted
    t.down = false;
    if (t.first) state().platform->request_redraw(0.0);  // the next frame has the finger sizes
    if (!t.dragging) t.velocity = ImVec2(0, 0);
    t.dragging = false;
  }
  // The glide: keep scrolling, slowing down, while frames are asked for.
  const float speed = std::sqrt(t.velocity.x * t.velocity.x + t.velocity.y * t.velocity.y);
  if (!w || speed < kGlideStop) {
    t.velocity = ImVec2(0, 0);
    return;
  }
  // A slow frame (software rendering, a busy machine) advances the glide by at most kGlideStep, so
  // it is not used up in one or two frames but still seen gliding.
  const float step = std::min(dt, kGlideStep);
  scroll_by(w, ImVec2(t.velocity.x * step, t.velocity.y * step));
  const float keep = std::exp(-kGlideDecay * step);
  t.velocity = ImVec2(t.velocity.x * keep, t.velocity.y * keep);
  state().platform->request_redraw(0.0);
}

}  // namespace qis::ui
