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

// The current assessment as the exported package JSON (window.qis.snapshot()).
const char* app_snapshot();

}  // namespace qis::ui
