// The evaluator side: verifying a package, expert reviews ("qis-review/1") and the panel merge
// ("qis-panel/1"), on the all-kinds test rubric and, through the qis CLI, on the bundled Wuhan one.
//
// The station below answers the all-kinds rubric (kinds_fixture.h) as follows:
//   check 1+2 = 2; count 20 × 0.5 = 10; hundreds ⌊300/100⌋ × 1 = 3; levels range level 7; judge 6;
//   graded all full 15; bands 92 in the 90 band 17; highest 省级 8; cats ⌊10/5⌋ × 2 = 4;
//   bonus: yes 1; cases 1 × 2 = 2.
//   base 2+10+3+7+6+15+17+8+4 = 72, bonus 1+2 = 3, total 75 (> 70: 良好).
// The five experts agree with it everywhere except levels and judge:
//   expert      levels  judge
//   专家甲        7      5.5
//   专家乙        8      6
//   专家丙        8      7
//   专家丁        9      5.5
//   专家戊       10      6
// The criteria they agree on sum to 2+10+3+15+17+8+4+1+2 = 62.
#include <doctest/doctest.h>

#include <cctype>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base64.h"
#include "bundled.h"
#include "cli_runner.h"
#include "helpers.h"
#include "kinds_fixture.h"
#include "package.h"
#include "rank.h"
#include "review.h"
#include "sha256.h"

using namespace qis;
using qis_test::pts;
namespace fs = std::filesystem;

namespace {

using qis_test::contains;

std::vector<Rubric> kinds_only() {
  auto r = load_rubric(kAllKindsRubric, "kinds");
  REQUIRE(r.ok());
  return {std::move(r).value()};
}

const char* kStationAnswers = R"({
  "check": {"checked": ["1", "2"]}, "count": {"count": 20}, "hundreds": {"count": 300},
  "levels": {"level": 1, "value": 7}, "judge": {"value": 6},
  "graded": {"items": {"a": {"state": "full"}, "b": {"state": "full"}, "c": {"state": "full"}}},
  "bands": {"value": 92}, "highest": {"selected": ["p"]}, "cats": {"counts": {"m": 10}},
  "yes": {"yes": true}, "cases": {"count": 1}})";

const std::string kEmbeddedBytes = "计量校准证书清单：12 份";
const std::string kExternalBytes = "质量服务站制度汇编（第2版）";

Assessment station(const Rubric& rb) {
  Assessment a = qis_test::assessment(rb, kStationAnswers);
  a.rubric_hash = rb.content_hash;
  a.profile["name"] = "长沙县质量服务站";
  a.notes["levels"] = "成立文件见附件";
  a.evidence.push_back({"ev1", "证书清单.txt", "text/plain", static_cast<std::int64_t>(kEmbeddedBytes.size()),
                        sha256_hex(kEmbeddedBytes), {"count"}, base64_encode(kEmbeddedBytes), ""});
  a.evidence.push_back({"ev2", "制度汇编.txt", "text/plain", static_cast<std::int64_t>(kExternalBytes.size()),
                        sha256_hex(kExternalBytes), {"graded", "check"}, "", ""});
  a.created = "2025-05-01T08:00:00Z";
  a.modified = "2025-05-02T09:30:00Z";
  return a;
}

// An expert's review of `package_text`: the station's answers with levels and judge as given.
Review expert_review(const Rubric& rb, const std::string& package_text, const std::string& name, int level_value,
                     double judge) {
  Review r = new_review(rb, station(rb), package_text, {name, "高级工程师", "湖南省质量技术研究院"}, "2025-06-01");
  const Json answers = Json::parse(kStationAnswers);
  for (auto& [id, answer] : answers.items()) r.items[id] = ReviewItem{answer, "", ""};
  r.items["levels"].answer = level_value == 10 ? Json{{"level", 0}} : Json{{"level", 1}, {"value", level_value}};
  r.items["judge"].answer = Json{{"value", judge}};
  return r;
}

struct Fixture {
  std::vector<Rubric> rubrics = kinds_only();
  const Rubric& rb = rubrics[0];
  std::string package = export_package(rb, station(rb));
  std::string hash = package_hash(package);
  std::vector<Review> five() const {
    std::vector<Review> v = {expert_review(rb, package, "专家甲", 7, 5.5), expert_review(rb, package, "专家乙", 8, 6),
                             expert_review(rb, package, "专家丙", 8, 7), expert_review(rb, package, "专家丁", 9, 5.5),
                             expert_review(rb, package, "专家戊", 10, 6)};
    // 10 against the self score 7 is 3 apart, beyond 20% of 10 = 2: a reason is required.
    v[4].items["levels"].deviation_reason = "现场查看成立文件，三个机构文件齐全";
    v[4].items["levels"].comment = "文件齐全";
    return v;
  }
};

