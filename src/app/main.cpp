// The web app: an SDL2 window drawn by WebGL 2, WebGL 1 or a 2D canvas (render_backend.h), Dear
// ImGui, the fonts, the browser platform, then the UI (src/app/ui) drawn from the browser's
// animation frames — but only when something changed: with nothing to draw the frame loop pauses,
// and the next event restarts it, so an idle page uses no CPU at all.
#define SDL_MAIN_HANDLED
#include <SDL.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

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

// Frames drawn after the last event: ImGui spreads quick input over frames and settles hover and
// layout one frame late.
constexpr int kTailFrames = 10;

struct App {
  qis::platform::Platform* platform = nullptr;
  bool render_every_frame = false;  // ?busy=1 or -DQIS_RENDER_EVERY_FRAME=ON: for the idle benchmark
  int tail = kTailFrames;
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

// Nothing changed for kTailFrames frames: stop asking the browser for animation frames.
void pause_until_event() {
#ifdef __EMSCRIPTEN__
  app.paused = true;
  emscripten_pause_main_loop();
#endif
}

// One animation frame: draws only if an event arrived, the page asked for it, or the tail runs.
void frame(bool force) {
  bool changed = force || std::exchange(app.wake, false);
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) app.quit = true;
    changed = true;
  }
  if (changed) {
    app.tail = kTailFrames;
  } else if (app.tail > 0) {
    --app.tail;
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
