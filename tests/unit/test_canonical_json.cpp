// RFC 8785 canonical JSON (src/core/canonical_json.h): the RFC's own examples, number by number,
// and the shortest round-trip digits checked against the standard library's std::to_chars.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "canonical_json.h"

using namespace qis;

namespace {

double from_bits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::string canonical(const std::string& json_text) {
  auto c = canonical_json(Json::parse(json_text));
  REQUIRE(c.ok());
  return c.value();
}

}  // namespace

TEST_CASE("numbers serialise as RFC 8785 Appendix B lists them, bit pattern by bit pattern") {
  const struct {
    std::uint64_t bits;
    const char* text;
  } table[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},  // minus zero
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (auto& row : table) {
    CAPTURE(row.text);
    CHECK(ecmascript_number(from_bits(row.bits)) == row.text);
  }
  // NaN and the infinities have no JSON form (Appendix B lists them as errors).
  CHECK(ecmascript_number(from_bits(0x7fffffffffffffff)).empty());
  CHECK(ecmascript_number(from_bits(0x7ff0000000000000)).empty());
  const auto inf = canonical_json(Json::array({1, std::numeric_limits<double>::infinity()}));
  REQUIRE_FALSE(inf.ok());
  CHECK(inf.error().code == "canonical.number");
}

TEST_CASE("the shortest digits agree with std::to_chars on 20,000 random doubles") {
  std::mt19937_64 rng(8785);
  int compared = 0;
  for (int i = 0; i < 20000; ++i) {
    const double d = std::fabs(from_bits(rng()));
    if (!std::isfinite(d) || d == 0) continue;
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific).ptr;
    const std::string expected(buf, end);  // "d.ddde±XX": shortest round-trip digits, nearest, ties even
    const std::string ours = ecmascript_number(d);
    // Compare the value both spell, digit for digit, through the same exponent.
    std::string mantissa = expected.substr(0, expected.find('e'));
    mantissa.erase(std::remove(mantissa.begin(), mantissa.end(), '.'), mantissa.end());
    const int exponent = std::stoi(expected.substr(expected.find('e') + 1));
    CAPTURE(expected);
    CAPTURE(ours);
    REQUIRE(std::strtod(ours.c_str(), nullptr) == d);
    std::string digits;
    for (char c : ours.substr(0, ours.find('e')))
      if (c >= '0' && c <= '9') digits += c;
    digits.erase(0, digits.find_first_not_of('0'));
    digits.erase(digits.find_last_not_of('0') + 1);
    mantissa.erase(mantissa.find_last_not_of('0') + 1);
    CHECK(digits == mantissa);
    char again[64];
    std::snprintf(again, sizeof again, "%.*e", static_cast<int>(mantissa.size()) - 1, d);
    CHECK(std::stoi(std::string(again).substr(std::string(again).find('e') + 1)) == exponent);
    ++compared;
  }
  CHECK(compared > 19000);
}

TEST_CASE("the RFC 8785 §3.2.2 example: numbers, escapes and literals") {
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  CHECK(canonical(input) ==
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST_CASE("members sort by UTF-16 code units, as RFC 8785 §3.2.3 shows: the emoji before U+FB33") {
  const std::string input = R"({
    "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"})";
  const std::string out = canonical(input);
  const char* order[] = {"Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
                         "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"};
  std::size_t at = 0;
  for (const char* value : order) {
    CAPTURE(value);
    const std::size_t found = out.find(value);
    REQUIRE(found != std::string::npos);
    CHECK(found > at);
    at = found;
  }
  CHECK(out.rfind("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\"", 0) == 0);  // U+0080 stays literal
}

TEST_CASE("spelling does not matter, values do: key order, whitespace, 1.0 against 1, escapes") {
  const std::string a = canonical(R"({"b": [1, 2.50, "é"], "a": {"y": true, "x": null}})");
  CHECK(a == "{\"a\":{\"x\":null,\"y\":true},\"b\":[1,2.5,\"\xC3\xA9\"]}");
  CHECK(canonical(R"({ "a" : { "x" : null , "y" : true } , "b" : [ 1.0 , 25e-1 , "\u00e9" ] })") == a);
  CHECK(canonical(R"({"a": {"x": null, "y": true}, "b": [1, 2.51, "é"]})") != a);  // a value changed
  CHECK(canonical(R"({"a": {"x": null, "y": true}, "b": [2.5, 1, "é"]})") != a);   // array order is content
  CHECK(canonical("[100, 1e2, 123456789012, -0.0, 0.1]") == "[100,100,123456789012,0,0.1]");
}
