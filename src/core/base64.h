// Base64 (RFC 4648) for evidence files embedded in packages.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace qis {

std::string base64_encode(std::string_view bytes);
// Empty optional when `text` is not valid base64 (whitespace is ignored).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace qis
