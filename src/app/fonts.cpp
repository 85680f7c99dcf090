#include "fonts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "imgui.h"
#include "imgui_impl_opengl3.h"

namespace qis {
namespace {

// kCjkGlyphRanges and kLatinGlyphRanges: generated from the same character list as the subsets.
#include "font_ranges.inc"

struct FontState {
  FontFiles files;
  float scale = 1.0f;
  float pixel_ratio = 1.0f;
  float built_scale = 0.0f;
  float built_pixel_ratio = 0.0f;
};

FontState& state() {
  static FontState s;
  return s;
}

std::uint32_t read_be(const std::string& b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

// (hhea ascender - descender) / unitsPerEm: ImGui's pixel size is ascender-to-descender, so two
// fonts rasterized at the same pixel size would have different em sizes. 0 if the file is not a TTF.
float height_in_em(const std::string& ttf) {
  if (ttf.size() < 12) return 0.0f;
  const std::uint32_t tables = read_be(ttf, 4, 2);
  float ascender = 0.0f, descender = 0.0f, units_per_em = 0.0f;
  for (std::uint32_t i = 0; i < tables; ++i) {
    const std::size_t rec = 12 + 16 * static_cast<std::size_t>(i);
    if (rec + 16 > ttf.size()) return 0.0f;
    const std::string tag = ttf.substr(rec, 4);
    const std::size_t off = read_be(ttf, rec + 8, 4);
    if (tag == "hhea" && off + 8 <= ttf.size()) {
      ascender = static_cast<float>(static_cast<std::int16_t>(read_be(ttf, off + 4, 2)));
      descender = static_cast<float>(static_cast<std::int16_t>(read_be(ttf, off + 6, 2)));
    } else if (tag == "head" && off + 20 <= ttf.size()) {
      units_per_em = static_cast<float>(read_be(ttf, off + 18, 2));
    }
  }
  if (units_per_em <= 0.0f || ascender - descender <= 0.0f) return 0.0f;
  return (ascender - descender) / units_per_em;
}

ImFontConfig crisp_config(const char* name) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes live in FontState and are reused by every rebuild
  cfg.OversampleH = 1;               // CJK strokes: horizontal oversampling only blurs at this size
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  std::snprintf(cfg.Name, sizeof cfg.Name, "%s", name);
  return cfg;
}

bool build_atlas() {
  FontState& s = state();
  ImGuiIO& io = ImGui::GetIO();
  const float cjk_em = height_in_em(s.files.cjk_ttf);
  const float latin_em = height_in_em(s.files.latin_ttf);
  if (cjk_em <= 0.0f || latin_em <= 0.0f) return false;

  io.Fonts->Clear();
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;  // WebGL2 takes any height: less memory
  const float pixels = std::round(kFontBasePixels * s.scale * s.pixel_ratio);

  // The CJK font comes first: its ascent and descent set the line height for Chinese text.
  ImFontConfig cjk = crisp_config("font-cjk");
  ImFont* font = io.Fonts->AddFontFromMemoryTTF(s.files.cjk_ttf.data(), static_cast<int>(s.files.cjk_ttf.size()),
                                                pixels, &cjk, kCjkGlyphRanges);
  // Latin letters, digits and “” come from DejaVu at the same em size, on the same baseline.
  ImFontConfig latin = crisp_config("font-latin");
  latin.MergeMode = true;
  io.Fonts->AddFontFromMemoryTTF(s.files.latin_ttf.data(), static_cast<int>(s.files.latin_ttf.size()),
                                 std::round(pixels * latin_em / cjk_em), &latin, kLatinGlyphRanges);
  if (font == nullptr || !io.Fonts->Build()) return false;

  io.FontDefault = font;
  io.FontGlobalScale = 1.0f / s.pixel_ratio;  // rasterized at device pixels, laid out in CSS pixels
  s.built_scale = s.scale;
  s.built_pixel_ratio = s.pixel_ratio;
  return true;
}

}  // namespace

bool fonts_init(FontFiles files, float pixel_ratio) {
  FontState& s = state();
  s.files = std::move(files);
  s.pixel_ratio = std::clamp(pixel_ratio, 0.5f, 2.0f);
  if (!build_atlas()) return false;
  if (!ImGui_ImplOpenGL3_CreateDeviceObjects()) return false;  // shaders + font texture, now rather than lazily
  ImGui::GetIO().Fonts->ClearTexData();  // the GPU has the pixels; free the CPU copy
  return true;
}

void fonts_set_scale(float scale) { state().scale = std::clamp(scale, 0.75f, 1.5f); }

float fonts_scale() { return state().scale; }

void fonts_set_pixel_ratio(float pixel_ratio) { state().pixel_ratio = std::clamp(pixel_ratio, 0.5f, 2.0f); }

bool fonts_rebuild_if_needed() {
  FontState& s = state();
  if (s.scale == s.built_scale && s.pixel_ratio == s.built_pixel_ratio) return false;
  if (!build_atlas()) return false;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGui::GetIO().Fonts->ClearTexData();  // the GPU has the pixels; free the CPU copy (RGBA, tens of MB)
  return true;
}

}  // namespace qis
