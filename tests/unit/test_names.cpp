// person_key: names that print alike compare equal (issue 31 item 7), and names that differ stay
// different.
#include <doctest/doctest.h>

#include "names.h"

using qis::person_key;
using qis::same_person;

TEST_CASE("a zero-width space, a no-break space or a full-width space does not make another person") {
  CHECK(same_person("专家甲", "专家\u200B甲"));   // zero-width space
  CHECK(same_person("专家甲", "专家\u00A0甲"));   // no-break space
  CHECK(same_person("张三", "张\u3000三"));        // ideographic space
  CHECK(same_person("张三", " 张三\t"));
  CHECK(same_person("专家甲", "\uFEFF专家甲\u200D"));  // BOM, zero-width joiner
  CHECK(same_person("专家甲", "专家\u202E甲"));    // a bidi override
  CHECK(person_key("专家\u200B甲") == "专家甲");
}

TEST_CASE("compatibility forms fold to the character they print as (NFKC)") {
  CHECK(same_person("ＡＢＣ检测站１号", "ABC检测站1号"));  // full-width letters and digits
  CHECK(same_person("\u2F08", "\u4EBA"));                   // KANGXI RADICAL MAN → 人
  CHECK(same_person("\uF900", "\u8C48"));                   // CJK COMPATIBILITY IDEOGRAPH-F900 → 豈
}

TEST_CASE("different names stay different, and bytes that are not UTF-8 are compared as they are") {
  CHECK_FALSE(same_person("专家甲", "专家乙"));
  CHECK_FALSE(same_person("Zhang", "zhang"));  // NFKC keeps case
  CHECK_FALSE(same_person("专家甲", ""));
  CHECK(person_key("a\xFF" "b") == "a\xFF" "b");
  CHECK_FALSE(same_person("a\xFF", "a\xFE"));
  CHECK(person_key("").empty());
  CHECK(person_key("\u200B \u3000").empty());  // nothing visible: empty (callers treat it as no name)
}
