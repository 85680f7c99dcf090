// Dear ImGui's OpenGL3 backend built a second time, for OpenGL ES 2 / WebGL 1 (GLSL ES 1.00,
// vertex arrays through OES_vertex_array_object, texture updates without GL_UNPACK_ROW_LENGTH).
// The usual build of the backend (imgui_impl_opengl3.h) is for ES 3 / WebGL 2; this copy has its
// functions renamed ImGui_ImplGLES2_* so both link into one program. See render_gles2.cpp.
#pragma once

struct ImDrawData;

bool ImGui_ImplGLES2_Init(const char* glsl_version);
void ImGui_ImplGLES2_Shutdown();
void ImGui_ImplGLES2_NewFrame();
void ImGui_ImplGLES2_RenderDrawData(ImDrawData* draw_data);
struct ImTextureData;
void ImGui_ImplGLES2_UpdateTexture(ImTextureData* tex);
