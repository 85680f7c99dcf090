#include "widgets.h"

#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "semantics.h"
#include "test_hooks.h"
#include "touch.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <unordered_map>
#include <vector>

namespace qis::ui {
namespace {

bool is_space(unsigned c) { return c == ' ' || c == '\t' || c == 0x3000; }
bool is_ascii_word(unsigned c) { return c > ' ' && c < 0x7f; }
// Marks that must not begin a line (they close or follow what stands before them).
bool is_closing(unsigned c) {
  switch (c) {
    case ')': case ']': case '}': case ',': case '.': case ';': case ':': case '!': case '?': case '%':
    case 0xFF09: case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF01: case 0xFF1F:
    case 0x300D: case 0x300F: case 0x201D: case 0x2019: case 0x300B: case 0x3009: case 0x3011: case 0xFF05:
    case 0x2026: case 0x00B7: case 0xFF5E: case 0x3015: case 0xFF3D:
      return true;
    default: return false;
  }
}
// Marks that must not end a line (they open what follows them).
bool is_opening(unsigned c) {
  switch (c) {
    case '(': case '[': case '{':
    case 0xFF08: case 0x300C: case 0x300E: case 0x201C: case 0x2018: case 0x300A: case 0x3008: case 0x3010:
    case 0x3014: case 0xFF3B:
      return true;
    default: return false;
  }
}
// Whether a line may end between `a` and `b`: at spaces and between CJK characters, but not in
// a Latin word or number, not between a number and the unit after it (“0.5分”, “2024年”).
bool may_break(unsigned a, unsigned b) {
  if (is_space(b)) return false;  // after the spaces, which the line then drops
  if (is_space(a)) return true;
  if (is_closing(b) || is_opening(a)) return false;
  if (is_ascii_word(a)) return false;  // a word, a number, or a number and its unit
  return true;
}

struct Glyph {
  unsigned c;
  std::size_t at, len;  // bytes of `c` in the text
};

std::vector<Glyph> decode(const std::string& text) {
  std::vector<Glyph> out;
  const char* begin = text.c_str();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end;) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    out.push_back({c, static_cast<std::size_t>(p - begin), static_cast<std::size_t>(n)});
    p += n;
  }
  return out;
}

std::string wrap_uncached(const std::string& text, float width) {
  const std::vector<Glyph> g = decode(text);
  const char* s = text.c_str();
  auto advance = [&](std::size_t k) { return ImGui::CalcTextSize(s + g[k].at, s + g[k].at + g[k].len).x; };
  std::string out, spaces;  // spaces: those after the line so far, dropped if the line ends there
  out.reserve(text.size() + 16);
  float line = 0, spaces_w = 0;
  for (std::size_t i = 0; i < g.size();) {
    if (g[i].c == '\n' || is_space(g[i].c)) {
      if (g[i].c == '\n') {
        out += '\n';
        line = 0;
        spaces.clear();
        spaces_w = 0;
      } else {
        spaces.append(text, g[i].at, g[i].len);
        spaces_w += advance(i);
      }
      ++i;
      continue;
    }
    // The unit that cannot be broken: up to the next place a line may end. A number keeps its
    // unit even across a space (“1 分”, “25 份”).
    std::size_t j = i + 1;
    float w = advance(i);
    for (;;) {
      while (j < g.size() && g[j].c != '\n' && !is_space(g[j].c) && !may_break(g[j - 1].c, g[j].c)) w += advance(j++);
      if (j < g.size() && g[j].c == ' ' && g[j - 1].c >= '0' && g[j - 1].c <= '9' && j + 1 < g.size() && g[j + 1].c >= 0x2E80 &&
          !is_opening(g[j + 1].c)) {
        w += advance(j) + advance(j + 1);
        j += 2;
        continue;
      }
      break;
    }
    if (line > 0 && line + spaces_w + w > width) {
      out += '\n';
      line = 0;
    } else {
      out += spaces;
      line += spaces_w;
    }
    spaces.clear();
    spaces_w = 0;
    if (line == 0 && w > width) {
      // Wider than a whole line (a long hash, a path): cut it where it reaches the edge.
      for (std::size_t k = i; k < j; ++k) {
        const float a = advance(k);
        if (line > 0 && line + a > width) {
          out += '\n';
          line = 0;
        }
        out.append(text, g[k].at, g[k].len);
        line += a;
      }
    } else {
      out.append(text, g[i].at, g[j - 1].at + g[j - 1].len - g[i].at);
      line += w;
    }
    i = j;
  }
  return out;
}

}  // namespace

std::string wrap_text(const std::string& text, float width) {
  // The same texts are wrapped every frame: remember the last few hundred results.
  static std::unordered_map<std::string, std::string> cache;
  char key[48];
  std::snprintf(key, sizeof key, "%.1f|%.2f|", width, ImGui::GetFontSize());
  std::string k = key + text;
  if (auto it = cache.find(k); it != cache.end()) return it->second;
  if (cache.size() > 600) cache.clear();
  return cache[k] = wrap_uncached(text, std::max(width, ImGui::GetFontSize()));
}

