// Golden tests for rubrics/wuhan-2025.json: 武汉市质量基础设施“一站式”服务站管理办法（公开征求意见稿）
// 附件 市级质量服务站评价细则 (100 = 基础建设20 + 服务提供30 + 服务实施20 + 服务成效30), the 第十三条
// eligibility conditions, the 第十四条 materials and the 第十九条 ranking. Every total below is
// computed by hand from the document's points.
#include <doctest/doctest.h>

#include <string>

#include "helpers.h"
#include "profile.h"
#include "profile_choices.h"

using qis::GateState;
using qis_test::pts;

namespace {

const char* const kToday = "2025-06-01";

// Every criterion at its full points (附件: each 三级指标 is an expert judgment up to its points).
qis::Assessment full_marks(const qis::Rubric& rb) {
  qis::Assessment a = qis_test::assessment(rb, "{}");
  for (const qis::Node* n : rb.criteria()) a.answers[n->id] = qis::Json{{"value", static_cast<double>(n->max) / 1000.0}};
  return a;
}

// A station that declares all seven 第十三条 conditions, ticks five of 第九条's ten service
// contents in its profile ((六) counts them) and began operating on `start`.
void declare_all_conditions(qis::Assessment& a, const std::string& start) {
  for (const char* g : {"g13_1", "g13_2", "g13_3", "g13_4", "g13_5", "g13_6", "g13_7"}) a.gates[g] = true;
  a.profile["operation_start"] = start;
  a.profile["service_contents"] = "metrology,standardization,inspection_testing,certification,quality_management";
}

const qis::GateResult* gate(const qis::ScoreReport& rep, const std::string& id) {
  for (auto& g : rep.gates)
    if (g.gate->id == id) return &g;
  return nullptr;
}

const qis::GateGroupResult* group(const qis::ScoreReport& rep, const std::string& id) {
  for (auto& g : rep.groups)
    if (g.group->id == id) return &g;
  return nullptr;
}

using qis_test::contains;

}  // namespace

TEST_CASE("武汉细则载入后有4个一级指标、8个二级指标、19个三级指标，满分100分且没有加分项") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  CHECK(rb.id == "wuhan-2025");
  CHECK(rb.version == "2025.1");
  CHECK(rb.title == "市级质量服务站评价细则");
  CHECK(rb.total == pts(100));
  CHECK(rb.bonus_total == 0);
  CHECK(rb.min_operation_months == 0);

  // 附件: 基础建设（20分） 服务提供（30分） 服务实施（20分） 服务成效（30分）
  REQUIRE(rb.indicators.size() == 4);
  const char* titles[] = {"基础建设", "服务提供", "服务实施", "服务成效"};
  const double maxima[] = {20, 30, 20, 30};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(rb.indicators[i].id == std::to_string(i + 1));
    CHECK(rb.indicators[i].title == titles[i]);
    CHECK(rb.indicators[i].max == pts(maxima[i]));
  }
  std::size_t second_level = 0;
  for (auto& top : rb.indicators) second_level += top.children.size();
  CHECK(second_level == 8);

  // No sub-scale in the document: every 三级 criterion is an expert judgment 0..points, step 0.5.
  const auto criteria = rb.criteria();
  REQUIRE(criteria.size() == 19);
  for (const qis::Node* n : criteria) {
    CAPTURE(n->id);
    CHECK(n->rule->kind == qis::RuleKind::Judgment);
    CHECK(n->rule->min == 0);
    CHECK(n->rule->max == n->max);
    CHECK(n->rule->step == pts(0.5));
    CHECK_FALSE(n->text.empty());
  }
  CHECK(rb.find("3.2.1")->title == "服务满意度评价");  // split over two lines in the extracted table
  CHECK(contains(rb.find("3.2.1")->text, "满意度高于80分"));
  CHECK_FALSE(rb.find("2.2.1")->note.empty());  // 200/100/30/10 家: judged against, not counted
  CHECK_FALSE(rb.find("4.1.3")->note.empty());  // 500家次, 100个
  CHECK_FALSE(rb.find("4.1.4")->note.empty());  // 5次

  // The document sets no pass mark.
  CHECK(rb.thresholds.empty());
}

