// The three renderers of render_backend.h. Tried in the page's order: a WebGL context that cannot
// be created (blocklisted driver, hardware acceleration off, a virtual desktop without GPU, a
// browser without software GL) moves on to the next; the software path needs only a 2D canvas.
#include "render_backend.h"

// QIS_FALLBACK_RENDERERS (src/app/CMakeLists.txt): WebGL 1 and the software path are built into
// the compat build only (compat.html, where boot.js sends a browser without WebGL 2), so the
// first visit of every other browser does not download SDL's software renderer.
#ifndef QIS_FALLBACK_RENDERERS
#define QIS_FALLBACK_RENDERERS 1
#endif

#define SDL_MAIN_HANDLED
#include <SDL.h>
#include <SDL_opengles2.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include <cstring>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"  // ImMin, ImFabs
#include "imgui_impl_sdl2.h"
#if QIS_FALLBACK_RENDERERS
#include "imgui_impl_sdlrenderer2.h"
#include "render_gles2.h"
#endif

namespace qis {
namespace render {
namespace {

enum class Kind { none, webgl2, webgl1, software };

struct State {
  Kind kind = Kind::none;
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  // Software path: ImGui draws into `surface` (the canvas's size in device pixels) through an SDL
  // software renderer made for it; a new size means a new surface and renderer.
  SDL_Surface* surface = nullptr;
  SDL_Renderer* renderer = nullptr;
};

State state;

// The page background (#f3f5f8), behind every window.
constexpr Uint8 kBackground[3] = {0xf3, 0xf5, 0xf8};

#ifdef __EMSCRIPTEN__
// The page's order of renderers to try (web/boot.js sets Module.qisRenderers: what the browser
// offers, or the one ?renderer= asks for), as "webgl2,webgl1,software".
EM_JS(void, qis_js_renderer_order, (char* out, int size), {
  var order = Module['qisRenderers'] || ['webgl2', 'webgl1', 'software'];
  stringToUTF8(order.join(','), out, size);
});
// Tells the page (window.qis.renderer()) which renderer draws.
EM_JS(void, qis_js_renderer_chosen, (const char* name), {
  Module['qisRenderer'] = UTF8ToString(name);
});
#if QIS_FALLBACK_RENDERERS
// Puts the software renderer's pixels (RGBA bytes, the canvas's size) on the canvas. No copy on
// the way: the ImageData views the wasm memory, and putImageData copies it once.
EM_JS(void, qis_js_present, (const void* pixels, int width, int height), {
  var canvas = Module['canvas'];
  if (canvas.width !== width || canvas.height !== height) return;  // resized since: next frame
  var ctx = Module['qisCtx2d'];
  if (!ctx || Module['qisCtx2dCanvas'] !== canvas) {
    ctx = canvas.getContext('2d', {alpha: false});
    Module['qisCtx2d'] = ctx;
    Module['qisCtx2dCanvas'] = canvas;
  }
  if (!ctx) return;
  var bytes = new Uint8ClampedArray(HEAPU8.buffer, pixels, width * height * 4);
  ctx.putImageData(new ImageData(bytes, width, height), 0, 0);
});
#endif  // QIS_FALLBACK_RENDERERS
#endif

std::vector<Kind> wanted_order() {
  std::vector<Kind> order;
#ifdef __EMSCRIPTEN__
  char text[64] = {0};
  qis_js_renderer_order(text, static_cast<int>(sizeof text));
  std::string list(text);
  std::size_t at = 0;
  while (at <= list.size()) {
    std::size_t comma = list.find(',', at);
    if (comma == std::string::npos) comma = list.size();
    const std::string one = list.substr(at, comma - at);
    if (one == "webgl2") order.push_back(Kind::webgl2);
#if QIS_FALLBACK_RENDERERS  // the other two are in the compat build only (boot.js goes there)
    if (one == "webgl1") order.push_back(Kind::webgl1);
    if (one == "software") order.push_back(Kind::software);
#endif
    at = comma + 1;
  }
#else
  order = {Kind::webgl2, Kind::software};
#endif
  return order;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::webgl2: return "webgl2";
    case Kind::webgl1: return "webgl1";
    case Kind::software: return "software";
    case Kind::none: break;
  }
  return "";
}

constexpr Uint32 kWindowFlags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;

bool try_gl(Kind kind, const char* title, int width, int height, std::string& why) {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, kind == Kind::webgl2 ? 3 : 2);  // ES 3 = WebGL 2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_Window* window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                                        SDL_WINDOW_OPENGL | kWindowFlags);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (gl == nullptr) {
    why += std::string(kind_name(kind)) + ": " + SDL_GetError() + "; ";
    if (window) SDL_DestroyWindow(window);
    return false;
  }
  SDL_GL_MakeCurrent(window, gl);
  state.window = window;
  state.gl = gl;
  return true;
}

