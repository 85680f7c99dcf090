// merge3: a draft edited in two tabs keeps both sides' edits; the same value edited in both is
// reported and resolved to the other side's.
#include <doctest/doctest.h>

#include "merge.h"

using qis::Json;
using qis::merge3;

TEST_CASE("merge3 keeps edits of different fields from both sides") {
  const Json base = Json::parse(R"({"profile":{"name":"站","address":"","contact":""},"answers":{}})");
  const Json mine = Json::parse(R"({"profile":{"name":"站","address":"长沙市","contact":""},"answers":{}})");
  const Json theirs = Json::parse(R"({"profile":{"name":"站","address":"","contact":"王工"},"answers":{"1.1":{"checked":[0]}}})");
  const auto r = merge3(base, mine, theirs);
  CHECK(r.conflicts.empty());
  CHECK(r.merged["profile"]["address"] == "长沙市");
  CHECK(r.merged["profile"]["contact"] == "王工");
  CHECK(r.merged["answers"]["1.1"]["checked"] == Json::array({0}));
}

TEST_CASE("merge3 reports the same field edited differently and takes theirs") {
  const Json base = Json::parse(R"({"profile":{"address":"A"}})");
  const Json mine = Json::parse(R"({"profile":{"address":"B"}})");
  const Json theirs = Json::parse(R"({"profile":{"address":"C"}})");
  const auto r = merge3(base, mine, theirs);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0] == "/profile/address");
  CHECK(r.merged["profile"]["address"] == "C");
  // The same edit on both sides is no conflict.
  CHECK(merge3(base, mine, mine).conflicts.empty());
}

TEST_CASE("merge3 merges keyed arrays by id and keeps deletions and additions") {
  const Json base = Json::parse(R"({"evidence":[{"id":"a","criteria":["1"]},{"id":"b","criteria":["2"]}]})");
  const Json mine = Json::parse(R"({"evidence":[{"id":"a","criteria":["1","3"]},{"id":"b","criteria":["2"]},{"id":"c","criteria":["4"]}]})");
  const Json theirs = Json::parse(R"({"evidence":[{"id":"a","criteria":["1"]}]})");  // b removed there
  const auto r = merge3(base, mine, theirs);
  CHECK(r.conflicts.empty());
  REQUIRE(r.merged["evidence"].size() == 2);
  CHECK(r.merged["evidence"][0]["id"] == "a");
  CHECK(r.merged["evidence"][0]["criteria"] == Json::array({"1", "3"}));
  CHECK(r.merged["evidence"][1]["id"] == "c");
}

TEST_CASE("merge3: a key removed on one side and untouched on the other is removed") {
  const Json base = Json::parse(R"({"answers":{"1":{"v":1},"2":{"v":2}}})");
  const Json mine = Json::parse(R"({"answers":{"1":{"v":1}}})");
  const Json theirs = Json::parse(R"({"answers":{"1":{"v":1},"2":{"v":2},"3":{"v":3}}})");
  const auto r = merge3(base, mine, theirs);
  CHECK(r.conflicts.empty());
  CHECK_FALSE(r.merged["answers"].contains("2"));
  CHECK(r.merged["answers"]["3"]["v"] == 3);
}

TEST_CASE("merge3 options: newest times win, derived keys keep mine") {
  const Json base = Json::parse(R"({"modified":"2025-01-01T00:00:00+08:00","scores":{"total":1},"notes":{}})");
  const Json mine = Json::parse(R"({"modified":"2025-01-01T00:00:05+08:00","scores":{"total":2},"notes":{"1":"x"}})");
  const Json theirs = Json::parse(R"({"modified":"2025-01-01T00:00:09+08:00","scores":{"total":3},"notes":{"2":"y"}})");
  const auto r = merge3(base, mine, theirs, {{"modified"}, {"scores"}});
  CHECK(r.conflicts.empty());
  CHECK(r.merged["modified"] == "2025-01-01T00:00:09+08:00");
  CHECK(r.merged["scores"]["total"] == 2);
  CHECK(r.merged["notes"]["1"] == "x");
  CHECK(r.merged["notes"]["2"] == "y");
}

// Issue 31 item 8: each tab took the other's value for a field both typed into, so the two tabs
// swapped values and stayed different.
TEST_CASE("with conflicts_to_newer, both tabs merging each other's write end on the same value") {
  const Json base = Json::parse(R"({"modified":"2025-06-01T10:00:00Z","profile":{"contact":""}})");
  const Json a = Json::parse(R"({"modified":"2025-06-01T10:00:05Z","profile":{"contact":"王工"}})");
  const Json b = Json::parse(R"({"modified":"2025-06-01T10:00:07Z","profile":{"contact":"李工"}})");
  qis::MergeOptions options{{"modified"}, {}, true};
  const auto in_a = merge3(base, a, b, options);  // tab A receives B's write
  const auto in_b = merge3(base, b, a, options);  // tab B receives A's write
  CHECK(in_a.merged["profile"]["contact"] == "李工");
  CHECK(in_b.merged["profile"]["contact"] == "李工");
  CHECK_FALSE(in_a.mine_won);
  CHECK(in_b.mine_won);
  CHECK(in_a.conflicts == std::vector<std::string>{"/profile/contact"});

  // The same second on both sides: the greater text wins, whichever side merges.
  Json a2 = a, b2 = b;
  a2["modified"] = b2["modified"] = "2025-06-01T10:00:07Z";
  CHECK(merge3(base, a2, b2, options).merged["profile"]["contact"] == merge3(base, b2, a2, options).merged["profile"]["contact"]);
  // Without the option the old rule stays: theirs.
  CHECK(merge3(base, b, a).merged["profile"]["contact"] == "王工");
}
