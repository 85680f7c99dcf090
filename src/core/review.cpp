#include "review.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "base64.h"
#include "json_reader.h"
#include "sha256.h"

namespace qis {
namespace {

constexpr std::size_t kMaxReviewBytes = 8u << 20;
constexpr std::size_t kMaxPanelBytes = 64u << 20;
constexpr int kMaxDepth = 64;
constexpr const char* kTampered = "，可能被篡改或评分表版本不一致";

Json milli_json(Milli m) {
  if (m % kMilli == 0) return Json(m / kMilli);
  return Json(static_cast<double>(m) / 1000.0);
}

std::optional<Milli> json_milli(const Json& v) {
  if (!v.is_number()) return std::nullopt;
  return to_milli(v.get<double>());
}

std::string pts(Milli m) { return format_milli(m); }

std::string profile_value(const Assessment& a, const char* key) {
  auto it = a.profile.find(key);
  return it == a.profile.end() ? std::string() : it->second;
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  const int m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string short_hash(const std::string& h) { return h.size() > 12 ? h.substr(0, 12) + "…" : h; }

// Mean of values summing to `sum` over `n` of them, rounded half up to 0.1 point (100 thousandths).
// Exact: 2·sum + n·100 over 2·n·100, floored, is round-half-up of sum / (n·100).
Milli mean_tenths(Milli sum, Milli n) { return floor_div(2 * sum + n * 100, 2 * n * 100) * 100; }

// The format string of a file ("qis-review/1"), or an Error saying what the file is instead.
std::optional<Error> check_format(const Json& j, const std::string& prefix, const std::string& expected,
                                  int version, const std::string& what, const std::string& hint) {
  if (!j.is_object() || !j.contains("format") || !j.at("format").is_string())
    return Error{prefix + ".not_" + prefix, "这不是" + what + "（缺少 format 字段）。" + hint, ""};
  const std::string format = j.at("format").get<std::string>();
  const std::string family = expected.substr(0, expected.find('/') + 1);
  if (format.rfind(family, 0) != 0) {
    std::string is = format.rfind("qis-package/", 0) == 0 ? "（这是申报单位的数据包）"
                     : format.rfind("qis-review/", 0) == 0 ? "（这是一位专家的评审意见）"
                     : format.rfind("qis-panel/", 0) == 0  ? "（这是专家组汇总结果）"
                                                           : "（格式为“" + format + "”）";
    return Error{prefix + ".not_" + prefix, "这不是" + what + is + "。" + hint, "format"};
  }
  const std::string ver = format.substr(family.size());
  if (ver != std::to_string(version)) {
    const bool newer = !ver.empty() && ver.size() < 6 && std::all_of(ver.begin(), ver.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                       std::stoi(ver) > version;
    return Error{prefix + ".format_version",
                 newer ? "此" + what + "由更新版本的工具生成（" + format + "），当前工具只能读取 " + expected + "。请升级到最新版本后再打开。"
                       : "不支持的" + what + "格式版本“" + format + "”。",
                 "format"};
  }
  return std::nullopt;
}

const Rubric& find_rubric(const JsonReader& rr, const std::vector<Rubric>& rubrics) {
  const std::string id = rr.str("id"), version = rr.str("version");
  for (auto& rb : rubrics)
    if (rb.id == id) {
      if (rb.version != version)
        rr.fail("rubric_version", "按评分表“" + rb.short_title + "”的 " + version + " 版评分，本工具内置的是 " + rb.version +
                                      " 版；请使用相同版本的工具");
      return rb;
    }
  rr.fail("unknown_rubric", "评分表“" + id + "”不在本工具中，请确认工具版本");
}

// Reads one review object (top-level file or embedded in a panel); throws LoadFailure.
Review review_from_reader(const JsonReader& r, const std::vector<Rubric>& rubrics) {
  r.only_keys({"format", "app", "package", "rubric", "expert", "date", "margin_percent", "criteria", "summary"});
  Review out;
  JsonReader pk = r.child("package");
  pk.only_keys({"sha256", "name"});
  out.package_hash = pk.str("sha256");
  if (!is_hex64(out.package_hash)) pk.fail("sha256", "sha256 应为 64 位小写十六进制（数据包文件的 SHA-256）");
  out.station = pk.str_or("name", "");
  JsonReader rr = r.child("rubric");
  rr.only_keys({"id", "version"});
  const Rubric& rubric = find_rubric(rr, rubrics);
  out.rubric_id = rubric.id;
  out.rubric_version = rubric.version;
  JsonReader ex = r.child("expert");
  ex.only_keys({"name", "title", "unit"});
  out.expert.name = trim(ex.str("name"));
  if (out.expert.name.empty()) ex.fail("missing_field", "请填写专家姓名");
  out.expert.title = ex.str_or("title", "");
  out.expert.unit = ex.str_or("unit", "");
  out.date = r.str_or("date", "");
  if (!out.date.empty() && !is_date(out.date)) r.fail("date", "评审日期应为 YYYY-MM-DD，如 2025-06-01");
  out.margin_percent = r.int_or("margin_percent", kDefaultMarginPercent);
  if (out.margin_percent > 100) r.fail("margin_percent", "允许偏差 margin_percent 应为 0~100（满分的百分比）");
  if (const Json* items = r.object_opt("criteria"))
    for (auto it = items->begin(); it != items->end(); ++it) {
      JsonReader item = r.at(it.value(), (r.path().empty() ? "" : r.path() + ".") + "criteria." + it.key());
      item.only_keys({"answer", "comment", "deviation_reason"});
      const Node* node = rubric.find(it.key());
      if (!node || !node->is_criterion())
        item.fail("unknown_criterion", "评分表“" + rubric.short_title + "”中没有评分细项“" + it.key() + "”");
      if (!item.has("answer")) item.fail("missing_field", "缺少 answer（专家对该项的评分）");
      const Json& answer = it.value().at("answer");
      if (auto err = validate_answer(*node, answer)) item.fail("answer_invalid", err->message);
      out.items[it.key()] = ReviewItem{answer, item.str_or("comment", ""), item.str_or("deviation_reason", "")};
    }
  out.summary = r.str_or("summary", "");
  return out;
}

const char* kReviewHint = "请选择专家导出的评审意见 .json 文件。";
const char* kPanelHint = "请选择“专家组汇总”生成的 .json 文件。";

}  // namespace

std::string package_hash(std::string_view package_bytes) { return sha256_hex(package_bytes); }

std::string target_label(const Rubric& rubric, const std::string& id) {
  if (const Node* n = rubric.find(id)) return "“" + n->title + "”（" + id + "）";
  for (auto& g : rubric.gates)
    if (g.id == id) return "申报条件 " + g.clause + "（" + id + "）";
  for (auto& m : rubric.materials)
    if (m.id == id) return "申请材料“" + m.title + "”（" + id + "）";
  return "“" + id + "”";
}

// ---------------------------------------------------------------------------------------------
// Verify

Result<VerifyReport> verify_package(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                    const EvidenceLookup& lookup) {
  auto imported = import_package(package_bytes, rubrics);
  if (!imported) return imported.error();
  const ImportedPackage& pkg = imported.value();
  const Rubric& rb = *pkg.rubric;
  VerifyReport rep;
  rep.rubric = &rb;
  rep.package_hash = package_hash(package_bytes);
  rep.station = profile_value(pkg.assessment, "name");
  rep.migrated_from = pkg.migrated_from;
  rep.notice = pkg.notice;
  const ScoreReport sr = score(rb, pkg.assessment);
  rep.computed_total = sr.total;
  auto add = [&](const std::string& code, const std::string& criterion, const std::string& message) {
    rep.findings.push_back({code, criterion, message});
  };

  // Scores: the file's record against a recomputation from its answers.
  const Json& stored = pkg.stored_scores;
  if (!stored.is_object()) {
    add("verify.scores_missing", "",
        "数据包中没有保存得分（scores），无法核对得分是否被改动；请申报单位用本工具重新导出数据包");
  } else {
    if (!stored.contains("total")) {
      add("verify.total_mismatch", "", "总分：数据包没有记录总分，按答案重新计算为 " + pts(sr.total) + kTampered);
    } else if (auto t = json_milli(stored.at("total")); !t) {
      add("verify.total_mismatch", "", "总分：数据包记录的总分无法读取，按答案重新计算为 " + pts(sr.total) + kTampered);
    } else {
      rep.stored_total = *t;
      if (*t != sr.total)
        add("verify.total_mismatch", "",
            "总分：数据包记录为 " + pts(*t) + "，按答案重新计算为 " + pts(sr.total) + kTampered);
    }
    const Json* crit = stored.contains("criteria") && stored.at("criteria").is_object() ? &stored.at("criteria") : nullptr;
    if (!crit) {
      add("verify.score_missing", "", "数据包没有记录各细项得分" + std::string(kTampered));
    } else {
      for (auto& c : sr.criteria) {
        const std::string& id = c.node->id;
        const std::string label = target_label(rb, id);
        if (!crit->contains(id)) {
          add("verify.score_missing", id,
              label + "：数据包没有记录该项得分，按答案重新计算为 " + pts(c.score) + kTampered);
        } else if (auto v = json_milli(crit->at(id)); !v) {
          add("verify.score_mismatch", id,
              label + "：数据包记录的得分无法读取，按答案重新计算为 " + pts(c.score) + kTampered);
        } else if (*v != c.score) {
          add("verify.score_mismatch", id,
              label + "：数据包记录的得分为 " + pts(*v) + "，按答案重新计算为 " + pts(c.score) + kTampered);
        }
      }
      for (auto it = crit->begin(); it != crit->end(); ++it) {
        const Node* n = rb.find(it.key());
        if (!n || !n->is_criterion())
          add("verify.score_unknown", it.key(),
              "数据包记录了评分表中没有的细项“" + it.key() + "”的得分" + std::string(kTampered));
      }
    }
  }
  for (auto& e : sr.errors)
    add("verify.answer_invalid", e.where, e.message + "（该项按 0 分计，请申报单位更正后重新导出）");

  // Evidence: every manifest entry's bytes against its recorded size and SHA-256.
  for (const EvidenceItem& e : pkg.assessment.evidence) {
    ++rep.evidence_entries;
    auto flag = [&](const std::string& code, const std::string& what) {
      const std::string file = "证明材料“" + e.name + "”";
      if (e.criteria.empty()) add(code, "", file + what);
      for (auto& id : e.criteria) add(code, id, target_label(rb, id) + "的" + file + what);
    };
    std::optional<std::string> bytes;
    if (!e.data_base64.empty()) {
      bytes = base64_decode(e.data_base64);
      if (!bytes) {
        flag("verify.evidence_base64", "：内嵌数据不是有效的 base64，文件已损坏；请申报单位重新导出数据包");
        continue;
      }
    } else if (lookup) {
      bytes = lookup(e);
      if (!bytes) {
        flag("verify.evidence_missing", "：材料目录中找不到该文件；请向申报单位索取，或确认 --evidence 指定的目录");
        continue;
      }
    } else {
      rep.evidence_unchecked.push_back(e.name);
      continue;
    }
    ++rep.evidence_checked;
    const auto size = static_cast<std::int64_t>(bytes->size());
    if (size != e.size)
      flag("verify.evidence_size", "：大小为 " + std::to_string(size) + " 字节，与清单记录的 " + std::to_string(e.size) +
                                       " 字节不符，内容已被改动或不是同一文件");
    else if (sha256_hex(*bytes) != e.sha256)
      flag("verify.evidence_hash", "：SHA-256 与清单记录不一致，内容已被改动或不是同一文件");
  }
  return rep;
}

// ---------------------------------------------------------------------------------------------
// Reviews

Review new_review(const Rubric& rubric, const Assessment& station, std::string_view package_bytes,
                  const Expert& expert, const std::string& date) {
  Review r;
  r.package_hash = package_hash(package_bytes);
  r.station = profile_value(station, "name");
  r.rubric_id = rubric.id;
  r.rubric_version = rubric.version;
  r.expert = expert;
  r.date = date;
  return r;
}

Json review_json(const Review& r) {
  Json items = Json::object();
  for (auto& [id, it] : r.items) {
    Json x = Json::object();
    x["answer"] = it.answer;
    x["comment"] = it.comment;
    x["deviation_reason"] = it.deviation_reason;
    items[id] = x;
  }
  Json j = Json::object();
  j["format"] = kReviewFormat;
  j["app"] = {{"name", "qis"}, {"version", QIS_VERSION}};
  j["package"] = {{"sha256", r.package_hash}, {"name", r.station}};
  j["rubric"] = {{"id", r.rubric_id}, {"version", r.rubric_version}};
  j["expert"] = {{"name", r.expert.name}, {"title", r.expert.title}, {"unit", r.expert.unit}};
  j["date"] = r.date;
  j["margin_percent"] = r.margin_percent;
  j["criteria"] = items;
  j["summary"] = r.summary;
  return j;
}

std::string export_review(const Review& r) {
  return review_json(r).dump(1, '\t', false, Json::error_handler_t::replace) + "\n";
}

Result<Review> import_review(std::string_view text, const std::vector<Rubric>& rubrics) {
  auto parsed = parse_json_limited(text, kMaxReviewBytes, kMaxDepth, "review", "评审意见文件");
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
  if (auto e = check_format(j, "review", kReviewFormat, kReviewFormatVersion, "专家评审意见文件", kReviewHint)) return *e;
  try {
    return review_from_reader(JsonReader(j, "", "review"), rubrics);
  } catch (const LoadFailure& f) {
    Error e = f.error;
    e.message = "评审意见内容有误：" + e.message;
    return e;
  }
}

ScoreReport score_review(const Rubric& rubric, const Review& r) {
  Assessment a;
  a.rubric_id = rubric.id;
  a.rubric_version = rubric.version;
  a.rubric_hash = rubric.content_hash;
  for (auto& [id, item] : r.items) a.answers[id] = item.answer;
  return score(rubric, a);
}

std::vector<Deviation> review_deviations(const Rubric& rubric, const Review& r, const ScoreReport& self) {
  std::vector<Deviation> out;
  const ScoreReport expert = score_review(rubric, r);
  for (auto& c : expert.criteria) {
    auto item = r.items.find(c.node->id);
    if (item == r.items.end() || !c.answered) continue;
    const CriterionResult* s = self.find(c.node->id);
    const Milli self_score = s ? s->score : 0;
    const Milli diff = c.score > self_score ? c.score - self_score : self_score - c.score;
    // |expert − self| > max × percent / 100, compared without dividing so nothing is rounded.
    if (diff * 100 > c.node->max * r.margin_percent)
      out.push_back({c.node, self_score, c.score, c.node->max * r.margin_percent / 100,
                     !trim(item->second.deviation_reason).empty()});
  }
  return out;
}

std::vector<Error> check_review(const Rubric& rubric, const Review& r, const std::string& hash, const ScoreReport& self) {
  std::vector<Error> out;
  const std::string who = "专家“" + r.expert.name + "”：";
  if (r.package_hash != hash)
    out.push_back({"review.package_mismatch",
                   who + "该评审意见对应的数据包与当前数据包不一致（评审意见记录 " + short_hash(r.package_hash) +
                       "，当前数据包 " + short_hash(hash) +
                       "）。请确认选择的是专家评审时的同一份数据包；数据包重新导出后须重新评审。",
                   "package.sha256"});
  if (r.rubric_id != rubric.id || r.rubric_version != rubric.version)
    out.push_back({"review.rubric_mismatch",
                   who + "评审意见按评分表“" + r.rubric_id + "” " + r.rubric_version + " 版评分，数据包使用“" + rubric.id +
                       "” " + rubric.version + " 版，不能汇总。",
                   "rubric"});
  if (!out.empty()) return out;  // deviations from another package's self scores would be noise
  for (auto& d : review_deviations(rubric, r, self))
    if (!d.has_reason)
      out.push_back({"review.deviation_reason",
                     who + target_label(rubric, d.node->id) + "评 " + pts(d.expert) + " 分，与自评 " + pts(d.self) +
                         " 分相差超过允许偏差 " + pts(d.margin) + " 分（满分 " + pts(d.node->max) + " 的 " +
                         std::to_string(r.margin_percent) + "%），请填写偏差理由",
                     d.node->id});
  return out;
}

// ---------------------------------------------------------------------------------------------
// Panel

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
  ScoreReport r = self;  // keeps the station's gates; thresholds are applied to the new total
  r.base = base;
  r.bonus = total - base;
  r.total = total;
  r.outcomes.clear();
  r.gaps.clear();
  const Milli basis = rubric.threshold_basis == "base" ? base : total;
  for (auto& t : rubric.thresholds)
    if (t.matches(basis)) r.outcomes.push_back(&t);
  for (auto& t : rubric.thresholds)
    if (t.is_goal() && !t.matches(basis)) {
      Gap g;
      g.threshold = &t;
      g.needed = t.value - basis;
      r.gaps.push_back(g);
    }
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
  std::set<std::string> names;
  for (auto& r : reviews) {
    const auto checked = check_review(rubric, r, hash, self);
    for (auto& e : checked) problems.push_back(e);
    scored.push_back(score_review(rubric, r));
    // A review of another package or rubric: nothing else about it is worth reporting.
    if (!checked.empty() && checked.front().code != "review.deviation_reason") continue;
    if (!names.insert(r.expert.name).second)
      problems.push_back({"panel.duplicate_expert",
                          "专家“" + r.expert.name + "”有两份评审意见；每位专家只能计一次，请去掉重复的文件。", ""});
    const ScoreReport& s = scored.back();
    for (auto& e : s.errors)
      problems.push_back({"review.answer_invalid", "专家“" + r.expert.name + "”：" + e.message, e.where});
    if (!s.unanswered.empty()) {
      std::string list;
      for (std::size_t i = 0; i < s.unanswered.size() && i < 5; ++i)
        list += (i ? "、" : "") + target_label(rubric, s.unanswered[i]);
      if (s.unanswered.size() > 5) list += " 等 " + std::to_string(s.unanswered.size()) + " 项";
      problems.push_back({"panel.review_incomplete",
                          "专家“" + r.expert.name + "”尚未对" + list + "评分；每位专家须对全部细项评分后才能汇总。",
                          s.unanswered.front()});
    }
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
    if (trim(o.reason).empty())
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
  if (n < kMinPanelExperts)
    p.warnings.push_back({"panel.too_few_experts",
                          "专家组仅 " + std::to_string(n) +
                              " 人，少于《质量基础设施“一站式”服务评价规范》7.2 规定的不少于 5 人；汇总结果仅供参考，请补足专家后再出具评价报告。",
                          ""});
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
  auto parsed = parse_json_limited(text, kMaxPanelBytes, kMaxDepth, "panel", "专家组汇总文件");
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
  if (auto e = check_format(j, "panel", kPanelFormat, kPanelFormatVersion, "专家组汇总文件", kPanelHint)) return *e;
  try {
    JsonReader r(j, "", "panel");
    r.only_keys({"format", "app", "package", "rubric", "method", "overrides", "reviews", "result"});
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

// ---------------------------------------------------------------------------------------------
// Ranking

namespace {

enum Group { kRanked = 0, kNew = 1, kIneligible = 2 };

struct Row {
  RankRow row;
  Group group = kRanked;
  std::string fail_text;  // first failed gate group's wording
};

std::string tier_rule_text(const Ranking& rk) {
  std::string s;
  for (auto& t : rk.tiers)
    s += (s.empty() ? "" : "；") + t.label + "不超过 " + std::to_string(t.max_count) + " 名，每名 " + pts(t.amount) + " 万元";
  return s;
}

}  // namespace

Result<RankResult> rank_stations(const std::vector<RankInput>& inputs, const std::string& today) {
  if (inputs.empty()) return Error{"rank.empty", "没有可排名的数据包，请至少选择一个数据包。", ""};
  const Rubric& rb = *inputs.front().rubric;
  std::set<std::string> hashes;
  for (auto& in : inputs) {
    if (in.rubric->id != rb.id || in.rubric->version != rb.version)
      return Error{"rank.mixed_rubrics",
                   "“" + inputs.front().origin + "”按“" + rb.short_title + "”（" + rb.id + " " + rb.version + "）评分，而“" +
                       in.origin + "”按“" + in.rubric->short_title + "”（" + in.rubric->id + " " + in.rubric->version +
                       "）评分；不同评分表的得分不能放在一起排名，请按评分表分别排名。",
                   in.origin};
    if (!hashes.insert(in.package_hash).second)
      return Error{"rank.duplicate_package", "数据包“" + in.origin + "”重复出现，同一数据包只能参加一次排名。", in.origin};
  }
  const Ranking* rk = rb.ranking ? &*rb.ranking : nullptr;
  const bool exclude_new = rk && rk->exclude_new;

  std::vector<Row> rows;
  int from_panel = 0;
  for (auto& in : inputs) {
    Row r;
    const ScoreReport self = score(rb, in.assessment, today);
    r.row.name = profile_value(in.assessment, "name");
    if (r.row.name.empty()) r.row.name = "未命名单位（" + in.origin + "）";
    r.row.origin = in.origin;
    r.row.package_hash = in.package_hash;
    r.row.from_panel = in.panel.has_value();
    from_panel += r.row.from_panel ? 1 : 0;
    const Milli base = in.panel ? in.panel->base : self.base;
    r.row.score = in.panel ? in.panel->total : self.total;
    r.row.is_new = profile_value(in.assessment, "new_station") == "是";
    r.row.eligible = self.eligible;
    const Milli basis = rb.threshold_basis == "base" ? base : r.row.score;
    for (auto& t : rb.thresholds)
      if (t.kind == "fail" && t.matches(basis)) r.row.failed_threshold = true;
    if (!rb.thresholds.empty()) r.row.outcome = outcome_for_total(rb, self, base, r.row.score);
    for (auto& g : self.groups)
      if (g.state == GateState::Failed && g.group->requires_group.empty() && r.fail_text.empty()) r.fail_text = g.group->fail_text;
    r.group = !r.row.eligible ? kIneligible : (exclude_new && r.row.is_new) ? kNew : kRanked;
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.row.score != b.row.score) return a.row.score > b.row.score;
    if (a.row.name != b.row.name) return a.row.name < b.row.name;  // byte order of UTF-8 = code point order
    return a.row.package_hash < b.row.package_hash;
  });

  RankResult out;
  out.rubric = &rb;
  int rank = 0, selected = 0;
  std::size_t tier_index = 0;
  int in_tier = 0;
  for (auto& r : rows) {
    RankRow& x = r.row;
    std::vector<std::string> parts;
    if (r.group == kIneligible) {
      x.conclusion = "不具备资格" + (r.fail_text.empty() ? std::string() : "：" + r.fail_text);
      out.rows.push_back(x);
      continue;
    }
    if (r.group == kNew) {
      x.conclusion = "新建站，不参与排名" + (rk && !rk->clause.empty() ? "（" + rk->clause + "）" : std::string());
      if (!x.outcome.empty()) x.conclusion += "；" + x.outcome;
      out.rows.push_back(x);
      continue;
    }
    x.rank = ++rank;
    ++out.ranked;
    if (rk && rk->select_max > 0) {
      x.selected = !x.failed_threshold && selected < rk->select_max;
      selected += x.selected ? 1 : 0;
      parts.push_back(x.selected ? "入选（按得分确定不超过 " + std::to_string(rk->select_max) + " 个单位）" : "未入选");
    }
    if (rk && !rk->tiers.empty()) {
      while (tier_index < rk->tiers.size() && in_tier >= rk->tiers[tier_index].max_count) {
        ++tier_index;
        in_tier = 0;
      }
      if (!x.failed_threshold && tier_index < rk->tiers.size()) {
        x.tier = rk->tiers[tier_index].label;
        x.amount = rk->tiers[tier_index].amount;
        ++in_tier;
        out.total_amount += x.amount;
        parts.push_back(x.tier + "，质量提升支持 " + pts(x.amount) + " 万元");
      } else {
        parts.push_back("未进入支持等次");
      }
    }
    if (!x.outcome.empty()) parts.push_back(x.outcome);
    if (parts.empty()) parts.push_back("第 " + std::to_string(x.rank) + " 名");
    for (std::size_t i = 0; i < parts.size(); ++i) x.conclusion += (i ? "；" : "") + parts[i];
    out.rows.push_back(x);
  }

  // Notes: the rules applied, then anything the panel should look at.
  if (rk) {
    const std::string clause = rk->clause.empty() ? "" : "（" + rk->clause + "）";
    if (rk->select_max > 0)
      out.notes.push_back("按得分高低确定不超过 " + std::to_string(rk->select_max) + " 个单位" + clause);
    if (!rk->tiers.empty()) out.notes.push_back("按排名从高到低依次确定等次：" + tier_rule_text(*rk) + clause);
    if (rk->exclude_new) out.notes.push_back("新建站列出但不参与排名" + clause);
    if (rk->new_station_support > 0)
      out.notes.push_back("新授牌的站一次性给予最高不超过 " + pts(rk->new_station_support) + " 万元的支持，不计入上表金额" + clause);
    if (rk->max_stations > 0) {
      const int n = static_cast<int>(inputs.size());
      out.notes.push_back(n > rk->max_stations
                              ? "本次共 " + std::to_string(n) + " 个站，超过规定的上限 " + std::to_string(rk->max_stations) +
                                    " 个" + clause + "，请核对名单"
                              : "站点数量上限 " + std::to_string(rk->max_stations) + " 个" + clause + "，本次 " +
                                    std::to_string(n) + " 个");
    }
  }
  out.notes.push_back("得分相同按单位名称排序（按字符编码顺序）");
  out.notes.push_back("得分取专家组汇总结果的 " + std::to_string(from_panel) + " 个，取自评得分（按答案重新计算）的 " +
                      std::to_string(static_cast<int>(inputs.size()) - from_panel) + " 个");
  for (std::size_t i = 0; i + 1 < out.rows.size(); ++i) {
    const RankRow& a = out.rows[i];
    const RankRow& b = out.rows[i + 1];
    if (a.rank == 0 || b.rank == 0 || a.score != b.score) continue;
    if (a.tier != b.tier || a.selected != b.selected)
      out.notes.push_back("“" + a.name + "”与“" + b.name + "”同为 " + pts(a.score) +
                          " 分，按单位名称排序后分处不同等次或入选线两侧，请专家组确认");
  }
  return out;
}

std::string csv_field(std::string_view text) {
  std::string s(text);
  // A leading = + - @ (or tab / CR) would make a spreadsheet evaluate the cell as a formula.
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string rank_csv(const RankResult& r) {
  // The BOM makes Excel read UTF-8; CRLF is what RFC 4180 and Excel expect.
  std::string out = "\xEF\xBB\xBF";
  out += "名次,单位名称,得分,等次,支持金额（万元）,结论\r\n";
  for (auto& x : r.rows) {
    out += (x.rank ? std::to_string(x.rank) : std::string()) + "," + csv_field(x.name) + "," + pts(x.score) + "," +
           csv_field(x.tier) + "," + (x.amount ? pts(x.amount) : std::string()) + "," + csv_field(x.conclusion) + "\r\n";
  }
  return out;
}

Json rank_json(const RankResult& r) {
  Json rows = Json::array();
  for (auto& x : r.rows)
    rows.push_back({{"rank", x.rank ? Json(x.rank) : Json()},
                    {"name", x.name},
                    {"file", x.origin},
                    {"package_sha256", x.package_hash},
                    {"score", milli_json(x.score)},
                    {"source", x.from_panel ? "panel" : "self"},
                    {"new_station", x.is_new},
                    {"eligible", x.eligible},
                    {"selected", x.selected},
                    {"tier", x.tier},
                    {"amount", milli_json(x.amount)},
                    {"outcome", x.outcome},
                    {"conclusion", x.conclusion}});
  return {{"rubric", {{"id", r.rubric->id}, {"version", r.rubric->version}, {"title", r.rubric->title}}},
          {"rows", rows},
          {"ranked", r.ranked},
          {"total_amount", milli_json(r.total_amount)},
          {"notes", r.notes}};
}

}  // namespace qis
