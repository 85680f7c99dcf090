// The UI font: a CJK subset merged with a small Latin font (scripts/build_font.py), rasterized
// at the screen's pixel ratio so text stays crisp on high-DPI screens and after browser zoom.
#pragma once

#include <string>

namespace qis {

// The two font files as loaded from the server (bytes are copied; the caller keeps its own).
struct FontFiles {
  std::string cjk_ttf;    // font-cjk.ttf: hanzi, CJK punctuation, full-width forms
  std::string latin_ttf;  // font-latin.ttf: ASCII, Latin-1, general punctuation (“” …)
};

// Text size of the 中 setting in CSS pixels of ImGui's font size (ascent to descent, about 16.8 px
// per em with this font: the size of normal body text in a browser).
inline constexpr float kFontBasePixels = 22.0f;

// Loads the fonts into ImGui's atlas and uploads it (after ImGui_ImplOpenGL3_Init). False if a file
// is unusable.
bool fonts_init(FontFiles files, float pixel_ratio);

// Sets the user's text size: 0.875 (小), 1.0 (中), 1.25 (大); clamped to [0.75, 1.5]. Callable
// from inside a frame: the atlas is rebuilt before the next frame.
void fonts_set_scale(float scale);

// The current text size factor (1.0 = 中).
float fonts_scale();

// Tells the fonts the canvas pixel ratio (devicePixelRatio, capped at 2). Rebuilt before the next frame.
void fonts_set_pixel_ratio(float pixel_ratio);

// Called by main.cpp between frames: rebuilds the atlas and its GPU texture if the scale or
// pixel ratio changed. Returns true if it rebuilt.
bool fonts_rebuild_if_needed();

}  // namespace qis
