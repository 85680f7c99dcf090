// Every rule kind: scores, explanations, caps, and out-of-range answers that must be refused.
#include <doctest/doctest.h>

#include "helpers.h"
#include "kinds_fixture.h"

using namespace qis;
using qis_test::pts;

namespace {

const Rubric& kinds() {
  static Rubric rb = [] {
    auto r = load_rubric(kAllKindsRubric, "kinds");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(r).value();
  }();
  return rb;
}

// Scores one answer for one criterion of the fixture.
CriterionResult one(const char* id, const char* answer) {
  Assessment a;
  a.answers[id] = Json::parse(answer);
  ScoreReport rep = score(kinds(), a);
  return *rep.find(id);
}

}  // namespace

TEST_CASE("a checklist sums the ticked items and caps at the maximum") {
  auto r = one("check", R"({"checked": ["1", "3"]})");
  CHECK(r.score == pts(3));
  CHECK(r.explanation == "符合 2 项：(1) 1 + (3) 2 = 3");
  CHECK(one("check", R"({"checked": ["1","2","3"], "extra": 3})").score == pts(4));
  CHECK(one("check", R"({"checked": []})").score == 0);
  CHECK(one("check", R"({"checked": ["9"]})").error.has_value());
  CHECK(one("check", R"({"checked": ["1","1"]})").error.has_value());
}

TEST_CASE("a count multiplies and caps, and explains it") {
  auto r = one("count", R"({"count": 25})");
  CHECK(r.score == pts(10));
  CHECK(r.explanation == "25 份 × 0.5 = 12.5，封顶 10");
  CHECK(one("count", R"({"count": 7})").score == pts(3.5));
  CHECK(one("count", R"({"count": 0})").score == 0);
}

TEST_CASE("per-hundred counts take whole hundreds only") {
  CHECK(one("hundreds", R"({"count": 250})").score == pts(2));
  CHECK(one("hundreds", R"({"count": 99})").score == 0);
  CHECK(one("hundreds", R"({"count": 700})").score == pts(5));
}

TEST_CASE("negative, fractional and non-numeric counts are refused, never clamped") {
  for (const char* bad : {R"({"count": -1})", R"({"count": 2.5})", R"({"count": "12"})", R"({})"}) {
    auto r = one("count", bad);
    CHECK(r.error.has_value());
    CHECK(r.score == 0);
  }
  auto r = one("count", R"({"count": -1})");
  CHECK(r.error->message.find("“证书”（count）") != std::string::npos);
  CHECK(r.error->message.find("不能为负数") != std::string::npos);
}

TEST_CASE("a level range needs a value inside the range") {
  CHECK(one("levels", R"({"level": 0})").score == pts(10));
  CHECK(one("levels", R"({"level": 1, "value": 7})").score == pts(7));
  CHECK(one("levels", R"({"level": 1, "value": 7})").explanation == "“不齐全的”（5~9 分），评 7 分");
  auto low = one("levels", R"({"level": 1, "value": 4})");
  REQUIRE(low.error.has_value());
  CHECK(low.error->message.find("超出该档的分值范围 5~9 分") != std::string::npos);
  // A band of 5~9 chosen without its score: waiting for one, never scored as if one were given.
  auto waiting = one("levels", R"({"level": 1})");
  CHECK_FALSE(waiting.error.has_value());
  CHECK_FALSE(waiting.answered);
  CHECK(waiting.score == 0);
  CHECK(waiting.explanation == "未完成：已选“不齐全的”档（5~9 分），尚未填写评分");
  CHECK(validate_answer(*kinds().find("levels"), Json::parse(R"({"level": 1})")).has_value());
  CHECK(one("levels", R"({"level": 1, "value": 6.5})").error.has_value());  // step 1
  CHECK(one("levels", R"({"level": 3})").error.has_value());
  CHECK(one("levels", R"({"level": 0, "value": 9})").error.has_value());
}

TEST_CASE("a judgment respects its range and step") {
  CHECK(one("judge", R"({"value": 6.5})").score == pts(6.5));
  CHECK(one("judge", R"({"value": 9})").error.has_value());
  CHECK(one("judge", R"({"value": 6.3})").error.has_value());
  CHECK(one("judge", R"({"value": -0.5})").error.has_value());
}

