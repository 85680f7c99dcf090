// Golden tests for rubrics/songjiang-2024.json: 松市监质量〔2024〕65号《关于推进松江区质量基础设施
// “一站式”服务项目建设的通知》附件3 质量基础设施“一站式”服务项目效能评分表 (18 items: 运营情况 20 +
// 服务能力 30 + 服务成效 50 = 100, 加分项 10). Outcomes from 五（二）: 低于60分 效能不合格; 高于70分
// 可申请区级项目命名; 效能评估高于80分的区级项目 推荐申请上海市命名. "高于/低于" exclude the number
// itself, and the score compared is the whole table's (加分项 included). Every expected number below
// is worked out by hand from the table.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "helpers.h"

using qis_test::pts;

namespace {

// Every criterion at its maximum. 8. 集成化 ticks all nine listed categories (9 × 1 = 9 → 8).
constexpr const char* kFullMarks = R"({
  "1.1": {"checked": ["1", "2", "3", "4"]},
  "1.2": {"checked": ["1", "2"]},
  "1.3": {"checked": ["1", "2"]},
  "1.4": {"checked": ["1", "2", "3"]},
  "1.5": {"checked": ["1", "2"]},
  "1.6": {"checked": ["1", "2", "3", "4"]},
  "2.7": {"value": 8},
  "2.8": {"checked": ["metrology", "standards", "testing", "certification", "brand", "ip", "supply_chain", "policy",
                      "quality_management"]},
  "2.9": {"checked": ["1", "2", "3", "4"]},
  "2.10": {"checked": ["1", "2"]},
  "2.11": {"checked": ["1", "2", "3"]},
  "3.12.1": {"count": 20},
  "3.12.2": {"count": 10},
  "3.12.3": {"count": 500},
  "3.12.4": {"count": 5},
  "3.12.5": {"count": 10},
  "3.13": {"count": 50},
  "3.14": {"count": 5},
  "3.15": {"value": 5},
  "4.16": {"count": 8},
  "4.17": {"count": 5},
  "4.18": {"yes": true}
})";

// 一、运营情况 in full (4+2+2+6+2+4 = 20) and 二、服务能力 in full (8+8+4+4+6 = 30): 50 points.
// 8. 集成化 leaves out 政策咨询: any eight of the nine categories give the full 8.
constexpr const char* kBase50 = R"({
  "1.1": {"checked": ["1", "2", "3", "4"]},
  "1.2": {"checked": ["1", "2"]},
  "1.3": {"checked": ["1", "2"]},
  "1.4": {"checked": ["1", "2", "3"]},
  "1.5": {"checked": ["1", "2"]},
  "1.6": {"checked": ["1", "2", "3", "4"]},
  "2.7": {"value": 8},
  "2.8": {"checked": ["metrology", "standards", "testing", "certification", "brand", "ip", "supply_chain",
                      "quality_management"]},
  "2.9": {"checked": ["1", "2", "3", "4"]},
  "2.10": {"checked": ["1", "2"]},
  "2.11": {"checked": ["1", "2", "3"]}
})";

const std::vector<std::string> kCriterionIds = {
    "1.1",    "1.2",    "1.3",    "1.4",    "1.5",    "1.6",  "2.7",  "2.8",  "2.9",  "2.10", "2.11",
    "3.12.1", "3.12.2", "3.12.3", "3.12.4", "3.12.5", "3.13", "3.14", "3.15", "4.16", "4.17", "4.18"};

using qis_test::contains;

void set(qis::Assessment& a, const char* id, const char* answer_json) { a.answers[id] = qis::Json::parse(answer_json); }

std::vector<std::string> outcome_ids(const qis::ScoreReport& rep) {
  std::vector<std::string> ids;
  for (const qis::Threshold* t : rep.outcomes) ids.push_back(t->id);
  return ids;
}

const qis::Gap* gap(const qis::ScoreReport& rep, const std::string& threshold_id) {
  for (auto& g : rep.gaps)
    if (g.threshold->id == threshold_id) return &g;
  return nullptr;
}

using Ids = std::vector<std::string>;

// 五（二）: the outcome depends on the project's level (单位信息“项目级别”): 低于60分 and 高于70分 are
// said of 街镇级 projects, 高于80分 of 区级 ones. Most tests are of a 街镇级 project, as the notice is.
qis::Assessment at_level(const qis::Rubric& rb, const char* answers_json, const char* level) {
  qis::Assessment a = qis_test::assessment(rb, answers_json);
  a.profile["project_level"] = level;
  return a;
}
qis::Assessment town(const qis::Rubric& rb, const char* answers_json) { return at_level(rb, answers_json, "town"); }
qis::Assessment district(const qis::Rubric& rb, const char* answers_json) { return at_level(rb, answers_json, "district"); }

