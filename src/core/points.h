// Exact decimal points for scoring: every score is held in thousandths of a point, so
// 0.1 × 3 is 0.3 and a total prints as the documents print it (78.7, never 78.69999).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace qis {

using Milli = std::int64_t;  // thousandths of a point (or of any decimal quantity)

constexpr Milli kMilli = 1000;

// Converts a JSON number to thousandths; empty when it is not finite or has more than 3 decimals.
std::optional<Milli> to_milli(double value);

// "12.5", "10", "0.3", "-5": no trailing zeros, no exponent.
std::string format_milli(Milli value);

// Whole units below a value (floor division that is correct for negatives too).
Milli floor_div(Milli a, Milli b);

namespace detail {
// format_milli by the short name the core's scoring and document code use (`using detail::pts;`):
// pts(12500) == "12.5". Not in qis itself, where tests keep a pts of their own.
inline std::string pts(Milli value) { return format_milli(value); }
}  // namespace detail

}  // namespace qis