const VerifyFinding* finding(const VerifyReport& r, const std::string& code, const std::string& criterion) {
  for (auto& f : r.findings)
    if (f.code == code && f.criterion == criterion) return &f;
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Verify

TEST_CASE("a package exported by the tool verifies clean, embedded evidence included") {
  Fixture fx;
  auto r = verify_package(fx.package, fx.rubrics);
  REQUIRE(r.ok());
  const VerifyReport& rep = r.value();
  CHECK(rep.ok());
  CHECK(rep.findings.empty());
  CHECK(rep.station == "长沙县质量服务站");
  CHECK(rep.computed_total == pts(75));  // see the header comment
  CHECK(rep.stored_total == pts(75));
  CHECK(rep.package_hash == sha256_hex(fx.package));
  CHECK(rep.evidence_entries == 2);
  CHECK(rep.evidence_checked == 1);  // the embedded one; the other is not at hand
  CHECK(rep.evidence_unchecked == std::vector<std::string>{"制度汇编.txt"});
}

TEST_CASE("a package with one stored score edited by hand is flagged and names the criterion with both values") {
  Fixture fx;
  Json j = Json::parse(fx.package);
  j["scores"]["criteria"]["levels"] = 9;  // the answers still give 7
  auto r = verify_package(j.dump(), fx.rubrics);
  REQUIRE(r.ok());
  const VerifyReport& rep = r.value();
  CHECK_FALSE(rep.ok());
  REQUIRE(rep.findings.size() == 1);  // the total was left alone, so only the criterion differs
  const VerifyFinding& f = rep.findings[0];
  CHECK(f.code == "verify.score_mismatch");
  CHECK(f.criterion == "levels");
  CHECK(f.message == "“机构”（levels）：数据包记录的得分为 9，按答案重新计算为 7，可能被篡改或评分表版本不一致");
}

TEST_CASE("an edited total, a missing criterion score and an unknown criterion are each flagged") {
  Fixture fx;
  Json j = Json::parse(fx.package);
  j["scores"]["total"] = 90;
  j["scores"]["criteria"].erase("judge");
  j["scores"]["criteria"]["zz"] = 5;
  auto r = verify_package(j.dump(), fx.rubrics);
  REQUIRE(r.ok());
  const VerifyReport& rep = r.value();
  REQUIRE(rep.findings.size() == 3);
  REQUIRE(finding(rep, "verify.total_mismatch", ""));
  CHECK(finding(rep, "verify.total_mismatch", "")->message == "总分：数据包记录为 90，按答案重新计算为 75，可能被篡改或评分表版本不一致");
  REQUIRE(finding(rep, "verify.score_missing", "judge"));
  CHECK(contains(finding(rep, "verify.score_missing", "judge")->message, "按答案重新计算为 6"));
  // An id the rubric does not have is listed under the package as a whole, not as a criterion of its own.
  REQUIRE(finding(rep, "verify.score_unknown", ""));
  CHECK(contains(finding(rep, "verify.score_unknown", "")->message, "没有的细项“zz”"));

  j.erase("scores");
  auto none = verify_package(j.dump(), fx.rubrics);
  REQUIRE(none.ok());
  REQUIRE(none.value().findings.size() == 1);
  CHECK(none.value().findings[0].code == "verify.scores_missing");
}

TEST_CASE("one changed byte of embedded evidence is flagged for the criterion it supports") {
  Fixture fx;
  Json j = Json::parse(fx.package);
  std::string bytes = *base64_decode(j["evidence"][0]["data_base64"].get<std::string>());
  bytes[0] = static_cast<char>(bytes[0] ^ 0x01);  // same size, different content
  j["evidence"][0]["data_base64"] = base64_encode(bytes);
  auto r = verify_package(j.dump(), fx.rubrics);
  REQUIRE(r.ok());
  const VerifyReport& rep = r.value();
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].code == "verify.evidence_hash");
  CHECK(rep.findings[0].criterion == "count");
  CHECK(rep.findings[0].message == "“证书”（count）的证明材料“证书清单.txt”：SHA-256 与清单记录不一致，内容已被改动或不是同一文件");

  j["evidence"][0]["data_base64"] = "!!!";
  auto broken = verify_package(j.dump(), fx.rubrics);
  REQUIRE(broken.ok());
  CHECK(finding(broken.value(), "verify.evidence_base64", "count"));
}

TEST_CASE("evidence from the evaluator's folder is checked; a missing file is listed for every criterion it supports") {
  Fixture fx;
  SUBCASE("the right file passes") {
    auto r = verify_package(fx.package, fx.rubrics, [](const EvidenceItem& e) -> std::optional<std::string> {
      if (e.name == "制度汇编.txt") return kExternalBytes;
      return std::nullopt;
    });
    REQUIRE(r.ok());
    CHECK(r.value().ok());
    CHECK(r.value().evidence_checked == 2);
    CHECK(r.value().evidence_unchecked.empty());
  }
  SUBCASE("a missing file is a finding for graded and for check") {
    auto r = verify_package(fx.package, fx.rubrics, [](const EvidenceItem&) -> std::optional<std::string> { return std::nullopt; });
    REQUIRE(r.ok());
    const VerifyReport& rep = r.value();
    REQUIRE(rep.findings.size() == 2);
    REQUIRE(finding(rep, "verify.evidence_missing", "graded"));
    REQUIRE(finding(rep, "verify.evidence_missing", "check"));
    CHECK(contains(finding(rep, "verify.evidence_missing", "graded")->message, "“制度”（graded）的证明材料“制度汇编.txt”"));
  }
  SUBCASE("a file of another size is a size finding") {
    auto r = verify_package(fx.package, fx.rubrics, [](const EvidenceItem&) -> std::optional<std::string> { return "短"; });
    REQUIRE(r.ok());
    const VerifyFinding* f = finding(r.value(), "verify.evidence_size", "graded");
    REQUIRE(f);
    // "短" is 3 bytes in UTF-8; the manifest says 40 (13 characters × 3 bytes + the ASCII "2").
    CHECK(contains(f->message, "大小为 3 字节，与清单记录的 40 字节不符"));
  }
}

TEST_CASE("findings are capped per criterion: an evidence entry citing 100,000 ids gives a bounded report") {
  Fixture fx;
  Json j = Json::parse(fx.package);
  Json ids = Json::array();
  for (int i = 0; i < 100000; ++i) ids.push_back("x" + std::to_string(i));
  for (int i = 0; i < 50; ++i) ids.push_back("count");  // the same known criterion, many times
  j["evidence"][0]["criteria"] = ids;
  j["evidence"][0]["data_base64"] = "!!!";
  auto r = verify_package(j.dump(), fx.rubrics);
  REQUIRE(r.ok());
  const VerifyReport& rep = r.value();
  // "": 10 listed + one verify.more_findings; "count": the same message once (identical ones are one finding).
  CHECK(rep.findings.size() == 12);
  CHECK(rep.findings_total == 100001);
  const VerifyFinding* more = finding(rep, "verify.more_findings", "");
  REQUIRE(more);
  CHECK(more->message == "另有 99990 处问题未逐一列出（每个细项最多列出 10 个）；请申报单位核对后重新导出数据包");
  int listed_count = 0;
  for (auto& f : rep.findings) listed_count += f.criterion == "count" ? 1 : 0;
  CHECK(listed_count == 1);
}