TEST_CASE("graded items deduct from the maximum and stop at zero") {
  auto r = one("graded", R"({"items": {"a": {"state": "full"}, "b": {"state": "partial", "value": 3}, "c": {"state": "missing"}}})");
  CHECK(r.score == pts(8));  // 15 − (5 − 3) − 5
  CHECK(r.explanation == "3 项中：完整 1 项，不充分 1 项，缺少 1 项：15 − 7 = 8");
  // Two items not judged yet: in progress, so unanswered rather than an error, but not a valid final answer.
  auto partial = one("graded", R"({"items": {"a": {"state": "full"}}})");
  CHECK_FALSE(partial.error.has_value());
  CHECK_FALSE(partial.answered);
  CHECK(partial.explanation == "未完成：已评定 1 / 3 个子项");
  CHECK(validate_answer(*kinds().find("graded"), Json::parse(R"({"items": {"a": {"state": "full"}}})")).has_value());
  // 不充分 chosen without its score is not judged yet: no score is assumed for it.
  auto unscored = one("graded", R"({"items": {"a": {"state": "full"}, "b": {"state": "partial"}, "c": {"state": "full"}}})");
  CHECK_FALSE(unscored.error.has_value());
  CHECK_FALSE(unscored.answered);
  CHECK(unscored.explanation == "未完成：已评定 2 / 3 个子项");
  // An in-progress answer with an invalid judged item is an error.
  CHECK(one("graded", R"({"items": {"a": {"state": "partial", "value": 9}}})").error.has_value());
  CHECK(one("graded", R"({"items": {"a": {"state": "partial", "value": 5}, "b": {"state": "full"}, "c": {"state": "full"}}})")
            .error.has_value());
}

TEST_CASE("bands have no gaps: a value between printed bands falls to the lower band") {
  CHECK(one("bands", R"({"value": 95})").score == pts(20));
  CHECK(one("bands", R"({"value": 94.5})").score == pts(17));
  CHECK(one("bands", R"({"value": 90})").score == pts(17));
  CHECK(one("bands", R"({"value": 59.9})").score == 0);
  CHECK(one("bands", R"({"value": 100})").score == pts(20));
  CHECK(one("bands", R"({"value": 75, "judgment": 12})").score == pts(12));
  // A range band needs a judgment: until it has one the criterion waits, scoring nothing.
  auto waiting = one("bands", R"({"value": 75})");
  CHECK_FALSE(waiting.error.has_value());
  CHECK_FALSE(waiting.answered);
  CHECK(waiting.explanation.rfind("未完成：满意度 75分，落在“", 0) == 0);
  CHECK(validate_answer(*kinds().find("bands"), Json::parse(R"({"value": 75})")).has_value());
  CHECK(one("bands", R"({"value": 96, "judgment": 12})").error.has_value());      // fixed band takes none
  CHECK(one("bands", R"({"value": 120})").error.has_value());
  CHECK(one("bands", R"({"value": "95"})").error.has_value());
  CHECK(one("bands", R"({"value": 94.5})").explanation == "满意度 94.5分，落在“90分~94分”档：17 分");
}

TEST_CASE("only the highest level counts") {
  auto r = one("highest", R"({"selected": ["c", "p"]})");
  CHECK(r.score == pts(8));
  CHECK(r.explanation == "已选：省级、市级；按最高等级计：省级 8 分");
  CHECK(one("highest", R"({"selected": []})").score == 0);
  CHECK(one("highest", R"({"selected": ["x"]})").error.has_value());
}

TEST_CASE("category counts cap each category and the whole") {
  CHECK(one("cats", R"({"counts": {"m": 4}})").score == 0);         // 不足5家不得分
  CHECK(one("cats", R"({"counts": {"m": 9}})").score == pts(2));
  CHECK(one("cats", R"({"counts": {"m": 15}})").score == pts(5));   // 6 → 5
  CHECK(one("cats", R"({"counts": {"m": 15, "s": 15}})").score == pts(8));  // 5 + 5 → 8
  CHECK(one("cats", R"({"counts": {"q": 5}})").error.has_value());
}

TEST_CASE("bonus points are counted separately and in the total") {
  Assessment a;
  a.answers["yes"] = Json::parse(R"({"yes": true})");
  a.answers["cases"] = Json::parse(R"({"count": 3})");
  a.answers["count"] = Json::parse(R"({"count": 4})");
  ScoreReport rep = score(kinds(), a);
  CHECK(rep.bonus == pts(5));   // 1 + min(4, 6)
  CHECK(rep.base == pts(2));
  CHECK(rep.total == pts(7));
  CHECK(rep.max == pts(90));
  CHECK(rep.bonus_max == pts(5));
}

TEST_CASE("thresholds: strictly above, at or above, below") {
  Assessment a;
  auto at = [&](double judged, double count) {
    a.answers["judge"] = Json{{"value", judged}};
    a.answers["levels"] = Json{{"level", 0}};
    a.answers["bands"] = Json{{"value", 99}};
    a.answers["highest"] = Json{{"selected", {"n"}}};
    a.answers["count"] = Json{{"count", count}};
    return score(kinds(), a);
  };
  // 10 + 20 + 10 = 40 fixed, + judgment + count × 0.5
  ScoreReport r60 = at(8, 24);  // 40 + 8 + 10 = 58 → 不合格
  CHECK(r60.total == pts(58));
  CHECK(r60.outcome_text() == "不合格");
  REQUIRE(r60.gaps.size() == 2);
  CHECK(r60.gaps[0].threshold->id == "good");
  CHECK(r60.gaps[0].needed == pts(12));
  CHECK(r60.gaps[0].reachable);
  a.answers["check"] = Json{{"checked", {"1", "2", "3"}}};  // +4
  a.answers["cases"] = Json{{"count", 2}};                   // +4 bonus
  ScoreReport r = at(8, 24);  // 66
  CHECK(r.total == pts(66));
  a.answers["hundreds"] = Json{{"count", 400}};  // +4 → 70: not above 70
  r = at(8, 24);
  CHECK(r.total == pts(70));
  CHECK(r.outcome_text() == "未达到“良好”");
  a.answers["yes"] = Json{{"yes", true}};  // 71
  r = at(8, 24);
  CHECK(r.outcome_text() == "良好");
}

