// Touch screens: a finger dragged over a scrollable region scrolls it and keeps gliding after it
// lifts; a drag never activates the control it started on; a tap stays a click. SDL turns the
// first finger into mouse events marked as touch (ImGuiMouseSource_TouchScreen), which ImGui
// alone would treat as a mouse that cannot scroll.
#pragma once

namespace qis::ui {

// Called by app_frame() before any window is drawn.
void touch_new_frame();

// True once the page was touched (from the frame after its first touch was handled, so that tap
// lands where it was aimed): controls are then drawn at least 40 CSS px tall.
bool touch_seen();

}  // namespace qis::ui