TEST_CASE("武汉细则的申报条件、申请材料和排名规则照第十三条、第十四条、第十九条转录") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");

  // 第十三条 (一)–(七), one group; (一) 持续运营2年以上 = 24 months.
  REQUIRE(rb.gate_groups.size() == 1);
  CHECK(rb.gate_groups[0].id == "eligibility");
  CHECK(rb.gate_groups[0].clause == "第十三条");
  REQUIRE(rb.gates.size() == 7);
  for (std::size_t i = 0; i < 7; ++i) {
    CHECK(rb.gates[i].id == "g13_" + std::to_string(i + 1));
    CHECK(rb.gates[i].group == "eligibility");
    CHECK(rb.gates[i].min_operation_months == (i == 0 ? 24 : 0));
  }
  CHECK(rb.gates[2].text == "诚信守法运营，依法不属于严重失信主体");

  // 第十四条 (一)–(七).
  REQUIRE(rb.materials.size() == 7);
  CHECK(rb.materials.front().title == "质量服务站评价申请书");
  CHECK(rb.materials.back().title == "申报材料真实性声明");

  // 第十九条: 一等次 ≤3 × 5万元, 二等次 ≤5 × 3万元, 三等次 ≤10 × 1万元; ≤50 stations; new: ≤10万元, not ranked.
  REQUIRE(rb.ranking.has_value());
  const qis::Ranking& rk = *rb.ranking;
  REQUIRE(rk.tiers.size() == 3);
  CHECK(rk.tiers[0].label == "一等次");
  CHECK(rk.tiers[0].max_count == 3);
  CHECK(rk.tiers[0].amount == pts(5));
  CHECK(rk.tiers[1].label == "二等次");
  CHECK(rk.tiers[1].max_count == 5);
  CHECK(rk.tiers[1].amount == pts(3));
  CHECK(rk.tiers[2].label == "三等次");
  CHECK(rk.tiers[2].max_count == 10);
  CHECK(rk.tiers[2].amount == pts(1));
  CHECK(rk.tiers[0].max_count + rk.tiers[1].max_count + rk.tiers[2].max_count == 18);
  // Most support money in one year for ranked stations: 3×5 + 5×3 + 10×1 = 40 万元.
  qis::Milli most = 0;
  for (auto& t : rk.tiers) most += t.amount * t.max_count;
  CHECK(most == pts(40));
  CHECK(rk.exclude_new);
  CHECK(rk.max_stations == 50);
  CHECK(rk.new_station_support == pts(10));
  CHECK(rk.clause == "第十九条");
  CHECK(rk.select_max == 0);
}

TEST_CASE("武汉细则每项都给满分时总分100分，一级指标20/30/20/30，二级指标小计与原表一致") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::ScoreReport rep = qis::score(rb, full_marks(rb), kToday);

  CHECK(rep.errors.empty());
  CHECK(rep.unanswered.empty());
  CHECK(rep.answered == 19);
  CHECK(rep.base == pts(100));
  CHECK(rep.bonus == 0);
  CHECK(rep.total == pts(100));
  CHECK(rep.max == pts(100));

  // 一级指标
  CHECK(rep.find_node("1")->score == pts(20));
  CHECK(rep.find_node("2")->score == pts(30));
  CHECK(rep.find_node("3")->score == pts(20));
  CHECK(rep.find_node("4")->score == pts(30));
  // 二级指标: 组织管理 3+3 = 6; 服务场所 2+2+4 = 8; 管理制度 4+2 = 6
  CHECK(rep.find_node("1.1")->score == pts(6));
  CHECK(rep.find_node("1.2")->score == pts(8));
  CHECK(rep.find_node("1.3")->score == pts(6));
  // 技术资源 2+3 = 5; 服务内容 10+15 = 25
  CHECK(rep.find_node("2.1")->score == pts(5));
  CHECK(rep.find_node("2.2")->score == pts(25));
  // 服务流程 3+3+4 = 10; 服务反馈 10
  CHECK(rep.find_node("3.1")->score == pts(10));
  CHECK(rep.find_node("3.2")->score == pts(10));
  // 服务效能 10+10+5+5 = 30
  CHECK(rep.find_node("4.1")->score == pts(30));
}

