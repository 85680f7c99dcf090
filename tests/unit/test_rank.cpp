// Ranking the stations of one rubric: the Wuhan 第十九条 tiers and amounts, Chongming's "确定不超过
// 两个单位", Songjiang's thresholds per station, ties, mixed rubrics, panels, and the CSV for Excel.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bundled.h"
#include "cli_runner.h"
#include "helpers.h"
#include "kinds_fixture.h"
#include "package.h"
#include "csv.h"
#include "rank.h"
#include "review.h"
#include "sha256.h"

using namespace qis;
using qis_test::pts;
namespace fs = std::filesystem;

namespace {

const char* const kToday = "2025-06-01";

const Rubric& bundled(const std::string& id) {
  static const std::vector<Rubric> rubrics = load_bundled_rubrics();
  for (auto& r : rubrics)
    if (r.id == id) return r;
  throw std::runtime_error(id + " not bundled");
}

// Answers worth exactly `target` points: non-bonus criteria filled in document order (a judgment
// takes what is left in its steps, a count the whole units, a checklist the items that fit),
// bonus criteria 0.
Assessment worth(const Rubric& rb, Milli target) {
  Assessment a = qis_test::assessment(rb, "{}");
  a.rubric_hash = rb.content_hash;
  Milli left = target;
  for (const Node* n : rb.criteria()) {
    const Rule& r = *n->rule;
    const Milli want = n->bonus ? 0 : std::min(left, n->max);
    Milli got = 0;
    Json answer;
    switch (r.kind) {
      case RuleKind::Judgment:
        got = want / r.step * r.step;
        answer = {{"value", static_cast<double>(got) / 1000.0}};
        break;
      case RuleKind::Count: {
        const Milli units = want / r.points;
        got = units * r.points;
        answer = {{"count", units * r.per / kMilli}};
        break;
      }
      case RuleKind::Checklist: {
        Json checked = Json::array();
        for (auto& o : r.options)
          if (got + o.points <= want) {
            checked.push_back(o.id);
            got += o.points;
          }
        answer = {{"checked", checked}};
        break;
      }
      case RuleKind::YesNo:
        got = want >= r.points ? r.points : 0;
        answer = {{"yes", got > 0}};
        break;
      default:
        FAIL("no filler for this rule kind");
    }
    a.answers[n->id] = answer;
    left -= got;
  }
  REQUIRE(left == 0);
  REQUIRE(score(rb, a).total == target);
  return a;
}

// A Wuhan station declaring all 第十三条 conditions, operating since 2020 (over 24 months by kToday).
RankInput wuhan_station(const std::string& name, double total) {
  const Rubric& rb = bundled("wuhan-2025");
  RankInput in;
  in.rubric = &rb;
  in.assessment = worth(rb, pts(total));
  in.assessment.profile["name"] = name;
  in.assessment.profile["operation_start"] = "2020-01-01";
  // 第十三条（六）: five 第九条 services ticked (counted from the profile) and the rest declared.
  in.assessment.profile["service_contents"] = "metrology,standardization,inspection_testing,certification,quality_management";
  for (const char* g : {"g13_1", "g13_2", "g13_3", "g13_4", "g13_5", "g13_6", "g13_7"}) in.assessment.gates[g] = true;
  in.origin = name + ".json";
  in.package_hash = sha256_hex(name);
  return in;
}

}  // namespace

namespace {

const RankRow* row(const RankResult& r, const std::string& name) {
  for (auto& x : r.rows)
    if (x.name == name) return &x;
  return nullptr;
}

std::string station_name(int i) { return std::string("质量服务站") + (i < 10 ? "0" : "") + std::to_string(i); }

// The 20 Wuhan stations: 01 (95) failed a 第十三条 condition, 02 (94) and 10 (86) are new,
// 03..09 score 93..87, 11..17 score 85..79, 18 and 19 tie at 78, 20 scores 76.
std::vector<RankInput> twenty_wuhan_stations() {
  std::vector<RankInput> v;
  const double totals[] = {95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 80, 79, 78, 78, 76};
  for (int i = 1; i <= 20; ++i) v.push_back(wuhan_station(station_name(i), totals[i - 1]));
  v[0].assessment.gates["g13_3"] = false;  // 诚信守法运营 declared not met
  v[1].assessment.profile["new_station"] = "是";
  v[9].assessment.profile["new_station"] = "是";
  for (auto& in : v)
    if (!in.assessment.profile.count("new_station")) in.assessment.profile["new_station"] = "否";
  std::reverse(v.begin(), v.end());  // the input order must not matter
  return v;
}

}  // namespace

