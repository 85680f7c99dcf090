#include "canonical_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace qis {

namespace {

// A positive decimal d.ddd × 10^exponent with `digits` = "dddd" (no point).
struct Decimal {
  std::string digits;
  int exponent = 0;
};

// "1.2345e+02" as snprintf's %e writes it. The core never calls setlocale, so the point is '.'.
Decimal from_scientific(const char* text) {
  Decimal d;
  const char* p = text;
  for (; *p && *p != 'e'; ++p)
    if (*p >= '0' && *p <= '9') d.digits += *p;
  d.exponent = *p == 'e' ? std::atoi(p + 1) : 0;
  return d;
}

std::string to_scientific(const Decimal& d) {
  std::string s(1, d.digits[0]);
  if (d.digits.size() > 1) s += "." + d.digits.substr(1);
  return s + "e" + std::to_string(d.exponent);
}

bool reads_back_as(const std::string& text, double value) { return std::strtod(text.c_str(), nullptr) == value; }

// The p-digit decimal next to `d` on the side away from zero (up) or towards it (down), crossing
// a power of ten the way the digits do: below 1.00e5 comes 9.99e4, above 9.99e4 comes 1.00e5.
Decimal next_decimal(Decimal d, bool up) {
  std::string& s = d.digits;
  if (up) {
    std::size_t i = s.size();
    while (i > 0 && s[i - 1] == '9') s[--i] = '0';
    if (i == 0) {
      s = "1" + std::string(s.size() - 1, '0');
      ++d.exponent;
    } else {
      ++s[i - 1];
    }
  } else if (s[0] == '1' && s.find_first_not_of('0', 1) == std::string::npos) {
    s = std::string(s.size(), '9');
    --d.exponent;
  } else {
    std::size_t i = s.size();
    while (s[i - 1] == '0') s[--i] = '9';
    --s[i - 1];
  }
  return d;
}

// ECMA-262 Number::toString, step 5: the fewest digits k whose decimal reads back as `value`;
// among those, the one closest to `value`. For each length p, only the two p-digit decimals on
// either side of `value` can read back as it (the set that does is an interval around `value`).
// printf gives the nearer one correctly rounded (ties to even, as ECMA-262 asks); when it misses,
// the other one may still be inside the interval, which is narrower below a power of two.
Decimal shortest_digits(double value) {
  char buf[64];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, value);
    if (reads_back_as(buf, value)) return from_scientific(buf);
    const bool above = std::strtod(buf, nullptr) > value;
    const Decimal other = next_decimal(from_scientific(buf), !above);
    if (reads_back_as(to_scientific(other), value)) return other;
  }
  std::snprintf(buf, sizeof buf, "%.16e", value);  // 17 significant digits always read back
  return from_scientific(buf);
}

// Appends `s` as ECMAScript's JSON.stringify writes a string (RFC 8785 §3.2.2.2): only '"', '\'
// and the C0 controls are escaped, five of them with their short forms; the rest is UTF-8 as is.
void append_string(std::string& out, const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// The UTF-16 code units of UTF-8 text (RFC 8785 §3.2.3 sorts names by them, so U+1F600 — a
// surrogate pair starting 0xD83D — comes before U+FB33). The text is valid UTF-8 (the parser checks).
std::u16string utf16_units(const std::string& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

bool append_value(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: out += "null"; return true;
    case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return true;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      const std::string n = ecmascript_number(v.get<double>());
      out += n;
      return !n.empty();
    }
    case Json::value_t::string: append_string(out, v.get_ref<const std::string&>()); return true;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (auto& e : v) {
        if (!first) out += ',';
        first = false;
        if (!append_value(out, e)) return false;
      }
      out += ']';
      return true;
    }
    case Json::value_t::object: {
      std::vector<std::pair<std::u16string, Json::const_iterator>> members;
      members.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) members.emplace_back(utf16_units(it.key()), it);
      std::sort(members.begin(), members.end(), [](auto& a, auto& b) { return a.first < b.first; });
      out += '{';
      bool first = true;
      for (auto& [units, it] : members) {
        if (!first) out += ',';
        first = false;
        append_string(out, it.key());
        out += ':';
        if (!append_value(out, it.value())) return false;
      }
      out += '}';
      return true;
    }
    default: return false;  // binary and discarded values come from no parsed file
  }
}

}  // namespace

std::string ecmascript_number(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";  // -0 too
  if (value < 0) return "-" + ecmascript_number(-value);
  // Whole numbers below 2^53 are exact and their neighbours 1 or less away: the digits themselves
  // are the shortest form (and a ledger's thousands of counts need no digit search).
  if (value < 9007199254740992.0 && value == std::floor(value)) return std::to_string(static_cast<long long>(value));
  const Decimal d = shortest_digits(value);
  std::string s = d.digits;
  s.erase(s.find_last_not_of('0') + 1);  // k: as few digits as possible
  const int k = static_cast<int>(s.size());
  const int n = d.exponent + 1;  // value = 0.s × 10^n
  // ECMA-262 Number::toString, steps 6–10.
  if (k <= n && n <= 21) return s + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21) return s.substr(0, static_cast<std::size_t>(n)) + "." + s.substr(static_cast<std::size_t>(n));
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<std::size_t>(-n), '0') + s;
  const int e = n - 1;
  const std::string exp = std::string("e") + (e < 0 ? "-" : "+") + std::to_string(e < 0 ? -e : e);
  return k == 1 ? s + exp : s.substr(0, 1) + "." + s.substr(1) + exp;
}

Result<std::string> canonical_json(const Json& value) {
  std::string out;
  if (!append_value(out, value))
    return Error{"canonical.number", "文件中有无法规范化的数值（非有限数），无法计算签名；请检查文件内容。", ""};
  return out;
}

}  // namespace qis
