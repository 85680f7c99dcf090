// Glyph sources for Dear ImGui's dynamic atlas (ImFontLoader), one per origin of glyphs:
//  - the browser: each glyph rasterized by the page from the system's font stack;
//  - a last source that only records characters no earlier source could draw.
// fonts.cpp chooses and combines them; screens know nothing of either.
#pragma once

#include <cstdint>
#include <vector>

struct ImFontLoader;

namespace qis {
namespace platform {
class Platform;
}

// The loader that draws glyphs with the system's fonts through `platform` (which must outlive it).
// Its line metrics: ascent 0.77 and descent 0.23 of ImGui's font size; em = size / 1.4.
const ImFontLoader* browser_font_loader(platform::Platform& platform);

// The loader of a merged last source that draws nothing and records each code point it is asked
// for, i.e. every character the sources before it lacked.
const ImFontLoader* missing_glyph_recorder();

// Every code point recorded missing so far, by either loader, in the order first seen.
const std::vector<std::uint32_t>& missing_codepoints();

}  // namespace qis