TEST_CASE("20 Wuhan stations: 3 一等次 × 5 + 5 二等次 × 3 + 9 三等次 × 1 万元; new stations listed unranked; the failed gate last") {
  auto r = rank_stations(twenty_wuhan_stations(), kToday);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  const RankResult& res = r.value();
  REQUIRE(res.rows.size() == 20);
  CHECK(res.ranked == 17);  // 20 − 2 new − 1 ineligible

  // Ranked, best first: 03..09, 11..17, 18 and 19 (并列第 15 名 at 78, listed by name), 20 (17th).
  const int order[] = {3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
  for (int i = 0; i < 17; ++i) {
    CAPTURE(i);
    CHECK(res.rows[static_cast<std::size_t>(i)].name == station_name(order[i]));
    CHECK(res.rows[static_cast<std::size_t>(i)].rank == (i == 15 ? 15 : i + 1));
    CHECK(res.rows[static_cast<std::size_t>(i)].tied == (i == 14 || i == 15));
  }
  // Both tied stations lie inside 三等次: a tie that crosses no boundary is decided by the rule.
  CHECK(res.rows[15].conclusion == "并列第 15 名（2 个单位同为 78 分）；三等次，质量提升支持 1 万元");
  CHECK_FALSE(res.rows[15].needs_decision);
  // 第十九条: 一等次 ≤ 3 × 5 万元, 二等次 ≤ 5 × 3 万元, 三等次 ≤ 10 × 1 万元.
  for (int i = 0; i < 17; ++i) {
    const RankRow& x = res.rows[static_cast<std::size_t>(i)];
    CAPTURE(x.name);
    if (i < 3) {
      CHECK(x.tier == "一等次");
      CHECK(x.amount == pts(5));
    } else if (i < 8) {
      CHECK(x.tier == "二等次");
      CHECK(x.amount == pts(3));
    } else {
      CHECK(x.tier == "三等次");
      CHECK(x.amount == pts(1));
    }
  }
  CHECK(res.total_amount == pts(39));  // 3 × 5 + 5 × 3 + 9 × 1: only 9 stations are left for 三等次
  CHECK(res.rows[0].conclusion == "一等次，质量提升支持 5 万元");

  // The new stations follow, by score, unranked and without tier.
  CHECK(res.rows[17].name == station_name(2));
  CHECK(res.rows[18].name == station_name(10));
  for (std::size_t i : {17u, 18u}) {
    CHECK(res.rows[i].rank == 0);
    CHECK(res.rows[i].tier.empty());
    CHECK(res.rows[i].amount == 0);
    CHECK(res.rows[i].is_new);
    CHECK(res.rows[i].conclusion == "新建站，不参与排名（第十九条）");
  }
  // The station with a failed condition is last, whatever its score.
  const RankRow& last = res.rows[19];
  CHECK(last.name == station_name(1));
  CHECK(last.score == pts(95));
  CHECK_FALSE(last.eligible);
  CHECK(last.rank == 0);
  CHECK(last.conclusion ==
        "不具备资格：不符合第十三条基本条件，不能申报市级质量服务站评价。未满足：第十三条（三）“诚信守法运营，依法不属于严重失信主体”（申报单位声明不符合）");

  CHECK(std::find(res.notes.begin(), res.notes.end(),
                  "按排名从高到低依次确定等次：一等次不超过 3 名，每名 5 万元；二等次不超过 5 名，每名 3 万元；三等次不超过 10 "
                  "名，每名 1 万元（第十九条）") != res.notes.end());
  CHECK(std::find(res.notes.begin(), res.notes.end(), "站点数量上限 50 个（第十九条），本次 20 个") != res.notes.end());
}

TEST_CASE("the Wuhan amounts never exceed 3 × 5 + 5 × 3 + 10 × 1 = 40 万元, and a 51st station is noted") {
  std::vector<RankInput> v;
  for (int i = 1; i <= 23; ++i) v.push_back(wuhan_station(station_name(i), 100 - i));  // 99 … 77
  auto r = rank_stations(v, kToday);
  REQUIRE(r.ok());
  CHECK(r.value().total_amount == pts(40));
  for (std::size_t i = 18; i < 23; ++i) {
    CHECK(r.value().rows[i].rank == static_cast<int>(i) + 1);
    CHECK(r.value().rows[i].tier.empty());
    CHECK(r.value().rows[i].conclusion == "未进入支持等次");
  }
  for (int i = 24; i <= 51; ++i) v.push_back(wuhan_station(station_name(i), 50));
  auto many = rank_stations(v, kToday);
  REQUIRE(many.ok());
  CHECK(std::find(many.value().notes.begin(), many.value().notes.end(),
                  "本次共 51 个站，超过规定的上限 50 个（第十九条），请核对名单") != many.value().notes.end());
}

// Issue 25 item 7: equal scores were ordered "按字符编码顺序", a rule no rubric contains.
TEST_CASE("equal scores share one rank (并列), and a tie across a tier boundary is left to the panel, not to the names") {
  // 乙 (U+4E59) sorts before 甲 (U+7532): the list order, not a decision.
  std::vector<RankInput> v = {wuhan_station("甲站", 90), wuhan_station("一站", 95), wuhan_station("乙站", 90),
                              wuhan_station("二站", 92), wuhan_station("丁站", 80)};
  auto r = rank_stations(v, kToday);
  REQUIRE(r.ok());
  const RankResult& res = r.value();
  CHECK(res.rows[0].name == "一站");
  CHECK(res.rows[1].name == "二站");
  // Places 3 and 4 straddle 一等次 (3 places) and 二等次: neither tier is given.
  for (const char* name : {"乙站", "甲站"}) {
    const RankRow* x = row(res, name);
    CAPTURE(name);
    CHECK(x->rank == 3);
    CHECK(x->tied);
    CHECK(x->needs_decision);
    CHECK(x->tier.empty());
    CHECK(x->amount == 0);
    CHECK(x->conclusion == "并列第 3 名（2 个单位同为 90 分）；同分单位跨一等次与二等次，由专家组决定等次和金额");
    CHECK(rank_text(*x) == "并列 3");
    CHECK(tier_text(*x) == "待专家组决定");
  }
  // The next station is 5th (1, 2, 3, 3, 5) and takes place 5: 二等次.
  CHECK(row(res, "丁站")->rank == 5);
  CHECK(row(res, "丁站")->tier == "二等次");
  CHECK(res.total_amount == pts(5 + 5 + 3));  // the undecided two are not counted
  CHECK(std::find(res.notes.begin(), res.notes.end(),
                  "“乙站”“甲站”同为 90 分，并列第 3 名，分处等次分界两侧：须专家组决定，其金额未计入合计") != res.notes.end());
  CHECK(std::find(res.notes.begin(), res.notes.end(), "得分相同的单位并列同一名次，表中先后不分高低") != res.notes.end());
  for (auto& n : res.notes) CHECK(n.find("字符编码") == std::string::npos);
  const std::string csv = rank_csv(res);
  CHECK(csv.find("并列 3,乙站,90,待专家组决定,,") != std::string::npos);
  const Json j = rank_json(res);
  CHECK(j["rows"][2]["tied"] == true);
  CHECK(j["rows"][2]["needs_decision"] == true);
}

TEST_CASE("a tie on Chongming's selection line (两个单位) is marked for the panel; one inside it is selected") {
  const Rubric& rb = bundled("chongming-2024");
  auto station = [&](const std::string& name, double total) {
    RankInput in;
    in.rubric = &rb;
    in.assessment = worth(rb, pts(total));
    in.assessment.profile["name"] = name;
    in.origin = name + ".json";
    in.package_hash = sha256_hex(name);
    return in;
  };
  auto r = rank_stations({station("新河镇", 72.5), station("长兴岛", 80), station("堡镇", 72.5), station("城桥镇", 60)});
  REQUIRE(r.ok());
  const RankResult& res = r.value();
  CHECK(row(res, "长兴岛")->selected);
  CHECK(row(res, "长兴岛")->rank == 1);
  for (const char* name : {"新河镇", "堡镇"}) {
    CAPTURE(name);
    CHECK(row(res, name)->rank == 2);
    CHECK_FALSE(row(res, name)->selected);
    CHECK(row(res, name)->needs_decision);
    CHECK(row(res, name)->conclusion == "并列第 2 名（2 个单位同为 72.5 分）；入选名额只余 1 个，由专家组决定是否入选");
  }
  CHECK(row(res, "城桥镇")->rank == 4);
  CHECK(row(res, "城桥镇")->conclusion == "未入选");
}

// Issue 25 item 7: 失信 and 专员不足 both said only "不符合第十三条基本条件"; an unconfirmed
// condition was ranked 一等次 with 5 万元 and no note.
TEST_CASE("Wuhan: each failed 第十三条 condition is named, and a station with one unconfirmed is held out of the ranking") {
  std::vector<RankInput> v = {wuhan_station("失信站", 99), wuhan_station("专员站", 98), wuhan_station("待确认站", 97),
                              wuhan_station("甲站", 90), wuhan_station("乙站", 85)};
  v[0].assessment.gates["g13_3"] = false;
  v[1].assessment.gates["g13_5"] = false;
  v[2].assessment.gates.erase("g13_3");
  auto r = rank_stations(v, kToday);
  REQUIRE(r.ok());
  const RankResult& res = r.value();
  CHECK(row(res, "失信站")->conclusion.find("第十三条（三）“诚信守法运营，依法不属于严重失信主体”（申报单位声明不符合）") != std::string::npos);
  CHECK(row(res, "专员站")->conclusion.find("第十三条（五）“拥有健全的管理团队和人才队伍。") != std::string::npos);
  CHECK(row(res, "专员站")->conclusion.find("数量要求5名及以上”（申报单位声明不符合）") != std::string::npos);
  CHECK(row(res, "专员站")->conditions.size() == 1);
  const RankRow* held = row(res, "待确认站");
  CHECK(held->unconfirmed);
  CHECK(held->eligible);
  CHECK(held->rank == 0);
  CHECK(held->tier.empty());
  CHECK(held->amount == 0);
  CHECK(held->conclusion ==
        "暂不排名：第十三条（三）“诚信守法运营，依法不属于严重失信主体”尚未确认。须满足全部基本条件方可参加评价（第十三条），请申报单位确认后再排名");
  // The confirmed ones take the places: 甲站 first, 一等次.
  CHECK(row(res, "甲站")->rank == 1);
  CHECK(row(res, "甲站")->tier == "一等次");
  CHECK(res.ranked == 2);
  CHECK(res.total_amount == pts(10));
  // Held out after the ranked ones, before the ineligible.
  CHECK(res.rows[2].name == "待确认站");
  CHECK(std::find(res.notes.begin(), res.notes.end(), "1 个单位的基本条件尚未确认，暂不排名：待确认站") != res.notes.end());
  CHECK(rank_json(res)["rows"][2]["unconfirmed"] == true);
}

TEST_CASE("Chongming selects no more than two units by score (确定不超过两个单位)") {
  const Rubric& rb = bundled("chongming-2024");
  auto station = [&](const std::string& name, double total) {
    RankInput in;
    in.rubric = &rb;
    in.assessment = worth(rb, pts(total));
    in.assessment.profile["name"] = name;
    in.origin = name + ".json";
    in.package_hash = sha256_hex(name);
    return in;
  };
  // 城 (U+57CE) is listed before 长 (U+957F); both score 72.5 and share the first place.
  auto r = rank_stations({station("新河镇", 60), station("长兴岛", 72.5), station("堡镇", 50), station("城桥镇", 72.5)});
  REQUIRE(r.ok());
  const RankResult& res = r.value();
  REQUIRE(res.rows.size() == 4);
  CHECK(res.rows[0].name == "城桥镇");
  CHECK(res.rows[1].name == "长兴岛");
  CHECK(res.rows[2].name == "新河镇");
  CHECK(res.rows[3].name == "堡镇");
  int selected = 0;
  for (auto& x : res.rows) selected += x.selected ? 1 : 0;
  CHECK(selected == 2);
  CHECK(res.rows[0].selected);
  CHECK(res.rows[1].selected);
  CHECK(res.rows[0].conclusion == "并列第 1 名（2 个单位同为 72.5 分）；入选（按得分确定不超过 2 个单位）");
  CHECK(res.rows[1].rank == 1);
  CHECK(res.rows[2].rank == 3);
  CHECK(res.rows[2].conclusion == "未入选");
  CHECK(res.total_amount == 0);
  CHECK(res.notes[0] == "按得分高低确定不超过 2 个单位（2、审批立项）");
}

TEST_CASE("Songjiang shows each station's outcome against the 60 / 70 / 80 thresholds") {
  const Rubric& rb = bundled("songjiang-2024");
  std::vector<RankInput> v;
  for (double t : {55.0, 65.0, 70.0, 75.0, 85.0}) {
    RankInput in;
    in.rubric = &rb;
    in.assessment = worth(rb, pts(t));
    in.assessment.profile["name"] = "站" + format_milli(pts(t));
    // 五（二）: 高于80分 is said of 区级 projects, 低于60分 / 高于70分 of 街镇级 ones.
    in.assessment.profile["project_level"] = t > 80 ? "district" : "town";
    in.origin = in.assessment.profile["name"] + ".json";
    in.package_hash = sha256_hex(in.origin);
    v.push_back(in);
  }
  auto r = rank_stations(v);
  REQUIRE(r.ok());
  const RankResult& res = r.value();
  CHECK(row(res, "站85")->conclusion == "可推荐申请上海市项目命名（高于80分）");
  CHECK(row(res, "站75")->conclusion == "可申请区级项目命名（高于70分）");
  CHECK(row(res, "站70")->conclusion == "未达到“可申请区级项目命名（高于70分）”");  // 70 is not above 70
  CHECK(row(res, "站65")->conclusion == "未达到“可申请区级项目命名（高于70分）”");
  CHECK(row(res, "站55")->conclusion == "效能不合格（低于60分）");
  CHECK(row(res, "站55")->failed_threshold);
  CHECK(row(res, "站55")->rank == 5);
}

TEST_CASE("stations of different rubrics, or the same package twice, are refused") {
  const Rubric& sj = bundled("songjiang-2024");
  RankInput other;
  other.rubric = &sj;
  other.assessment = worth(sj, pts(80));
  other.origin = "松江站.json";
  other.package_hash = sha256_hex("松江站");
  auto r = rank_stations({wuhan_station("武汉站", 90), other});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "rank.mixed_rubrics");
  CHECK(r.error().message.find("wuhan-2025") != std::string::npos);
  CHECK(r.error().message.find("songjiang-2024") != std::string::npos);
  CHECK(r.error().where == "松江站.json");

  auto twice = rank_stations({wuhan_station("武汉站", 90), wuhan_station("武汉站", 90)});
  CHECK(twice.error().code == "rank.duplicate_package");
  CHECK(twice.error().message.find("“武汉站.json”与“武汉站.json”是同一个数据包（内容相同）") != std::string::npos);
  CHECK(rank_stations({}).error().code == "rank.empty");
}