TEST_CASE("武汉细则的一份有高有低的自评按手算得79.5分") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::Assessment a = qis_test::assessment(rb, R"({
    "1.1.1": {"value": 2.5}, "1.1.2": {"value": 3},
    "1.2.1": {"value": 1.5}, "1.2.2": {"value": 2}, "1.2.3": {"value": 3.5},
    "1.3.1": {"value": 3},   "1.3.2": {"value": 2},
    "2.1.1": {"value": 2},   "2.1.2": {"value": 2.5},
    "2.2.1": {"value": 7.5}, "2.2.2": {"value": 12},
    "3.1.1": {"value": 3},   "3.1.2": {"value": 2.5}, "3.1.3": {"value": 3.5},
    "3.2.1": {"value": 8},
    "4.1.1": {"value": 6},   "4.1.2": {"value": 7.5}, "4.1.3": {"value": 4}, "4.1.4": {"value": 3.5}
  })");
  const qis::ScoreReport rep = qis::score(rb, a, kToday);
  REQUIRE(rep.errors.empty());
  CHECK(rep.unanswered.empty());

  // 基础建设: 组织管理 2.5+3 = 5.5; 服务场所 1.5+2+3.5 = 7; 管理制度 3+2 = 5; 5.5+7+5 = 17.5
  CHECK(rep.find_node("1.1")->score == pts(5.5));
  CHECK(rep.find_node("1.2")->score == pts(7));
  CHECK(rep.find_node("1.3")->score == pts(5));
  CHECK(rep.find_node("1")->score == pts(17.5));
  // 服务提供: 技术资源 2+2.5 = 4.5; 服务内容 7.5+12 = 19.5; 4.5+19.5 = 24
  CHECK(rep.find_node("2.1")->score == pts(4.5));
  CHECK(rep.find_node("2.2")->score == pts(19.5));
  CHECK(rep.find_node("2")->score == pts(24));
  // 服务实施: 服务流程 3+2.5+3.5 = 9; 服务反馈 8; 9+8 = 17
  CHECK(rep.find_node("3.1")->score == pts(9));
  CHECK(rep.find_node("3.2")->score == pts(8));
  CHECK(rep.find_node("3")->score == pts(17));
  // 服务成效: 服务效能 6+7.5+4+3.5 = 21
  CHECK(rep.find_node("4.1")->score == pts(21));
  CHECK(rep.find_node("4")->score == pts(21));
  // 17.5 + 24 + 17 + 21 = 79.5
  CHECK(rep.total == pts(79.5));
  CHECK(rep.find("1.1.1")->score == pts(2.5));
  CHECK(rep.find("1.1.1")->headroom == pts(0.5));
  // No thresholds: the outcome is the score itself.
  CHECK(rep.outcomes.empty());
  CHECK(rep.gaps.empty());
}

TEST_CASE("武汉：得95分但只运营了17个月的质量服务站不能申报，未满足的是第十三条（一）持续运营2年以上") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  qis::Assessment a = full_marks(rb);
  a.answers["2.2.2"] = qis::Json{{"value", 10}};  // 线上服务 10 of 15: 100 − 5 = 95
  // Declares every condition, including (一); the months of operation decide (一) all the same.
  declare_all_conditions(a, "2024-01-01");
  const qis::ScoreReport rep = qis::score(rb, a, kToday);  // 2024-01-01 → 2025-06-01: 17 months

  CHECK(rep.total == pts(95));
  CHECK_FALSE(rep.eligible);
  const qis::GateResult* g1 = gate(rep, "g13_1");
  REQUIRE(g1 != nullptr);
  CHECK(g1->state == GateState::Failed);
  CAPTURE(g1->reason);
  CHECK(contains(g1->reason, "17 个月"));
  CHECK(contains(g1->reason, "24 个月"));
  CHECK(contains(g1->reason, "2 年"));
  // It is the only failed condition.
  for (auto& g : rep.gates) {
    CAPTURE(g.gate->id);
    CHECK((g.gate->id == "g13_1" ? GateState::Failed : GateState::Met) == g.state);
  }
  CHECK(group(rep, "eligibility")->state == GateState::Failed);
  CHECK(rep.outcome_text() == "不符合第十三条基本条件，不能申报市级质量服务站评价");
}

TEST_CASE("武汉：“持续运营2年以上”含本数，恰好满24个月即可申报，差一天则不可") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  qis::Assessment a = full_marks(rb);

  SUBCASE("2023-06-01 起运营，到 2025-06-01 恰好 24 个月") {
    declare_all_conditions(a, "2023-06-01");
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_1")->state == GateState::Met);
    CHECK(group(rep, "eligibility")->state == GateState::Met);
    CHECK(rep.eligible);
    CHECK(rep.outcome_text() != "不符合第十三条基本条件，不能申报市级质量服务站评价");
  }
  SUBCASE("2023-06-02 起运营，到 2025-06-01 只有 23 个月") {
    declare_all_conditions(a, "2023-06-02");
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_1")->state == GateState::Failed);
    CHECK(contains(gate(rep, "g13_1")->reason, "23 个月"));
    CHECK_FALSE(rep.eligible);
  }
}

