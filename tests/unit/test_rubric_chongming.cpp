// Golden tests for rubrics/chongming-2024.json: 崇明区质量基础设施“一站式”服务试点项目申报及立项要求，
// 附件3 质量基础设施“一站式”服务项目评价得分表 (17 items: 运营情况 20 + 服务能力 30 + 服务成效 50 = 100,
// 加分项 10). Item 12) 服务数量 is split into its five separately capped counts 3.12.1–3.12.5
// (10 + 5 + 5 + 5 + 5 = 30). The document sets no score threshold; "2、审批立项" selects at most two
// units by score. Every expected number below is worked out by hand from the table.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "helpers.h"

using qis_test::pts;

namespace {

// Every criterion at its maximum, exactly (no count beyond its cap).
constexpr const char* kFullMarks = R"({
  "1.1": {"checked": ["1", "2", "3", "4"]},
  "1.2": {"checked": ["1", "2"]},
  "1.3": {"checked": ["1", "2"]},
  "1.4": {"checked": ["1", "2", "3"]},
  "1.5": {"checked": ["1", "2"]},
  "1.6": {"checked": ["1", "2", "3", "4"]},
  "2.7": {"value": 8},
  "2.8": {"checked": ["metrology", "standards", "testing", "certification", "brand", "ip", "supply_chain", "policy"]},
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
  "4.17": {"count": 6}
})";

const std::vector<std::string> kCriterionIds = {
    "1.1",    "1.2",    "1.3",    "1.4",    "1.5",  "1.6",  "2.7",  "2.8",  "2.9",  "2.10", "2.11",
    "3.12.1", "3.12.2", "3.12.3", "3.12.4", "3.12.5", "3.13", "3.14", "3.15", "4.16", "4.17"};

using qis_test::contains;

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

