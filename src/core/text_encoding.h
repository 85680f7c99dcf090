// What a file's bytes are when they are not the UTF-8 a reader expects, so that its message can
// name the encoding and say what to do (issue 16 item 10).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "error.h"

namespace qis {

// "UTF-16LE" or "UTF-16BE" when the bytes start with a UTF-16 byte order mark, or have a NUL in
// every other byte of their start (ASCII text saved as UTF-16 without a mark); else "". Text files
// this project reads never hold a NUL byte.
std::string utf16_kind(std::string_view bytes);

// <prefix>.utf16: "<what>是 UTF-16 编码（UTF-16LE）…，本工具只读取 UTF-8 …".
Error utf16_error(const std::string& prefix, const std::string& what, const std::string& kind);

// The offset of the first byte that does not begin a well-formed UTF-8 character (overlong forms,
// surrogates and cut-off characters included), or std::string_view::npos.
std::size_t first_invalid_utf8(std::string_view bytes);

// Trims ASCII white space, the ideographic space (U+3000) and no-break space (U+00A0): what a
// spreadsheet cell or a typed field may carry around its text.
std::string_view trim_space(std::string_view s);

}  // namespace qis
