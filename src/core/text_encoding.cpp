#include "text_encoding.h"

namespace qis {

std::string utf16_kind(std::string_view bytes) {
  if (bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE') return "UTF-16LE";
  if (bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF') return "UTF-16BE";
  // "{\0"\0…" or "\0{\0"…": count NULs at even and odd offsets over the first 64 bytes.
  const std::size_t n = bytes.size() < 64 ? bytes.size() - bytes.size() % 2 : 64;
  if (n < 4) return "";
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (bytes[i] == '\0') ++(i % 2 ? odd : even);
  const std::size_t pairs = n / 2;
  if (odd * 4 >= pairs * 3 && even == 0) return "UTF-16LE";
  if (even * 4 >= pairs * 3 && odd == 0) return "UTF-16BE";
  return "";
}

Error utf16_error(const std::string& prefix, const std::string& what, const std::string& kind) {
  return {prefix + ".utf16",
          what + "是 UTF-16 编码（" + kind +
              "，常见于记事本或 Excel 的“Unicode”另存），本工具只读取 UTF-8。请用本工具重新导出，或在文本编辑器中选择 UTF-8 编码另存后再试。",
          ""};
}

std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned long cp = 0;
    if (b >= 0xC2 && b <= 0xDF) len = 2, cp = b & 0x1Fu;
    else if (b >= 0xE0 && b <= 0xEF) len = 3, cp = b & 0x0Fu;
    else if (b >= 0xF0 && b <= 0xF4) len = 4, cp = b & 0x07u;
    else return i;
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string_view trim_space(std::string_view s) {
  auto starts = [&](std::string_view p) { return s.substr(0, p.size()) == p; };
  auto ends = [&](std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; };
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    else if (starts("\xE3\x80\x80")) s.remove_prefix(3);
    else if (starts("\xC2\xA0")) s.remove_prefix(2);
    else break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    else if (ends("\xE3\x80\x80")) s.remove_suffix(3);
    else if (ends("\xC2\xA0")) s.remove_suffix(2);
    else break;
  }
  return s;
}

}  // namespace qis
