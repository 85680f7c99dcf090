// The web app: an SDL2 window drawn by WebGL 2, WebGL 1 or a 2D canvas (render_backend.h), Dear
// ImGui, the fonts, the browser platform, then the UI (src/app/ui) drawn from the browser's
// animation frames — but only when something changed: with nothing to draw the frame loop pauses,
// and the next event restarts it, so an idle page uses no CPU at all.
#define SDL_MAIN_HANDLED
#include <SDL.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "fonts.h"
#include "imgui.h"
#include "imgui_impl_sdl2.h"
#include "imgui_internal.h"  // ImGui::GetHoveredID(), for delayed tooltips
#include "platform.h"
#include "render_backend.h"
#include "ui/app.h"

namespace {

// Frames drawn in a row without an event only because the last one still changed (below): a
// bound, so a UI that never settles (a bug) cannot keep an idle page drawing.
constexpr int kMaxSettleFrames = 120;

struct App {
  qis::platform::Platform* platform = nullptr;
  bool render_every_frame = false;  // ?busy=1 or -DQIS_RENDER_EVERY_FRAME=ON: for the idle benchmark
  bool settling = false;    // the last frame left something that changes in the next one
  int settle_frames = 0;    // frames drawn in a row for that alone
  std::uint32_t look = 0;   // what the last frame drew (a hash of its draw data)
  unsigned frames = 0;
  ImGuiID hovered = 0;  // the item under the mouse in the last frame
  bool wake = false;    // the platform asked for a frame
  bool paused = false;  // the animation-frame loop is stopped until the next event
  bool quit = false;
};

App app;

// Something needs a frame: restart the animation-frame loop if it was paused.
void wake_up() {
  app.wake = true;
#ifdef __EMSCRIPTEN__
  if (app.paused) {
    app.paused = false;
    emscripten_resume_main_loop();
  }
#endif
}

// SDL calls this as each browser event arrives (inside the event handler), before it is queued.
int on_sdl_event(void*, SDL_Event* event) {
  if (event->type != SDL_POLLSENTINEL) wake_up();  // SDL_PollEvent itself posts the sentinel
  return 0;
}

// Nothing changed in the last frame: stop asking the browser for animation frames.
void pause_until_event() {
#ifdef __EMSCRIPTEN__
  app.paused = true;
  emscripten_pause_main_loop();
#endif
}

// A hash of what a frame drew: vertices, indices and draw commands. Two equal hashes in a row mean
// the UI came to rest; a different one means it may still be settling (a value drawn before the
// widget that changed it, a size measured in the frame before), so one more frame is drawn.
std::uint32_t draw_hash(const ImDrawData* d) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](const void* p, std::size_t n) {
    const unsigned char* b = static_cast<const unsigned char*>(p);
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      std::uint32_t w;
      std::memcpy(&w, b + i, 4);
      h = (h ^ w) * 16777619u;
      h ^= h >> 15;
    }
    for (; i < n; ++i) h = (h ^ b[i]) * 16777619u;
  };
  if (d == nullptr || !d->Valid) return 0;
  for (const ImDrawList* list : d->CmdLists) {
    mix(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    mix(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : list->CmdBuffer) {
      mix(&c.ClipRect, sizeof c.ClipRect);
      const std::uintptr_t tex[2] = {reinterpret_cast<std::uintptr_t>(c.TexRef._TexData), static_cast<std::uintptr_t>(c.TexRef._TexID)};
      mix(tex, sizeof tex);
      const unsigned int at[3] = {c.VtxOffset, c.IdxOffset, c.ElemCount};
      mix(at, sizeof at);
    }
  }
  return h;
}

// A scroll position set for the next frame (SetScrollX/Y: ratio 0) that differs from the current
// one; one set to where the window already is (as the tree's SetScrollX(0) in every frame) is no
// change. Centred targets (SetScrollHereY) are counted as changes.
bool scrolls_next_frame(float target, float ratio, float scroll) {
  if (target == FLT_MAX) return false;
  return ratio != 0.0f || std::fabs(target - scroll) > 0.5f;
}

// What ImGui itself still has to do in the next frame, with no new input: events it trickled to
// the next frame, a button or finger still down (drag-scrolling, button repeat, a held scrollbar),
// hover or the active item that changed in this frame (drawn from the previous frame's values in
// places), keyboard navigation in flight, a window appearing or fitting its contents (hidden for
// a frame to measure, auto-fitted over two), a scroll position set for the next frame, a table's
// columns fitting their contents (over up to three frames).
bool imgui_settling() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!g.InputEventsQueue.empty()) return true;
  for (bool down : g.IO.MouseDown)
    if (down) return true;
  if (g.ActiveId != g.ActiveIdPreviousFrame || g.HoveredId != g.HoveredIdPreviousFrame) return true;
  if (g.NavMoveSubmitted || g.NavMoveForwardToNextFrame || g.NavInitRequest || g.NavNextActivateId != 0) return true;
  for (const ImGuiWindow* w : g.Windows) {
    if (!w->Active) continue;
    if (w->Appearing || scrolls_next_frame(w->ScrollTarget.x, w->ScrollTargetCenterRatio.x, w->Scroll.x) ||
        scrolls_next_frame(w->ScrollTarget.y, w->ScrollTargetCenterRatio.y, w->Scroll.y))
      return true;
    // A child scrolled out of sight is hidden again in every frame: that is its resting state.
    if (w->Flags & ImGuiWindowFlags_ChildWindow) {
      const ImRect& r = w->OuterRectClipped;
      if (r.Min.x >= r.Max.x || r.Min.y >= r.Max.y) continue;
    } else if (w->HiddenFramesCanSkipItems > 0) {
      return true;
    }
    if (w->HiddenFramesCannotSkipItems > 0 || w->HiddenFramesForRenderOnly > 0 || w->AutoFitFramesX > 0 || w->AutoFitFramesY > 0) return true;
  }
  for (int n = 0; n < g.Tables.GetMapSize(); ++n) {
    ImGuiTable* t = g.Tables.TryGetMapData(n);
    if (t == nullptr || t->LastFrameActive != g.FrameCount) continue;
    if (t->IsInitializing || t->IsSettingsRequestLoad || t->AutoFitSingleColumn != -1) return true;
    for (int c = 0; c < t->ColumnsCount; ++c)
      if (t->Columns[c].AutoFitQueue != 0 || t->Columns[c].CannotSkipItemsQueue != 0) return true;
  }
  return false;
}