// Scores a single answer on its own and checks it is rejected: an error that names the
// criterion (title and id), the criterion at 0 points, nothing clamped to a bound.
void check_rejected(const qis::Rubric& rb, const std::string& id, const char* answer_json) {
  CAPTURE(id);
  CAPTURE(answer_json);
  qis::Assessment a = qis_test::assessment(rb, "{}");
  a.answers[id] = qis::Json::parse(answer_json);
  const qis::ScoreReport rep = qis::score(rb, a);
  const qis::CriterionResult* c = rep.find(id);
  REQUIRE(c != nullptr);
  REQUIRE(c->error.has_value());
  CHECK(c->error->where == id);
  CHECK(contains(c->error->message, id));
  CHECK(contains(c->error->message, c->node->title));
  CHECK(c->score == 0);
  CHECK(rep.total == 0);
  REQUIRE(rep.errors.size() == 1);
  CHECK(rep.errors[0].where == id);
}

}  // namespace

TEST_CASE("松江：效能评分表载入后为4个一级指标、18项二级指标，满分100分另加分项10分") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  CHECK(rb.id == "songjiang-2024");
  CHECK(rb.version == "2024.1");
  CHECK(rb.title == "质量基础设施“一站式”服务项目效能评分表");
  CHECK(rb.issuer == "上海市松江区市场监督管理局");
  CHECK(contains(rb.document, "松市监质量〔2024〕65号"));
  CHECK(rb.total == pts(100));
  CHECK(rb.bonus_total == pts(10));

  REQUIRE(rb.indicators.size() == 4);
  const char* first_level[] = {"一、运营情况", "二、服务能力", "三、服务成效", "四、加分项"};
  const double first_max[] = {20, 30, 50, 10};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(rb.indicators[i].id == std::to_string(i + 1));
    CHECK(rb.indicators[i].title == first_level[i]);
    CHECK(rb.indicators[i].max == pts(first_max[i]));
    CHECK(rb.indicators[i].bonus == (i == 3));
  }
  // 18 items, 12. split into five counts: 17 + 5 = 22 criteria, document order.
  std::vector<std::string> ids;
  for (const qis::Node* n : rb.criteria()) ids.push_back(n->id);
  CHECK(ids == kCriterionIds);

  CHECK(rb.find("1.1")->title == "1. 制度建设");
  CHECK(rb.find("3.12")->title == "12. 服务数量");
  CHECK(rb.find("3.15")->title == "15. 项目效益");
  CHECK(rb.find("4.18")->title == "18. 一网通办");

  // Maxima as printed: 4 2 2 6 2 4 | 8 8 4 4 6 | 30 5 10 5 | 4 5 1.
  const std::vector<std::pair<const char*, double>> maxima = {
      {"1.1", 4}, {"1.2", 2},  {"1.3", 2},  {"1.4", 6},  {"1.5", 2},   {"1.6", 4},  {"2.7", 8},
      {"2.8", 8}, {"2.9", 4},  {"2.10", 4}, {"2.11", 6}, {"3.12", 30}, {"3.13", 5}, {"3.14", 10},
      {"3.15", 5}, {"4.16", 4}, {"4.17", 5}, {"4.18", 1}};
  for (auto& [id, max] : maxima) {
    CAPTURE(id);
    REQUIRE(rb.find(id) != nullptr);
    CHECK(rb.find(id)->max == pts(max));
  }
  // 12. 服务数量: five separately capped counts, 10 + 5 + 5 + 5 + 5 = 30.
  qis::Milli caps = 0;
  for (auto& c : rb.find("3.12")->children) caps += c.max;
  CHECK(caps == pts(30));
  CHECK(rb.find("3.12.3")->rule->per == pts(100));
  CHECK(rb.find("3.13")->rule->source->per_year);

  // 8. 集成化 lists nine categories (质量管理 added) for 8 points, plus "其他类服务".
  const qis::Rule& r8 = *rb.find("2.8")->rule;
  REQUIRE(r8.options.size() == 9);
  CHECK(r8.options[8].id == "quality_management");
  CHECK(r8.options[8].text == "质量管理");
  CHECK(r8.extra_allowed);
  // 15. 项目效益 is judged; 18. 一网通办 is yes/no for 1 point.
  CHECK(rb.find("3.15")->rule->kind == qis::RuleKind::Judgment);
  CHECK(rb.find("3.15")->rule->step == pts(0.5));
  CHECK(rb.find("4.18")->rule->kind == qis::RuleKind::YesNo);
  CHECK(rb.find("4.18")->rule->points == pts(1));

  // 五（二）: < 60 fail, > 70 district, > 80 city; compared against the total with 加分项.
  CHECK(rb.threshold_basis == "total");
  REQUIRE(rb.thresholds.size() == 3);
  CHECK(rb.thresholds[0].id == "unqualified");
  CHECK(rb.thresholds[0].op == "<");
  CHECK(rb.thresholds[0].value == pts(60));
  CHECK(rb.thresholds[0].kind == "fail");
  CHECK(rb.thresholds[0].label == "效能不合格（低于60分）");
  CHECK(rb.thresholds[1].id == "district");
  CHECK(rb.thresholds[1].op == ">");
  CHECK(rb.thresholds[1].value == pts(70));
  CHECK(rb.thresholds[1].kind == "pass");
  CHECK(rb.thresholds[2].id == "city");
  CHECK(rb.thresholds[2].op == ">");
  CHECK(rb.thresholds[2].value == pts(80));
  CHECK(rb.thresholds[2].kind == "pass");
  for (auto& t : rb.thresholds) CHECK(t.clause == "五（二）");

  REQUIRE(rb.naming.size() == 1);
  CHECK(rb.naming[0].level == "区级");
  CHECK(rb.naming[0].format == "{district}{industry}质量基础设施“一站式”服务项目");
  CHECK(rb.naming[0].clause == "五（二）");
  REQUIRE(rb.materials.size() == 1);
  CHECK(rb.materials[0].title == "质量基础设施“一站式”服务情况统计表（附录）");
  CHECK_FALSE(rb.ranking.has_value());
}

