#include "font_source.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "imgui.h"
#include "imgui_internal.h"  // ImFontLoader, ImFontBaked, the atlas packer
#include "platform.h"

namespace qis {
namespace {

// Line metrics of the browser source, as fractions of ImGui's font size (the line height): an em
// of size / 1.4 centred in the line, with room for the ascenders of Latin text above the hanzi.
constexpr float kEmPerSize = 1.0f / 1.4f;
constexpr float kAscent = 0.77f;
constexpr float kDescent = 0.23f;

platform::Platform* g_platform = nullptr;
std::vector<std::uint32_t> g_missing;

// ImGui's own fallback candidates (U+FFFD, '…', U+0085): asked for by ImGui itself, never typed.
bool is_fallback_candidate(ImWchar c) { return c == 0xFFFD || c == 0x2026 || c == 0x0085; }

void record_missing(ImWchar c) {
  if (is_fallback_candidate(c)) return;
  const auto cp = static_cast<std::uint32_t>(c);
  if (std::find(g_missing.begin(), g_missing.end(), cp) == g_missing.end()) g_missing.push_back(cp);
}

float density_of(const ImFontConfig* src, const ImFontBaked* baked) {
  const float d = src->RasterizerDensity * baked->RasterizerDensity;
  return d > 0.0f ? d : 1.0f;
}

bool browser_contains(ImFontAtlas*, ImFontConfig*, ImWchar) { return true; }  // told per glyph

bool browser_baked_init(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
  if (!src->MergeMode) {
    baked->Ascent = std::ceil(baked->Size * kAscent);
    baked->Descent = -std::ceil(baked->Size * kDescent);
  }
  return true;
}

bool browser_load_glyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*, ImWchar codepoint,
                        ImFontGlyph* out_glyph, float* out_advance_x) {
  const float density = density_of(src, baked);
  const float em_pixels = baked->Size * kEmPerSize * density;  // device pixels
  std::optional<platform::GlyphImage> image = g_platform->render_glyph(static_cast<char32_t>(codepoint), em_pixels);
  if (!image || image->missing) {
    if (image) record_missing(codepoint);
    return false;
  }
  // Advances in whole device pixels keep every glyph of a line on the pixel grid: no blur.
  const float advance = std::round(image->advance) / density;
  if (out_advance_x != nullptr) {  // metrics-only mode (very large sizes)
    *out_advance_x = advance;
    return true;
  }
  out_glyph->Codepoint = codepoint;
  out_glyph->AdvanceX = advance;
  if (image->width <= 0 || image->height <= 0) return true;  // a space: advance only

  const ImFontAtlasRectId pack_id = ImFontAtlasPackAddRect(atlas, image->width, image->height);
  if (pack_id == ImFontAtlasRectId_Invalid) return false;  // atlas at its maximum size
  ImTextureRect* r = ImFontAtlasPackGetRect(atlas, pack_id);
  const float baseline = std::round(baked->Ascent * density);  // on a device pixel
  out_glyph->X0 = static_cast<float>(image->left) / density;
  out_glyph->Y0 = (baseline + static_cast<float>(image->top)) / density;
  out_glyph->X1 = out_glyph->X0 + static_cast<float>(r->w) / density;
  out_glyph->Y1 = out_glyph->Y0 + static_cast<float>(r->h) / density;
  out_glyph->Visible = true;
  out_glyph->PackId = pack_id;
  ImFontAtlasBakedSetFontGlyphBitmap(atlas, baked, src, out_glyph, r,
                                     reinterpret_cast<const unsigned char*>(image->alpha.data()),
                                     ImTextureFormat_Alpha8, image->width);
  return true;
}

bool recorder_load_glyph(ImFontAtlas*, ImFontConfig*, ImFontBaked*, void*, ImWchar codepoint, ImFontGlyph*,
                         float*) {
  record_missing(codepoint);
  return false;
}

}  // namespace

const ImFontLoader* browser_font_loader(platform::Platform& platform) {
  g_platform = &platform;
  static ImFontLoader loader = [] {
    ImFontLoader l;
    l.Name = "browser";
    l.FontSrcContainsGlyph = browser_contains;
    l.FontBakedInit = browser_baked_init;
    l.FontBakedLoadGlyph = browser_load_glyph;
    return l;
  }();
  return &loader;
}

const ImFontLoader* missing_glyph_recorder() {
  static ImFontLoader loader = [] {
    ImFontLoader l;
    l.Name = "missing-glyph recorder";
    l.FontSrcContainsGlyph = browser_contains;
    l.FontBakedLoadGlyph = recorder_load_glyph;
    return l;
  }();
  return &loader;
}

const std::vector<std::uint32_t>& missing_codepoints() { return g_missing; }

}  // namespace qis