TEST_CASE("verify refuses what import refuses: another rubric version, or not a package") {
  Fixture fx;
  Json j = Json::parse(fx.package);
  j["rubric"]["version"] = "0.9";
  auto r = verify_package(j.dump(), fx.rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.rubric_version");
  CHECK(verify_package("{}", fx.rubrics).error().code == "package.not_package");
}

// ---------------------------------------------------------------------------------------------
// Reviews

TEST_CASE("a review exports with stable keys and round-trips byte for byte") {
  Fixture fx;
  Review r = fx.five()[4];
  r.summary = "建议完善监督检查记录";
  const std::string first = export_review(r);
  auto back = import_review(first, fx.rubrics);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message));
  CHECK(export_review(back.value()) == first);
  const Json j = Json::parse(first);
  CHECK(j["format"] == "qis-review/1");
  CHECK(j["package"]["sha256"] == fx.hash);
  CHECK(j["package"]["name"] == "长沙县质量服务站");
  CHECK(j["rubric"]["id"] == "kinds");
  CHECK(j["expert"]["name"] == "专家戊");
  CHECK(j["margin_percent"] == 20);
  CHECK(j["criteria"]["levels"]["deviation_reason"] == "现场查看成立文件，三个机构文件齐全");
  // Keys are sorted: "app" < "criteria" < "date" < "expert" < "format" < ... in the text.
  CHECK(first.find("\"app\"") < first.find("\"criteria\""));
  CHECK(first.find("\"criteria\"") < first.find("\"date\""));
  CHECK(first.find("\"format\"") < first.find("\"package\""));
}

TEST_CASE("scoring a review is scoring its answers alone") {
  Fixture fx;
  const Review r = fx.five()[4];
  const ScoreReport s = score_review(fx.rb, r);
  CHECK(s.total == pts(78));  // 62 (agreed criteria, bonus included) + levels 10 + judge 6
  CHECK(s.find("levels")->score == pts(10));
  Assessment answers_only;
  for (auto& [id, item] : r.items) answers_only.answers[id] = item.answer;
  CHECK(score(fx.rb, answers_only).total == s.total);
}

TEST_CASE("an invalid or unknown answer in a review is refused and names the criterion") {
  Fixture fx;
  Json j = review_json(fx.five()[0]);
  j["criteria"]["levels"]["answer"] = {{"level", 1}, {"value", 12}};
  auto bad = import_review(j.dump(), fx.rubrics);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "review.answer_invalid");
  CHECK(contains(bad.error().message, "“机构”（levels）"));
  CHECK(contains(bad.error().message, "12"));

  Json k = review_json(fx.five()[0]);
  k["criteria"]["nope"] = {{"answer", {{"value", 1}}}};
  auto unknown = import_review(k.dump(), fx.rubrics);
  CHECK(unknown.error().code == "review.unknown_criterion");
  CHECK(contains(unknown.error().message, "nope"));

  Json m = review_json(fx.five()[0]);
  m["expert"]["name"] = " ";
  CHECK(import_review(m.dump(), fx.rubrics).error().code == "review.missing_field");
}

TEST_CASE("a package or a foreign file is not taken for a review") {
  Fixture fx;
  auto r = import_review(fx.package, fx.rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "review.not_review");
  CHECK(contains(r.error().message, "这是申报单位的数据包"));
  CHECK(import_review("[]", fx.rubrics).error().code == "review.not_review");
  CHECK(import_review("{\"format\": \"qis-review/7\"}", fx.rubrics).error().code == "review.format_version");
  CHECK(import_review("{", fx.rubrics).error().code == "review.syntax");
  // A version that is not ASCII digits (bytes above 0x7F) is "not supported", not "newer".
  auto odd = import_review("{\"format\": \"qis-review/\u4e00\"}", fx.rubrics);
  REQUIRE_FALSE(odd.ok());
  CHECK(odd.error().code == "review.format_version");
  CHECK(odd.error().message == "不支持的专家评审意见文件格式版本“qis-review/一”。");
}

TEST_CASE("a review of another package is refused: 该评审意见对应的数据包与当前数据包不一致") {
  Fixture fx;
  const Review r = fx.five()[0];
  Assessment changed = station(fx.rb);
  changed.modified = "2025-05-03T10:00:00Z";  // re-exported: other bytes, other hash
  const std::string other = export_package(fx.rb, changed);
  const auto problems = check_review(fx.rb, r, package_hash(other), score(fx.rb, changed));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "review.package_mismatch");
  CHECK(contains(problems[0].message, "专家“专家甲”：该评审意见对应的数据包与当前数据包不一致"));
  CHECK(check_review(fx.rb, r, fx.hash, score(fx.rb, station(fx.rb))).empty());
}

TEST_CASE("a deviation beyond 20% of the max needs a reason; the margin is configurable") {
  Fixture fx;
  const ScoreReport self = score(fx.rb, station(fx.rb));
  Review r = fx.five()[4];
  r.items["levels"].deviation_reason = "";
  auto devs = review_deviations(fx.rb, r, self);
  REQUIRE(devs.size() == 1);  // levels 10 vs 7 (3 > 2); judge 6 vs 6
  CHECK(devs[0].node->id == "levels");
  CHECK(devs[0].self == pts(7));
  CHECK(devs[0].expert == pts(10));
  CHECK(devs[0].margin == pts(2));  // 20% of 10
  auto problems = check_review(fx.rb, r, fx.hash, self);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "review.deviation_reason");
  CHECK(problems[0].where == "levels");
  CHECK(problems[0].message == "专家“专家戊”：“机构”（levels）评 10 分，与自评 7 分相差超过允许偏差 2 分（满分 10 的 20%），请填写偏差理由");

  // Exactly at the margin is allowed: 专家丁's 9 is 2 from 7.
  CHECK(review_deviations(fx.rb, fx.five()[3], self).empty());
  // A 40% margin (4 points) lets 3 pass without a reason.
  r.margin_percent = 40;
  CHECK(review_deviations(fx.rb, r, self).empty());
  CHECK(check_review(fx.rb, r, fx.hash, self).empty());
}

