#include "points.h"

#include <cmath>
#include <algorithm>
#include <cstdlib>

namespace qis {

std::optional<Milli> to_milli(double value) {
  if (!std::isfinite(value) || std::fabs(value) > 1e12) return std::nullopt;
  const double scaled = value * 1000.0;
  const double rounded = std::round(scaled);
  // 0.1 is not exact in binary; anything within a millionth of a thousandth is that thousandth.
  if (std::fabs(scaled - rounded) > 1e-6 * std::max(1.0, std::fabs(scaled))) return std::nullopt;
  return static_cast<Milli>(rounded);
}

std::string format_milli(Milli value) {
  std::string sign = value < 0 ? "-" : "";
  const Milli a = value < 0 ? -value : value;
  std::string out = sign + std::to_string(a / 1000);
  Milli frac = a % 1000;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 3 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

Milli floor_div(Milli a, Milli b) {
  Milli q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace qis
