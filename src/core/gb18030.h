// Text encodings for imported files: GB18030 (a superset of GBK and GB2312, what Excel on Chinese
// Windows saves a CSV in) decoded natively to UTF-8, and strict UTF-8 checking.
// The two-byte table is generated at build time from Python's codec (scripts/gen_gb18030.py);
// four-byte codes are computed from 206 ranges (BMP) or linearly (U+10000 and above).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace qis {

// Appends the UTF-8 form of code point `cp` (at most U+10FFFF, not a surrogate) to `out`.
void append_utf8(std::string& out, std::uint32_t cp);

// True when `bytes` is well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// The code point of a two-byte GB18030 code (lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE); 0 if invalid.
std::uint32_t gb18030_two_byte(unsigned lead, unsigned trail);

// The code point of a four-byte GB18030 code (b1 0x81–0xFE, b2 0x30–0x39, b3 0x81–0xFE,
// b4 0x30–0x39); 0 if the code maps to nothing.
std::uint32_t gb18030_four_byte(unsigned b1, unsigned b2, unsigned b3, unsigned b4);

// Decodes GB18030 `bytes` and appends UTF-8 to `out`. On an invalid or truncated sequence returns
// false and sets *bad_offset to its first byte. The single byte 0x80 is read as "€", as Windows
// code page 936 does (Python's codec rejects it; Excel writes it).
bool gb18030_to_utf8(std::string_view bytes, std::string& out, std::size_t* bad_offset = nullptr);

// The sizes the tables take in the binary and a check that the expanded two-byte table is the
// one the generator saw (fingerprints equal).
struct Gb18030TableInfo {
  std::size_t two_byte_stream_bytes = 0;   // run-length stream, in the binary
  std::size_t four_byte_range_bytes = 0;   // BMP ranges, in the binary
  std::size_t expanded_bytes = 0;          // the two-byte table once expanded (zero-initialised memory)
  std::uint32_t two_byte_codes = 0;
  std::uint32_t fingerprint_expected = 0;  // from the generator
  std::uint32_t fingerprint_actual = 0;    // of the table as expanded here
};
Gb18030TableInfo gb18030_table_info();

}  // namespace qis
