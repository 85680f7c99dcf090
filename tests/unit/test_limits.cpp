// Hostile and broken input: every limit of the rubric and package loaders, each with the exact
// message the user sees, and one regression test per bug the fuzzers found (tests/fuzz/).
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "helpers.h"
#include "json_reader.h"
#include "kinds_fixture.h"
#include "package.h"
#include "sha256.h"

using namespace qis;

namespace {

std::vector<Rubric> kinds_only() {
  auto r = load_rubric(kAllKindsRubric, "kinds");
  REQUIRE(r.ok());
  return {std::move(r).value()};
}

// A package of the kinds fixture, as exported, with `answers` as its answers.
std::string package_text(const Rubric& rb, const char* answers = "{}") {
  Assessment a = qis_test::assessment(rb, answers);
  a.rubric_hash = rb.content_hash;
  a.profile["name"] = "测试服务站";
  return export_package(rb, a);
}

// The kinds fixture with one edit; the loader's error ("" if it loaded).
Error rubric_error(const std::function<void(Json&)>& edit) {
  Json j = Json::parse(kAllKindsRubric);
  edit(j);
  auto r = load_rubric(j.dump(), "x.json");
  return r ? Error{} : r.error();
}

// `inner` wrapped in `depth` levels of arrays.
std::string nested(int depth, const std::string& inner = "0") {
  return std::string(static_cast<std::size_t>(depth), '[') + inner + std::string(static_cast<std::size_t>(depth), ']');
}

// The first answer error of a scored package, or an empty Error.
Error first_answer_error(const std::vector<Rubric>& rubrics, const std::string& text) {
  auto p = import_package(text, rubrics);
  REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().message));
  const ScoreReport rep = score(*p.value().rubric, p.value().assessment);
  return rep.errors.empty() ? Error{} : rep.errors.front();
}

}  // namespace

TEST_CASE("nesting: a rubric may nest 32 levels, not 33") {
  // 32 levels with the root object: not refused for depth (it fails later, for its content).
  const std::string ok = R"({"format": )" + nested(31) + "}";
  CHECK(load_rubric(ok, "x.json").error().code != "rubric.too_deep");
  const std::string deep = R"({"format": )" + nested(32) + "}";
  auto r = load_rubric(deep, "x.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "rubric.too_deep");
  CHECK(r.error().message == "评分表文件 x.json嵌套层数超过 32 层，不是本工具生成的文件，或已损坏。");
}

TEST_CASE("nesting: a package may nest 64 levels, not 65") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  j["notes"] = Json::object();
  std::string text = j.dump();
  const std::string hole = R"("notes":{})";
  auto with_depth = [&](int levels) {  // the root object and "notes" make two
    std::string t = text;
    t.replace(t.find(hole), hole.size(), R"("notes":{"x":)" + nested(levels - 2) + "}");
    return t;
  };
  CHECK(import_package(with_depth(64), rubrics).error().code != "package.too_deep");
  auto r = import_package(with_depth(65), rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.too_deep");
  CHECK(r.error().message == "文件嵌套层数超过 64 层，不是本工具生成的文件，或已损坏。");
}

TEST_CASE("nesting: brackets inside strings do not count") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  j["notes"]["check"] = std::string(500, '[') + "\\\"" + std::string(500, '{');
  CHECK(import_package(j.dump(), rubrics).ok());
}