TEST_CASE("松江：评价要点逐字取自附件3，全角标点，与崇明区版相同的文字完全一致") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  const qis::Rubric cm = qis_test::rubric("chongming-2024");
  // Where the two tables say the same thing, the transcriptions are identical.
  for (const char* id : {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.7", "2.9", "2.11", "3.12.1", "3.12.2", "3.12.4",
                         "3.12.5", "3.13", "4.16"}) {
    CAPTURE(id);
    CHECK(rb.find(id)->text == cm.find(id)->text);
  }
  // Where they differ, Songjiang's own wording.
  CHECK(rb.find("2.8")->text ==
        "提供集基础服务、拓展服务为一体的多元化服务，内容包括但不限于：计量、标准、检验检测、认证、品牌培育、知识产权、"
        "产业链供应链、政策咨询、质量管理等方面的服务。（每提供一类服务，得1分）");
  CHECK(contains(rb.find("2.10")->text, "加强《质量基础设施“一站式”服务情况登记表》的数据管理"));
  CHECK(rb.find("3.12.3")->text == "组织服务对象参加质量基础设施相关的集中宣贯和培训（每100家次得1分，最高不超过5分）");
  CHECK(rb.find("3.14")->text ==
        "（1）通过“一站式”服务，在以下方面形成一批促进高质量发展的典型案例，内容包括但不限于：（每提供一个案例得2分，最多不超过10分）\n"
        "a)帮助服务对象实现质量提升；\nb)帮助服务对象降低成本、增长利润、增加产值；\nc)帮助服务对象新增就业岗位。");
  CHECK(rb.find("3.15")->text == "项目承担单位具有良好的经济效益和社会效益。（5分）");
  CHECK(contains(rb.find("4.17")->text, "（每获得1个荣誉得1分，最多不超过5分）"));
  CHECK(rb.find("4.18")->text == "“一站式”服务项目与上海市“一网通办”联动，形成线上企业专属服务网页。（1分）");
  // The extraction's half-width punctuation and spaces are not carried over (a) b) c) excepted).
  for (const qis::Node* n : rb.criteria()) {
    CAPTURE(n->id);
    CHECK_FALSE(n->text.empty());
    CHECK_FALSE(contains(n->text, " "));
    CHECK_FALSE(contains(n->text, ","));
    CHECK_FALSE(contains(n->text, ":"));
    CHECK_FALSE(contains(n->text, ";"));
    CHECK_FALSE(contains(n->text, "("));
  }
}