// Issue 25 item 2: the page exported a review with a deviation lacking its reason and unscored
// criteria as a success, while qis review refused it. Both now ask review_problems.
TEST_CASE("review_problems: a missing reason, unscored criteria and an edited 单位名称, as qis review refuses them") {
  Fixture fx;
  const ScoreReport self = score(fx.rb, station(fx.rb));
  CHECK(review_problems(fx.rb, fx.five()[4], fx.hash, self, "长沙县质量服务站").empty());
  Review r = fx.five()[4];
  r.items["levels"].deviation_reason = "";
  r.items.erase("judge");
  r.items.erase("bands");
  auto problems = review_problems(fx.rb, r, fx.hash, self, "长沙县质量服务站");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].code == "review.deviation_reason");
  CHECK(problems[1].code == "panel.review_incomplete");
  CHECK(contains(problems[1].message, "专家“专家戊”尚未对"));
  CHECK(contains(problems[1].message, "（judge）"));
  CHECK(contains(problems[1].message, "（bands）"));
  auto renamed = review_problems(fx.rb, fx.five()[4], fx.hash, self, "另一个站");
  REQUIRE(renamed.size() == 1);
  CHECK(renamed[0].code == "review.station_mismatch");
}

TEST_CASE("evidence citing a required material is named by the material's title and clause, never by its id") {
  const Rubric& rb = [] () -> const Rubric& {
    static const std::vector<Rubric> all = load_bundled_rubrics();
    for (auto& r : all)
      if (r.id == "hunan-db43") return r;
    throw std::runtime_error("hunan-db43 not bundled");
  }();
  const std::string label = target_label(rb, "material:regulations");
  CHECK(label == "申请材料“相关制度”（6.2 d)）");
  CHECK(target_label(rb, "regulations") == label);
  CHECK_FALSE(contains(label, "regulations"));
}

// ---------------------------------------------------------------------------------------------
// Panel

TEST_CASE("five reviews: per criterion mean and trimmed mean, rounded half up to one decimal, and the totals") {
  Fixture fx;
  const auto reviews = fx.five();
  SUBCASE("mean") {
    auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, {});
    REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().message));
    const Panel& panel = p.value();
    CHECK(panel.warnings.empty());
    const PanelCriterion* levels = panel.find("levels");
    CHECK(levels->scores == std::vector<Milli>{pts(7), pts(8), pts(8), pts(9), pts(10)});
    CHECK(levels->self == pts(7));
    CHECK(levels->computed == pts(8.4));  // (7 + 8 + 8 + 9 + 10) / 5 = 42 / 5 = 8.4
    CHECK(levels->spread == pts(3));      // 10 − 7
    CHECK(levels->wide_spread);           // 3 > 20% × 10 = 2
    // Issue 25 item 5: whose score to discuss, not only that one differs: 10 lies 2 from the median 8.
    CHECK(levels->outlier == std::vector<bool>{false, false, false, false, true});
    const PanelCriterion* judge = panel.find("judge");
    CHECK(judge->outlier == std::vector<bool>(5, false));  // the spread is not wide: nobody is singled out
    CHECK(judge->computed == pts(6));     // (5.5 + 6 + 7 + 5.5 + 6) / 5 = 30 / 5 = 6.0
    CHECK(judge->spread == pts(1.5));
    CHECK_FALSE(judge->wide_spread);      // 1.5 ≤ 20% × 8 = 1.6
    CHECK(panel.find("bands")->computed == pts(17));
    CHECK(panel.total == pts(76.4));      // 62 + 8.4 + 6.0
    CHECK(panel.bonus == pts(3));         // yes 1 + cases 2
    CHECK(panel.base == pts(73.4));
    CHECK(panel.self_total == pts(75));
    CHECK(panel.outcome == "良好");       // 76.4 > 70
    CHECK(panel.node_result(*fx.rb.find("A")) == pts(73.4));
  }
  SUBCASE("trimmed: 去掉一个最高分和一个最低分后取平均") {
    PanelOptions o;
    o.method = PanelMethod::Trimmed;
    auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, o);
    REQUIRE(p.ok());
    CHECK(p.value().find("levels")->computed == pts(8.3));  // (8 + 8 + 9) / 3 = 8.333… → 8.3
    CHECK(p.value().find("judge")->computed == pts(5.8));   // sorted 5.5 5.5 6 6 7 → (5.5 + 6 + 6) / 3 = 5.833… → 5.8
    CHECK(p.value().total == pts(76.1));                    // 62 + 8.3 + 5.8
  }
}

