// The UI entry points called by src/app/main.cpp once per frame. The UI is split by screen, one
// file per screen under src/app/ui/; this header is the only thing main.cpp needs from it.
#pragma once

namespace qis::platform {
class Platform;
}

namespace qis::ui {

// Called once after ImGui and the fonts are ready.
void app_init(qis::platform::Platform& platform);

// Draws one frame's windows (between ImGui::NewFrame and ImGui::Render).
void app_frame();

// True when the frame just drawn took input (a click, a key, text) or input still waits in
// ImGui's queue: main.cpp then draws the frame again before presenting it.
bool app_wants_another_pass();

// The current assessment as the exported package JSON (window.qis.snapshot()).
const char* app_snapshot();

}  // namespace qis::ui