void label_wrapped(const std::string& text) {
  const std::string lines = wrap_text(text, ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(lines.c_str(), lines.c_str() + lines.size());
  testhooks::record_wrapped(text, lines);
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);  // it is clickable (label_clicked)
}

namespace {
bool label_clicked() { return ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left); }
}  // namespace

void text_wrapped(const std::string& text, float width) {
  const std::string lines = wrap_text(text, width > 0 ? width : ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(lines.c_str(), lines.c_str() + lines.size());
  testhooks::record_wrapped(text, lines);
  semantics::text_last(text);
}

void text_line(const std::string& text) {
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  semantics::text_last(text);
}

void text_wrappedf(const char* fmt, ...) {
  char buf[4096];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  text_wrapped(buf);
}

void text_wrapped_colored(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  text_wrapped(text);
  ImGui::PopStyleColor();
  testhooks::label_last_item(text);  // messages are findable by the browser tests
}

namespace {
Layout g_layout = Layout::Wide;
}

Layout layout() { return g_layout; }

void update_layout(float css_width, float font_scale) {
  const float w = css_width / (font_scale > 0 ? font_scale : 1.0f);
  g_layout = w < 600 ? Layout::Narrow : w < 1100 ? Layout::Medium : Layout::Wide;
}

namespace {
struct FocusRegions {
  std::vector<ImGuiWindow*> windows, last;  // each region's window, this frame and the last
  int request = -1;                         // region to focus in this frame
};
FocusRegions& regions() {
  static FocusRegions r;
  return r;
}
}  // namespace

void focus_regions_new_frame(bool screen_changed) {
  FocusRegions& r = regions();
  r.last.swap(r.windows);
  r.windows.clear();
  r.request = -1;
  // A new screen reached by the keyboard: its focus starts at the first region (the toolbar),
  // not nowhere (the item that opened it is gone).
  if (screen_changed && ImGui::GetCurrentContext()->NavCursorVisible) {
    r.request = 0;
    return;
  }
  const ImGuiIO& io = ImGui::GetIO();
  const bool next = ImGui::IsKeyPressed(ImGuiKey_F6, false) || (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Tab, false));
  if (!next || r.last.empty() || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) return;
  // The region holding the focus now: the innermost region window under the focused item
  // (panels share one Tab order, so ImGui's nav window may be a neighbour).
  ImGuiContext& g = *ImGui::GetCurrentContext();
  int current = -1;
  if (ImGuiWindow* nw = g.NavWindow; nw && g.NavId != 0) {
    const ImRect item = ImGui::WindowRectRelToAbs(nw, nw->NavRectRel[g.NavLayer]);
    const ImVec2 at((item.Min.x + item.Max.x) * 0.5f, (item.Min.y + item.Max.y) * 0.5f);
    float smallest = 0;
    for (std::size_t i = 0; i < r.last.size(); ++i) {
      const ImRect w = r.last[i]->Rect();
      if (w.Contains(at) && (current < 0 || w.GetArea() < smallest)) {
        current = static_cast<int>(i);
        smallest = w.GetArea();
      }
    }
  }
  const int n = static_cast<int>(r.last.size());
  r.request = io.KeyShift ? (current <= 0 ? n - 1 : current - 1) : (current + 1) % n;
}

void focus_region() {
  FocusRegions& r = regions();
  if (static_cast<int>(r.windows.size()) == r.request) {
    ImGui::FocusWindow(ImGui::GetCurrentWindow());  // leave the panel that has the focus now
    ImGui::SetKeyboardFocusHere();
  }
  r.windows.push_back(ImGui::GetCurrentWindow());
}

bool small_button(const char* label) { return touch_seen() ? ImGui::Button(label) : ImGui::SmallButton(label); }

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

void same_line_if_fits(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

bool flow_button(const char* label) {
  same_line_if_fits(button_width(label));
  return ImGui::Button(label);
}

bool flow_button_wrapped(const std::string& label, bool first) {
  const ImGuiWindow* win = ImGui::GetCurrentWindow();
  const float line = win->WorkRect.Max.x - (win->Pos.x + win->DC.Indent.x + win->DC.ColumnsOffset.x);
  if (button_width(label.c_str()) <= line) return first ? ImGui::Button(label.c_str()) : flow_button(label.c_str());
  // Wider than a whole line: a line of its own, the label wrapped inside the button.
  if (!first) {
    ImGui::SameLine();
    ImGui::NewLine();
  }
  const ImGuiStyle& st = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x;
  const std::string lines = wrap_text(label.substr(0, label.find("##")), width - st.FramePadding.x * 2);
  const ImVec2 text = ImGui::CalcTextSize(lines.c_str());
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool pressed = ImGui::Button(("##" + label).c_str(), ImVec2(width, text.y + st.FramePadding.y * 2));
  testhooks::label_last_item(label);
  semantics::name_last(label);
  ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + st.FramePadding.x, pos.y + st.FramePadding.y), ImGui::GetColorU32(ImGuiCol_Text), lines.c_str());
  return pressed;
}