TEST_CASE("gap analysis picks the fewest criteria, largest headroom first") {
  Assessment a;
  ScoreReport rep = score(kinds(), a);
  REQUIRE(rep.gaps.size() == 2);
  const Gap& g = rep.gaps[0];  // > 70 from 0
  CHECK(g.needed == pts(70));
  // headrooms: bands 20, graded 15, count 10, levels 10, highest 10, judge 8, cats 8, hundreds 5, ...
  CHECK(g.criteria == std::vector<std::string>{"bands", "graded", "count", "levels", "highest", "judge"});
  CHECK(g.attainable == pts(73));
}

TEST_CASE("an empty assessment scores zero and lists every criterion as unanswered") {
  ScoreReport rep = score(kinds(), Assessment{});
  CHECK(rep.total == 0);
  CHECK(rep.unanswered.size() == kinds().criteria().size());
  CHECK(rep.answered == 0);
}

// Issue 17: one result was written four ways (“得分 78.7 / 100（另加分项 10）” read as 10 more points,
// “78.7 / 100 + 10”, “78.7 / 110”, “78.7 / 100”). score_text / score_text_short are the one wording.
TEST_CASE("a score is written as total out of the maximum, with the bonus inside the brackets") {
  // 78.7 = base 71.7 + bonus 7, out of 100 with up to 10 bonus points.
  const ScoreFigures with_bonus{pts(78.7), pts(100), pts(7), pts(10)};
  CHECK(score_text(with_bonus) == "78.7 分（满分 100，另有加分项最高 10 分；本次加分 7）");
  CHECK(score_text_short(with_bonus) == "78.7 / 100（含加分 7）");
  // No bonus earned is still said, so the reader knows there was one to earn.
  const ScoreFigures none_earned{pts(71.7), pts(100), 0, pts(10)};
  CHECK(score_text(none_earned) == "71.7 分（满分 100，另有加分项最高 10 分；本次加分 0）");
  CHECK(score_text_short(none_earned) == "71.7 / 100（含加分 0）");
  // A rubric without bonus items says nothing about them.
  const ScoreFigures hunan{pts(731), pts(1000), 0, 0};
  CHECK(score_text(hunan) == "731 分（满分 1000）");
  CHECK(score_text_short(hunan) == "731 / 1000");
  // Above the maximum thanks to the bonus: 95 + 10 = 105 of 100.
  CHECK(score_text_short(ScoreFigures{pts(105), pts(100), pts(10), pts(10)}) == "105 / 100（含加分 10）");
}

TEST_CASE("score_figures takes a report's numbers and outcome_text uses the same wording when there is no outcome") {
  // kinds: thresholds < 60, > 70, ≥ 90 and a 5-point bonus part; yes (1) + cases 2 × 2 = 4 → bonus 5.
  Assessment a;
  a.answers["yes"] = Json::parse(R"({"yes": true})");
  a.answers["cases"] = Json::parse(R"({"count": 2})");
  a.answers["count"] = Json::parse(R"({"count": 20})");  // 20 × 0.5 = 10
  const ScoreReport rep = score(kinds(), a);
  const ScoreFigures f = score_figures(rep);
  CHECK(f.total == pts(15));
  CHECK(f.max == pts(90));
  CHECK(f.bonus == pts(5));
  CHECK(f.bonus_max == pts(5));
  CHECK(score_text(f) == "15 分（满分 90，另有加分项最高 5 分；本次加分 5）");
  CHECK(rep.outcome_text() == "不合格");  // a threshold decides; the score is not the outcome

  // Without thresholds or gates (崇明), the outcome line is the score.
  const Rubric rb = qis_test::rubric("chongming-2024");
  const ScoreReport c = score(rb, qis_test::assessment(rb, R"({"4.16": {"count": 2}, "1.2": {"checked": ["1"]}})"));
  // 1.2 经费保障 (1) 1 分; 4.16 荣誉称号 2 × 0.5 = 1 (加分项)
  CHECK(c.outcome_text() == "得分 2 分（满分 100，另有加分项最高 10 分；本次加分 1）");
}