TEST_CASE("fewer reviews than the rubric's panel rule merge with a warning citing its clause, and a half rounds up") {
  Fixture fx;
  auto all = fx.five();
  const std::vector<Review> four(all.begin() + 1, all.end());  // 乙 丙 丁 戊
  // A rubric that names no panel rule (崇明, 松江, 武汉): no warning at all.
  auto none = merge_panel(fx.rb, station(fx.rb), fx.hash, four, {});
  REQUIRE(none.ok());
  CHECK(none.value().warnings.empty());
  // With 湖南's rule (003 7.2: 不少于5人) in the rubric's procedure, four experts are warned about.
  fx.rubrics[0].procedure.panel.min_size = 5;
  fx.rubrics[0].procedure.panel.clause = "7.2";
  fx.rubrics[0].procedure.panel.basis = "《质量基础设施“一站式”服务评价规范》";
  auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, four, {});
  REQUIRE(p.ok());
  REQUIRE(p.value().warnings.size() == 1);
  CHECK(p.value().warnings[0].code == "panel.too_few_experts");
  CHECK(contains(p.value().warnings[0].message, "专家组目前只有 4 人"));
  CHECK(contains(p.value().warnings[0].message, "评价规范》7.2"));
  CHECK(p.value().find("levels")->computed == pts(8.8));  // (8 + 8 + 9 + 10) / 4 = 8.75 → half up → 8.8
  CHECK(p.value().find("judge")->computed == pts(6.1));   // (6 + 7 + 5.5 + 6) / 4 = 6.125 → 6.1
  CHECK(p.value().total == pts(76.9));                    // 62 + 8.8 + 6.1
}

TEST_CASE("a trimmed mean needs at least three reviews") {
  Fixture fx;
  auto all = fx.five();
  PanelOptions o;
  o.method = PanelMethod::Trimmed;
  auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, {all[0], all[1]}, o);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().code == "panel.trimmed_too_few");
  CHECK(contains(p.error().message, "当前只有 2 份"));
}

TEST_CASE("the panel leader's override replaces the computed result and keeps its reason") {
  Fixture fx;
  PanelOptions o;
  o.overrides.push_back({"levels", pts(9), "复核成立文件后专家组一致同意"});
  auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, fx.five(), o);
  REQUIRE(p.ok());
  const PanelCriterion* c = p.value().find("levels");
  CHECK(c->computed == pts(8.4));
  CHECK(c->result == pts(9));
  REQUIRE(c->override_by_leader);
  CHECK(c->override_by_leader->reason == "复核成立文件后专家组一致同意");
  CHECK(p.value().total == pts(77));  // 62 + 9 + 6.0

  SUBCASE("without a reason it is refused") {
    o.overrides[0].reason = "  ";
    auto bad = merge_panel(fx.rb, station(fx.rb), fx.hash, fx.five(), o);
    CHECK(bad.error().code == "panel.override_reason");
  }
  SUBCASE("beyond the max, with two decimals, or on an unknown criterion it is refused") {
    o.overrides[0].value = pts(11);
    CHECK(merge_panel(fx.rb, station(fx.rb), fx.hash, fx.five(), o).error().code == "panel.override_range");
    o.overrides[0].value = pts(8.25);
    CHECK(merge_panel(fx.rb, station(fx.rb), fx.hash, fx.five(), o).error().code == "panel.override_step");
    o.overrides[0] = {"A", pts(5), "理由"};
    CHECK(merge_panel(fx.rb, station(fx.rb), fx.hash, fx.five(), o).error().code == "panel.override_unknown");
  }
}

TEST_CASE("a panel refuses incomplete reviews, duplicate experts, missing reasons and other packages") {
  Fixture fx;
  auto reviews = fx.five();
  SUBCASE("incomplete") {
    reviews[1].items.erase("bands");
    auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, {});
    CHECK(p.error().code == "panel.review_incomplete");
    CHECK(contains(p.error().message, "专家“专家乙”尚未对“满意度”（bands）评分"));
  }
  SUBCASE("duplicate expert") {
    reviews[1].expert.name = "专家甲";
    CHECK(merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, {}).error().code == "panel.duplicate_expert");
  }
  SUBCASE("duplicate expert hidden by a zero-width space (issue 31 item 7)") {
    reviews[1].expert.name = "专家\u200B甲";
    auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, {});
    CHECK(p.error().code == "panel.duplicate_expert");
    CHECK(contains(p.error().message, "只差空格或不可见字符，视为同一位专家"));
  }
  SUBCASE("deviation without a reason") {
    reviews[4].items["levels"].deviation_reason.clear();
    CHECK(merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, {}).error().code == "review.deviation_reason");
  }
  SUBCASE("another package") {
    reviews[2].package_hash = std::string(64, 'a');
    auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, reviews, {});
    CHECK(p.error().code == "review.package_mismatch");
    CHECK(contains(p.error().message, "该评审意见对应的数据包与当前数据包不一致"));
  }
  SUBCASE("none") { CHECK(merge_panel(fx.rb, station(fx.rb), fx.hash, {}, {}).error().code == "panel.no_reviews"); }
}

TEST_CASE("a panel file round-trips: readers merge the embedded reviews again") {
  Fixture fx;
  PanelOptions o;
  o.method = PanelMethod::Trimmed;
  o.overrides.push_back({"judge", pts(6.5), "现场演示线上平台"});
  auto p = merge_panel(fx.rb, station(fx.rb), fx.hash, fx.five(), o);
  REQUIRE(p.ok());
  const std::string text = export_panel(p.value());
  const Json j = Json::parse(text);
  CHECK(j["format"] == "qis-panel/1");
  CHECK(j["method"] == "trimmed");
  CHECK(j["reviews"].size() == 5);
  CHECK(j["result"]["total"] == 76.8);  // 62 + 8.3 + 6.5
  CHECK(j["result"]["criteria"]["judge"]["override_reason"] == "现场演示线上平台");

  Json tampered = j;
  tampered["result"]["total"] = 99;  // informational only
  auto file = read_panel(tampered.dump(), fx.rubrics);
  REQUIRE_MESSAGE(file.ok(), (file.ok() ? "" : file.error().message));
  CHECK(file.value().package_hash == fx.hash);
  auto again = merge_panel(fx.rb, station(fx.rb), file.value().package_hash, file.value().reviews, file.value().options);
  REQUIRE(again.ok());
  CHECK(again.value().total == pts(76.8));
  CHECK(export_panel(again.value()) == text);

  CHECK(read_panel(fx.package, fx.rubrics).error().code == "panel.not_panel");
  Json bad = j;
  bad["method"] = "median";
  CHECK(contains(read_panel(bad.dump(), fx.rubrics).error().message, "median"));
}