#if QIS_FALLBACK_RENDERERS
bool try_software(const char* title, int width, int height, std::string& why) {
  SDL_Window* window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, kWindowFlags);
  if (window == nullptr) {
    why += std::string("software: ") + SDL_GetError() + "; ";
    return false;
  }
  state.window = window;
  return true;
}

// Software path: a surface and renderer of the canvas's current pixel size. On a new size the
// ImGui backend is restarted on the new renderer; 1.92 then re-creates its textures (the font
// atlas included) at the next frame, as it does after any backend reset.
bool software_fit() {
  int w = 0, h = 0;
  SDL_GetWindowSizeInPixels(state.window, &w, &h);
  if (w <= 0 || h <= 0) return false;
  if (state.surface && state.surface->w == w && state.surface->h == h) return true;
  const bool had_backend = ImGui::GetCurrentContext() != nullptr && ImGui::GetIO().BackendRendererUserData != nullptr;
  if (had_backend) ImGui_ImplSDLRenderer2_Shutdown();
  if (state.renderer) SDL_DestroyRenderer(state.renderer);
  state.renderer = nullptr;
  if (state.surface) SDL_FreeSurface(state.surface);
  // RGBA bytes in memory: what ImageData holds, and the format of ImGui's textures.
  state.surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
  if (state.surface == nullptr) return false;
  state.renderer = SDL_CreateSoftwareRenderer(state.surface);
  if (state.renderer == nullptr) return false;
  if (had_backend) ImGui_ImplSDLRenderer2_Init(state.renderer);
  return true;
}