// Issue 31 item 4: two exports of one station differing only in "modified" took both 崇明 places.
TEST_CASE("one station with two packages of one rubric is refused, or ranked once from the newest when asked") {
  RankInput older = wuhan_station("光谷站", 90), newer = wuhan_station("光谷站", 90);
  older.origin = "光谷站-1.json";
  older.package_hash = sha256_hex("1");
  older.assessment.modified = "2025-05-01T08:00:00Z";
  newer.origin = "光谷站-2.json";
  newer.package_hash = sha256_hex("2");
  newer.assessment.modified = "2025-05-20T08:00:00Z";
  // The same name with a zero-width space and a full-width space is the same station.
  RankInput disguised = newer;
  disguised.assessment.profile["name"] = "光\u200B谷\u3000站";
  disguised.origin = "光谷站-3.json";
  disguised.package_hash = sha256_hex("3");
  disguised.assessment.modified = "2025-04-01T08:00:00Z";
  const std::vector<RankInput> v = {older, wuhan_station("汉口站", 80), newer, disguised};

  auto refused = rank_stations(v, kToday);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "rank.duplicate_station");
  CHECK(refused.error().message.find("“光谷站”有 3 份按本评分表提交的数据包") != std::string::npos);
  CHECK(refused.error().message.find("光谷站-1.json（修改于 2025-05-01T08:00:00Z）") != std::string::npos);
  CHECK(refused.error().message.find("--newest") != std::string::npos);

  auto r = rank_stations(v, kToday, RankOptions{true});
  REQUIRE(r.ok());
  const RankResult& res = r.value();
  REQUIRE(res.rows.size() == 2);
  CHECK(res.rows[0].origin == "光谷站-2.json");
  CHECK(res.rows[1].name == "汉口站");
  CHECK(std::find(res.notes.begin(), res.notes.end(),
                  "“光谷站”有 3 份数据包，按要求采用修改时间最新的“光谷站-2.json”，未采用：光谷站-1.json、光谷站-3.json") !=
        res.notes.end());

  // Same time (or none): which is newer cannot be told, so even --newest refuses.
  older.assessment.modified = newer.assessment.modified;
  auto tie = rank_stations({older, newer}, kToday, RankOptions{true});
  REQUIRE_FALSE(tie.ok());
  CHECK(tie.error().message.find("修改时间相同") != std::string::npos);
}

