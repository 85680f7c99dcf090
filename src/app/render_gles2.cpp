// The OpenGL3 backend of Dear ImGui (from the unpacked Debian source, see src/app/CMakeLists.txt)
// compiled for OpenGL ES 2 / WebGL 1 under other names: the build of the same file for ES 3
// (WebGL 2) is in the imgui library, and one program needs both. Nothing of the backend is
// changed; only its external names are.
#undef IMGUI_IMPL_OPENGL_ES3
#define IMGUI_IMPL_OPENGL_ES2
#define ImGui_ImplOpenGL3_Init ImGui_ImplGLES2_Init
#define ImGui_ImplOpenGL3_Shutdown ImGui_ImplGLES2_Shutdown
#define ImGui_ImplOpenGL3_NewFrame ImGui_ImplGLES2_NewFrame
#define ImGui_ImplOpenGL3_RenderDrawData ImGui_ImplGLES2_RenderDrawData
#define ImGui_ImplOpenGL3_CreateDeviceObjects ImGui_ImplGLES2_CreateDeviceObjects
#define ImGui_ImplOpenGL3_DestroyDeviceObjects ImGui_ImplGLES2_DestroyDeviceObjects
#define ImGui_ImplOpenGL3_UpdateTexture ImGui_ImplGLES2_UpdateTexture
#define ImGui_ImplOpenGL3_InitLoader ImGui_ImplGLES2_InitLoader
#define ImGui_ImplOpenGL3_Data ImGui_ImplGLES2_Data
#define ImGui_ImplOpenGL3_VtxAttribState ImGui_ImplGLES2_VtxAttribState
#include "imgui_impl_opengl3.cpp"
