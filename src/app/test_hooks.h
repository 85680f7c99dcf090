// Test hooks for the browser tests: Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE)
// record every labelled item of the last drawn frame with its on-screen rectangle, so a test
// can find "导出数据包" and click it with the real mouse. The cost is one small vector per frame.
#pragma once

#include <string>

namespace qis::testhooks {

// Turns the hooks on for the current ImGui context.
void enable();
// Records the last drawn item (plain text included) under `label`, so tests can find messages.
void label_last_item(const std::string& label);
// Records wrapped text as drawn (lines joined by \n) under "wrap:" + the text, so tests can check
// where lines break.
void record_wrapped(const std::string& text, const std::string& lines);
// Marks the end of the UI's frame: the items recorded become the ones items_json() reports.
void frame_end();
// [{"label": "...", "x": .., "y": .., "w": .., "h": .., "text": "as drawn" (wrapped text only),
//   "cut": px hidden past its window's right edge (only if any), "hscroll": true (its window scrolls sideways),
//   "focus": true (the item with the keyboard focus ring)}, ...] in CSS pixels of the canvas;
// the buffer stays valid until the next call.
const char* items_json();

}  // namespace qis::testhooks