TEST_CASE("a panel's total replaces the self score in the ranking") {
  auto loaded = load_rubric(kAllKindsRubric, "kinds");
  REQUIRE(loaded.ok());
  const Rubric& rb = loaded.value();
  const char* answers = R"({"check": {"checked": ["1", "2"]}, "count": {"count": 20}, "hundreds": {"count": 300},
    "levels": {"level": 1, "value": 7}, "judge": {"value": 6},
    "graded": {"items": {"a": {"state": "full"}, "b": {"state": "full"}, "c": {"state": "full"}}},
    "bands": {"value": 92}, "highest": {"selected": ["p"]}, "cats": {"counts": {"m": 10}},
    "yes": {"yes": true}, "cases": {"count": 1}})";
  RankInput x{"x.json", sha256_hex("x"), &rb, qis_test::assessment(rb, answers), std::nullopt};
  x.assessment.profile["name"] = "乙站";
  RankInput y{"y.json", sha256_hex("y"), &rb, qis_test::assessment(rb, answers), std::nullopt};
  y.assessment.profile["name"] = "甲站";
  y.assessment.answers["judge"] = Json{{"value", 6.5}};  // self 75.5 against x's 75
  std::vector<Review> reviews;
  const double judges[] = {6, 6, 7, 7, 7};  // mean 33 / 5 = 6.6 → x's panel total 75 − 6 + 6.6 = 75.6
  for (int i = 0; i < 5; ++i) {
    Review r;
    r.package_hash = x.package_hash;
    r.rubric_id = rb.id;
    r.rubric_version = rb.version;
    r.expert.name = "专家" + std::to_string(i);
    for (auto& [id, a] : x.assessment.answers) r.items[id] = ReviewItem{a, "", ""};
    r.items["judge"].answer = Json{{"value", judges[i]}};
    reviews.push_back(r);
  }
  auto panel = merge_panel(rb, x.assessment, x.package_hash, reviews, {});
  REQUIRE_MESSAGE(panel.ok(), (panel.ok() ? "" : panel.error().message));
  CHECK(panel.value().total == pts(75.6));

  auto without = rank_stations({x, y});
  REQUIRE(without.ok());
  CHECK(without.value().rows[0].name == "甲站");  // 75.5 > 75
  x.panel = panel.value();
  auto with = rank_stations({x, y});
  REQUIRE(with.ok());
  CHECK(with.value().rows[0].name == "乙站");  // 75.6 > 75.5
  CHECK(with.value().rows[0].from_panel);
  CHECK(with.value().rows[0].score == pts(75.6));
  CHECK(with.value().rows[0].conclusion == "良好");  // kinds: > 70
  CHECK_FALSE(with.value().rows[1].from_panel);
}

