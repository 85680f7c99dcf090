// Helpers shared by trust_keys.cpp, trust_sign.cpp and trust_roster.cpp; not part of the API.
#pragma once
#include <optional>
#include <string>

#include "error.h"
#include "json_reader.h"

namespace qis::trust::detail {

// libsodium's one-time set-up (idempotent, thread-safe); key.crypto when it cannot start.
std::optional<Error> start_sodium();

// The raw bytes of a base64 field that must hold exactly `size` of them; fails the reader with
// `<prefix>.<code>` otherwise.
std::string fixed_bytes(const JsonReader& r, const char* key, std::size_t size, const std::string& code,
                        const std::string& what);

// A day of the calendar written YYYY-MM-DD (2025-02-29 is not one).
bool is_day(const std::string& s);

// Text for a message: "张三" or "（未署名）".
inline std::string name_or_unnamed(const std::string& name) { return name.empty() ? "（未署名）" : name; }

}  // namespace qis::trust::detail