TEST_CASE("崇明：评价得分表载入后为4个一级指标、17项二级指标，满分100分另加分项10分") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  CHECK(rb.id == "chongming-2024");
  CHECK(rb.version == "2024.1");
  CHECK(rb.title == "质量基础设施“一站式”服务项目评价得分表");
  CHECK(rb.total == pts(100));
  CHECK(rb.bonus_total == pts(10));

  REQUIRE(rb.indicators.size() == 4);
  const char* first_level[] = {"1. 运营情况", "2. 服务能力", "3. 服务成效", "4. 加分项"};
  const double first_max[] = {20, 30, 50, 10};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(rb.indicators[i].id == std::to_string(i + 1));
    CHECK(rb.indicators[i].title == first_level[i]);
    CHECK(rb.indicators[i].max == pts(first_max[i]));
    CHECK(rb.indicators[i].bonus == (i == 3));
  }
  // 17 items in the document, 12) split into five counts: 16 + 5 = 21 criteria, document order.
  std::vector<std::string> ids;
  for (const qis::Node* n : rb.criteria()) ids.push_back(n->id);
  CHECK(ids == kCriterionIds);

  // The document's item number stays visible in each title, printed as in the table.
  CHECK(rb.find("1.1")->title == "1) 制度建设");
  CHECK(rb.find("2.10")->title == "10）数字化");
  CHECK(rb.find("3.12")->title == "12）服务数量");
  CHECK(rb.find("3.15")->title == "15）园区效益");
  CHECK(rb.find("4.17")->title == "17）质量提升");
  CHECK(rb.find("4.18") == nullptr);  // 18. 一网通办 exists only in Songjiang's table

  // Maxima as printed: 4 2 2 6 2 4 | 8 8 4 4 6 | 30 5 10 5 | 4 6.
  const std::vector<std::pair<const char*, double>> maxima = {
      {"1.1", 4}, {"1.2", 2}, {"1.3", 2},  {"1.4", 6},  {"1.5", 2},  {"1.6", 4},  {"2.7", 8},  {"2.8", 8},
      {"2.9", 4}, {"2.10", 4}, {"2.11", 6}, {"3.12", 30}, {"3.13", 5}, {"3.14", 10}, {"3.15", 5}, {"4.16", 4},
      {"4.17", 6}};
  for (auto& [id, max] : maxima) {
    CAPTURE(id);
    REQUIRE(rb.find(id) != nullptr);
    CHECK(rb.find(id)->max == pts(max));
  }

  // 12) 服务数量: (1) 0.5/份 cap 10, (2) 0.5/家次 cap 5, (3) 1 per 100 家次 cap 5, (4) 1/家次 cap 5,
  // (5) 0.5 per enterprise with an achievement, cap 5. 10 + 5 + 5 + 5 + 5 = 30.
  const qis::Node* n12 = rb.find("3.12");
  REQUIRE(n12->children.size() == 5);
  qis::Milli caps = 0;
  for (auto& c : n12->children) {
    CHECK(c.rule->kind == qis::RuleKind::Count);
    caps += c.max;
  }
  CHECK(caps == pts(30));
  CHECK(rb.find("3.12.1")->rule->points == pts(0.5));
  CHECK(rb.find("3.12.1")->rule->unit == "份");
  CHECK(rb.find("3.12.1")->rule->source->record == "certificate");
  CHECK(rb.find("3.12.3")->rule->per == pts(100));
  CHECK(rb.find("3.12.3")->rule->source->filter == "training");
  CHECK(rb.find("3.12.5")->rule->source->record == "achievement");
  CHECK(rb.find("3.12.5")->rule->source->distinct_enterprises);
  CHECK(rb.find("3.13")->rule->points == pts(0.1));
  CHECK(rb.find("3.13")->rule->source->filter == "sme");
  CHECK(rb.find("3.13")->rule->source->per_year);
  CHECK(rb.find("4.16")->rule->source->distinct_enterprises);

  // 7) 合理布局 and 15) 园区效益 have no sub-scale: the evaluator judges in 0.5 steps.
  for (const char* id : {"2.7", "3.15"}) {
    CAPTURE(id);
    CHECK(rb.find(id)->rule->kind == qis::RuleKind::Judgment);
    CHECK(rb.find(id)->rule->step == pts(0.5));
    CHECK_FALSE(rb.find(id)->note.empty());
  }
  // 8) 集成化: the eight listed service categories, 1 point each, plus "其他类服务".
  const qis::Rule& r8 = *rb.find("2.8")->rule;
  CHECK(r8.kind == qis::RuleKind::Checklist);
  CHECK(r8.options.size() == 8);
  CHECK(r8.extra_allowed);
  CHECK(r8.extra_text == "其他类服务（包括但不限于）");
  // "每符合以下一项" lists only the items below them: no "其他".
  for (const char* id : {"1.3", "1.4", "1.5", "1.6", "2.9", "2.10"}) {
    CAPTURE(id);
    CHECK_FALSE(rb.find(id)->rule->extra_allowed);
  }

  // No score threshold in this document; selection is "不超过两个单位" by score.
  CHECK(rb.thresholds.empty());
  REQUIRE(rb.ranking.has_value());
  CHECK(rb.ranking->select_max == 2);
  CHECK(rb.ranking->clause == "2、审批立项");
  REQUIRE(rb.materials.size() == 1);
  CHECK(rb.materials[0].title == "申报表（附件2）");
  CHECK(rb.naming.empty());
}