TEST_CASE("CSV fields are quoted when needed and never start a formula") {
  CHECK(csv_field("质量服务站") == "质量服务站");
  CHECK(csv_field("甲,乙") == "\"甲,乙\"");
  CHECK(csv_field("“甲”\"乙\"") == "\"“甲”\"\"乙\"\"\"");
  CHECK(csv_field("两行\r\n文字") == "\"两行\r\n文字\"");
  CHECK(csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv_field("+1") == "'+1");
  CHECK(csv_field("-1") == "'-1");
  CHECK(csv_field("@SUM") == "'@SUM");
  CHECK(csv_field("") == "");
}

TEST_CASE("the ranking CSV starts with the UTF-8 BOM, has a Chinese header and CRLF line ends") {
  std::vector<RankInput> v = {wuhan_station("甲,\"乙\"站", 93), wuhan_station("=1+1站", 80), wuhan_station("丙站", 95)};
  v[1].assessment.gates["g13_2"] = false;
  auto r = rank_stations(v, kToday);
  REQUIRE(r.ok());
  const std::string csv = rank_csv(r.value());
  CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(csv ==
        "\xEF\xBB\xBF"
        "名次,单位名称,得分,等次,支持金额（万元）,结论,得分来源,核对结果\r\n"
        "1,丙站,95,一等次,5,一等次，质量提升支持 5 万元,自评,未核对\r\n"
        "2,\"甲,\"\"乙\"\"站\",93,一等次,5,一等次，质量提升支持 5 万元,自评,未核对\r\n"
        ",'=1+1站,80,,,不具备资格：不符合第十三条基本条件，不能申报市级质量服务站评价。未满足：第十三条（二）“具有健全的管理制度、规范的服务流程和服务质量保证措施，财务状况良好”（申报单位声明不符合）,自评,未核对\r\n");
  for (std::size_t i = 0; i < csv.size(); ++i)
    if (csv[i] == '\n') CHECK(csv[i - 1] == '\r');
}

