#include "panel.h"

#include <algorithm>
#include <map>
#include <set>

#include "review_detail.h"
#include "names.h"
#include "procedure.h"
#include "procedure_checks.h"
#include "text_encoding.h"

namespace qis {
using detail::pts;

using detail::milli_json;
using detail::profile_value;
using detail::check_format;
using detail::read_qis_file;
using detail::review_from_reader;
using detail::find_rubric;
using detail::kMaxDepth;
using detail::kReviewHint;
using detail::is_hex64;

namespace {

constexpr const char* kPanelHint = "请选择“专家组汇总”生成的 .json 文件。";

// Mean of values summing to `sum` over `n` of them, rounded half up to 0.1 point (100 thousandths).
// Exact: 2·sum + n·100 over 2·n·100, floored, is round-half-up of sum / (n·100).
Milli mean_tenths(Milli sum, Milli n) { return floor_div(2 * sum + n * 100, 2 * n * 100) * 100; }

}  // namespace

const char* panel_method_name(PanelMethod m) { return m == PanelMethod::Trimmed ? "trimmed" : "mean"; }

const char* panel_method_text(PanelMethod m) {
  return m == PanelMethod::Trimmed ? "去掉一个最高分和一个最低分后取平均" : "取全体专家评分的平均";
}

std::optional<PanelMethod> panel_method_from_name(std::string_view name) {
  if (name == "mean") return PanelMethod::Mean;
  if (name == "trimmed") return PanelMethod::Trimmed;
  return std::nullopt;
}

const PanelCriterion* Panel::find(const std::string& id) const {
  for (auto& c : criteria)
    if (c.node->id == id) return &c;
  return nullptr;
}

Milli Panel::node_result(const Node& node) const {
  if (node.is_criterion()) {
    const PanelCriterion* c = find(node.id);
    return c ? c->result : 0;
  }
  Milli sum = 0;
  for (auto& child : node.children) sum += node_result(child);
  return sum;
}

std::string outcome_for_total(const Rubric& rubric, const ScoreReport& self, Milli base, Milli total) {
  ScoreReport r = self;  // keeps the station's gates and the thresholds its profile sets aside
  set_total(rubric, r, base, total);
  return r.outcome_text();
}

Result<Panel> merge_panel(const Rubric& rubric, const Assessment& station, const std::string& hash,
                          const std::vector<Review>& reviews, const PanelOptions& options, const std::string& today) {
  if (reviews.empty())
    return Error{"panel.no_reviews", "没有可汇总的评审意见，请至少选择一份专家评审意见文件。", ""};
  const ScoreReport self = score(rubric, station, today);

  // Each review must belong to this package, be complete and justify its large deviations.
  std::vector<Error> problems;
  std::vector<ScoreReport> scored;
  std::map<std::string, std::string> names;  // person_key → the name as first written
  for (auto& r : reviews) {
    const auto checked = check_review(rubric, r, hash, self);
    for (auto& e : checked) problems.push_back(e);
    scored.push_back(score_review(rubric, r));
    // A review of another package or rubric: nothing else about it is worth reporting.
    if (!checked.empty() && checked.front().code != "review.deviation_reason") continue;
    // Names that print alike are one expert: a zero-width or no-break space does not make a second one.
    if (auto [it, added] = names.emplace(person_key(r.expert.name), r.expert.name); !added)
      problems.push_back({"panel.duplicate_expert",
                          "专家“" + r.expert.name + "”有两份评审意见" +
                              (it->second == r.expert.name ? std::string()
                                                           : "（与“" + it->second + "”只差空格或不可见字符，视为同一位专家）") +
                              "；每位专家只能计一次，请去掉重复的文件。",
                          ""});
    const ScoreReport& s = scored.back();
    for (auto& e : s.errors)
      problems.push_back({"review.answer_invalid", "专家“" + r.expert.name + "”：" + e.message, e.where});
    if (auto e = review_incomplete(rubric, r, s)) problems.push_back(*e);
  }
  const int n = static_cast<int>(reviews.size());
  if (options.method == PanelMethod::Trimmed && n < kMinTrimmedExperts)
    problems.push_back({"panel.trimmed_too_few",
                        "去掉一个最高分和一个最低分至少需要 3 位专家的评审意见，当前只有 " + std::to_string(n) +
                            " 份；请改用算术平均（命令行为 --method mean）或补充评审意见。",
                        ""});

  // The leader's overrides: a known criterion, within 0..max, one decimal, with a reason.
  std::map<std::string, PanelOverride> overrides;
  for (auto& o : options.overrides) {
    const Node* node = rubric.find(o.criterion);
    if (!node || !node->is_criterion()) {
      problems.push_back({"panel.override_unknown",
                          "调整的细项“" + o.criterion + "”不在评分表“" + rubric.short_title + "”中，请核对细项编号。", o.criterion});
      continue;
    }
    const std::string label = target_label(rubric, o.criterion);
    if (o.value < 0 || o.value > node->max)
      problems.push_back({"panel.override_range",
                          label + "：调整后的得分 " + pts(o.value) + " 超出 0~" + pts(node->max) + " 分。", o.criterion});
    else if (o.value % 100 != 0)
      problems.push_back({"panel.override_step", label + "：调整后的得分 " + pts(o.value) + " 只能保留一位小数。", o.criterion});
    if (trim_space(o.reason).empty())
      problems.push_back({"panel.override_reason", label + "：专家组长调整得分须注明理由。", o.criterion});
    if (!overrides.emplace(o.criterion, o).second)
      problems.push_back({"panel.override_duplicate", label + "：同一细项只能调整一次。", o.criterion});
  }
  if (!problems.empty()) {
    Error e = problems.front();
    for (std::size_t i = 1; i < problems.size(); ++i) e.message += "\n" + problems[i].message;
    return e;
  }

  Panel p;
  p.rubric = &rubric;
  p.package_hash = hash;
  p.station = profile_value(station, "name");
  p.options = options;
  p.reviews = reviews;
  p.self_total = self.total;
  p.eligible = self.eligible;
  for (const Node* node : rubric.criteria()) {
    PanelCriterion c;
    c.node = node;
    const CriterionResult* s = self.find(node->id);
    c.self = s ? s->score : 0;
    for (std::size_t i = 0; i < reviews.size(); ++i) {
      c.scores.push_back(scored[i].find(node->id)->score);
      auto item = reviews[i].items.find(node->id);
      c.comments.push_back(item == reviews[i].items.end() ? "" : item->second.comment);
    }
    std::vector<Milli> sorted = c.scores;
    std::sort(sorted.begin(), sorted.end());
    c.spread = sorted.back() - sorted.front();
    c.wide_spread = c.spread * 100 > node->max * kWideSpreadPercent;
    c.outlier.assign(c.scores.size(), false);
    if (c.wide_spread) {
      // Twice the median, so an even count needs no halving: |2·score − (a + b)|.
      const std::size_t count_scores = sorted.size();
      const Milli median2 = sorted[(count_scores - 1) / 2] + sorted[count_scores / 2];
      Milli farthest = 0;
      for (Milli v : c.scores) farthest = std::max(farthest, v * 2 > median2 ? v * 2 - median2 : median2 - v * 2);
      for (std::size_t i = 0; i < c.scores.size(); ++i) {
        const Milli d = c.scores[i] * 2 > median2 ? c.scores[i] * 2 - median2 : median2 - c.scores[i] * 2;
        c.outlier[i] = d == farthest;
      }
    }
    Milli sum = 0;
    Milli count = 0;
    const std::size_t drop = options.method == PanelMethod::Trimmed ? 1 : 0;
    for (std::size_t i = drop; i + drop < sorted.size(); ++i, ++count) sum += sorted[i];
    // A mean never exceeds the max, but rounding up to 0.1 could pass a max that is not a multiple of 0.1.
    c.computed = std::min(mean_tenths(sum, count), node->max);
    c.result = c.computed;
    if (auto o = overrides.find(node->id); o != overrides.end()) {
      c.override_by_leader = o->second;
      c.result = o->second.value;
    }
    (node->bonus ? p.bonus : p.base) += c.result;
    p.criteria.push_back(std::move(c));
  }
  p.total = p.base + p.bonus;
  p.outcome = outcome_for_total(rubric, self, p.base, p.total);
  // The rubric's own panel rule (湖南 7.2: 不少于 5 人); a rubric that names none gets no warning.
  if (auto w = panel_size_warning(rubric, n)) p.warnings.push_back(*w);
  return p;
}

Json panel_json(const Panel& p) {
  Json overrides = Json::array();
  for (auto& o : p.options.overrides)
    overrides.push_back({{"criterion", o.criterion}, {"value", milli_json(o.value)}, {"reason", o.reason}});
  Json reviews = Json::array();
  for (auto& r : p.reviews) reviews.push_back(review_json(r));
  Json crit = Json::object();
  for (auto& c : p.criteria) {
    Json scores = Json::array();
    for (Milli s : c.scores) scores.push_back(milli_json(s));
    Json x = {{"self", milli_json(c.self)},         {"scores", scores},
              {"spread", milli_json(c.spread)},     {"wide_spread", c.wide_spread},
              {"computed", milli_json(c.computed)}, {"result", milli_json(c.result)}};
    if (c.override_by_leader) x["override_reason"] = c.override_by_leader->reason;
    crit[c.node->id] = x;
  }
  Json warnings = Json::array();
  for (auto& w : p.warnings) warnings.push_back(w.message);
  Json j = Json::object();
  j["format"] = kPanelFormat;
  j["app"] = {{"name", "qis"}, {"version", QIS_VERSION}};
  j["package"] = {{"sha256", p.package_hash}, {"name", p.station}};
  j["rubric"] = {{"id", p.rubric->id}, {"version", p.rubric->version}};
  j["method"] = panel_method_name(p.options.method);
  j["overrides"] = overrides;
  j["reviews"] = reviews;
  j["result"] = {{"note", "仅供参考：读取方会根据评审意见重新汇总"},
                 {"total", milli_json(p.total)},
                 {"base", milli_json(p.base)},
                 {"bonus", milli_json(p.bonus)},
                 {"self_total", milli_json(p.self_total)},
                 {"eligible", p.eligible},
                 {"outcome", p.outcome},
                 {"experts", static_cast<int>(p.reviews.size())},
                 {"warnings", warnings},
                 {"criteria", crit}};
  return j;
}

std::string export_panel(const Panel& p) {
  return panel_json(p).dump(1, '\t', false, Json::error_handler_t::replace) + "\n";
}

Result<PanelFile> read_panel(std::string_view text, const std::vector<Rubric>& rubrics) {
  auto parsed = read_qis_file(text, kMaxPanelBytes, "panel", kPanelFormat, kPanelFormatVersion, "专家组汇总文件",
                              "专家组汇总文件", kPanelHint);
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
  try {
    JsonReader r(j, "", "panel");
    // "signature": the panel leader's, checked by src/trust against the roster.
    r.only_keys({"format", "app", "package", "rubric", "method", "overrides", "reviews", "result", "signature"});
    PanelFile out;
    JsonReader pk = r.child("package");
    pk.only_keys({"sha256", "name"});
    out.package_hash = pk.str("sha256");
    if (!is_hex64(out.package_hash)) pk.fail("sha256", "sha256 应为 64 位小写十六进制（数据包文件的 SHA-256）");
    JsonReader rr = r.child("rubric");
    rr.only_keys({"id", "version"});
    const Rubric& rubric = find_rubric(rr, rubrics);
    out.rubric_id = rubric.id;
    out.rubric_version = rubric.version;
    const std::string method = r.str("method");
    auto m = panel_method_from_name(method);
    if (!m) r.fail("method", "汇总方法“" + method + "”无效，应为 mean（平均）或 trimmed（去掉最高分和最低分后平均）");
    out.options.method = *m;
    if (const Json* arr = r.array_opt("overrides"))
      for (std::size_t i = 0; i < arr->size(); ++i) {
        JsonReader o = r.at((*arr)[i], "overrides[" + std::to_string(i) + "]");
        o.only_keys({"criterion", "value", "reason"});
        out.options.overrides.push_back({o.str("criterion"), o.num("value"), o.str_or("reason", "")});
      }
    const Json& arr = r.array("reviews");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string path = "reviews[" + std::to_string(i) + "]";
      if (auto e = check_format(arr[i], "review", kReviewFormat, kReviewFormatVersion, "专家评审意见", kReviewHint))
        r.at(arr[i], path).fail("format", e->message);
      Review rev = review_from_reader(r.at(arr[i], path), rubrics);
      if (rev.rubric_id != rubric.id)
        r.at(arr[i], path).fail("rubric_mismatch", "评审意见使用的评分表与汇总文件不一致");
      out.reviews.push_back(std::move(rev));
    }
    return out;
  } catch (const LoadFailure& f) {
    Error e = f.error;
    e.message = "专家组汇总文件内容有误：" + e.message;
    return e;
  }
}

}  // namespace qis