TEST_CASE("武汉：声明第十三条（三）不符合（属于严重失信主体）的质量服务站，即使满分也不能申报") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  qis::Assessment a = full_marks(rb);
  declare_all_conditions(a, "2020-01-01");
  a.gates["g13_3"] = false;
  const qis::ScoreReport rep = qis::score(rb, a, kToday);

  CHECK(rep.total == pts(100));
  CHECK_FALSE(rep.eligible);
  CHECK(gate(rep, "g13_3")->state == GateState::Failed);
  CHECK(gate(rep, "g13_1")->state == GateState::Met);  // 2020-01 → 2025-06: 65 months
  CHECK(group(rep, "eligibility")->state == GateState::Failed);
  CHECK(rep.outcome_text() == "不符合第十三条基本条件，不能申报市级质量服务站评价");
}

TEST_CASE("武汉：条件尚未逐项确认、也没填运营日期时，条件组待确认，不算不符合") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  qis::Assessment a = full_marks(rb);
  a.gates["g13_2"] = true;
  const qis::ScoreReport rep = qis::score(rb, a, kToday);

  CHECK(gate(rep, "g13_1")->state == GateState::Unanswered);
  CHECK(contains(gate(rep, "g13_1")->reason, "运营日期"));
  CHECK(gate(rep, "g13_2")->state == GateState::Met);
  CHECK(gate(rep, "g13_3")->state == GateState::Unanswered);
  CHECK(group(rep, "eligibility")->state == GateState::Unanswered);
  CHECK(rep.eligible);  // nothing failed yet
}

TEST_CASE("武汉：3分的“组织架构”评3.5分被拒绝，错误指明该项，该项按0分计") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::Assessment a = qis_test::assessment(rb, R"({"1.1.1": {"value": 3.5}, "1.1.2": {"value": 3}})");
  const qis::ScoreReport rep = qis::score(rb, a, kToday);

  REQUIRE(rep.errors.size() == 1);
  CHECK(rep.errors[0].code == "answer.invalid");
  CHECK(rep.errors[0].where == "1.1.1");
  CAPTURE(rep.errors[0].message);
  CHECK(contains(rep.errors[0].message, "组织架构"));
  CHECK(contains(rep.errors[0].message, "1.1.1"));
  CHECK(contains(rep.errors[0].message, "3.5"));
  const qis::CriterionResult* c = rep.find("1.1.1");
  REQUIRE(c != nullptr);
  CHECK(c->error.has_value());
  CHECK(c->score == 0);
  // The valid neighbour still counts: 0 + 3 = 3.
  CHECK(rep.find_node("1.1")->score == pts(3));
  CHECK(rep.total == pts(3));
}

TEST_CASE("武汉：评分只能取0.5分的倍数，2.25分被拒绝") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::Assessment a = qis_test::assessment(rb, R"({"1.2.3": {"value": 2.25}})");
  const qis::ScoreReport rep = qis::score(rb, a, kToday);

  REQUIRE(rep.errors.size() == 1);
  CHECK(rep.errors[0].where == "1.2.3");
  CHECK(contains(rep.errors[0].message, "服务标识"));
  CHECK(contains(rep.errors[0].message, "0.5"));
  CHECK(rep.total == 0);
}

// 评价细则的附件表格印有三级指标名称（组织架构、经费保障……），只有编号是本工具所加。
TEST_CASE("武汉：各级指标名称都印在细则表格中，没有一项标为本工具所拟") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  CHECK(qis_test::tool_titled(rb).empty());
}

