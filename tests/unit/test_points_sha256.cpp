#include <doctest/doctest.h>

#include <limits>

#include "points.h"
#include "sha256.h"

using namespace qis;

TEST_CASE("points print as the documents print them") {
  CHECK(format_milli(78700) == "78.7");
  CHECK(format_milli(10000) == "10");
  CHECK(format_milli(300) == "0.3");
  CHECK(format_milli(-5000) == "-5");
  CHECK(format_milli(12500) == "12.5");
  CHECK(format_milli(0) == "0");
  CHECK(format_milli(1005) == "1.005");
}

TEST_CASE("decimal input converts exactly to thousandths") {
  CHECK(*to_milli(0.1) == 100);
  CHECK(*to_milli(0.1 * 3) == 300);  // 0.30000000000000004 is still 0.3
  CHECK(*to_milli(94.5) == 94500);
  CHECK_FALSE(to_milli(0.0001).has_value());
  CHECK_FALSE(to_milli(std::numeric_limits<double>::quiet_NaN()).has_value());
  CHECK_FALSE(to_milli(std::numeric_limits<double>::infinity()).has_value());
}

TEST_CASE("sixty times 0.1 sums to exactly 6") {
  Milli sum = 0;
  for (int i = 0; i < 60; ++i) sum += *to_milli(0.1);
  CHECK(format_milli(sum) == "6");
}

TEST_CASE("floor division rounds towards minus infinity") {
  CHECK(floor_div(250, 100) == 2);
  CHECK(floor_div(-1, 100) == -1);
  CHECK(floor_div(99, 100) == 0);
}

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 gives the same digest however the input is split") {
  std::string text = "质量基础设施“一站式”服务 0123456789 with a tail long enough to cross a block boundary......";
  Sha256 s;
  for (char c : text) s.update(&c, 1);
  CHECK(s.hex_digest() == sha256_hex(text));
}