TEST_CASE("size: a rubric over 4 MiB is refused before it is parsed") {
  std::string huge(4u << 20, ' ');
  huge += "x";  // one byte over, and not JSON: the size is what is reported
  auto r = load_rubric(huge, "x.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "rubric.too_large");
  CHECK(r.error().message == "评分表文件 x.json过大（4097 KB，上限 4096 KB）。请确认选择的是正确的文件。");
  // Exactly at the limit the size is fine (whatever else is wrong).
  std::string at_limit = "{}" + std::string((4u << 20) - 2, ' ');
  CHECK(load_rubric(at_limit, "x.json").error().code == "rubric.missing_field");
}

TEST_CASE("size: a package over 64 MiB is refused before it is parsed") {
  auto rubrics = kinds_only();
  std::string huge = package_text(rubrics[0]);
  huge.resize(kMaxPackageBytes + 1, ' ');
  auto r = import_package(huge, rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.too_large");
  CHECK(r.error().message == "文件过大（65537 KB，上限 65536 KB）。请确认选择的是正确的文件。");
  // Exactly at the limit the size is fine: what is reported is the next thing wrong.
  huge.assign(kMaxPackageBytes, ' ');
  huge[0] = 'x';
  CHECK(import_package(huge, rubrics).error().code == "package.syntax");
}

TEST_CASE("value count: a package of millions of tiny values is refused before it exhausts memory") {
  // 64 MiB of "{}," would be 20 million objects, several gigabytes once built.
  auto rubrics = kinds_only();
  const std::string good = package_text(rubrics[0]);
  const std::string hole = "\"notes\": {}";
  REQUIRE(good.find(hole) != std::string::npos);
  std::string zeros = "[0";
  for (std::size_t i = 1; i < kMaxJsonValues; ++i) zeros += ",0";
  zeros += "]";
  std::string text = good;
  text.replace(text.find(hole), hole.size(), "\"notes\": {\"x\": " + zeros + "}");
  auto r = import_package(text, rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.too_many_values");
  CHECK(r.error().message == "文件包含的数据项超过 4000000 个，不是本工具生成的文件，或已损坏。");
}

TEST_CASE("value count: a rubric holds at most 100,000 values") {
  std::string text = kAllKindsRubric;
  std::string zeros = "[0";
  for (int i = 1; i < 100000; ++i) zeros += ",0";
  text.replace(text.find("\"total\": 90"), 11, "\"total\": " + zeros + "]");
  auto r = load_rubric(text, "x.json");
  CHECK(r.error().code == "rubric.too_many_values");
  CHECK(r.error().message == "评分表文件 x.json包含的数据项超过 100000 个，不是本工具生成的文件，或已损坏。");
}

TEST_CASE("encoding: a package that is not UTF-8 is named as such, with where") {
  auto rubrics = kinds_only();
  const std::string good = package_text(rubrics[0]);
  const std::size_t at = good.find("测试服务站");
  REQUIRE(at != std::string::npos);
  const std::size_t line = static_cast<std::size_t>(std::count(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
  const std::string where = "第 " + std::to_string(line) + " 行，第 " + std::to_string(at + 1) + " 字节处";
  const std::string expected = "文件不是有效的 UTF-8 文本（" + where +
                               "），可能是用 GBK 等其他编码保存的，或文件已损坏。请用本工具重新导出，或用文本编辑器以 UTF-8 编码另存后再试。";
  SUBCASE("GBK bytes (测试 in GBK)") {
    std::string text = good;
    text.replace(at, 6, "\xb2\xe2\xca\xd4");
    auto r = import_package(text, rubrics);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "package.encoding");
    CHECK(r.error().message == expected);
  }
  SUBCASE("malformed sequences: overlong, surrogate, past U+10FFFF, truncated, stray continuation") {
    for (const char* bad : {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xe6\xb5", "\x80"}) {
      std::string text = good;
      text.replace(at, 3, bad);
      auto r = import_package(text, rubrics);
      CHECK_MESSAGE(r.error().code == "package.encoding", bad);
      CHECK(r.error().message == expected);
    }
  }
  SUBCASE("every valid form still opens: 4-byte characters, a BOM") {
    Json j = Json::parse(good);
    j["notes"]["check"] = "𠮷𩸽 U+10FFFF: \xf4\x8f\xbf\xbf";
    CHECK(import_package(j.dump(), rubrics).ok());
    CHECK(import_package("\xef\xbb\xbf" + good, rubrics).ok());
  }
}

TEST_CASE("encoding: a rubric that is not UTF-8 is named as such") {
  std::string text = kAllKindsRubric;
  text.replace(text.find("各类规则"), 3, "\xb8\xf7");
  auto r = load_rubric(text, "x.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "rubric.encoding");
  CHECK(r.error().message.rfind("评分表文件 x.json不是有效的 UTF-8 文本（第 2 行，", 0) == 0);
}

TEST_CASE("numbers: 1e400 in an answer refuses the package and names the criterion") {
  auto rubrics = kinds_only();
  std::string text = package_text(rubrics[0], R"({"judge": {"value": 7}})");
  const std::string seven = "\"value\": 7";
  REQUIRE(text.find(seven) != std::string::npos);
  text.replace(text.find(seven), seven.size(), "\"value\": 1e400");
  auto r = import_package(text, rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.number_range");
  CHECK(r.error().where == "answers.judge.value");
  CHECK(r.error().message ==
        "数据包内容有误：“布局”（judge）的答案中，数值 1e400 超出可表示的范围（位置：answers.judge.value）。"
        "请改为正常大小的数值后再试。当前草稿未受影响。");
}

TEST_CASE("numbers: -1e400 in an override names the criterion too; elsewhere the place is given") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  j["overrides"]["cases"] = {{"answer", {{"count", 1}}}, {"reason", "核对"}};
  std::string text = j.dump();
  text.replace(text.find("\"count\":1"), 9, "\"count\":-1e400");
  auto r = import_package(text, rubrics);
  CHECK(r.error().code == "package.number_range");
  CHECK(r.error().message.rfind("数据包内容有误：“案例”（cases）的答案中，数值 -1e400 超出可表示的范围（位置：overrides.cases.answer.count）", 0) == 0);

  std::string ev = package_text(rubrics[0]);
  Json e = Json::parse(ev);
  e["evidence"] = Json::array({{{"id", "x"}, {"name", "a.pdf"}, {"size", 3}, {"sha256", sha256_hex("abc")}}});
  ev = e.dump();
  ev.replace(ev.find("\"size\":3"), 8, "\"size\":2e999");
  auto bad = import_package(ev, rubrics);
  CHECK(bad.error().code == "package.number_range");
  CHECK(bad.error().message == "文件有误：数值 2e999 超出可表示的范围（位置：evidence[0].size）。请改为正常大小的数值后再试。");
}

TEST_CASE("numbers: a rubric with 1e400 is refused with the place") {
  std::string text = kAllKindsRubric;
  text.replace(text.find("\"total\": 90"), 11, "\"total\": 1e400");
  auto r = load_rubric(text, "x.json");
  CHECK(r.error().code == "rubric.number_range");
  CHECK(r.error().message == "评分表文件 x.json有误：数值 1e400 超出可表示的范围（位置：total）。请改为正常大小的数值后再试。");
}

TEST_CASE("numbers: huge finite, negative and fractional counts are refused per criterion, scoring 0") {
  auto rubrics = kinds_only();
  auto error_for = [&](const char* answers) { return first_answer_error(rubrics, package_text(rubrics[0], answers)); };
  CHECK(error_for(R"({"count": {"count": -3}})").message == "“证书”（count）：数量不能为负数");
  CHECK(error_for(R"({"count": {"count": -3.0}})").message == "“证书”（count）：数量不能为负数");
  CHECK(error_for(R"({"count": {"count": -1e300}})").message == "“证书”（count）：数量不能为负数");
  CHECK(error_for(R"({"count": {"count": 1e300}})").message == "“证书”（count）：数量过大（上限 1 亿）");
  CHECK(error_for(R"({"count": {"count": 2.5}})").message == "“证书”（count）：数量应为整数");
  CHECK(error_for(R"({"count": {"count": 18446744073709551615}})").message == "“证书”（count）：数量过大（上限 1 亿）");
  CHECK(error_for(R"({"cats": {"counts": {"m": -1}}})").message == "“机构集聚”（cats）：“计量”的数量不能为负数");
  CHECK(error_for(R"({"check": {"checked": [], "extra": -2}})").message == "“清单”（check）：“其他”项数不能为负数");
  const Error judged = error_for(R"({"judge": {"value": 1e300}})");
  CHECK(judged.code == "answer.invalid");
  CHECK(judged.where == "judge");
  CHECK(judged.message == "“布局”（judge）：评分 1e+300 超出可用的数值范围");
  CHECK(error_for(R"({"bands": {"value": -1e300}})").message == "“满意度”（bands）：满意度 -1e+300 超出可用的数值范围");
  auto p = import_package(package_text(rubrics[0], R"({"count": {"count": -3}, "judge": {"value": 6}})"), rubrics);
  REQUIRE(p.ok());
  const ScoreReport rep = score(*p.value().rubric, p.value().assessment);
  CHECK(rep.find("count")->score == 0);
  CHECK(rep.total == qis_test::pts(6));
}

TEST_CASE("duplicate keys: a package naming one criterion twice is refused, not silently resolved") {
  auto rubrics = kinds_only();
  std::string text = package_text(rubrics[0], R"({"judge": {"value": 2}})");
  const std::string answer = R"("judge": {)";
  text.insert(text.find(answer), R"("judge": {"value": 8}, )");
  auto r = import_package(text, rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.duplicate_key");
  CHECK(r.error().where == "answers.judge");
  CHECK(r.error().message == "文件有误：字段“judge”重复出现（位置：answers.judge），无法确定以哪一处为准。请删除多余的一处后再试。");
}

TEST_CASE("duplicate keys: anywhere in a package or a rubric") {
  auto rubrics = kinds_only();
  auto r = import_package(R"({"format": "qis-package/1", "format": "qis-package/1"})", rubrics);
  CHECK(r.error().code == "package.duplicate_key");
  CHECK(r.error().message.find("字段“format”重复出现（位置：format）") != std::string::npos);
  auto in_array = import_package(R"({"evidence": [{}, {"id": "a", "id": "b"}]})", rubrics);
  CHECK(in_array.error().where == "evidence[1].id");
  auto v = load_rubric(R"({"format": "qis-rubric/1", "indicators": [{"id": "a", "max": 1, "max": 2}]})", "x.json");
  CHECK(v.error().code == "rubric.duplicate_key");
  CHECK(v.error().message == "评分表文件 x.json有误：字段“max”重复出现（位置：indicators[0].max），无法确定以哪一处为准。请删除多余的一处后再试。");
  // The same key in different objects is fine.
  Json j = Json::parse(package_text(rubrics[0]));
  j["notes"]["format"] = "x";
  CHECK(import_package(j.dump(), rubrics).ok());
}

TEST_CASE("unknown fields: refused at the top level of a package, with the name") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  j["anwsers"] = Json::object();
  auto r = import_package(j.dump(), rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.unknown_field");
  CHECK(r.error().message == "数据包内容有误：不认识的字段“anwsers”，请检查拼写或删除它（位置：anwsers）。当前草稿未受影响。");
}

TEST_CASE("unknown fields: refused anywhere in a rubric") {
  const Error e = rubric_error([](Json& j) { j["indicators"][0]["children"][1]["rule"]["pre"] = 2; });
  CHECK(e.code == "rubric.unknown_field");
  CHECK(e.message == "评分表文件 x.json：不认识的字段“pre”，请检查拼写或删除它（位置：indicators[0].children[1].rule.pre）");
}

TEST_CASE("format version: a newer package asks for an upgrade, in these words") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  j["format"] = "qis-package/3";
  auto r = import_package(j.dump(), rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.format_version");
  CHECK(r.error().message ==
        "此文件由更新版本的工具导出（qis-package/3），当前工具只能读取 qis-package/2。请升级到最新版本后再打开；当前草稿未受影响。");
  j["format"] = "qis-package/0";
  CHECK(import_package(j.dump(), rubrics).error().message == "不支持的数据包格式版本“qis-package/0”。");
  j["format"] = "qis-package/99999999999999999999";  // too long for a number: not "newer", no overflow
  CHECK(import_package(j.dump(), rubrics).error().message == "不支持的数据包格式版本“qis-package/99999999999999999999”。");
}

// ---- Regressions: one per bug found while hardening the loaders. Each input makes the fuzz
// target named in its comment abort (tests/fuzz/; run it on a file holding the input) ----

TEST_CASE("regression: a child's bonus flag contradicting its parent scored outside bonus_total") {
  // fuzz_rubric, "a total exceeds the rubric's maximum": 布局 (max 8) under the non-bonus 甲,
  // marked bonus, added its 8 points to a bonus part declared as 5 (scoring counts a criterion by
  // its own flag, the rubric's totals by the top-level one).
  const Error e = rubric_error([](Json& j) { j["indicators"][0]["children"][4]["bonus"] = true; });
  CHECK(e.code == "rubric.bonus_nested");
  CHECK(e.message ==
        "评分表文件 x.json：指标“布局”的 bonus 与上级指标“甲”不一致；加分项只能在一级指标上标注，下级指标随上级"
        "（位置：indicators[0].children[4]）");
  CHECK(rubric_error([](Json& j) { j["indicators"][1]["children"][0]["bonus"] = false; }).code == "rubric.bonus_nested");
  // Repeating the parent's value is fine.
  CHECK(rubric_error([](Json& j) { j["indicators"][1]["children"][0]["bonus"] = true; }).code.empty());
}

TEST_CASE("regression: count × points overflowed 64 bits for points of 1e11 and a count of 1 亿") {
  // fuzz_rubric, UBSan "signed integer overflow: 100000000 * 100000000000000" in rules.cpp (count
  // rule, points 1e11, an answer of 1 亿): the rubric's numbers are now bounded, so every product
  // the rules make fits. A child sum over ~9,000 nodes of max 1e12 overflowed the same way.
  const Error e = rubric_error([](Json& j) { j["indicators"][1]["children"][1]["rule"]["points"] = 1e11; });
  CHECK(e.code == "rubric.number_range");
  CHECK(e.message ==
        "评分表文件 x.json：字段“points”的数值 100000000000.0 过大，绝对值不能超过 1000000（位置：indicators[1].children[1].rule.points）");
  CHECK(rubric_error([](Json& j) { j["indicators"][1]["children"][1]["max"] = -1e7; }).code == "rubric.number_range");
  // The largest accepted values score without overflow.
  auto r = load_rubric(R"({"format": "qis-rubric/1", "id": "big", "version": "1", "title": "大", "issuer": "测", "document": "测",
    "total": 1000000, "indicators": [{"id": "c", "title": "数量", "max": 1000000,
      "rule": {"kind": "count", "unit": "个", "points": 1000000}}]})", "big.json");
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  const ScoreReport rep = score(r.value(), qis_test::assessment(r.value(), R"({"c": {"count": 100000000}})"));
  CHECK(rep.total == 1000000 * kMilli);
  CHECK(rep.find("c")->explanation == "100000000 个 × 1000000 = 100000000000000，封顶 1000000");
}

TEST_CASE("regression: a non-ASCII format version went through ::isdigit(char), undefined for bytes above 0x7F") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  j["format"] = "qis-package/二";
  auto r = import_package(j.dump(), rubrics);
  CHECK(r.error().code == "package.format_version");
  CHECK(r.error().message == "不支持的数据包格式版本“qis-package/二”。");
}

// Issue 31 item 6: a draft with 100,000 evidence entries took 21 s to open and 7.9 s a frame.
TEST_CASE("a package with more evidence entries than kMaxEvidenceItems is refused with the count") {
  auto rubrics = kinds_only();
  Json j = Json::parse(package_text(rubrics[0]));
  Json many = Json::array();
  for (std::size_t i = 0; i <= kMaxEvidenceItems; ++i)
    many.push_back({{"id", "e" + std::to_string(i)}, {"name", "a.pdf"}, {"size", 3}, {"sha256", sha256_hex("abc")}});
  j["evidence"] = many;
  auto r = import_package(j.dump(), rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.too_many_evidence");
  CHECK(r.error().message.find("数据包中有 5001 个附件条目，超过上限 5000 个，未打开") != std::string::npos);
  many.erase(many.size() - 1);
  j["evidence"] = many;
  CHECK(import_package(j.dump(), rubrics).ok());
}