TEST_CASE("松江：每项都得满分时基本分100分、加分项10分，合计110分；街镇级项目可申请区级命名，区级项目可推荐申请市级命名") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  const qis::ScoreReport rep = qis::score(rb, town(rb, kFullMarks));

  CHECK(rep.errors.empty());
  CHECK(rep.unanswered.empty());
  CHECK(rep.answered == 22);
  // 一: 4+2+2+6+2+4 = 20
  CHECK(rep.find_node("1")->score == pts(20));
  // 二: 8 + (9 categories × 1 = 9 → 8) + 4 + 2×2 + 3×2 = 30
  CHECK(rep.find("2.8")->score == pts(8));
  CHECK(rep.find_node("2")->score == pts(30));
  // 三: 12. 10+5+5+5+5 = 30; 13. 50×0.1 = 5; 14. 5×2 = 10; 15. 5 → 50
  CHECK(rep.find_node("3.12")->score == pts(30));
  CHECK(rep.find_node("3")->score == pts(50));
  // 四: 16. 8×0.5 = 4; 17. 5×1 = 5; 18. 1 → 10
  CHECK(rep.find_node("4")->score == pts(10));

  CHECK(rep.base == pts(100));
  CHECK(rep.bonus == pts(10));
  CHECK(rep.total == pts(110));
  for (auto& c : rep.criteria) {
    CAPTURE(c.node->id);
    CHECK(c.score == c.node->max);
  }
  // 街镇级: 110 > 70 → 可申请区级项目命名; 高于80分 is said of 区级 projects only.
  CHECK(outcome_ids(rep) == Ids{"district"});
  CHECK(rep.gaps.empty());
  CHECK(rep.outcome_text() == "可申请区级项目命名（高于70分）");
  // 区级: 110 > 80 → 推荐申请上海市项目命名.
  const qis::ScoreReport d = qis::score(rb, district(rb, kFullMarks));
  CHECK(d.total == pts(110));
  CHECK(outcome_ids(d) == Ids{"city"});
  CHECK(d.outcome_text() == "可推荐申请上海市项目命名（高于80分）");
}

TEST_CASE("松江：空白评价得0分，22项全部未作答，属效能不合格") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  const qis::ScoreReport rep = qis::score(rb, town(rb, "{}"));

  CHECK(rep.total == 0);
  CHECK(rep.base == 0);
  CHECK(rep.bonus == 0);
  CHECK(rep.answered == 0);
  CHECK(rep.errors.empty());
  CHECK(rep.unanswered == kCriterionIds);
  // 0 < 60
  CHECK(outcome_ids(rep) == Ids{"unqualified"});
  CHECK(rep.outcome_text() == "效能不合格（低于60分）");

  // From nothing, the largest headrooms first: 10 (12.(1)), 10 (14.), 8 (7.), 8 (8.), 6 (4.), 6 (11.),
  // then 5-point items: 10+10+8+8+6+6 = 48, +5 = 53, 58, 63, 68, 73. 68 is not above 70, 73 is: 11 criteria.
  const qis::Gap* d = gap(rep, "district");
  REQUIRE(d != nullptr);
  CHECK(d->needed == pts(70));
  CHECK(d->criteria.size() == 11);
  CHECK(d->attainable == pts(73));
  CHECK(d->reachable);
  CHECK(gap(rep, "city") == nullptr);  // not a 街镇级 project's goal
  // A 区级 project at 0 is not 效能不合格 (said of 街镇级 projects); its goal is > 80:
  // 73 + 5 = 78, + 5 = 83 > 80: 13 criteria.
  const qis::ScoreReport dr = qis::score(rb, district(rb, "{}"));
  CHECK(outcome_ids(dr).empty());
  const qis::Gap* c = gap(dr, "city");
  REQUIRE(c != nullptr);
  CHECK(c->criteria.size() == 13);
  CHECK(c->attainable == pts(83));
  CHECK(c->reachable);
  CHECK(dr.outcome_text() == "未达到“可推荐申请上海市项目命名（高于80分）”");
}