// ---------------------------------------------------------------------------------------------
// The CLI on the bundled Wuhan rubric (every criterion a judgment in steps of 0.5).

namespace {

using qis_test::run_cli;
using Run = qis_test::CliRun;
fs::path cli_dir() { return qis_test::scratch_dir(); }

std::string write(const std::string& name, const std::string& text) {
  const fs::path p = cli_dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

const Rubric& wuhan() {
  static const std::vector<Rubric> rubrics = load_bundled_rubrics();
  for (auto& r : rubrics)
    if (r.id == "wuhan-2025") return r;
  throw std::runtime_error("wuhan-2025 not bundled");
}

// Every Wuhan criterion at its max except 1.1.1 组织架构 (max 3) judged `first`.
Assessment wuhan_station(double first) {
  const Rubric& rb = wuhan();
  Assessment a = qis_test::assessment(rb, "{}");
  a.rubric_hash = rb.content_hash;
  for (const Node* n : rb.criteria()) a.answers[n->id] = Json{{"value", static_cast<double>(n->max) / 1000.0}};
  a.answers["1.1.1"] = Json{{"value", first}};
  a.profile["name"] = "武汉市光谷质量服务站";
  return a;
}

}  // namespace

TEST_CASE("qis verify exits 0 on a clean package and 1 naming the criterion of a changed evidence file") {
  const Rubric& rb = wuhan();
  const std::string dir = std::string(QIS_FIXTURE_DIR) + "/review/evidence";
  const std::string manual = qis_test::read_file(dir + "/服务手册.txt");
  Assessment a = wuhan_station(2.5);
  a.evidence.push_back({"ev1", "服务手册.txt", "text/plain", static_cast<std::int64_t>(manual.size()), sha256_hex(manual),
                        {"1.3.1"}, "", ""});
  a.evidence.push_back({"ev2", "不存在.pdf", "application/pdf", 10, sha256_hex("0123456789"), {"2.2.2"}, "", ""});
  const std::string path = write("wuhan.json", export_package(rb, a));

  const Run plain = run_cli({"verify", path});
  CHECK(plain.code == 0);  // nothing is embedded and no folder is given: unchecked, not findings
  CHECK(contains(plain.out, "未发现问题"));
  CHECK(contains(plain.out, "2 项未嵌入也未指定材料目录"));
  // 第十四条's materials were not attached: reported on their own, as incomplete, not as tampering.
  CHECK(contains(plain.out, "材料不全：缺 "));
  CHECK(contains(plain.out, "[verify.material_missing]"));
  const Json pj = Json::parse(run_cli({"verify", path, "--json"}).out);
  CHECK(pj["ok"] == true);
  REQUIRE_FALSE(pj["incomplete"].empty());
  CHECK(pj["incomplete"][0]["code"] == "verify.material_missing");
  // The hash printed on the stamped paper: the file it names passes, any other file is refused.
  const std::string hash = package_hash(qis_test::read_file(path));
  std::string printed;  // as a reader types it from the paper: groups of four, upper case
  for (std::size_t i = 0; i < 16; ++i) printed += std::string(i && i % 4 == 0 ? " " : "") + static_cast<char>(std::toupper(hash[i]));
  const Run same = run_cli({"verify", path, "--expect", printed});
  CHECK(same.code == 0);
  CHECK(contains(same.out, "与纸质材料核对：一致"));
  const Run other = run_cli({"verify", path, "--expect", std::string(16, '0')});
  CHECK(other.code == 1);
  CHECK(contains(other.err, "这不是纸质材料所对应的数据包"));
  CHECK(contains(other.err, "纸质材料上的 SHA-256 为 0000000000000000"));
  CHECK(run_cli({"verify", path, "--expect", "12ab"}).code == 2);  // too short to identify a file

  const Run missing = run_cli({"verify", path, "--evidence", dir});
  CHECK(missing.code == 1);
  CHECK(contains(missing.out, "“线上服务”（2.2.2）的证明材料“不存在.pdf”：材料目录中找不到该文件"));
  CHECK(contains(missing.err, "核对未通过"));

  Json j = Json::parse(qis_test::read_file(path));
  j["scores"]["criteria"]["1.1.1"] = 3;
  const Run edited = run_cli({"verify", write("edited.json", j.dump()), "--json"});
  CHECK(edited.code == 1);
  const Json out = Json::parse(edited.out);
  CHECK(out["ok"] == false);
  REQUIRE(out["findings"].size() == 1);
  CHECK(out["findings"][0]["criterion"] == "1.1.1");
  CHECK(out["findings"][0]["message"] == "“组织架构”（1.1.1）：数据包记录的得分为 3，按答案重新计算为 2.5，可能被篡改或评分表版本不一致");

  CHECK(run_cli({"verify"}).code == 2);
  CHECK(run_cli({"verify", path, "--csv"}).code == 2);
  CHECK(run_cli({"verify", path, "--evidence", dir + "/nope"}).code == 1);
}

TEST_CASE("qis panel merges review files, warns under five experts and saves a panel file") {
  const Rubric& rb = wuhan();
  const Assessment a = wuhan_station(2.5);
  const std::string package = export_package(rb, a);
  const std::string path = write("panel-station.json", package);
  std::vector<std::string> args = {"panel", path};
  const double firsts[] = {2, 2.5, 2.5, 3, 3};  // 1.1.1 by five experts; the rest at max like the station
  for (int i = 0; i < 5; ++i) {
    Review r = new_review(rb, a, package, {"专家" + std::to_string(i + 1), "研究员", "武汉市标准化研究院"}, "2025-06-0" + std::to_string(i + 1));
    for (auto& [id, ans] : a.answers) r.items[id] = ReviewItem{ans, "", ""};
    r.items["1.1.1"].answer = Json{{"value", firsts[i]}};
    args.push_back(write("review" + std::to_string(i) + ".json", export_review(r)));
  }
  // Station total 100 − 0.5 = 99.5; experts' 1.1.1 mean (2 + 2.5 + 2.5 + 3 + 3) / 5 = 2.6 → total 97 + 2.6 = 99.6;
  // trimmed (2.5 + 2.5 + 3) / 3 = 2.666… → 2.7 → 99.7.
  std::vector<std::string> with_out = args;
  const std::string panel_path = (cli_dir() / "panel.json").string();
  with_out.insert(with_out.end(), {"--method", "trimmed", "-o", panel_path});
  const Run r = run_cli(with_out);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "总分：自评 99.5，专家组 99.7"));
  const Json saved = Json::parse(qis_test::read_file(panel_path));
  CHECK(saved["result"]["total"] == 99.7);

  std::vector<std::string> four(args.begin(), args.end() - 1);
  four.push_back("--json");
  const Run w = run_cli(four);
  CHECK(w.code == 0);
  CHECK_FALSE(contains(w.err, "专家组目前只有"));  // 武汉's rules name no panel size: no warning
  CHECK(Json::parse(w.out)["result"]["total"] == 99.5);  // (2 + 2.5 + 2.5 + 3) / 4 = 2.5 → 97 + 2.5

  std::vector<std::string> over = args;
  over.insert(over.end(), {"--override", "1.1.1=3:现场核实组织架构健全"});
  const Run o = run_cli(over);
  CHECK(o.code == 0);
  CHECK(contains(o.out, "组长调整，计算值 2.6：现场核实组织架构健全"));

  std::vector<std::string> bad = args;
  bad.insert(bad.end(), {"--override", "1.1.1=3"});
  const Run b = run_cli(bad);
  CHECK(b.code == 1);
  CHECK(contains(b.err, "须注明理由"));
  CHECK(run_cli({"panel", path, args[2], "--method", "median"}).code == 2);

  // qis review: one expert against the station.
  const Run ok = run_cli({"review", path, args[2]});
  CHECK(ok.code == 0);
  CHECK(contains(ok.out, "总分：自评 99.5，专家 99"));  // 专家1 judged 1.1.1 at 2: 97 + 2
  Review far = new_review(rb, a, package, {"专家6", "", ""}, "2025-06-06");
  for (auto& [id, ans] : a.answers) far.items[id] = ReviewItem{ans, "", ""};
  far.items["1.1.1"].answer = Json{{"value", 1}};  // 1.5 below 2.5, beyond 20% × 3 = 0.6
  far.items.erase("4.1.4");
  const Run dev = run_cli({"review", path, write("far.json", export_review(far))});
  CHECK(dev.code == 1);
  CHECK(contains(dev.err, "“组织架构”（1.1.1）评 1 分，与自评 2.5 分相差超过允许偏差 0.6 分（满分 3 的 20%），请填写偏差理由"));
  CHECK(contains(dev.err, "尚未对“社会效益”（4.1.4）评分；每位专家须对全部细项评分后才能汇总。 [panel.review_incomplete]"));

  // Issue 31 item 9: the unit printed is the package's; a review whose own 单位名称 was edited is refused.
  Review renamed = new_review(rb, a, package, {"专家7", "", ""}, "2025-06-06");
  for (auto& [id, ans] : a.answers) renamed.items[id] = ReviewItem{ans, "", ""};
  const std::string station_name = renamed.station;
  renamed.station = "另一个站";
  const Run rn = run_cli({"review", path, write("renamed.json", export_review(renamed))});
  CHECK(rn.code == 1);
  CHECK(contains(rn.out, "单位：" + station_name));
  CHECK(contains(rn.err, "评审意见中记录的单位名称“另一个站”与数据包的单位名称“" + station_name + "”不一致"));
  CHECK(contains(rn.err, "[review.station_mismatch]"));

  // A review of another package: exit 1 with the mismatch message.
  const std::string other = write("other.json", export_package(rb, wuhan_station(1)));
  const Run m = run_cli({"panel", other, args[2]});
  CHECK(m.code == 1);
  CHECK(contains(m.err, "该评审意见对应的数据包与当前数据包不一致"));
}