// Issue 25 item 1: a hand-edited package was ranked 2nd with no mark, and the CSV had no status.
TEST_CASE("a package whose verification found problems is listed, not ranked, and every row says what verification found") {
  std::vector<RankInput> v = {wuhan_station("甲站", 95), wuhan_station("乙站", 90), wuhan_station("丙站", 85)};
  VerifyReport tampered, clean, incomplete;
  tampered.findings = {{"verify.score_mismatch", "1.1", "…"}, {"verify.total_mismatch", "", "…"}};
  tampered.findings_total = 2;
  clean.evidence_unchecked = {"制度.pdf"};
  incomplete.incomplete = {{"verify.material_missing", "x", "…"}};
  v[0].verify = &tampered;
  v[1].verify = &clean;
  v[2].verify = &incomplete;
  auto r = rank_stations(v, kToday);
  REQUIRE(r.ok());
  const RankResult& rk = r.value();
  REQUIRE(rk.rows.size() == 3);
  CHECK(rk.rows[0].name == "乙站");
  CHECK(rk.rows[0].rank == 1);
  CHECK(rk.rows[0].status == "校验通过（1 个附件未随附，未核对）");
  CHECK(rk.rows[1].name == "丙站");
  CHECK(rk.rows[1].rank == 2);
  CHECK(rk.rows[1].status == "缺 1 项必备材料");
  CHECK(rk.rows[2].name == "甲站");  // the highest score, but not supported by its file
  CHECK(rk.rows[2].rank == 0);
  CHECK(rk.rows[2].tier.empty());
  CHECK(rk.rows[2].amount == 0);
  CHECK(rk.rows[2].status == "2 项问题");
  CHECK(rk.rows[2].conclusion.rfind("未参加排名：数据包核对发现 2 项问题", 0) == 0);
  CHECK(rk.total_amount == pts(10));
  CHECK(std::find(rk.notes.begin(), rk.notes.end(), "1 个数据包核对发现问题，未参加排名：甲站") != rk.notes.end());
  const std::string csv = rank_csv(rk);
  CHECK(csv.find(",甲站,95,,,未参加排名：数据包核对发现 2 项问题（得分或附件与记录不符），请向申报单位核实,自评,2 项问题\r\n") !=
        std::string::npos);
  CHECK(csv.find("1,乙站,90,一等次,5,一等次，质量提升支持 5 万元,自评,校验通过（1 个附件未随附，未核对）\r\n") != std::string::npos);
  const Json j = rank_json(rk);
  CHECK(j["rows"][2]["status"] == "2 项问题");
  CHECK(j["rows"][2]["findings"] == 2);
  CHECK(j["rows"][2]["rank"].is_null());
}