TEST_CASE("松江：总分59.5、60、70、70.5、80、80.5时的结果：高于、低于都不含本数") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");

  SUBCASE("59.5分低于60分，效能不合格") {
    qis::Assessment a = town(rb, kBase50);
    set(a, "3.12.1", R"({"count": 19})");  // 12.(1) 19份 × 0.5 = 9.5
    const qis::ScoreReport rep = qis::score(rb, a);
    // 50 + 9.5 = 59.5 < 60
    CHECK(rep.total == pts(59.5));
    CHECK(outcome_ids(rep) == Ids{"unqualified"});
    CHECK(rep.outcome_text() == "效能不合格（低于60分）");
  }
  SUBCASE("恰好60分不低于60分，不属效能不合格，也不能申请区级命名") {
    qis::Assessment a = town(rb, kBase50);
    set(a, "3.12.1", R"({"count": 20})");  // 20份 × 0.5 = 10
    const qis::ScoreReport rep = qis::score(rb, a);
    // 50 + 10 = 60: not < 60, not > 70
    CHECK(rep.total == pts(60));
    CHECK(outcome_ids(rep).empty());
    REQUIRE(gap(rep, "district") != nullptr);
    CHECK(gap(rep, "district")->needed == pts(10));
    CHECK(rep.outcome_text() == "未达到“可申请区级项目命名（高于70分）”");
  }
  SUBCASE("恰好70分不高于70分，不能申请区级项目命名") {
    qis::Assessment a = town(rb, kBase50);
    set(a, "3.12.1", R"({"count": 20})");   // 10
    set(a, "3.12.2", R"({"count": 10})");   // 10家次 × 0.5 = 5
    set(a, "3.13", R"({"count": 100})");    // 100家次 × 0.1 = 10 → 封顶 5
    const qis::ScoreReport rep = qis::score(rb, a);
    // 50 + 10 + 5 + 5 = 70: 70 is not above 70
    CHECK(rep.find("3.13")->score == pts(5));
    CHECK(rep.total == pts(70));
    CHECK(outcome_ids(rep).empty());
    const qis::Gap* d = gap(rep, "district");
    REQUIRE(d != nullptr);
    CHECK(d->needed == 0);  // nothing is missing, yet a little more is needed: "高于"
    CHECK(d->reachable);
    CHECK(d->attainable > 0);
  }
  SUBCASE("70.5分高于70分，可申请区级项目命名，0.5分来自加分项") {
    qis::Assessment a = town(rb, kBase50);
    set(a, "3.12.1", R"({"count": 20})");  // 10
    set(a, "3.12.2", R"({"count": 10})");  // 5
    set(a, "3.13", R"({"count": 100})");   // 5
    set(a, "4.16", R"({"count": 1})");     // 16. 1家 × 0.5 = 0.5 (加分项)
    const qis::ScoreReport rep = qis::score(rb, a);
    // base 70 + bonus 0.5 = 70.5 > 70: the table's score includes 加分项
    CHECK(rep.base == pts(70));
    CHECK(rep.bonus == pts(0.5));
    CHECK(rep.total == pts(70.5));
    CHECK(outcome_ids(rep) == Ids{"district"});
    CHECK(rep.outcome_text() == "可申请区级项目命名（高于70分）");
    CHECK(gap(rep, "city") == nullptr);
    // The same answers for a 区级 project: 80.5 − 70.5 … 9.5 more would be needed for > 80.
    a.profile["project_level"] = "district";
    const qis::ScoreReport d = qis::score(rb, a);
    CHECK(outcome_ids(d).empty());
    REQUIRE(gap(d, "city") != nullptr);
    CHECK(gap(d, "city")->needed == pts(9.5));
  }
  SUBCASE("恰好80分可申请区级命名，但不高于80分，不能推荐市级命名") {
    qis::Assessment a = town(rb, kBase50);
    set(a, "3.12.1", R"({"count": 20})");  // 10
    set(a, "3.12.2", R"({"count": 10})");  // 5
    set(a, "3.13", R"({"count": 100})");   // 5
    set(a, "3.14", R"({"count": 5})");     // 14. 5个 × 2 = 10
    const qis::ScoreReport rep = qis::score(rb, a);
    // 50 + 10 + 5 + 5 + 10 = 80: > 70, not > 80
    CHECK(rep.total == pts(80));
    CHECK(outcome_ids(rep) == Ids{"district"});
    a.profile["project_level"] = "district";
    const qis::ScoreReport d = qis::score(rb, a);
    CHECK(outcome_ids(d).empty());
    const qis::Gap* c = gap(d, "city");
    REQUIRE(c != nullptr);
    CHECK(c->needed == 0);
    CHECK(c->reachable);
  }
  SUBCASE("80.5分高于80分：区级项目可推荐申请上海市项目命名，街镇级项目仍是可申请区级项目命名") {
    qis::Assessment a = town(rb, kBase50);
    set(a, "3.12.1", R"({"count": 20})");  // 10
    set(a, "3.12.2", R"({"count": 10})");  // 5
    set(a, "3.13", R"({"count": 100})");   // 5
    set(a, "3.14", R"({"count": 5})");     // 10
    set(a, "3.15", R"({"value": 0.5})");   // 15. 项目效益 judged 0.5
    const qis::ScoreReport rep = qis::score(rb, a);
    // 50 + 10 + 5 + 5 + 10 + 0.5 = 80.5 > 80
    CHECK(rep.total == pts(80.5));
    CHECK(outcome_ids(rep) == Ids{"district"});
    CHECK(rep.gaps.empty());
    CHECK(rep.outcome_text() == "可申请区级项目命名（高于70分）");
    a.profile["project_level"] = "district";
    const qis::ScoreReport d = qis::score(rb, a);
    CHECK(outcome_ids(d) == Ids{"city"});
    CHECK(d.gaps.empty());
    CHECK(d.outcome_text() == "可推荐申请上海市项目命名（高于80分）");
  }
}

