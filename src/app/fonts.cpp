#include "fonts.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "font_source.h"
#include "imgui.h"
#include "imgui_internal.h"  // ImFontBaked::FindGlyphNoFallback
#include "platform.h"

namespace qis {
namespace {

struct FontState {
  std::string cjk_ttf, latin_ttf;  // the bundled files, kept for the atlas (not owned by it)
  float scale = 1.0f;
  bool from_system = false;
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
// fonts at the same pixel size would have different em sizes. 0 if the file is not a TTF.
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

ImFontConfig named_config(const char* name) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 1;  // CJK strokes: oversampling only blurs at text sizes
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  std::snprintf(cfg.Name, sizeof cfg.Name, "%s", name);
  return cfg;
}

// Every character no earlier source had goes to the recorder (window.qis.missingGlyphs()).
void add_missing_recorder() {
  ImFontConfig cfg = named_config("missing");
  cfg.MergeMode = true;
  cfg.FontLoader = missing_glyph_recorder();
  ImGui::GetIO().Fonts->AddFont(&cfg);
}

bool add_system_font(platform::Platform& platform) {
  ImFontConfig cfg = named_config("system");
  cfg.SizePixels = kFontBasePixels;
  cfg.FontLoader = browser_font_loader(platform);
  ImFont* font = ImGui::GetIO().Fonts->AddFont(&cfg);
  if (font == nullptr) return false;
  add_missing_recorder();
  ImGui::GetIO().FontDefault = font;
  return true;
}

// The bundled subset (Droid Sans Fallback for hanzi, DejaVu Sans for Latin), rasterized by stb_truetype.
bool add_bundled_font(std::string cjk, std::string latin) {
  FontState& s = state();
  s.cjk_ttf = std::move(cjk);
  s.latin_ttf = std::move(latin);
  const float cjk_em = height_in_em(s.cjk_ttf);
  const float latin_em = height_in_em(s.latin_ttf);
  if (cjk_em <= 0.0f || latin_em <= 0.0f) return false;
  ImGuiIO& io = ImGui::GetIO();
  // The CJK font comes first: its ascent and descent set the line height for Chinese text.
  ImFontConfig cjk_cfg = named_config("font-cjk");
  ImFont* font = io.Fonts->AddFontFromMemoryTTF(s.cjk_ttf.data(), static_cast<int>(s.cjk_ttf.size()),
                                                kFontBasePixels, &cjk_cfg);
  if (font == nullptr) return false;
  // Latin letters, digits and “” at the same em size, on the same baseline.
  ImFontConfig latin_cfg = named_config("font-latin");
  latin_cfg.MergeMode = true;
  if (io.Fonts->AddFontFromMemoryTTF(s.latin_ttf.data(), static_cast<int>(s.latin_ttf.size()),
                                     kFontBasePixels * latin_em / cjk_em, &latin_cfg) == nullptr)
    return false;
  add_missing_recorder();
  io.FontDefault = font;
  return true;
}

}  // namespace

bool fonts_init(platform::Platform& platform) {
  FontState& s = state();
  std::optional<std::string> cjk = platform.read_asset("font-cjk.ttf");
  std::optional<std::string> latin = platform.read_asset("font-latin.ttf");
  // The page fetched the bundled files only because the system has no Chinese font.
  if (cjk && latin) {
    s.from_system = false;
    if (!add_bundled_font(std::move(*cjk), std::move(*latin))) return false;
  } else {
    s.from_system = true;
    if (!add_system_font(platform)) return false;
  }
  ImGui::GetStyle().FontScaleMain = s.scale;
  return true;
}

void fonts_set_scale(float scale) {
  state().scale = std::clamp(scale, 0.75f, 1.5f);
  if (ImGui::GetCurrentContext() != nullptr) ImGui::GetStyle().FontScaleMain = state().scale;
}

float fonts_scale() { return state().scale; }

bool fonts_from_system() { return state().from_system; }

const std::vector<std::uint32_t>& fonts_missing_codepoints() { return missing_codepoints(); }

std::string fonts_missing_in(const std::string& utf8) {
  std::string missing;
  ImFont* font = ImGui::GetIO().FontDefault;
  if (font == nullptr) return utf8;
  ImFontBaked* baked = font->GetFontBaked(ImGui::GetFontSize() > 0 ? ImGui::GetFontSize() : kFontBasePixels);
  for (const char* p = utf8.c_str(); *p != '\0';) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, nullptr);
    if (n <= 0) break;
    if (baked == nullptr || baked->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr)
      missing.append(p, static_cast<std::size_t>(n));
    p += n;
  }
  return missing;
}

}  // namespace qis