TEST_CASE("verify_status: passed, problems, missing materials, unchecked evidence") {
  VerifyReport r;
  CHECK(verify_status(r) == "校验通过");
  r.incomplete = {{"verify.material_missing", "a", ""}, {"verify.material_missing", "b", ""}};
  CHECK(verify_status(r) == "缺 2 项必备材料");
  r.findings_total = 3;
  r.evidence_unchecked = {"x", "y", "z", "w"};
  CHECK(verify_status(r) == "3 项问题；缺 2 项必备材料（4 个附件未随附，未核对）");
}

// ---------------------------------------------------------------------------------------------
// The CLI

namespace {

using qis_test::run_cli;
using Run = qis_test::CliRun;
fs::path scratch() { return qis_test::scratch_dir(); }

std::string write_package(const RankInput& in) {
  const fs::path p = scratch() / in.origin;
  std::ofstream(p, std::ios::binary) << export_package(*in.rubric, in.assessment, kToday);
  return p.string();
}

}  // namespace

TEST_CASE("qis rank refuses two exports of one station, and ranks the newer with --newest") {
  RankInput first = wuhan_station("东湖站", 90), second = wuhan_station("东湖站", 90);
  first.origin = "东湖站-早.json";
  first.assessment.modified = "2025-05-01T08:00:00Z";
  second.origin = "东湖站-晚.json";
  second.assessment.modified = "2025-05-02T08:00:00Z";
  const std::string a = write_package(first), b = write_package(second), c = write_package(wuhan_station("江汉站", 80));
  const Run refused = run_cli({"rank", a, c, b, "--today", kToday});
  CHECK(refused.code == 1);
  CHECK(refused.err.find("“东湖站”有 2 份按本评分表提交的数据包") != std::string::npos);
  CHECK(refused.err.find("[rank.duplicate_station]") != std::string::npos);
  const Run newest = run_cli({"rank", a, c, b, "--newest", "--csv", "--today", kToday});
  CHECK(newest.code == 0);
  CHECK(newest.out.find("1,东湖站,90,") != std::string::npos);
  CHECK(newest.out.find("2,江汉站,80,") != std::string::npos);
  CHECK(newest.out.find("3,") == std::string::npos);
  const Run noted = run_cli({"rank", a, c, b, "--newest", "--today", kToday});
  CHECK(noted.out.find("采用修改时间最新的“" + b + "”，未采用：" + a) != std::string::npos);
}

TEST_CASE("qis rank writes the CSV, the JSON and a table; mixed rubrics exit 1") {
  const std::string a = write_package(wuhan_station("甲站", 93));
  const std::string b = write_package(wuhan_station("乙站", 95));
  RankInput n = wuhan_station("新站", 99);
  n.assessment.profile["new_station"] = "是";
  const std::string c = write_package(n);

  const std::string csv_path = (scratch() / "rank.csv").string();
  const Run csv = run_cli({"rank", a, b, c, "--csv", "-o", csv_path, "--today", kToday});
  CHECK(csv.code == 0);
  const std::string text = qis_test::read_file(csv_path);
  CHECK(text.rfind("\xEF\xBB\xBF名次,单位名称,得分,等次,支持金额（万元）,结论,得分来源,核对结果\r\n", 0) == 0);
  CHECK(text.find("1,乙站,95,一等次,5,") != std::string::npos);
  CHECK(text.find(",新站,99,,,新建站，不参与排名（第十九条）,自评,缺 ") != std::string::npos);

  const Run js = run_cli({"rank", a, b, c, "--json", "--today", kToday});
  CHECK(js.code == 0);
  const Json j = Json::parse(js.out);
  CHECK(j["rows"][0]["name"] == "乙站");
  CHECK(j["rows"][0]["source"] == "self");
  CHECK(j["rows"][2]["rank"].is_null());
  CHECK(j["total_amount"] == 10);  // 5 + 5

  const Run table = run_cli({"rank", a, b, c, "--today", kToday});
  CHECK(table.code == 0);
  CHECK(table.out.find("支持金额合计：10 万元") != std::string::npos);

  const Rubric& sj = bundled("songjiang-2024");
  RankInput other{"松江站.json", "", &sj, worth(sj, pts(80)), std::nullopt};
  // Packages of two rubrics: one ranking per rubric (issue 17), in the table, the CSV and the JSON.
  const std::string sj_path = write_package(other);
  const Run mixed = run_cli({"rank", a, sj_path, b});
  CHECK(mixed.code == 0);
  CHECK(mixed.out.find("（songjiang-2024 2024.1）排名\n") != std::string::npos);
  CHECK(mixed.out.find("（wuhan-2025 2025.1）排名\n") != std::string::npos);
  CHECK(mixed.out.find("共 2 个评分表，已分别排名") != std::string::npos);
  const Run mixed_json = run_cli({"rank", a, sj_path, b, "--json"});
  const Json both = Json::parse(mixed_json.out);
  REQUIRE(both["rankings"].size() == 2);
  CHECK(both["rankings"][0]["rubric"]["id"] == "songjiang-2024");
  CHECK(both["rankings"][0]["rows"].size() == 1);
  CHECK(both["rankings"][1]["rubric"]["id"] == "wuhan-2025");
  CHECK(both["rankings"][1]["rows"][0]["name"] == "乙站");
  const Run mixed_csv = run_cli({"rank", a, sj_path, b, "--csv"});
  CHECK(mixed_csv.out.find("\xEF\xBB\xBF评分表：") == 0);
  CHECK(mixed_csv.out.find("\r\n\r\n评分表：") != std::string::npos);
  CHECK(mixed_csv.out.find("\r\n1,未命名单位（") != std::string::npos);
  CHECK(mixed_csv.out.find("1,乙站,95,") != std::string::npos);
  CHECK(run_cli({"rank", a, "--csv", "--json"}).code == 2);
  CHECK(run_cli({"rank", a, "--panel", a}).code == 1);  // a package is not a panel file
}

