// The UI font. Dear ImGui 1.92 bakes each glyph when it is first drawn, at the size and pixel
// density it is drawn at, so text is crisp at every 字号, browser zoom and devicePixelRatio with
// no atlas rebuild. Glyphs come from the system's own fonts through the page (font_source.h);
// only where the system has no Chinese font does the page fetch the bundled subset font, which
// stb_truetype then rasterizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qis {
namespace platform {
class Platform;
}

// Text size of the 中 setting: ImGui's font size (line height) in CSS pixels; the em is about
// 16 px, the size of normal body text in a browser.
inline constexpr float kFontBasePixels = 22.0f;

// Sets up the UI font: the system's fonts when the page offers them, else the bundled font files
// (font-cjk.ttf + font-latin.ttf, fetched by the page). False if neither is usable.
bool fonts_init(platform::Platform& platform);

// Sets the user's text size: 0.875 (小), 1.0 (中), 1.25 (大); clamped to [0.75, 1.5].
void fonts_set_scale(float scale);

// The current text size factor (1.0 = 中).
float fonts_scale();

// True when glyphs come from the system's fonts, false for the bundled font.
bool fonts_from_system();

// Code points drawn since start for which no font had a glyph (drawn as ImGui's fallback).
const std::vector<std::uint32_t>& fonts_missing_codepoints();

// The characters of `utf8` that no font can draw at the current size (loads them if needed).
std::string fonts_missing_in(const std::string& utf8);

}  // namespace qis