// Draws ImGui's lists with the SDL renderer, as ImGui_ImplSDLRenderer2_RenderDrawData does, but
// hands SDL the solid shapes without a texture. ImGui draws those with the atlas's white pixel,
// so the picture is the same; SDL's textured-triangle path, though, divides per pixel, and its
// untextured path fills a triangle of one colour with plain stores (without blending when it is
// opaque). Large rounded panels are fans of such triangles, each as big as the panel's bounding
// box, so this matters more than anything else on this path.
void software_draw(ImDrawData* draw_data) {
  SDL_Renderer* r = state.renderer;
  if (draw_data->Textures != nullptr) {
    for (ImTextureData* tex : *draw_data->Textures) {
      if (tex->Status != ImTextureStatus_OK) ImGui_ImplSDLRenderer2_UpdateTexture(tex);
    }
  }
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  const ImTextureID atlas = ImGui::GetIO().Fonts->TexRef.GetTexID();
  const ImVec2 off = draw_data->DisplayPos;
  for (const ImDrawList* list : draw_data->CmdLists) {
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      // Clip rectangle in CSS pixels: SDL scales it with the render scale, as it does the vertices.
      const SDL_Rect clip = {static_cast<int>(cmd.ClipRect.x - off.x), static_cast<int>(cmd.ClipRect.y - off.y),
                             static_cast<int>(cmd.ClipRect.z - cmd.ClipRect.x),
                             static_cast<int>(cmd.ClipRect.w - cmd.ClipRect.y)};
      if (clip.w <= 0 || clip.h <= 0) continue;
      SDL_RenderSetClipRect(r, &clip);
      const ImDrawVert* v = list->VtxBuffer.Data + cmd.VtxOffset;
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
      const int vertices = list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
      const float* xy = &v[0].pos.x;
      const float* uv = &v[0].uv.x;
      const SDL_Color* col = reinterpret_cast<const SDL_Color*>(&v[0].col);
      SDL_Texture* texture = reinterpret_cast<SDL_Texture*>(cmd.GetTexID());
      // Runs of triangles of one kind: 0 solid and opaque, 1 solid with alpha, 2 textured.
      const auto draw = [&](unsigned from, unsigned to, int kind) {
        if (to <= from) return;
        const int count = static_cast<int>(to - from);
        if (kind == 2) {
          SDL_RenderGeometryRaw(r, texture, xy, sizeof(ImDrawVert), col, sizeof(ImDrawVert), uv, sizeof(ImDrawVert),
                                vertices, idx + from, count, sizeof(ImDrawIdx));
        } else {
          SDL_SetRenderDrawBlendMode(r, kind == 0 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
          SDL_RenderGeometryRaw(r, nullptr, xy, sizeof(ImDrawVert), col, sizeof(ImDrawVert), nullptr, 0, vertices,
                                idx + from, count, sizeof(ImDrawIdx));
        }
      };
      const bool from_atlas = cmd.GetTexID() == atlas;  // other textures (images) have no white pixel
      unsigned start = 0;
      int kind = -1;
      for (unsigned t = 0; t + 2 < cmd.ElemCount; t += 3) {
        const ImDrawVert& a = v[idx[t]];
        const ImDrawVert& b = v[idx[t + 1]];
        const ImDrawVert& c = v[idx[t + 2]];
        const bool solid = from_atlas && a.uv.x == white.x && a.uv.y == white.y && b.uv.x == white.x && b.uv.y == white.y &&
                           c.uv.x == white.x && c.uv.y == white.y;
        const bool opaque = (a.col & b.col & c.col & IM_COL32_A_MASK) == IM_COL32_A_MASK;
        const int k = solid ? (opaque ? 0 : 1) : 2;
        // An opaque rectangle of one colour (ImGui's PrimRect: a b c, a c d): filled as such, with
        // no blending. (SDL would find it too, but fill it blending every pixel.)
        if (k == 0 && t + 5 < cmd.ElemCount && idx[t + 3] == idx[t] && idx[t + 4] == idx[t + 2]) {
          const ImDrawVert& d = v[idx[t + 5]];
          const bool rect = a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x &&
                            a.col == b.col && a.col == c.col && a.col == d.col && d.uv.x == white.x && d.uv.y == white.y;
          if (rect) {
            draw(start, t, kind);
            const SDL_Color fill = *reinterpret_cast<const SDL_Color*>(&a.col);
            const SDL_FRect box = {ImMin(a.pos.x, c.pos.x), ImMin(a.pos.y, c.pos.y), ImFabs(c.pos.x - a.pos.x),
                                   ImFabs(c.pos.y - a.pos.y)};
            SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
            SDL_SetRenderDrawColor(r, fill.r, fill.g, fill.b, fill.a);
            SDL_RenderFillRectF(r, &box);
            t += 3;
            start = t + 3;
            kind = -1;
            continue;
          }
        }
        if (k != kind) {
          draw(start, t, kind);
          start = t;
          kind = k;
        }
      }
      draw(start, cmd.ElemCount, kind);
    }
  }
  SDL_RenderSetClipRect(r, nullptr);
}
#endif  // QIS_FALLBACK_RENDERERS

}  // namespace

bool create_window(const char* title, int width, int height, std::string& error) {
  std::string why;
  for (Kind kind : wanted_order()) {
#if QIS_FALLBACK_RENDERERS
    const bool ok = kind == Kind::software ? try_software(title, width, height, why)
                                           : try_gl(kind, title, width, height, why);
    if (!ok) continue;
    if (kind == Kind::software && !software_fit()) {
      why += std::string("software: ") + SDL_GetError() + "; ";
      SDL_DestroyWindow(state.window);
      state.window = nullptr;
      continue;
    }
#else
    if (!try_gl(kind, title, width, height, why)) continue;
#endif
    state.kind = kind;
#ifdef __EMSCRIPTEN__
    qis_js_renderer_chosen(kind_name(kind));
#endif
    return true;
  }
  error = why.empty() ? "no renderer to try" : why.substr(0, why.size() - 2);
  return false;
}