TEST_CASE("崇明：评价要点逐字取自附件3，与松江区版不同的措辞保持崇明区原文") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  CHECK(rb.find("1.1")->text ==
        "建立健全制度体系，内容包括但不限于：（每提供一项规章制度，得1分）\n（1）服务岗位及流程；\n（2）服务统计及档案管理；\n"
        "（3）服务需求采集与分析；\n（4）服务质量考核管理及投诉反馈处理。");
  CHECK(rb.find("2.7")->text == "质量基础设施“一站式”服务项目的建设，能够符合区域产业发展规划和布局要求。（8分）");
  // 8) lists eight categories, without 质量管理.
  CHECK(rb.find("2.8")->text ==
        "提供集基础服务、拓展服务为一体的多元化服务，内容包括但不限于：计量、标准、检验检测、认证、品牌培育、知识产权、"
        "产业链供应链、政策咨询等方面的服务。（每提供一类服务，得1分）");
  // 10)(2) names the form 《登记表》.
  CHECK(contains(rb.find("2.10")->text, "加强《登记表》的数据管理"));
  CHECK(rb.find("3.12.3")->text == "组织服务对象参加标准、质量管理等集中宣贯和培训（每100家次得1分，最高不超过5分）");
  CHECK(rb.find("3.13")->text == "积极服务产业链中小微企业（每年每家次得0.1分，最高不超过5分）。");
  CHECK(contains(rb.find("3.14")->text, "（同一类型案例每提供一个案例得2分，最多不超过10分）\n（2）帮助服务对象实现质量提升；"));
  CHECK(rb.find("3.15")->text == "园区经济效益增长，相关税收增加。（5分）");
  CHECK(contains(rb.find("4.17")->text, "（每获得1个荣誉得1分，最多不超过6分）"));
  // Extraction artefacts removed: no stray spaces such as "（1） 加强".
  for (const qis::Node* n : rb.criteria()) {
    CAPTURE(n->id);
    CHECK_FALSE(contains(n->text, " "));
    CHECK_FALSE(n->text.empty());
  }
}

TEST_CASE("崇明：每项都得满分时基本分100分、加分项10分，合计110分") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  const qis::ScoreReport rep = qis::score(rb, qis_test::assessment(rb, kFullMarks));

  CHECK(rep.errors.empty());
  CHECK(rep.unanswered.empty());
  CHECK(rep.answered == 21);
  // 1. 运营情况: 1) 4×1 + 2) 2×1 + 3) 2×1 + 4) 3×2 + 5) 2×1 + 6) 4×1 = 4+2+2+6+2+4 = 20
  CHECK(rep.find_node("1")->score == pts(20));
  // 2. 服务能力: 7) 8 + 8) 8×1 + 9) 4×1 + 10) 2×2 + 11) 3×2 = 8+8+4+4+6 = 30
  CHECK(rep.find_node("2")->score == pts(30));
  // 12): 20份×0.5=10; 10家次×0.5=5; 500家次→5×1=5; 5家次×1=5; 10家×0.5=5 → 30
  CHECK(rep.find_node("3.12")->score == pts(30));
  // 3. 服务成效: 30 + 13) 50家次×0.1=5 + 14) 5个×2=10 + 15) 5 = 50
  CHECK(rep.find_node("3")->score == pts(50));
  // 4. 加分项: 16) 8家×0.5=4 + 17) 6个×1=6 = 10
  CHECK(rep.find_node("4")->score == pts(10));

  CHECK(rep.base == pts(100));
  CHECK(rep.bonus == pts(10));
  CHECK(rep.total == pts(110));
  CHECK(rep.max == pts(100));
  CHECK(rep.bonus_max == pts(10));
  for (auto& c : rep.criteria) {
    CAPTURE(c.node->id);
    CHECK(c.score == c.node->max);
    CHECK(c.headroom == 0);
  }
  // Chongming sets no threshold: no outcome, no gap.
  CHECK(rep.outcomes.empty());
  CHECK(rep.gaps.empty());
}

TEST_CASE("崇明：空白评价得0分，21项全部列为未作答") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  const qis::ScoreReport rep = qis::score(rb, qis_test::assessment(rb, "{}"));

  CHECK(rep.base == 0);
  CHECK(rep.bonus == 0);
  CHECK(rep.total == 0);
  CHECK(rep.answered == 0);
  CHECK(rep.errors.empty());
  CHECK(rep.unanswered == kCriterionIds);
  for (auto& c : rep.criteria) {
    CAPTURE(c.node->id);
    CHECK_FALSE(c.answered);
    CHECK(c.headroom == c.node->max);
  }
  CHECK(rep.outcomes.empty());
}