TEST_CASE("qis verify and qis rank take a folder of submitted files: packages verified one by one, reviews skipped, panels only when named") {
  const Rubric& rb = wuhan();
  const fs::path folder = cli_dir() / "收到的材料";
  fs::create_directories(folder);
  auto put = [&](const std::string& name, const std::string& text) {
    std::ofstream((folder / name).string(), std::ios::binary) << text;
  };
  Assessment first = wuhan_station(2.5);
  first.profile["name"] = "甲服务站";
  Assessment second = wuhan_station(3);
  second.profile["name"] = "乙服务站";
  const std::string a = export_package(rb, first);
  put("a-甲.json", a);
  put("b-乙.json", export_package(rb, second));
  Json tampered = Json::parse(export_package(rb, wuhan_station(2)));
  tampered["profile"]["name"] = "丙服务站";
  tampered["scores"]["criteria"]["1.1.1"] = 3;  // 2 by the answers
  put("c-丙.json", tampered.dump());
  put("说明.txt", "not a package");  // not .json: ignored
  // Five experts for 甲: 1.1.1 at 1 by all → panel total 97 + 1 = 98 (甲 self 99.5, 乙 100).
  std::vector<Review> reviews;
  for (int i = 0; i < 5; ++i) {
    Review r = new_review(rb, first, a, {"专家" + std::to_string(i + 1), "", ""}, "2025-06-0" + std::to_string(i + 1));
    for (auto& [id, ans] : first.answers) r.items[id] = ReviewItem{ans, "", ""};
    r.items["1.1.1"] = ReviewItem{Json{{"value", 1}}, "", "组织架构文件不全"};
    reviews.push_back(r);
  }
  put("review-1.json", export_review(reviews[0]));
  auto panel = merge_panel(rb, first, package_hash(a), reviews, PanelOptions{});
  REQUIRE(panel.ok());
  put("panel-甲.json", export_panel(panel.value()));

  const Run v = run_cli({"verify", folder.string()});
  CHECK(v.code == 1);  // 丙 was edited
  CHECK(contains(v.out, "== " + (folder / "a-甲.json").string() + " =="));
  CHECK(contains(v.out, "“组织架构”（1.1.1）：数据包记录的得分为 3，按答案重新计算为 2"));
  CHECK(contains(v.out, "共 3 个数据包：2 个未发现问题，1 个有问题或无法打开"));
  CHECK(contains(v.err, "review-1.json: 专家评审意见，已跳过"));
  CHECK(contains(v.err, "panel-甲.json: 专家组汇总，已跳过"));

  const Run js = run_cli({"verify", folder.string(), "--json"});
  CHECK(js.code == 1);
  const Json arr = Json::parse(js.out);
  REQUIRE(arr.is_array());
  REQUIRE(arr.size() == 3);
  CHECK(arr[0]["ok"] == true);
  CHECK(arr[1]["ok"] == true);
  CHECK(arr[2]["ok"] == false);
  CHECK(arr[2]["station"] == "丙服务站");

  // A panel file lying in the folder is not used (anyone could have put it there): self scores,
  // 乙 100, 甲 99.5, then the edited 丙 (99 = 97 + 2) not ranked, and stderr says why the panel was left out.
  const Run rk = run_cli({"rank", folder.string(), "--json"});
  CHECK(rk.code == 0);
  CHECK(contains(rk.err, "panel-甲.json: 专家组汇总，未使用（数据包文件夹中的汇总文件可能来自任何人；如需采用，请用 --panel 或 --panels 指定）"));
  const Json self_ranked = Json::parse(rk.out);
  std::vector<std::string> order;
  for (auto& row : self_ranked["rows"]) order.push_back(row["name"].get<std::string>());
  CHECK(order == std::vector<std::string>{"乙服务站", "甲服务站", "丙服务站"});

  // Named with --panel it counts: 乙 100 (self), 甲 98 (panel), and the output names the panel file
  // and its five experts; the edited 丙 (99 by its answers) is listed after them, not ranked.
  const std::string panel_path = (folder / "panel-甲.json").string();
  const Run named = run_cli({"rank", folder.string(), "--panel", panel_path, "--json"});
  CHECK(named.code == 0);
  const Json ranked = Json::parse(named.out);
  order.clear();
  for (auto& row : ranked["rows"]) order.push_back(row["name"].get<std::string>());
  CHECK(order == std::vector<std::string>{"乙服务站", "甲服务站", "丙服务站"});
  CHECK(ranked["rows"][2]["rank"].is_null());
  CHECK(ranked["rows"][2]["status"].get<std::string>().rfind("1 项问题", 0) == 0);
  CHECK(ranked["rows"][1]["source"] == "panel");
  CHECK(ranked["rows"][1]["panel"]["file"] == panel_path);
  CHECK(ranked["rows"][1]["panel"]["experts"] == Json::array({"专家1", "专家2", "专家3", "专家4", "专家5"}));
  const Run text = run_cli({"rank", folder.string(), "--panel", panel_path});
  CHECK(contains(text.out, "采用的专家组汇总：\n  甲服务站：" + panel_path + "，专家 5 人（专家1、专家2、专家3、专家4、专家5），取全体专家评分的平均\n"));
  CHECK(contains(text.out, "\t甲服务站\t98\t"));
  CHECK(contains(text.out, "\t乙服务站\t100（自评）\t"));

  // --panels DIR takes the panel files of a folder the evaluator keeps; anything else there is skipped.
  const fs::path panels = cli_dir() / "专家组汇总";
  fs::create_directories(panels);
  fs::copy_file(panel_path, panels / "甲.json", fs::copy_options::overwrite_existing);
  std::ofstream((panels / "说明.json").string()) << "{}";
  const Run dir_named = run_cli({"rank", folder.string(), "--panels", panels.string()});
  CHECK(dir_named.code == 0);
  CHECK(contains(dir_named.out, "  甲服务站：" + (panels / "甲.json").string() + "，专家 5 人"));
  CHECK(contains(dir_named.err, "说明.json: 不是专家组汇总文件，已跳过"));
  // A named panel whose package is not ranked is refused.
  const Run unmatched = run_cli({"rank", (folder / "b-乙.json").string(), "--panels", panels.string()});
  CHECK(unmatched.code == 1);
  CHECK(contains(unmatched.err, "该专家组汇总对应的数据包不在本次排名的数据包中；请一并给出该数据包，或去掉这个汇总文件。 [rank.panel_unmatched]"));

  const fs::path empty = cli_dir() / "空文件夹";
  fs::create_directories(empty);
  const Run none = run_cli({"verify", empty.string()});
  CHECK(none.code == 1);
  CHECK(contains(none.err, "文件夹中没有 .json 文件"));
}

TEST_CASE("a hash typed from stamped paper is read as lowercase hex of 16 to 64 digits, separators dropped") {
  CHECK(printed_hash_prefix("1F3A 9C0B-77aa\t0123") == "1f3a9c0b77aa0123");
  CHECK(printed_hash_prefix(std::string(64, 'a')) == std::string(64, 'a'));
  CHECK(printed_hash_prefix("1f3a 9c0b 77aa 012") == "");  // 15 digits: too short to name a file
  CHECK(printed_hash_prefix(std::string(65, 'a')) == "");  // longer than a SHA-256
  CHECK(printed_hash_prefix("1f3a 9c0b 77aa 012g") == "");  // not hex
}