SDL_Window* window() { return state.window; }

const char* name() { return kind_name(state.kind); }

bool init_imgui() {
  switch (state.kind) {
    case Kind::webgl2:
      return ImGui_ImplSDL2_InitForOpenGL(state.window, state.gl) && ImGui_ImplOpenGL3_Init("#version 300 es");
#if QIS_FALLBACK_RENDERERS
    case Kind::webgl1:
      return ImGui_ImplSDL2_InitForOpenGL(state.window, state.gl) && ImGui_ImplGLES2_Init("#version 100");
    case Kind::software:
      // "Other": the SDL backend then takes the pixel density from the window's size in pixels,
      // which stays right when the renderer is replaced on a resize.
      return ImGui_ImplSDL2_InitForOther(state.window) && ImGui_ImplSDLRenderer2_Init(state.renderer);
#endif
    default: break;
  }
  return false;
}

void new_frame() {
  switch (state.kind) {
    case Kind::webgl2: ImGui_ImplOpenGL3_NewFrame(); break;
#if QIS_FALLBACK_RENDERERS
    case Kind::webgl1: ImGui_ImplGLES2_NewFrame(); break;
    case Kind::software:
      software_fit();
      ImGui_ImplSDLRenderer2_NewFrame();
      break;
#endif
    default: break;
  }
}

void update_textures(ImDrawData* draw_data) {
  if (draw_data->Textures == nullptr) return;
  for (ImTextureData* tex : *draw_data->Textures) {
    if (tex->Status == ImTextureStatus_OK) continue;
    switch (state.kind) {
      case Kind::webgl2: ImGui_ImplOpenGL3_UpdateTexture(tex); break;
#if QIS_FALLBACK_RENDERERS
      case Kind::webgl1: ImGui_ImplGLES2_UpdateTexture(tex); break;
      case Kind::software: ImGui_ImplSDLRenderer2_UpdateTexture(tex); break;
#endif
      default: break;
    }
  }
}

void render(ImDrawData* draw_data) {
#if QIS_FALLBACK_RENDERERS
  if (state.kind == Kind::software) {
    if (state.renderer == nullptr) return;
    SDL_RenderSetScale(state.renderer, 1.0f, 1.0f);
    SDL_SetRenderDrawColor(state.renderer, kBackground[0], kBackground[1], kBackground[2], 255);
    SDL_RenderClear(state.renderer);
    // ImGui works in CSS pixels; the surface has the canvas's device pixels.
    SDL_RenderSetScale(state.renderer, draw_data->FramebufferScale.x, draw_data->FramebufferScale.y);
    software_draw(draw_data);
    SDL_RenderPresent(state.renderer);
#ifdef __EMSCRIPTEN__
    qis_js_present(state.surface->pixels, state.surface->w, state.surface->h);
#endif
    return;
  }
#endif
  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(state.window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(kBackground[0] / 255.0f, kBackground[1] / 255.0f, kBackground[2] / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
#if QIS_FALLBACK_RENDERERS
  if (state.kind == Kind::webgl1) {
    ImGui_ImplGLES2_RenderDrawData(draw_data);
    SDL_GL_SwapWindow(state.window);
    return;
  }
#endif
  ImGui_ImplOpenGL3_RenderDrawData(draw_data);
  SDL_GL_SwapWindow(state.window);
}

void shutdown() {
  switch (state.kind) {
    case Kind::webgl2: ImGui_ImplOpenGL3_Shutdown(); break;
#if QIS_FALLBACK_RENDERERS
    case Kind::webgl1: ImGui_ImplGLES2_Shutdown(); break;
    case Kind::software: ImGui_ImplSDLRenderer2_Shutdown(); break;
#endif
    default: break;
  }
  ImGui_ImplSDL2_Shutdown();
#if QIS_FALLBACK_RENDERERS
  if (state.renderer) SDL_DestroyRenderer(state.renderer);
  if (state.surface) SDL_FreeSurface(state.surface);
#endif
  if (state.gl) SDL_GL_DeleteContext(state.gl);
  if (state.window) SDL_DestroyWindow(state.window);
  state = State{};
}

}  // namespace render
}  // namespace qis
