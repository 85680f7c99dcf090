#include "gb18030.h"

#include <algorithm>
#include <array>

namespace qis {
namespace gb18030_data {
// Defined in the generated gb18030_table.cpp (scripts/gen_gb18030.py).
extern const unsigned char kTwoByteStream[];
extern const std::size_t kTwoByteStreamSize;
extern const std::uint16_t kFourByteRanges[][2];
extern const std::size_t kFourByteRangeCount;
extern const std::uint32_t kTwoByteCount;
extern const std::uint32_t kTwoByteFingerprint;
}  // namespace gb18030_data

namespace {

constexpr std::size_t kTrailsPerLead = 190;  // 0x40–0x7E and 0x80–0xFE
constexpr std::size_t kTwoByteCodes = 126 * kTrailsPerLead;
constexpr std::uint32_t kBmpFourByteCodes = 39420;    // 0x81308130–0x8431A439
constexpr std::uint32_t kSupplementaryStart = 189000;  // linear index of 0x90308130 = U+10000

using TwoByteTable = std::array<std::uint16_t, kTwoByteCodes>;

std::uint32_t read_varint(const unsigned char* data, std::size_t size, std::size_t& pos) {
  std::uint32_t value = 0;
  for (int shift = 0; pos < size && shift < 32; shift += 7) {
    const unsigned char byte = data[pos++];
    value |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) break;
  }
  return value;
}

// Expands the generator's run stream once; function-local statics initialise thread-safely.
const TwoByteTable& two_byte_table() {
  static const TwoByteTable table = [] {
    TwoByteTable t{};
    const unsigned char* s = gb18030_data::kTwoByteStream;
    const std::size_t size = gb18030_data::kTwoByteStreamSize;
    std::size_t pos = 0, i = 0;
    std::int64_t previous = 0;
    while (pos < size && i < t.size()) {
      const std::uint32_t zigzag = read_varint(s, size, pos);
      const std::uint32_t run = read_varint(s, size, pos) + 1;
      const std::int64_t delta = (zigzag & 1) ? -static_cast<std::int64_t>((zigzag + 1) / 2) : static_cast<std::int64_t>(zigzag / 2);
      std::int64_t cp = previous + delta;
      for (std::uint32_t k = 0; k < run && i < t.size(); ++k) t[i++] = static_cast<std::uint16_t>(cp + k);
      previous = cp + run - 1;
    }
    return t;
  }();
  return table;
}

std::uint32_t fnv1a(const TwoByteTable& t) {
  std::uint32_t h = 0x811C9DC5u;
  for (std::uint16_t v : t)
    for (unsigned byte : {static_cast<unsigned>(v & 0xFF), static_cast<unsigned>(v >> 8)}) {
      h ^= byte;
      h *= 0x01000193u;
    }
  return h;
}

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto cont = [&](std::size_t k) { return k < n && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80; };
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      if (!cont(i + 1)) return false;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (!cont(i + 1) || !cont(i + 2)) return false;
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
      if (c == 0xED && c1 >= 0xA0) return false;  // surrogate
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return false;
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xF0 && c1 < 0x90) return false;  // overlong
      if (c == 0xF4 && c1 >= 0x90) return false;  // past U+10FFFF
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

std::uint32_t gb18030_two_byte(unsigned lead, unsigned trail) {
  if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE || trail == 0x7F) return 0;
  const std::size_t index = (lead - 0x81) * kTrailsPerLead + (trail < 0x7F ? trail - 0x40 : trail - 0x41);
  return two_byte_table()[index];
}

std::uint32_t gb18030_four_byte(unsigned b1, unsigned b2, unsigned b3, unsigned b4) {
  if (b1 < 0x81 || b1 > 0xFE || b2 < 0x30 || b2 > 0x39 || b3 < 0x81 || b3 > 0xFE || b4 < 0x30 || b4 > 0x39) return 0;
  const std::uint32_t linear = (((b1 - 0x81) * 10 + (b2 - 0x30)) * 126 + (b3 - 0x81)) * 10 + (b4 - 0x30);
  if (linear < kBmpFourByteCodes) {
    const auto* first = gb18030_data::kFourByteRanges;
    const auto* last = first + gb18030_data::kFourByteRangeCount;
    // The range holding `linear` is the last one starting at or before it.
    const auto* it = std::upper_bound(first, last, linear,
                                      [](std::uint32_t v, const std::uint16_t (&r)[2]) { return v < r[0]; });
    if (it == first) return 0;
    --it;
    return (*it)[1] + (linear - (*it)[0]);
  }
  if (linear >= kSupplementaryStart && linear - kSupplementaryStart < 0x100000) return 0x10000 + (linear - kSupplementaryStart);
  return 0;
}

bool gb18030_to_utf8(std::string_view in, std::string& out, std::size_t* bad_offset) {
  out.reserve(out.size() + in.size() + in.size() / 2);
  const std::size_t n = in.size();
  auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(in[k])); };
  std::size_t i = 0;
  while (i < n) {
    const unsigned b1 = byte(i);
    if (b1 < 0x80) {
      out += static_cast<char>(b1);
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t length = 1;
    if (b1 == 0x80) {
      cp = 0x20AC;  // code page 936's euro sign
    } else if (b1 <= 0xFE && i + 1 < n) {
      const unsigned b2 = byte(i + 1);
      if (b2 >= 0x30 && b2 <= 0x39) {
        if (i + 3 < n) cp = gb18030_four_byte(b1, b2, byte(i + 2), byte(i + 3));
        length = 4;
      } else {
        cp = gb18030_two_byte(b1, b2);
        length = 2;
      }
    }
    if (cp == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    append_utf8(out, cp);
    i += length;
  }
  return true;
}

Gb18030TableInfo gb18030_table_info() {
  Gb18030TableInfo info;
  info.two_byte_stream_bytes = gb18030_data::kTwoByteStreamSize;
  info.four_byte_range_bytes = gb18030_data::kFourByteRangeCount * 2 * sizeof(std::uint16_t);
  info.expanded_bytes = sizeof(TwoByteTable);
  info.two_byte_codes = gb18030_data::kTwoByteCount;
  info.fingerprint_expected = gb18030_data::kTwoByteFingerprint;
  info.fingerprint_actual = fnv1a(two_byte_table());
  return info;
}

}  // namespace qis