TEST_CASE("松江：总分65分时，差距分析列出的提分项可提分之和超过5分，才能高于70分") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  // Every criterion answered; no single criterion has more than 5 points of headroom, so reaching
  // exactly 70 with one of them is not enough ("高于70分").
  const qis::Assessment answers = town(rb, R"({
    "1.1": {"checked": ["1", "2", "3", "4"]},
    "1.2": {"checked": ["1", "2"]},
    "1.3": {"checked": ["1", "2"]},
    "1.4": {"checked": ["1", "2", "3"]},
    "1.5": {"checked": ["1", "2"]},
    "1.6": {"checked": ["1", "2", "3", "4"]},
    "2.7": {"value": 7},
    "2.8": {"checked": ["metrology", "standards", "testing", "certification", "brand", "ip", "supply_chain", "policy"]},
    "2.9": {"checked": ["1", "2", "3", "4"]},
    "2.10": {"checked": ["1", "2"]},
    "2.11": {"checked": ["1", "2", "3"]},
    "3.12.1": {"count": 20},
    "3.12.2": {"count": 0},
    "3.12.3": {"count": 0},
    "3.12.4": {"count": 0},
    "3.12.5": {"count": 0},
    "3.13": {"count": 0},
    "3.14": {"count": 3},
    "3.15": {"value": 0},
    "4.16": {"count": 0},
    "4.17": {"count": 0},
    "4.18": {"yes": false}
  })");
  const qis::ScoreReport rep = qis::score(rb, answers);
  CHECK(rep.errors.empty());
  CHECK(rep.unanswered.empty());
  // 一 20; 二 7 + 8 + 4 + 4 + 6 = 29; 三 10 + 0 + 0 + 0 + 0 + 0 + 3×2 + 0 = 16; 四 0 → 20 + 29 + 16 = 65
  CHECK(rep.find_node("2")->score == pts(29));
  CHECK(rep.find_node("3")->score == pts(16));
  CHECK(rep.total == pts(65));
  CHECK(outcome_ids(rep).empty());

  // Headroom: 7. 1; 12.(2)–(5) 5 each; 13. 5; 14. 4; 15. 5; 16. 4; 17. 5; 18. 1 — 45 = 110 − 65.
  qis::Milli headroom = 0;
  for (auto& c : rep.criteria) headroom += c.headroom;
  CHECK(headroom == pts(45));

  const qis::Gap* d = gap(rep, "district");
  REQUIRE(d != nullptr);
  CHECK(d->needed == pts(5));
  CHECK(d->reachable);
  // 65 + 5 = 70 is not above 70: two 5-point criteria are needed, 65 + 10 = 75 > 70.
  REQUIRE(d->criteria.size() == 2);
  qis::Milli listed = 0;
  for (auto& id : d->criteria) {
    CAPTURE(id);
    const qis::CriterionResult* c = rep.find(id);
    REQUIRE(c != nullptr);
    CHECK(c->headroom == pts(5));
    listed += c->headroom;
  }
  CHECK(listed == d->attainable);
  CHECK(listed == pts(10));
  CHECK(listed > d->needed);

  // City (> 80), for a 区级 project with the same answers: 15 needed; 5 + 5 + 5 = 15 only
  // reaches 80, a fourth 5 gives 85.
  CHECK(gap(rep, "city") == nullptr);  // not a 街镇级 project's goal
  qis::Assessment as_district = answers;
  as_district.profile["project_level"] = "district";
  const qis::ScoreReport dr = qis::score(rb, as_district);
  CHECK(dr.total == pts(65));
  const qis::Gap* c = gap(dr, "city");
  REQUIRE(c != nullptr);
  CHECK(c->needed == pts(15));
  CHECK(c->criteria.size() == 4);
  CHECK(c->attainable == pts(20));
  CHECK(c->reachable);
}

