// The loader refuses inconsistent rubrics with a precise message naming the place.
#include <doctest/doctest.h>

#include <functional>

#include "bundled.h"
#include "helpers.h"
#include "kinds_fixture.h"

using namespace qis;

namespace {

// The fixture with one edit applied, loaded; returns the error message ("" if it loaded).
std::string load_edited(const std::function<void(Json&)>& edit) {
  Json j = Json::parse(kAllKindsRubric);
  edit(j);
  auto r = load_rubric(j.dump(), "edited.json");
  return r ? "" : r.error().message;
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the unedited fixture loads") { CHECK(load_edited([](Json&) {}) == ""); }

TEST_CASE("a node whose maximum disagrees with its children is caught (the 服务平台建设 40分 misprint)") {
  auto msg = load_edited([](Json& j) { j["indicators"][0]["max"] = 40; });
  CHECK(has(msg, "指标“甲”标注满分 40 分，但下级指标满分之和为 90 分"));
  CHECK(has(msg, "indicators[0]"));
  CHECK(has(msg, "edited.json"));
}

TEST_CASE("a declared total that the indicators do not add up to is caught") {
  CHECK(has(load_edited([](Json& j) { j["total"] = 1000; }), "声明总分 1000 分，但一级指标（不含加分项）满分之和为 90 分"));
  CHECK(has(load_edited([](Json& j) { j["bonus_total"] = 10; }), "声明加分项 10 分"));
}

TEST_CASE("duplicate ids are caught") {
  auto msg = load_edited([](Json& j) { j["indicators"][0]["children"][1]["id"] = "check"; });
  CHECK(has(msg, "编号“check”重复"));
  CHECK(has(msg, "indicators[0].children[1]"));
}

TEST_CASE("unknown rule kinds and unknown fields are caught") {
  CHECK(has(load_edited([](Json& j) { j["indicators"][0]["children"][0]["rule"]["kind"] = "magic"; }), "未知的计分规则类型“magic”"));
  CHECK(has(load_edited([](Json& j) { j["indicators"][0]["children"][0]["titel"] = "x"; }), "不认识的字段“titel”"));
}

TEST_CASE("bands with a gap or out of order are caught") {
  CHECK(has(load_edited([](Json& j) { j["indicators"][0]["children"][6]["rule"]["bands"][3]["from"] = 10; }), "最低一档的起点应为 0"));
  CHECK(has(load_edited([](Json& j) { j["indicators"][0]["children"][6]["rule"]["bands"][1]["from"] = 97; }), "从高到低"));
}

TEST_CASE("a level range outside the criterion's maximum is caught") {
  auto msg = load_edited([](Json& j) { j["indicators"][0]["children"][3]["rule"]["levels"][1]["max"] = 12; });
  CHECK(has(msg, "5~12"));
  CHECK(has(msg, "levels[1]"));
}

TEST_CASE("a checklist that can never reach its maximum is caught") {
  auto msg = load_edited([](Json& j) {
    j["indicators"][0]["children"][0]["rule"].erase("extra");
    j["indicators"][0]["children"][0]["rule"]["items"][2]["points"] = 1;
  });
  CHECK(has(msg, "满分永远无法达到"));
}

TEST_CASE("malformed, oversized and deeply nested files get clear messages") {
  CHECK(has(load_rubric("{\"format\": ", "x.json").error().message, "不是有效的 JSON"));
  CHECK(load_rubric("{\"format\": ", "x.json").error().code == "rubric.syntax");
  std::string deep(100, '[');
  CHECK(load_rubric(deep, "x.json").error().code == "rubric.too_deep");
  CHECK(has(load_rubric(R"({"format": "qis-rubric/2"})", "x.json").error().message, "不受支持"));
}

TEST_CASE("every bundled rubric loads") {
  std::vector<Error> errors;
  auto all = load_bundled_rubrics(&errors);
  for (auto& e : errors) FAIL(e.message);
  CHECK(all.size() >= 5);
}

TEST_CASE("a category marked scored: false does not count towards reaching the maximum") {
  // cats: 2 categories × cap 5 = 10 ≥ 8; with 标准 unscored only 5 remain.
  auto msg = load_edited([](Json& j) { j["indicators"][0]["children"][8]["rule"]["categories"][1]["scored"] = false; });
  CHECK(has(msg, "计分类别（1 个）的封顶之和小于本项满分 8"));
  // A third, unscored category beside the two scored ones is fine.
  CHECK(load_edited([](Json& j) {
          j["indicators"][0]["children"][8]["rule"]["categories"].push_back({{"id", "o"}, {"text", "其他"}, {"scored", false}});
        }) == "");
  // `scored` belongs to categories only.
  CHECK(has(load_edited([](Json& j) { j["indicators"][0]["children"][5]["rule"]["items"][0]["scored"] = false; }),
            "不认识的字段“scored”"));
}

TEST_CASE("two bands share a from only as “above it” followed by “exactly it”") {
  // bands: 95, 90, 60, 0. Splitting 0 into "above 0" (5~15 range copy) and "exactly 0" loads.
  auto split = [](Json& j) {
    Json& bands = j["indicators"][0]["children"][6]["rule"]["bands"];
    bands[3]["from_exclusive"] = true;
    bands.push_back({{"from", 0}, {"text", "0分（原文未列此档）"}, {"points", 0}, {"implied", true}});
  };
  CHECK(load_edited(split) == "");
  // The same from twice without from_exclusive, or in the wrong order, is refused.
  CHECK(has(load_edited([&](Json& j) {
              split(j);
              j["indicators"][0]["children"][6]["rule"]["bands"][3].erase("from_exclusive");
            }),
            "起点不能重复"));
  CHECK(has(load_edited([&](Json& j) {
              split(j);
              j["indicators"][0]["children"][6]["rule"]["bands"][4]["from_exclusive"] = true;
            }),
            "起点不能重复"));
  // The lowest band must hold value_min itself.
  CHECK(has(load_edited([](Json& j) { j["indicators"][0]["children"][6]["rule"]["bands"][3]["from_exclusive"] = true; }),
            "最低一档的起点应为 0（含）"));
}

TEST_CASE("title_by_tool marks a title the document does not print, and must be true or false") {
  Json j = Json::parse(kAllKindsRubric);
  j["indicators"][0]["children"][0]["title_by_tool"] = true;
  auto r = load_rubric(j.dump(), "edited.json");
  REQUIRE(r.ok());
  CHECK(r.value().find("check")->title_by_tool);
  CHECK_FALSE(r.value().find("count")->title_by_tool);
  CHECK(has(load_edited([](Json& e) { e["indicators"][0]["title_by_tool"] = "是"; }), "“title_by_tool”应为 true 或 false"));
}

TEST_CASE("a rubric's own profile fields, and the thresholds, gates and materials that use them, are checked") {
  auto with_fields = [](Json& j) {
    j["profile_fields"] = Json::parse(R"([
      {"id": "level", "label": "级别", "kind": "choice", "options": [{"id": "town", "text": "街镇级"}, {"id": "district", "text": "区级"}]},
      {"id": "contents", "label": "服务内容", "kind": "checklist", "options": [{"id": "a", "text": "甲"}, {"id": "b", "text": "乙"}]}
    ])");
    j["thresholds"][1]["when"] = {{"field", "level"}, {"in", {"town"}}};
    j["gate_groups"] = Json::parse(R"([{"id": "g", "title": "条件", "pass_text": "符合", "fail_text": "不符合"}])");
    j["gates"] = Json::parse(R"([{"id": "g1", "group": "g", "text": "两项", "from_profile": {"field": "contents", "min_checked": 2}}])");
    j["materials"] = Json::parse(R"([{"id": "m", "title": "材料", "lists_profile": "contents"}])");
  };
  CHECK(load_edited(with_fields) == "");
  auto edited = [&](const std::function<void(Json&)>& more) {
    return load_edited([&](Json& j) {
      with_fields(j);
      more(j);
    });
  };
  CHECK(has(edited([](Json& j) { j["profile_fields"][0]["kind"] = "text"; }), "kind 只能是 choice（单选）或 checklist（多选）"));
  CHECK(has(edited([](Json& j) { j["profile_fields"][1]["id"] = "level"; }), "单位信息字段“level”重复"));
  CHECK(has(edited([](Json& j) { j["profile_fields"][1]["id"] = "name"; }), "与通用的单位信息字段同名"));
  CHECK(has(edited([](Json& j) { j["profile_fields"][1]["options"][0]["id"] = "a,b"; }), "不能含“,”"));
  CHECK(has(edited([](Json& j) { j["profile_fields"][0]["options"].erase(1); }), "单选字段至少要有两个选项"));
  CHECK(has(edited([](Json& j) { j["thresholds"][1]["when"]["in"] = {"county"}; }), "in[0] 须是“级别”的选项编号"));
  CHECK(has(edited([](Json& j) { j["thresholds"][1]["when"]["field"] = "contents"; }), "须是 profile_fields 中定义的单选"));
  CHECK(has(edited([](Json& j) { j["gates"][0]["from_profile"]["min_checked"] = 3; }), "min_checked 须在 1 到 2"));
  CHECK(has(edited([](Json& j) { j["gates"][0]["from_profile"]["field"] = "level"; }), "须是 profile_fields 中定义的多选"));
  CHECK(has(edited([](Json& j) { j["materials"][0]["lists_profile"] = "nothing"; }), "“nothing”须是 profile_fields 中定义的多选"));
}

// The web app lists the bundled rubrics from these summaries and loads a rubric only when a draft
// or package needs it: each summary must say what the loaded rubric says.
TEST_CASE("each bundled rubric's build-time summary matches the rubric as loaded") {
  REQUIRE(kBundledRubricCount == 5);
  for (std::size_t i = 0; i < kBundledRubricCount; ++i) {
    const BundledRubric& b = kBundledRubrics[i];
    CAPTURE(b.id);
    CHECK(find_bundled_rubric(b.id) == &b);
    auto loaded = load_bundled_rubric(b);
    REQUIRE(loaded);
    const Rubric& r = loaded.value();
    CHECK(r.id == b.id);
    CHECK(r.title == b.summary.title);
    CHECK(r.short_title == b.summary.short_title);
    CHECK(r.issuer == b.summary.issuer);
    CHECK(r.region == b.summary.region);
    CHECK(r.purpose == b.summary.purpose);
    CHECK(r.document == b.summary.document);
    CHECK(r.total == b.summary.total);
    CHECK(r.bonus_total == b.summary.bonus_total);
    CHECK(r.criteria().size() == b.summary.criteria);
  }
  CHECK(find_bundled_rubric("no-such-rubric") == nullptr);
  // Known figures, so that a summary generator and loader that agree on a wrong reading still fail.
  const BundledRubric* hunan = find_bundled_rubric("hunan-db43");
  REQUIRE(hunan != nullptr);
  CHECK(hunan->summary.total == 1000 * kMilli);
  const BundledRubric* chongming = find_bundled_rubric("chongming-2024");
  REQUIRE(chongming != nullptr);
  CHECK(chongming->summary.total == 100 * kMilli);
  CHECK(chongming->summary.bonus_total == 10 * kMilli);
}