TEST_CASE("崇明：计数超过上限按上限计分，25份证书12.5分封顶10分，250家次培训只计2分，60家次中小微企业6分封顶5分") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  const qis::ScoreReport rep = qis::score(rb, qis_test::assessment(rb, R"({
    "3.12.1": {"count": 25},
    "3.12.2": {"count": 7},
    "3.12.3": {"count": 250},
    "3.12.4": {"count": 9},
    "3.12.5": {"count": 12},
    "3.13": {"count": 60},
    "3.14": {"count": 6},
    "4.16": {"count": 9},
    "4.17": {"count": 8}
  })"));
  CHECK(rep.errors.empty());
  // 12)(1) 每一份得0.5分，最高不超过10分: 25 × 0.5 = 12.5 → 10
  CHECK(rep.find("3.12.1")->score == pts(10));
  CHECK(contains(rep.find("3.12.1")->explanation, "封顶"));
  // 12)(2) 每家次得0.5分: 7 × 0.5 = 3.5 (below the cap of 5)
  CHECK(rep.find("3.12.2")->score == pts(3.5));
  // 12)(3) 每100家次得1分: whole hundreds only, ⌊250 / 100⌋ = 2 → 2 × 1 = 2 (not 2.5)
  CHECK(rep.find("3.12.3")->score == pts(2));
  CHECK_FALSE(contains(rep.find("3.12.3")->explanation, "封顶"));
  // 12)(4) 每家次得1分，最高不超过5分: 9 × 1 = 9 → 5
  CHECK(rep.find("3.12.4")->score == pts(5));
  // 12)(5) 1个服务对象仅记一次: 12 enterprises × 0.5 = 6 → 5
  CHECK(rep.find("3.12.5")->score == pts(5));
  // 12) together: 10 + 3.5 + 2 + 5 + 5 = 25.5
  CHECK(rep.find_node("3.12")->score == pts(25.5));
  // 13) 每年每家次得0.1分，最高不超过5分: 60 × 0.1 = 6 → 5
  CHECK(rep.find("3.13")->score == pts(5));
  // 14) 每提供一个案例得2分，最多不超过10分: 6 × 2 = 12 → 10
  CHECK(rep.find("3.14")->score == pts(10));
  // 16) 每获得1个称号得0.5分，最多不超过4分: 9 × 0.5 = 4.5 → 4
  CHECK(rep.find("4.16")->score == pts(4));
  // 17) 每获得1个荣誉得1分，最多不超过6分: 8 × 1 = 8 → 6 (Chongming's cap is 6, Songjiang's 5)
  CHECK(rep.find("4.17")->score == pts(6));

  // base 25.5 + 5 + 10 = 40.5; bonus 4 + 6 = 10; total 50.5
  CHECK(rep.base == pts(40.5));
  CHECK(rep.bonus == pts(10));
  CHECK(rep.total == pts(50.5));
}

TEST_CASE("崇明：培训家次不足100时不得分，恰好100家次得1分") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  const std::vector<std::pair<int, double>> cases = {{0, 0}, {99, 0}, {100, 1}, {199, 1}, {500, 5}, {730, 5}};
  for (auto [count, expected] : cases) {
    CAPTURE(count);
    qis::Assessment a = qis_test::assessment(rb, "{}");
    a.answers["3.12.3"] = qis::Json{{"count", count}};
    // 12)(3) 每100家次得1分，最高不超过5分: ⌊count / 100⌋ × 1, capped at 5
    CHECK(qis::score(rb, a).find("3.12.3")->score == pts(expected));
  }
}

TEST_CASE("崇明：清单项超出所列子项时按“其他”计分并封顶，集成化最多8分") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  const qis::ScoreReport rep = qis::score(rb, qis_test::assessment(rb, R"({
    "1.1": {"checked": ["1", "3", "4"], "extra": 2},
    "1.2": {"checked": ["2"], "extra": 1},
    "2.8": {"checked": ["metrology", "standards", "testing", "certification", "brand", "ip"], "extra": 3},
    "2.11": {"checked": ["2"]}
  })"));
  CHECK(rep.errors.empty());
  // 1) 每提供一项规章制度得1分: 3 listed + 2 other = 5 × 1 = 5 → 4
  CHECK(rep.find("1.1")->score == pts(4));
  // 2) 每包含一项得1分: 1 listed + 1 other = 2
  CHECK(rep.find("1.2")->score == pts(2));
  // 8) 每提供一类服务得1分: 6 listed + 3 other categories = 9 → 8
  CHECK(rep.find("2.8")->score == pts(8));
  // 11) 每开展一项工作得2分: 1 × 2 = 2
  CHECK(rep.find("2.11")->score == pts(2));
  // 4 + 2 + 8 + 2 = 16
  CHECK(rep.total == pts(16));
}