TEST_CASE("松江：计数超过上限按上限计分，25份证书封顶10分，250家次培训只计2分，60家次中小微企业封顶5分，质量提升封顶5分") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  const qis::ScoreReport rep = qis::score(rb, town(rb, R"({
    "2.8": {"checked": ["metrology", "standards", "testing", "certification", "brand", "ip", "supply_chain"], "extra": 2},
    "3.12.1": {"count": 25},
    "3.12.3": {"count": 250},
    "3.12.5": {"count": 3},
    "3.13": {"count": 60},
    "3.14": {"count": 3},
    "4.17": {"count": 6},
    "4.18": {"yes": true}
  })"));
  CHECK(rep.errors.empty());
  // 8. 7 listed + 2 其他类服务 = 9 × 1 = 9 → 8
  CHECK(rep.find("2.8")->score == pts(8));
  // 12.(1) 25份 × 0.5 = 12.5 → 最高不超过10分
  CHECK(rep.find("3.12.1")->score == pts(10));
  CHECK(contains(rep.find("3.12.1")->explanation, "封顶"));
  // 12.(3) 每100家次得1分: ⌊250 / 100⌋ × 1 = 2
  CHECK(rep.find("3.12.3")->score == pts(2));
  // 12.(5) 3家 × 0.5 = 1.5
  CHECK(rep.find("3.12.5")->score == pts(1.5));
  // 13. 60家次 × 0.1 = 6 → 最高不超过5分
  CHECK(rep.find("3.13")->score == pts(5));
  // 14. 每提供一个案例得2分: 3 × 2 = 6
  CHECK(rep.find("3.14")->score == pts(6));
  // 17. 6个 × 1 = 6 → 最多不超过5分 (Chongming's cap is 6)
  CHECK(rep.find("4.17")->score == pts(5));
  // 18. 一网通办: 1
  CHECK(rep.find("4.18")->score == pts(1));
  // base 8 + 10 + 2 + 1.5 + 5 + 6 = 32.5; bonus 5 + 1 = 6; total 38.5
  CHECK(rep.base == pts(32.5));
  CHECK(rep.bonus == pts(6));
  CHECK(rep.total == pts(38.5));
  CHECK(outcome_ids(rep) == Ids{"unqualified"});
}

TEST_CASE("松江：越界的答案被拒绝，错误指明该项，该项计0分而不是截到上限") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  check_rejected(rb, "3.12.1", R"({"count": -1})");
  check_rejected(rb, "3.14", R"({"count": 1.5})");
  check_rejected(rb, "4.17", R"({"count": -2})");
  // A checklist id that does not exist; the valid tick beside it is not kept either.
  check_rejected(rb, "2.8", R"({"checked": ["metrology", "marketing"]})");
  check_rejected(rb, "1.4", R"({"checked": ["4"]})");
  // 9. 便利化 counts only the items "以下": no "其他".
  check_rejected(rb, "2.9", R"({"checked": ["1"], "extra": 1})");
  // 7. 合理布局 is 0–8 in steps of 0.5: 8.3 is off-step; 9 is above 8 and is not clamped to 8.
  check_rejected(rb, "2.7", R"({"value": 8.3})");
  check_rejected(rb, "2.7", R"({"value": 9})");
  check_rejected(rb, "3.15", R"({"value": 5.5})");
  check_rejected(rb, "3.15", R"({"value": 0.25})");
  // 18. 一网通办 is yes or no.
  check_rejected(rb, "4.18", R"({"yes": "是"})");
}

TEST_CASE("松江：无效答案计0分会改变结果，71分的评价因一项无效降到不高于70分") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  qis::Assessment a = town(rb, kBase50);
  set(a, "3.12.1", R"({"count": 20})");  // 10
  set(a, "3.12.2", R"({"count": 10})");  // 5
  set(a, "3.13", R"({"count": 50})");    // 5
  set(a, "4.18", R"({"yes": true})");    // 1
  // 50 + 10 + 5 + 5 + 1 = 71 > 70
  const qis::ScoreReport ok = qis::score(rb, a);
  CHECK(ok.total == pts(71));
  CHECK(outcome_ids(ok) == Ids{"district"});

  set(a, "2.7", R"({"value": 9})");  // above 8: rejected, 0 — not clamped to 8
  const qis::ScoreReport bad = qis::score(rb, a);
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].where == "2.7");
  CHECK(bad.find("2.7")->score == 0);
  // 71 − 8 = 63: neither < 60 nor > 70
  CHECK(bad.total == pts(63));
  CHECK(outcome_ids(bad).empty());
}

