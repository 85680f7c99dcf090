// The web app: an SDL2 window with a WebGL2 context, Dear ImGui, the fonts, the browser platform,
// then the UI (src/app/ui) drawn from the browser's animation frames — but only when something
// changed: with nothing to draw the frame loop pauses, and the next event restarts it, so an idle
// page uses no CPU at all.
#define SDL_MAIN_HANDLED
#include <SDL.h>
#include <SDL_opengles2.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include <string>
#include <utility>

#include "fonts.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "imgui_internal.h"  // ImGui::GetHoveredID(), for delayed tooltips
#include "platform.h"
#include "ui/app.h"

namespace {

// Frames drawn after the last event: ImGui spreads quick input over frames and settles hover and
// layout one frame late.
constexpr int kTailFrames = 10;

struct App {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
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
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 600.0f;  // equal timestamps: virtual time, Safari
    ImGui::NewFrame();
    qis::ui::app_frame();
    ImGui::Render();
    if (pass == 2 || !qis::ui::app_wants_another_pass()) break;
    for (ImTextureData* tex : *ImGui::GetDrawData()->Textures)  // glyphs baked in this pass
      if (tex->Status != ImTextureStatus_OK) ImGui_ImplOpenGL3_UpdateTexture(tex);
  }

  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(app.window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(0.953f, 0.961f, 0.973f, 1.0f);  // the page background (#f3f5f8)
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(app.window);
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
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);  // WebGL2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  app.window = SDL_CreateWindow("质量基础设施“一站式”服务自评工具", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                1280, 800, SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  app.gl = app.window ? SDL_GL_CreateContext(app.window) : nullptr;
  if (app.gl == nullptr) {
    platform.show_fatal_error(std::string("无法创建 WebGL 2 绘图环境，请开启浏览器的硬件加速后刷新页面。（") +
                              SDL_GetError() + "）");
    return 1;
  }
  SDL_GL_MakeCurrent(app.window, app.gl);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;                    // the UI keeps its own state in browser storage
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;       // a blinking caret would keep an idle page drawing
  ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
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
  platform.mark_time("qis-graphics-ready");  // SDL, WebGL, ImGui and the font source
  qis::ui::app_init(platform);
  platform.mark_time("qis-app-ready");       // bundled rubrics loaded, settings read

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop([] { frame(false); }, 0, 1);  // every animation frame; never returns
#else
  while (!app.quit) {
    frame(false);
    SDL_Delay(16);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(app.gl);
  SDL_DestroyWindow(app.window);
  SDL_Quit();
#endif
  return 0;
}