bool selectable_wrapped(const std::string& label, bool selected) {
  const std::string shown = label.substr(0, label.find("##"));
  const float width = ImGui::GetContentRegionAvail().x;
  const std::string lines = wrap_text(shown, width);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  // No half-spacing pad: the row stays inside the panel, so it is not clipped at the right.
  const bool pressed = ImGui::Selectable(("##" + label).c_str(), selected, ImGuiSelectableFlags_NoPadWithHalfSpacing,
                                         ImVec2(width, ImGui::CalcTextSize(lines.c_str()).y));
  testhooks::label_last_item(label);
  semantics::name_last(label);
  ImGui::GetWindowDrawList()->AddText(pos, ImGui::GetColorU32(ImGuiCol_Text), lines.c_str());
  return pressed;
}

bool checkbox_wrapped(const std::string& label, bool* v) {
  const std::string shown = label.substr(0, label.find("##"));
  const float inner = ImGui::GetStyle().ItemInnerSpacing.x;
  if (ImGui::GetFrameHeight() + inner + ImGui::CalcTextSize(shown.c_str()).x <= ImGui::GetContentRegionAvail().x) {
    const bool ticked = ImGui::Checkbox(label.c_str(), v);
    semantics::checkbox_last(shown, *v);
    return ticked;
  }
  const bool ticked = ImGui::Checkbox(("##" + label).c_str(), v);
  testhooks::label_last_item(label);  // the tests find the box by its label
  semantics::checkbox_last(shown, *v);
  ImGui::SameLine(0, inner);
  label_wrapped(shown);
  if (label_clicked() && !ticked) {
    *v = !*v;
    return true;
  }
  return ticked;
}

bool radio_flow(const std::string& label, bool active, bool first) {
  const std::string shown = label.substr(0, label.find("##"));
  const float inner = ImGui::GetStyle().ItemInnerSpacing.x;
  const float w = ImGui::GetFrameHeight() + inner + ImGui::CalcTextSize(shown.c_str()).x;
  if (!first) same_line_if_fits(w);
  if (w <= ImGui::GetContentRegionAvail().x) {
    const bool pressed = ImGui::RadioButton(label.c_str(), active);
    semantics::radio_last(shown, active);
    return pressed;
  }
  // Too long for a whole line: the button, then its label wrapped beside it.
  const bool pressed = ImGui::RadioButton(("##" + label).c_str(), active);
  testhooks::label_last_item(label);
  semantics::radio_last(shown, active);
  ImGui::SameLine(0, inner);
  label_wrapped(shown);
  return label_clicked() || pressed;
}

void note_after(const std::string& text) {
  const float min_width = ImGui::GetFontSize() * 12;
  same_line_if_fits(std::min(min_width, ImGui::CalcTextSize(text.c_str()).x));
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped(text);
  ImGui::PopStyleColor();
}

void heading(const std::string& text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, kColorAccent);
  ImGui::TextUnformatted(text.c_str());
  semantics::heading_last(text, 2);
  ImGui::PopStyleColor();
  ImGui::Separator();
}

std::string score_of(Milli value, Milli max) { return format_milli(value) + " / " + format_milli(max); }

void score_bar(const std::string& label, Milli value, Milli max, float width, float height) {
  if (ImGui::CalcTextSize(label.c_str()).x + 16 > width) height *= 0.4f;  // the label goes below, wrapped
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float frac = max > 0 ? std::clamp(static_cast<float>(value) / static_cast<float>(max), 0.0f, 1.0f) : 0.0f;
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), IM_COL32(225, 230, 238, 255), 4.0f);
  const ImU32 fill = frac >= 0.8f ? IM_COL32(60, 150, 90, 255) : frac >= 0.6f ? IM_COL32(70, 120, 200, 255) : IM_COL32(220, 140, 50, 255);
  if (frac > 0) dl->AddRectFilled(p, ImVec2(p.x + width * frac, p.y + height), fill, 4.0f);
  const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
  if (ts.x + 16 <= width) {
    dl->AddText(ImVec2(p.x + 8, p.y + (height - ts.y) * 0.5f), IM_COL32(20, 20, 30, 255), label.c_str());
    ImGui::Dummy(ImVec2(width, height));
    semantics::text_last(label);
    return;
  }
  // Too long for the bar (phones): the label wrapped above a thinner bar.
  ImGui::Dummy(ImVec2(width, height));
  text_wrapped(label);
  ImGui::Spacing();
}

void help_marker(const std::string& text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  semantics::text_last("（说明：" + text + "）");
  if (ImGui::BeginItemTooltip()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string human_size(long long bytes) {
  char buf[32];
  if (bytes >= 1024LL * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  else if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(buf, sizeof buf, "%lld 字节", bytes);
  return buf;
}

}  // namespace qis::ui
