#include "safe_text.h"

#include <cstdio>

namespace qis {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

enum class InDocument { Keep, LineBreak, Replace };

// "\r" is handled by its caller (it pairs with a following "\n").
InDocument in_document(long cp) {
  if (cp < 0) return InDocument::Replace;
  if (cp == '\n' || cp == 0x0B || cp == 0x0C || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
    return InDocument::LineBreak;  // U+000B is Word's own manual line break, pasted with the text
  if (cp == '\t') return InDocument::Keep;
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return InDocument::Replace;  // not XML 1.0, or C1
  if (is_bidi_control(cp)) return InDocument::Replace;
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return InDocument::Replace;  // noncharacters
  return InDocument::Keep;
}

}  // namespace

long next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return -1;
  }
  long cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  const long min = len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += len;
  return cp;
}

bool is_bidi_control(long cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool unsafe_on_one_line(long cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || is_bidi_control(cp);
}

std::string one_line_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const long cp = next_code_point(text, i);
    if (cp < 0 || unsafe_on_one_line(cp)) out += kReplacement;
    else out.append(text.substr(start, i - start));
  }
  return out;
}

std::string document_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const long cp = next_code_point(text, i);
    if (cp == '\r' && i < text.size() && text[i] == '\n') continue;  // "\r\n": the "\n" follows
    switch (in_document(cp)) {
      case InDocument::Keep: out.append(text.substr(start, i - start)); break;
      case InDocument::LineBreak: out += '\n'; break;
      case InDocument::Replace: out += kReplacement; break;
    }
  }
  return out;
}

TextChanges document_text_changes(std::string_view text) {
  TextChanges c;
  for (std::size_t i = 0; i < text.size();) {
    const long cp = next_code_point(text, i);
    if (cp == '\n' || (cp == '\r' && i < text.size() && text[i] == '\n')) continue;
    const InDocument d = in_document(cp);
    if (d == InDocument::Keep) continue;
    if (c.count++ == 0) {
      c.first = cp;
      c.first_is_line_break = d == InDocument::LineBreak;
    }
  }
  return c;
}

std::string describe_text_change(const TextChanges& c) {
  const std::string shown_as = c.first_is_line_break ? "，按换行处理" : "，显示为“\xEF\xBF\xBD”";
  if (c.first < 0) return "无效的 UTF-8 字节" + shown_as;
  char code[24];
  std::snprintf(code, sizeof code, "U+%04lX ", static_cast<unsigned long>(c.first));
  const char* what = c.first == 0x0B                          ? "垂直制表符"
                     : c.first == 0x2028 || c.first == 0x2029 ? "行分隔符"
                     : is_bidi_control(c.first)               ? "文字方向控制符"
                     : c.first < 0x20 || (c.first >= 0x7F && c.first <= 0x9F) ? "控制字符"
                                                                               : "非字符码位";
  return code + std::string(what) + shown_as;
}

std::string markup_text(std::string_view raw) {
  const std::string text = document_text(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace qis