// Issue 25 item 9: `qis rank FOLDER` skipped .zip files silently and `qis rank x.zip` failed with an
// encoding message; `qis rank` also ranked a hand-edited package with no mark.
TEST_CASE("qis rank takes packages and bundles alike, verifies each, and keeps the tampered ones out with the reason") {
  const fs::path dir = scratch() / "rank-bundles";
  const fs::path evidence = scratch() / "rank-evidence";
  fs::create_directories(dir);
  fs::create_directories(evidence);
  const std::string content = "ORIGINAL-EVIDENCE-CONTENT: 服务站管理制度";
  std::ofstream(evidence / "制度.pdf", std::ios::binary) << content;
  auto with_file = [&](RankInput in) {
    in.assessment.evidence.push_back({"ev1", "制度.pdf", "application/pdf", static_cast<std::int64_t>(content.size()),
                                      sha256_hex(content), {}, "", ""});
    return in;
  };
  auto write_to = [&](const RankInput& in, const fs::path& path) {
    std::ofstream(path, std::ios::binary) << export_package(*in.rubric, in.assessment, kToday);
    return path.string();
  };
  write_to(wuhan_station("甲站", 93), dir / "甲站.json");
  // A stored score edited by hand, the answers left alone.
  const RankInput yi = wuhan_station("乙站", 95);
  Json edited = Json::parse(export_package(*yi.rubric, yi.assessment, kToday));
  edited["scores"]["total"] = 99;
  std::ofstream(dir / "乙站.json", std::ios::binary) << edited.dump();
  const std::string bing = write_to(with_file(wuhan_station("丙站", 88)), scratch() / "丙站.json");
  const std::string ding = write_to(with_file(wuhan_station("丁站", 90)), scratch() / "丁站.json");
  REQUIRE(run_cli({"bundle", bing, "--evidence", evidence.string(), "-o", (dir / "丙站.zip").string()}).code == 0);
  const std::string ding_zip = (scratch() / "丁站.zip").string();
  REQUIRE(run_cli({"bundle", ding, "--evidence", evidence.string(), "-o", ding_zip}).code == 0);
  std::string zip = qis_test::read_file(ding_zip);
  const std::size_t at = zip.find("ORIGINAL-EVIDENCE");
  REQUIRE(at != std::string::npos);
  zip[at] = 'X';  // one byte of the evidence file changed, the package untouched
  std::ofstream(dir / "丁站-改动.zip", std::ios::binary) << zip;

  const Run csv = run_cli({"rank", dir.string(), "--csv", "--today", kToday});
  INFO(csv.err);
  CHECK(csv.code == 0);
  CHECK(csv.out.find("1,甲站,93,") != std::string::npos);
  CHECK(csv.out.find("2,丙站,88,") != std::string::npos);  // the bundle is ranked, its file checked
  CHECK(csv.out.find(",乙站,95,,,未参加排名：数据包核对发现 ") != std::string::npos);
  CHECK(csv.out.find(",丁站,90,,,未参加排名：数据包核对发现 1 项问题") != std::string::npos);
  CHECK(csv.out.find(",自评,1 项问题；缺 ") != std::string::npos);  // 丁: the altered file (and missing materials)
  CHECK(csv.out.find("\r\n3,") == std::string::npos);
  const Run table = run_cli({"rank", dir.string(), "--today", kToday});
  CHECK(table.out.find("注：2 个数据包核对发现问题，未参加排名：") != std::string::npos);
  // A bundle named on the command line is read as a bundle, not as JSON.
  const Run one = run_cli({"rank", (dir / "丙站.zip").string(), (dir / "甲站.json").string(), "--json", "--today", kToday});
  INFO(one.err);
  CHECK(one.code == 0);
  const Json j = Json::parse(one.out);
  CHECK(j["rows"][1]["name"] == "丙站");
  CHECK(j["rows"][1]["status"].get<std::string>().find("项问题") == std::string::npos);
}