TEST_CASE("崇明：合理布局和园区效益由评价人在满分内按0.5分判断") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  const qis::ScoreReport rep =
      qis::score(rb, qis_test::assessment(rb, R"({"2.7": {"value": 6.5}, "3.15": {"value": 2.5}})"));
  CHECK(rep.errors.empty());
  CHECK(rep.find("2.7")->score == pts(6.5));
  CHECK(rep.find("3.15")->score == pts(2.5));
  // 6.5 + 2.5 = 9; headroom 8 − 6.5 = 1.5 and 5 − 2.5 = 2.5
  CHECK(rep.total == pts(9));
  CHECK(rep.find("2.7")->headroom == pts(1.5));
  CHECK(rep.find("3.15")->headroom == pts(2.5));
}

TEST_CASE("崇明：越界的答案被拒绝，错误指明该项，该项计0分而不是截到上限") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  // A count cannot be negative or fractional.
  check_rejected(rb, "3.12.1", R"({"count": -1})");
  check_rejected(rb, "3.13", R"({"count": 2.5})");
  // 1) 制度建设 has sub-items (1)–(4) only; the valid ticks beside "5" are not kept either.
  check_rejected(rb, "1.1", R"({"checked": ["1", "2", "5"]})");
  check_rejected(rb, "2.8", R"({"checked": ["metrology", "quality_management"]})");  // 质量管理 is Songjiang's 9th
  // 3) 技术保障 counts only the items "以下": no "其他".
  check_rejected(rb, "1.3", R"({"checked": ["1"], "extra": 1})");
  // 7) 合理布局 is 0–8 in steps of 0.5: 8.3 is off-step, 9 is above 8 and is not clamped to 8.
  check_rejected(rb, "2.7", R"({"value": 8.3})");
  check_rejected(rb, "2.7", R"({"value": 9})");
  check_rejected(rb, "2.7", R"({"value": -0.5})");
  check_rejected(rb, "3.15", R"({"value": 5.5})");
}

TEST_CASE("崇明：一项答案无效时其余各项照常计分，总分不含该项") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  qis::Assessment a = qis_test::assessment(rb, kFullMarks);
  a.answers["2.7"] = qis::Json{{"value", 9}};     // above 8
  a.answers["3.12.1"] = qis::Json{{"count", -3}};  // negative
  const qis::ScoreReport rep = qis::score(rb, a);

  REQUIRE(rep.errors.size() == 2);
  CHECK(rep.find("2.7")->score == 0);
  CHECK(rep.find("3.12.1")->score == 0);
  // 110 − 8 (7) 合理布局) − 10 (12)(1) 证书报告) = 92; base 100 − 18 = 82
  CHECK(rep.base == pts(82));
  CHECK(rep.total == pts(92));
}

// 第12）项的（1）～（5）只有序号：“证书和报告”等名称是本工具所拟，文件中标为 title_by_tool。
TEST_CASE("崇明：只有3.12.1～3.12.5的名称标为本工具所拟，其余标题均为原文") {
  const qis::Rubric rb = qis_test::rubric("chongming-2024");
  CHECK(qis_test::tool_titled(rb) == std::vector<std::string>{"3.12.1", "3.12.2", "3.12.3", "3.12.4", "3.12.5"});
  CHECK(rb.find("3.12.1")->title == "（1）证书和报告");
  CHECK_FALSE(rb.find("3.12")->title_by_tool);  // “12）服务数量”是原文
}
