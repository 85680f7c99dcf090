// Golden tests for rubrics/shanghai-2024.json: 上海市质量基础设施集成服务项目管理办法（试行）
// （沪市监质发〔2024〕196号）. The document awards no points: 第五条 (3 basic conditions) and 第七条
// (4 conditions for applying for 市级 naming) are recorded as 1-point yes/no items (total 7), and
// naming eligibility is decided by the gate groups "basic" (第五条/第六条) and "city" (第七条/第八条).
#include <doctest/doctest.h>

#include <string>

#include "helpers.h"

using qis::GateState;
using qis_test::pts;

namespace {

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

// Answers every condition as met, both as a scored item and as a gate (g7_0: 运行良好的区级项目).
qis::Assessment all_met(const qis::Rubric& rb) {
  qis::Assessment a = qis_test::assessment(rb, R"({
    "5.1": {"yes": true}, "5.2": {"yes": true}, "5.3": {"yes": true},
    "7.1": {"yes": true}, "7.2": {"yes": true}, "7.3": {"yes": true}, "7.4": {"yes": true}
  })");
  for (const char* g : {"g5_1", "g5_2", "g5_3", "g7_0", "g7_1", "g7_2", "g7_3", "g7_4"}) a.gates[g] = true;
  return a;
}

}  // namespace

TEST_CASE("上海办法载入后是第五条3项、第七条4项是/否条件，合计7项，不设分数阈值") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  CHECK(rb.id == "shanghai-2024");
  CHECK(rb.version == "2024.1");
  CHECK(rb.issuer == "上海市市场监督管理局");
  CHECK(rb.total == pts(7));
  CHECK(rb.bonus_total == 0);
  REQUIRE(rb.indicators.size() == 2);
  CHECK(rb.indicators[0].id == "5");
  CHECK(rb.indicators[0].clause == "第五条");
  CHECK(rb.indicators[0].max == pts(3));
  CHECK(rb.indicators[1].id == "7");
  CHECK(rb.indicators[1].clause == "第七条");
  CHECK(rb.indicators[1].max == pts(4));
  const auto criteria = rb.criteria();
  REQUIRE(criteria.size() == 7);
  for (const qis::Node* n : criteria) {
    CAPTURE(n->id);
    CHECK(n->rule->kind == qis::RuleKind::YesNo);
    CHECK(n->max == pts(1));
    CHECK(n->rule->points == pts(1));
  }
  CHECK(rb.find("7.3")->text == "集成服务能力在所在产业（区域）全市领先");
  // The total mixes both articles, so no score threshold; the gate groups decide.
  CHECK(rb.thresholds.empty());

  REQUIRE(rb.gate_groups.size() == 2);
  CHECK(rb.gate_groups[0].id == "basic");
  CHECK(rb.gate_groups[0].requires_group.empty());
  CHECK(rb.gate_groups[1].id == "city");
  CHECK(rb.gate_groups[1].requires_group == "basic");
  REQUIRE(rb.gates.size() == 8);
  for (auto& g : rb.gates) CHECK(g.min_operation_months == 0);

  // 第六条 区级 and 第八条 市级 naming formats.
  REQUIRE(rb.naming.size() == 2);
  CHECK(rb.naming[0].level == "区级");
  CHECK(rb.naming[0].format == "{district}{industry}质量基础设施“一站式”服务项目");
  CHECK(rb.naming[0].requires_group == "basic");
  CHECK(rb.naming[0].clause == "第六条");
  CHECK(rb.naming[1].level == "市级");
  CHECK(rb.naming[1].format == "上海市{industry}质量基础设施集成服务项目");
  CHECK(rb.naming[1].requires_group == "city");
  CHECK(rb.naming[1].clause == "第八条");
  CHECK_FALSE(rb.ranking.has_value());
}

TEST_CASE("上海：第五条、第七条全部满足时7项全符合，两个条件组都满足") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  const qis::ScoreReport rep = qis::score(rb, all_met(rb));

  CHECK(rep.errors.empty());
  // 第五条 1+1+1 = 3; 第七条 1+1+1+1 = 4; 3+4 = 7
  CHECK(rep.find_node("5")->score == pts(3));
  CHECK(rep.find_node("7")->score == pts(4));
  CHECK(rep.total == pts(7));
  CHECK(group(rep, "basic")->state == GateState::Met);
  CHECK(group(rep, "city")->state == GateState::Met);
  CHECK(rep.eligible);
}

