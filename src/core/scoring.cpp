#include "scoring.h"

#include <algorithm>
#include <cstdio>

#include "ledger_count.h"
#include "profile.h"
#include "profile_choices.h"
#include "rules.h"

namespace qis {
using detail::pts;
namespace {


bool parse_date(const std::string& s, int& y, int& m, int& d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  y = std::stoi(s.substr(0, 4));
  m = std::stoi(s.substr(5, 2));
  d = std::stoi(s.substr(8, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// `crit` is in document order (rubric.criteria(), depth first), the order this walk meets the
// criteria in: `next` moves along it, so the tree costs one pass, not nodes × criteria.
NodeResult build_tree(const Node& n, const std::vector<CriterionResult>& crit, std::size_t& next) {
  NodeResult r;
  r.node = &n;
  if (n.is_criterion()) {
    if (next < crit.size() && crit[next].node == &n) {
      const CriterionResult& c = crit[next++];
      r.score = c.score;
      r.answered = c.answered ? 1 : 0;
      r.criteria = 1;
    }
    return r;
  }
  for (auto& c : n.children) {
    r.children.push_back(build_tree(c, crit, next));
    r.score += r.children.back().score;
    r.answered += r.children.back().answered;
    r.criteria += r.children.back().criteria;
  }
  return r;
}

const NodeResult* find_node_in(const NodeResult& r, const std::string& id) {
  if (r.node->id == id) return &r;
  for (auto& c : r.children)
    if (auto* f = find_node_in(c, id)) return f;
  return nullptr;
}

GateResult decide_gate(const Rubric& rubric, const Gate& g, const Assessment& a, const std::string& today) {
  GateResult r;
  r.gate = &g;
  auto declared = a.gates.find(g.id);
  // A station's own "不符合" stands even when the date alone would pass (the clause may say more).
  if (declared != a.gates.end() && !declared->second) {
    r.state = GateState::Failed;
    r.reason = "申报单位声明不符合";
    return r;
  }
  if (g.min_operation_months > 0) {
    auto it = a.profile.find("operation_start");
    const int months = it == a.profile.end() ? -1 : months_between(it->second, today);
    if (months >= 0) {
      const bool ok = months >= g.min_operation_months;
      r.state = ok ? GateState::Met : GateState::Failed;
      std::string need = std::to_string(g.min_operation_months) + " 个月";
      if (g.min_operation_months % 12 == 0) need += "（" + std::to_string(g.min_operation_months / 12) + " 年）";
      r.reason = "自 " + it->second + " 起已运营 " + std::to_string(months) + " 个月，" + (ok ? "满" : "不满") + " " + need;
      return r;
    }
  }
  // Counted from the profile, never declared: without the ticks the gate stays unanswered.
  if (const RubricProfileField* field = g.count_field.empty() ? nullptr : rubric.find_profile_field(g.count_field)) {
    const auto value = a.profile.find(field->id);
    if (value == a.profile.end() || value->second.empty()) {
      r.reason = "请在单位信息中勾选“" + field->label + "”，按勾选的项数判定";
      return r;
    }
    {
      const auto chosen = chosen_options(*field, value->second);
      const int n = static_cast<int>(chosen.size());
      r.reason = "单位信息中“" + field->label + "”勾选了 " + std::to_string(n) + " 项" +
                 (n ? "（" + chosen_text(*field, value->second) + "）" : std::string()) + "，" +
                 (n >= g.min_checked ? "满" : "不足") + " " + std::to_string(g.min_checked) + " 项";
      if (n < g.min_checked) {
        r.state = GateState::Failed;
        return r;
      }
      if (g.remainder.empty()) {
        r.state = GateState::Met;
        return r;
      }
      // The count is met; the rest of the condition is the station's to declare.
      auto declared_rest = a.gates.find(g.id);
      r.state = declared_rest == a.gates.end() ? GateState::Unanswered : GateState::Met;
      r.reason += declared_rest == a.gates.end() ? "；“" + g.remainder + "”尚未确认" : "；“" + g.remainder + "”申报单位声明符合";
      return r;
    }
  }
  auto it = a.gates.find(g.id);
  if (it != a.gates.end()) {
    r.state = it->second ? GateState::Met : GateState::Failed;
    r.reason = it->second ? "申报单位声明符合" : "申报单位声明不符合";
  } else if (g.min_operation_months > 0) {
    r.reason = "请在单位信息中填写投入运营日期";
  } else {
    r.reason = "尚未确认";
  }
  return r;
}

// The ledger path: for a count rule with a `source` and a non-empty ledger, fills `answer` with
// {"count": n} and returns what was counted (docs/ledger.md "Counting"). Per-year sources count
// the assessment year, or the latest record year when it is not set (0). A source the ledger
// cannot count (a rubric error) leaves `answer` null and returns the reason; no source or an
// empty ledger returns "".
std::string count_from_ledger(const Node& n, const Ledger& ledger, int year, Json& answer) {
  const Rule& r = *n.rule;
  if (!r.source || r.kind != RuleKind::Count || ledger.empty()) return "";
  auto counted = count_ledger(*r.source, ledger, year);
  if (!counted) return "台账无法统计：" + counted.error().message;
  answer = Json{{"count", counted.value().count}};
  return describe_ledger_count(*r.source, counted.value(), ledger, r.unit);
}

}  // namespace

bool is_set_aside(const ScoreReport& r, const Threshold& t) {
  return std::find(r.set_aside.begin(), r.set_aside.end(), &t) != r.set_aside.end();
}

std::optional<bool> threshold_applies(const Rubric& rubric, const Threshold& t, const std::map<std::string, std::string>& profile) {
  if (!t.when) return true;
  const RubricProfileField* field = rubric.find_profile_field(t.when->field);
  const auto it = profile.find(t.when->field);
  if (!field || it == profile.end() || !field->find(it->second)) return std::nullopt;
  return std::find(t.when->in.begin(), t.when->in.end(), it->second) != t.when->in.end();
}

void set_total(const Rubric& rubric, ScoreReport& r, Milli base, Milli total) {
  r.base = base;
  r.bonus = total - base;
  r.total = total;
  r.outcomes.clear();
  r.gaps.clear();
  const Milli basis = rubric.threshold_basis == "base" ? base : total;
  for (auto& t : rubric.thresholds) {
    if (is_set_aside(r, t)) continue;
    if (t.matches(basis)) {
      r.outcomes.push_back(&t);
    } else if (t.is_goal()) {
      Gap g;
      g.threshold = &t;
      g.needed = t.value - basis;
      r.gaps.push_back(g);
    }
  }
}

int months_between(const std::string& from, const std::string& to) {
  int y1, m1, d1, y2, m2, d2;
  if (!parse_date(from, y1, m1, d1) || !parse_date(to, y2, m2, d2)) return -1;
  int months = (y2 - y1) * 12 + (m2 - m1);
  if (d2 < d1) --months;
  return months < 0 ? -1 : months;
}

std::optional<Error> validate_answer(const Node& criterion, const Json& answer) {
  return check_answer(criterion, answer);
}

const CriterionResult* ScoreReport::find(const std::string& id) const {
  for (auto& c : criteria)
    if (c.node->id == id) return &c;
  return nullptr;
}

const NodeResult* ScoreReport::find_node(const std::string& id) const {
  for (auto& t : tree)
    if (auto* f = find_node_in(t, id)) return f;
  return nullptr;
}

std::string ScoreReport::outcome_text() const {
  auto applies = [&](const Threshold* t) { return std::find(set_aside.begin(), set_aside.end(), t) == set_aside.end(); };
  for (auto& g : groups)
    if (g.state == GateState::Failed && g.group->requires_group.empty()) return g.group->fail_text;
  for (auto* t : outcomes)
    if (t->kind == "fail" && applies(t)) return t->label;
  const Threshold* best = nullptr;
  for (auto* t : outcomes)
    if (t->kind == "pass" && applies(t) && (!best || t->value > best->value)) best = t;
  if (best) return best->label;
  if (!missing_fields.empty()) {
    std::string names;
    for (auto* f : missing_fields) names += (names.empty() ? "“" : "、“") + f->label + "”";
    return "结论取决于" + names + "，请在单位信息中填写";
  }
  for (auto& g : gaps)
    if (applies(g.threshold)) return "未达到“" + g.threshold->label + "”";
  // Condition checklists without thresholds: the furthest group reached says what follows.
  const GateGroupResult* reached = nullptr;
  for (auto& g : groups)
    if (g.state == GateState::Met) reached = &g;
  if (reached) return reached->group->pass_text;
  if (!groups.empty()) return "申报条件尚未全部确认";
  return "得分 " + score_text(score_figures(*this));
}

ScoreFigures score_figures(const ScoreReport& r) { return ScoreFigures{r.total, r.max, r.bonus, r.bonus_max}; }

std::string score_text(const ScoreFigures& f) {
  std::string s = pts(f.total) + " 分（满分 " + pts(f.max);
  if (f.bonus_max > 0) s += "，另有加分项最高 " + pts(f.bonus_max) + " 分；本次加分 " + pts(f.bonus);
  return s + "）";
}

std::string score_text_short(const ScoreFigures& f) {
  std::string s = pts(f.total) + " / " + pts(f.max);
  if (f.bonus_max > 0) s += "（含加分 " + pts(f.bonus) + "）";
  return s;
}

ScoreReport score(const Rubric& rubric, const Assessment& a, const std::string& today) {
  ScoreReport rep;
  rep.max = rubric.total;
  rep.bonus_max = rubric.bonus_total;
  for (const Node* n : rubric.criteria()) {
    CriterionResult c;
    c.node = n;
    const Json* answer = nullptr;
    const Override* manual = nullptr;
    if (auto o = a.overrides.find(n->id); o != a.overrides.end()) {
      answer = &o->second.answer;
      manual = &o->second;
    } else if (auto it = a.answers.find(n->id); it != a.answers.end()) {
      answer = &it->second;
    }
    // No answer of the station's own: a count with a ledger source takes its number from the ledger.
    Json ledger_answer;
    std::string ledger_basis;
    if (!answer) ledger_basis = count_from_ledger(*n, a.ledger, a.assessment_year, ledger_answer);
    if (!ledger_basis.empty() && !ledger_answer.is_null()) {
      answer = &ledger_answer;
      c.from_ledger = true;
    }
    // A number entered by hand counts instead of the ledger's: both are said, never one silently.
    std::string ledger_differs;
    if (answer && answer->is_object() && answer->contains("count")) {
      Json counted;
      const std::string basis = count_from_ledger(*n, a.ledger, a.assessment_year, counted);
      if (!counted.is_null() && counted.at("count") != answer->at("count")) {
        const std::string by = manual ? "人工调整" : "手填";
        ledger_differs = "；服务台账：" + basis + "，与" + by + "的 " + answer->at("count").dump() + " " + n->rule->unit + "不一致，按" + by +
                         "的数量计分";
      }
    }
    std::string progress;
    if (answer && is_in_progress(*n, *answer, &progress)) {
      c.explanation = "未完成：" + progress;
      rep.unanswered.push_back(n->id);
    } else if (answer) {
      c.answered = true;
      if (auto err = check_answer(*n, *answer)) {
        c.error = err;
        c.explanation = "答案无效：" + err->message;
        rep.errors.push_back(*err);
      } else {
        RuleOutcome o = apply_rule(*n, *answer);
        c.score = o.score;
        c.explanation = o.explanation;
        if (c.from_ledger) c.explanation = "来自服务台账：" + ledger_basis + " → " + o.explanation + " 分";
      }
      if (manual)
        c.explanation = "人工调整（" + (manual->reason.empty() ? std::string("未说明理由") : "理由：" + manual->reason) + "）：" +
                        c.explanation;
      c.explanation += ledger_differs;
      ++rep.answered;
    } else if (!ledger_basis.empty()) {
      c.explanation = "未作答（" + ledger_basis + "）";
      rep.unanswered.push_back(n->id);
    } else {
      c.explanation = "未作答";
      rep.unanswered.push_back(n->id);
    }
    c.headroom = n->max - c.score;
    (n->bonus ? rep.bonus : rep.base) += c.score;
    rep.criteria.push_back(std::move(c));
  }
  rep.total = rep.base + rep.bonus;
  std::size_t next = 0;
  for (auto& n : rubric.indicators) rep.tree.push_back(build_tree(n, rep.criteria, next));

  for (auto& t : rubric.thresholds) {
    const std::optional<bool> applies = threshold_applies(rubric, t, a.profile);
    if (applies == true) continue;
    rep.set_aside.push_back(&t);
    const RubricProfileField* field = applies ? nullptr : rubric.find_profile_field(t.when->field);
    if (field && std::find(rep.missing_fields.begin(), rep.missing_fields.end(), field) == rep.missing_fields.end())
      rep.missing_fields.push_back(field);
  }
  const Milli basis = rubric.threshold_basis == "base" ? rep.base : rep.total;
  for (auto& t : rubric.thresholds)
    if (t.matches(basis) && !is_set_aside(rep, t)) rep.outcomes.push_back(&t);

  // Gap analysis: the fewest criteria whose headroom reaches each goal not yet met. Taking the
  // largest headroom first gives the smallest number of criteria.
  std::vector<const CriterionResult*> open;
  for (auto& c : rep.criteria)
    if (c.headroom > 0 && (rubric.threshold_basis == "total" || !c.node->bonus)) open.push_back(&c);
  std::stable_sort(open.begin(), open.end(),
                   [](const CriterionResult* x, const CriterionResult* y) { return x->headroom > y->headroom; });
  for (auto& t : rubric.thresholds) {
    if (!t.is_goal() || t.matches(basis) || is_set_aside(rep, t)) continue;
    Gap g;
    g.threshold = &t;
    g.needed = t.value - basis;
    for (auto* c : open) {
      if (t.matches(basis + g.attainable)) break;
      g.criteria.push_back(c->node->id);
      g.attainable += c->headroom;
    }
    g.reachable = t.matches(basis + g.attainable);
    rep.gaps.push_back(g);
  }

  for (auto& g : rubric.gates) rep.gates.push_back(decide_gate(rubric, g, a, today));
  for (auto& grp : rubric.gate_groups) {
    GateGroupResult gr;
    gr.group = &grp;
    bool any_failed = false, all_met = true;
    for (auto& g : rep.gates)
      if (g.gate->group == grp.id) {
        any_failed |= g.state == GateState::Failed;
        all_met &= g.state == GateState::Met;
      }
    if (!grp.requires_group.empty())
      for (auto& prev : rep.groups)
        if (prev.group->id == grp.requires_group) {
          any_failed |= prev.state == GateState::Failed;
          all_met &= prev.state == GateState::Met;
        }
    gr.state = any_failed ? GateState::Failed : all_met ? GateState::Met : GateState::Unanswered;
    if (any_failed && grp.requires_group.empty()) rep.eligible = false;
    rep.groups.push_back(gr);
  }

  if (rubric.min_operation_months > 0) {
    auto it = a.profile.find("operation_start");
    if (it != a.profile.end()) {
      const int months = months_between(it->second, today);
      if (months >= 0 && months < rubric.min_operation_months)
        rep.operation_warning = "投入运营仅 " + std::to_string(months) + " 个月，不满 " +
                                std::to_string(rubric.min_operation_months) + " 个月：按规定满 " +
                                std::to_string(rubric.min_operation_months) + " 个月后方应开展自我评价，当前结果仅供参考";
    }
  }
  return rep;
}

}  // namespace qis
