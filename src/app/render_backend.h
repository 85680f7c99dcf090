// How the UI reaches the screen: one of three renderers, chosen once at start.
//
//   webgl2    WebGL 2, Dear ImGui's OpenGL3 backend with GLSL ES 3.00 (the usual path)
//   webgl1    WebGL 1, the same backend built for OpenGL ES 2 (GLSL ES 1.00, VAOs by extension)
//   software  no WebGL at all: SDL2's software renderer draws ImGui's triangles
//             (SDL_RenderGeometryRaw; textures created and updated by imgui_impl_sdlrenderer2)
//             into a surface of the canvas's pixel size, put on the canvas through its 2D context
//
// The page (web/boot.js) probes what the browser offers and passes the order to try; ?renderer=
// forces one. Only drawing differs: the SDL platform backend, fonts, UI and test hooks are shared.
#pragma once

#include <string>

struct SDL_Window;
struct ImDrawData;

namespace qis {
namespace render {

// Creates the window and its drawing context with the first renderer of the page's order that
// works. Before ImGui::CreateContext. False (with a reason in `error`) when none works.
bool create_window(const char* title, int width, int height, std::string& error);

// The window created by create_window().
SDL_Window* window();

// "webgl2", "webgl1" or "software"; empty before create_window() succeeded.
const char* name();

// Initialises Dear ImGui's SDL2 platform backend and the renderer's backend (after CreateContext).
bool init_imgui();

// Before ImGui_ImplSDL2_NewFrame(): the backend's frame start (the software path also follows
// the canvas's size here).
void new_frame();

// Creates and updates the textures ImGui asks for in `draw_data` without drawing (a pass of the
// frame that is drawn again before it is shown).
void update_textures(ImDrawData* draw_data);

// Clears to the page background, draws ImGui's draw data and shows the result.
void render(ImDrawData* draw_data);

// Shuts the backends down and destroys the window (native builds; the page never ends).
void shutdown();

}  // namespace render
}  // namespace qis