TEST_CASE("上海：基本条件全部满足但第七条（三）未达到时，可认定区级项目，不能申请市级项目命名") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  qis::Assessment a = all_met(rb);
  a.answers["7.3"] = qis::Json{{"yes", false}};
  a.gates["g7_3"] = false;  // 集成服务能力在所在产业（区域）全市领先: not yet
  const qis::ScoreReport rep = qis::score(rb, a);

  // 第五条 3; 第七条 1+1+0+1 = 3; 3+3 = 6 conditions met of 7.
  CHECK(rep.find_node("5")->score == pts(3));
  CHECK(rep.find_node("7")->score == pts(3));
  CHECK(rep.find("7.3")->score == 0);
  CHECK(rep.total == pts(6));

  CHECK(group(rep, "basic")->state == GateState::Met);
  CHECK(group(rep, "city")->state == GateState::Failed);
  CHECK(gate(rep, "g7_3")->state == GateState::Failed);
  // Only a failed group without a prerequisite makes the project ineligible: 区级 is still open.
  CHECK(rep.eligible);
  CHECK(rep.outcome_text() != rb.gate_groups[0].fail_text);
}

TEST_CASE("上海：不是运行良好的区级项目时，即使第七条四项都达到也不能申请市级项目命名") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  qis::Assessment a = all_met(rb);
  a.gates["g7_0"] = false;
  const qis::ScoreReport rep = qis::score(rb, a);

  CHECK(rep.total == pts(7));  // all seven enumerated conditions are met
  CHECK(group(rep, "basic")->state == GateState::Met);
  CHECK(group(rep, "city")->state == GateState::Failed);
  CHECK(gate(rep, "g7_0")->state == GateState::Failed);
}

TEST_CASE("上海：缺一项第五条基本条件时，区级不能认定，市级也随之不可达") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  qis::Assessment a = all_met(rb);
  a.answers["5.2"] = qis::Json{{"yes", false}};
  a.gates["g5_2"] = false;  // 不具备提供计量、标准、认证认可、检验检测、质量管理等方面服务的能力
  const qis::ScoreReport rep = qis::score(rb, a);

  // 第五条 1+0+1 = 2; 第七条 4; 2+4 = 6 — the same total as the previous case, another outcome.
  CHECK(rep.find_node("5")->score == pts(2));
  CHECK(rep.total == pts(6));

  CHECK(group(rep, "basic")->state == GateState::Failed);
  // Every 第七条 gate is met, yet 市级 needs 第五条 first (运行良好的区级项目).
  for (const char* g : {"g7_0", "g7_1", "g7_2", "g7_3", "g7_4"}) CHECK(gate(rep, g)->state == GateState::Met);
  CHECK(group(rep, "city")->state == GateState::Failed);
  CHECK_FALSE(rep.eligible);
  CHECK(rep.outcome_text() == "不满足第五条基本条件，不能认定命名为区级项目");
}

TEST_CASE("上海：基本条件尚未逐项确认时，两个条件组都待确认") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  qis::Assessment a = all_met(rb);
  a.gates.erase("g5_3");
  const qis::ScoreReport rep = qis::score(rb, a);

  CHECK(gate(rep, "g5_3")->state == GateState::Unanswered);
  CHECK(group(rep, "basic")->state == GateState::Unanswered);
  CHECK(group(rep, "city")->state == GateState::Unanswered);
  CHECK(rep.eligible);
}

TEST_CASE("上海：是/否项的答案必须是 true 或 false，错误指明该项") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  const qis::Assessment a = qis_test::assessment(rb, R"({"5.1": {"yes": 1}})");
  const qis::ScoreReport rep = qis::score(rb, a);

  REQUIRE(rep.errors.size() == 1);
  CHECK(rep.errors[0].where == "5.1");
  CHECK(rep.errors[0].message.find("5.1") != std::string::npos);
  CHECK(rep.total == 0);
}

// 第五条、第七条各项只有编号：计分项名称是本工具所拟；“市级项目申请条件”也不是原标题（原文“市级项目申请”）。
TEST_CASE("上海：7个计分项的名称和“市级项目申请条件”标为本工具所拟，“基本条件”是原文标题") {
  const qis::Rubric rb = qis_test::rubric("shanghai-2024");
  CHECK(qis_test::tool_titled(rb) == std::vector<std::string>{"5.1", "5.2", "5.3", "7", "7.1", "7.2", "7.3", "7.4"});
  CHECK_FALSE(rb.find("5")->title_by_tool);  // 第五条【基本条件】
}