// Issue 17: 第十三条（六）“第九条所列的五项及以上服务能力” and 第十四条（五）“具备第九条所述有关服务能力
// 的材料” refer to 第九条's ten service contents, which were listed nowhere: the station could not
// tick them and (六) was declared, not counted.
TEST_CASE("武汉：第九条的十项服务内容是单位信息中的多选项，照原文名称和条款") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::RubricProfileField* f = rb.find_profile_field("service_contents");
  REQUIRE(f != nullptr);
  CHECK(f->checklist);
  REQUIRE(f->options.size() == 10);
  const char* names[] = {"计量服务", "标准服务", "检验检测服务", "认证服务", "质量管理服务",
                         "知识产权服务", "品牌培育服务", "质量强链创新服务", "质量强链提升服务"};
  const char* numbers[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  for (std::size_t i = 0; i < 10; ++i) {
    CAPTURE(i);
    if (i < 9) CHECK(f->options[i].text == names[i]);
    CHECK(f->options[i].clause == std::string("第九条（") + numbers[i] + "）");
  }
  CHECK(contains(f->options[9].text, "临床试验等特色服务"));  // (十) has no name of its own: the whole item
  CHECK(qis::check_profile_value(*f, "metrology,brand") == std::nullopt);
  CHECK(qis::check_profile_value(*f, "metrology,marketing").value() == "“具备的服务能力（第九条所列服务内容）”没有“marketing”这一项，请从列出的选项中选择");
  CHECK(qis::check_profile_value(*f, "brand,brand").has_value());
  CHECK(qis::store_choices(*f, {"brand", "metrology"}) == "metrology,brand");  // document order
  CHECK(qis::chosen_text(*f, "brand,metrology") == "计量服务、品牌培育服务");
}

TEST_CASE("武汉：第十三条（六）“五项及以上”由勾选的第九条服务内容计数，四项不符合，五项还须确认其余要求") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::Gate& g6 = rb.gates[5];
  CHECK(g6.id == "g13_6");
  CHECK(g6.count_field == "service_contents");
  CHECK(g6.min_checked == 5);
  CHECK(g6.remainder == "并具备较强的竞争力、创新力和影响力");

  qis::Assessment a = full_marks(rb);
  declare_all_conditions(a, "2020-01-01");

  SUBCASE("五项，声明其余要求符合：满足") {
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_6")->state == GateState::Met);
    CHECK(contains(gate(rep, "g13_6")->reason, "勾选了 5 项（计量服务、标准服务、检验检测服务、认证服务、质量管理服务），满 5 项"));
    CHECK(group(rep, "eligibility")->state == GateState::Met);
  }
  SUBCASE("四项，即使声明符合也不符合：项数是数出来的") {
    a.profile["service_contents"] = "metrology,standardization,inspection_testing,certification";
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_6")->state == GateState::Failed);
    CHECK(contains(gate(rep, "g13_6")->reason, "勾选了 4 项"));
    CHECK(contains(gate(rep, "g13_6")->reason, "不足 5 项"));
    CHECK_FALSE(rep.eligible);
    CHECK(rep.outcome_text() == "不符合第十三条基本条件，不能申报市级质量服务站评价");
  }
  SUBCASE("六项，但“较强的竞争力、创新力和影响力”尚未确认：待确认") {
    a.profile["service_contents"] = "metrology,standardization,inspection_testing,certification,quality_management,brand";
    a.gates.erase("g13_6");
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_6")->state == GateState::Unanswered);
    CHECK(contains(gate(rep, "g13_6")->reason, "“并具备较强的竞争力、创新力和影响力”尚未确认"));
    CHECK(group(rep, "eligibility")->state == GateState::Unanswered);
    CHECK(rep.eligible);
  }
  SUBCASE("未勾选：声明符合也只算待确认") {
    a.profile.erase("service_contents");
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_6")->state == GateState::Unanswered);
    CHECK(contains(gate(rep, "g13_6")->reason, "请在单位信息中勾选“具备的服务能力（第九条所列服务内容）”"));
  }
  SUBCASE("声明不符合的照样不符合") {
    a.gates["g13_6"] = false;
    const qis::ScoreReport rep = qis::score(rb, a, kToday);
    CHECK(gate(rep, "g13_6")->state == GateState::Failed);
  }
}

TEST_CASE("武汉：第十四条（五）的材料按勾选的第九条服务内容逐项列出") {
  const qis::Rubric rb = qis_test::rubric("wuhan-2025");
  const qis::Material& m5 = rb.materials[4];
  CHECK(m5.id == "m14_5");
  CHECK(m5.lists_field == "service_contents");
  std::map<std::string, std::string> profile{{"service_contents", "intellectual_property,metrology"}};
  CHECK(qis::material_entries(rb, m5, profile) == std::vector<std::string>{"第九条（一） 计量服务", "第九条（六） 知识产权服务"});
  CHECK(qis::material_entries(rb, rb.materials[0], profile).empty());  // (一) 申请书 lists nothing
  CHECK(qis::material_entries(rb, m5, {}).empty());
}