// 第12项的（1）～（5）只有序号：“证书和报告”等名称是本工具所拟，文件中标为 title_by_tool。
TEST_CASE("松江：只有3.12.1～3.12.5的名称标为本工具所拟，其余标题均为原文") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  CHECK(qis_test::tool_titled(rb) == std::vector<std::string>{"3.12.1", "3.12.2", "3.12.3", "3.12.4", "3.12.5"});
  CHECK(rb.find("3.12.3")->title == "（3）质量基础设施集中宣贯和培训");
  CHECK_FALSE(rb.find("3.12")->title_by_tool);  // “12. 服务数量”是原文
}

// Issue 17: the sample 佘山镇 (a 街镇级 project) at 81.7 printed “可推荐申请上海市项目命名” and hid
// “可申请区级项目命名”. 五（二） says 高于80分 of 区级 projects; the level is a profile field and the
// thresholds say which level they apply to (when), in the rubric file.
TEST_CASE("松江：项目级别是单位信息的一项，阈值按级别适用；未填写级别时不给结论，提示填写") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  const qis::RubricProfileField* level = rb.find_profile_field("project_level");
  REQUIRE(level != nullptr);
  CHECK(level->label == "项目级别");
  CHECK_FALSE(level->checklist);
  REQUIRE(level->options.size() == 2);
  CHECK(level->find("town")->text == "街镇级");
  CHECK(level->find("district")->text == "区级");
  for (auto& t : rb.thresholds) {
    CAPTURE(t.id);
    REQUIRE(t.when.has_value());
    CHECK(t.when->field == "project_level");
    CHECK(t.when->in == Ids{t.id == "city" ? "district" : "town"});
  }

  // 81.7 as 街镇级: > 70 → 可申请区级项目命名; the 80 line is set aside, not a gap.
  qis::Assessment a = town(rb, kBase50);
  set(a, "3.12.1", R"({"count": 20})");  // 10
  set(a, "3.12.2", R"({"count": 10})");  // 5
  set(a, "3.13", R"({"count": 50})");    // 5
  set(a, "3.14", R"({"count": 5})");     // 10
  set(a, "3.15", R"({"value": 1.5})");   // 1.5
  set(a, "4.16", R"({"count": 0})");
  set(a, "4.18", R"({"yes": false})");
  // 50 + 10 + 5 + 5 + 10 + 1.5 = 81.5
  const qis::ScoreReport t = qis::score(rb, a);
  CHECK(t.total == pts(81.5));
  CHECK(outcome_ids(t) == Ids{"district"});
  CHECK(t.outcome_text() == "可申请区级项目命名（高于70分）");
  REQUIRE(t.set_aside.size() == 1);
  CHECK(t.set_aside[0]->id == "city");
  CHECK(t.missing_fields.empty());

  // Not filled in (or not one of the options): no threshold applies and the line says what to do.
  for (const char* value : {"", "乡镇级"}) {
    CAPTURE(value);
    qis::Assessment u = a;
    if (*value) u.profile["project_level"] = value;
    else u.profile.erase("project_level");
    const qis::ScoreReport r = qis::score(rb, u);
    CHECK(r.total == pts(81.5));
    CHECK(r.outcomes.empty());
    CHECK(r.gaps.empty());
    CHECK(r.set_aside.size() == 3);
    REQUIRE(r.missing_fields.size() == 1);
    CHECK(r.missing_fields[0] == level);
    CHECK(r.outcome_text() == "结论取决于“项目级别”，请在单位信息中填写");
  }

  // A caller that applies every threshold to another total (a panel, a ranking) still gets the
  // station's level: set_total keeps what was set aside.
  qis::ScoreReport panel = t;
  qis::set_total(rb, panel, pts(50), pts(55));
  CHECK(outcome_ids(panel) == Ids{"unqualified"});
  qis::set_total(rb, panel, pts(85), pts(85));
  CHECK(outcome_ids(panel) == Ids{"district"});
  CHECK(panel.outcome_text() == "可申请区级项目命名（高于70分）");
  // … and outcome_text skips a set-aside threshold even if a caller listed it as an outcome.
  panel.outcomes.push_back(&rb.thresholds[2]);
  CHECK(panel.outcome_text() == "可申请区级项目命名（高于70分）");
}