// One animation frame: draws only if an event arrived, the page asked for it, or the last frame
// left something still changing.
void frame(bool force) {
  bool changed = force || std::exchange(app.wake, false);
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) app.quit = true;
    changed = true;
  }
  if (changed) {
    app.settle_frames = 0;
  } else if (app.settling && app.settle_frames < kMaxSettleFrames) {
    ++app.settle_frames;
  } else if (!app.render_every_frame) {
    pause_until_event();  // idle: neither ImGui, GL nor the frame loop runs
    return;
  }

  // An input changes what is drawn before the widget that took it (the total, the tree), and a
  // click's release may wait in ImGui's queue: draw again before presenting (at most 3 passes),
  // so the result is in the first frame after the input.
  for (int pass = 0;; ++pass) {
    qis::render::new_frame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 600.0f;  // equal timestamps: virtual time, Safari
    ImGui::NewFrame();
    qis::ui::app_frame();
    ImGui::Render();
    if (pass == 2 || !qis::ui::app_wants_another_pass()) break;
    qis::render::update_textures(ImGui::GetDrawData());  // glyphs baked in this pass
  }
  qis::render::render(ImGui::GetDrawData());  // on the page background (#f3f5f8)
  app.platform->after_frame();
  ++app.frames;

  // Draw the next frame too while this one changed something or ImGui is still settling.
  const std::uint32_t look = draw_hash(ImGui::GetDrawData());
  app.settling = look != app.look || imgui_settling();
  app.look = look;

  // A tooltip shows after the mouse rested 0.15-0.4 s on an item; the loop may be paused by then.
  const ImGuiID hovered = ImGui::GetHoveredID();
  if (hovered != 0 && hovered != app.hovered) app.platform->request_redraw(0.5);
  app.hovered = hovered;
}

}  // namespace

#ifdef __EMSCRIPTEN__
extern "C" {
// Draws a frame now, inside the current browser event (copy keys, mouse release: user gesture).
EMSCRIPTEN_KEEPALIVE void qis_wasm_frame_now() { frame(true); }
// window.qis.frames: frames drawn so far.
EMSCRIPTEN_KEEPALIVE unsigned qis_wasm_frames() { return app.frames; }
}
#endif

int main(int, char**) {
  qis::platform::Platform& platform = qis::platform::platform_instance();
  app.platform = &platform;
  platform.mark_time("qis-main");

  // SDL listens to keys on #canvas only, so the IME overlay's keys never reach it twice.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    platform.show_fatal_error(std::string("无法初始化图形界面：") + SDL_GetError());
    return 1;
  }
  // WebGL 2, else WebGL 1, else the 2D canvas (the page's order; ?renderer= forces one).
  std::string render_error;
  if (!qis::render::create_window("质量基础设施“一站式”服务自评工具", 1280, 800, render_error)) {
    platform.show_fatal_error("无法在此浏览器中绘制界面，请刷新页面重试；如果问题持续存在，请换用最新版 Chrome、Edge、"
                              "Firefox 或 Safari。（" + render_error + "）");
    return 1;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;                    // the UI keeps its own state in browser storage
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;       // a blinking caret would keep an idle page drawing
  if (!qis::render::init_imgui()) {
    platform.show_fatal_error(std::string("无法初始化绘图（") + qis::render::name() + "），请刷新页面重试。");
    return 1;
  }
  platform.bind_imgui();                       // clipboard and IME: after the SDL backend set its own

  // Glyphs are baked as they are first drawn, at the canvas's pixel density (ImGui 1.92 takes it
  // from SDL's drawable size each frame), so zoom and high-DPI screens need no rebuild.
  if (!qis::fonts_init(platform)) {
    platform.show_fatal_error("字体文件无法使用，请刷新页面重试。");
    return 1;
  }

#ifdef QIS_RENDER_EVERY_FRAME
  app.render_every_frame = true;
#endif
  if (platform.url_param("busy").value_or("") == "1") app.render_every_frame = true;

  platform.set_wake_handler(wake_up);
  SDL_AddEventWatch(on_sdl_event, nullptr);
  platform.mark_time("qis-graphics-ready");  // SDL, the renderer, ImGui and the font source
  qis::ui::app_init(platform);
  platform.mark_time("qis-app-ready");       // bundled rubrics loaded, settings read

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop([] { frame(false); }, 0, 1);  // every animation frame; never returns
#else
  while (!app.quit) {
    frame(false);
    SDL_Delay(16);
  }
  qis::render::shutdown();
  ImGui::DestroyContext();
  SDL_Quit();
#endif
  return 0;
}
