#include "review.h"

#include <algorithm>

#include "review_detail.h"
#include "names.h"
#include "text_encoding.h"

namespace qis {
using detail::pts;

using detail::profile_value;
using detail::check_format;
using detail::read_qis_file;
using detail::review_from_reader;
using detail::kMaxDepth;
using detail::kReviewHint;
using detail::is_hex64;

namespace {

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  const int m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

std::string short_hash(const std::string& h) { return h.size() > 12 ? h.substr(0, 12) + "…" : h; }

}  // namespace

namespace detail {

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
Result<Json> read_qis_file(std::string_view text, std::size_t max_bytes, const std::string& prefix,
                           const std::string& expected, int version, const std::string& what,
                           const std::string& format_what, const std::string& hint) {
  if (const std::string kind = utf16_kind(text); !kind.empty()) return utf16_error(prefix, what, kind);
  auto parsed = parse_json_limited(text, max_bytes, kMaxDepth, prefix, what);
  if (!parsed) return parsed.error();
  if (auto e = check_format(parsed.value(), prefix, expected, version, format_what, hint)) return *e;
  return parsed;
}

Review review_from_reader(const JsonReader& r, const std::vector<Rubric>& rubrics) {
  // "signature": the expert's, checked by src/trust against the roster; not part of the review.
  r.only_keys({"format", "app", "package", "rubric", "expert", "date", "margin_percent", "criteria", "summary", "signature"});
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
  out.expert.name = std::string(trim_space(ex.str("name")));
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

}  // namespace detail

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
  auto parsed = read_qis_file(text, kMaxReviewBytes, "review", kReviewFormat, kReviewFormatVersion, "评审意见文件",
                              "专家评审意见文件", kReviewHint);
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
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
                     !trim_space(item->second.deviation_reason).empty()});
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

std::optional<Error> review_incomplete(const Rubric& rubric, const Review& r, const ScoreReport& expert) {
  if (expert.unanswered.empty()) return std::nullopt;
  std::string list;
  for (std::size_t i = 0; i < expert.unanswered.size() && i < 5; ++i)
    list += (i ? "、" : "") + target_label(rubric, expert.unanswered[i]);
  if (expert.unanswered.size() > 5) list += " 等 " + std::to_string(expert.unanswered.size()) + " 项";
  return Error{"panel.review_incomplete",
               "专家“" + r.expert.name + "”尚未对" + list + "评分；每位专家须对全部细项评分后才能汇总。",
               expert.unanswered.front()};
}

std::vector<Error> review_problems(const Rubric& rubric, const Review& r, const std::string& package_hash,
                                   const ScoreReport& self, const std::string& station) {
  std::vector<Error> out = check_review(rubric, r, package_hash, self);
  if (!same_person(r.station, station))
    out.push_back({"review.station_mismatch",
                   "评审意见中记录的单位名称“" + r.station + "”与数据包的单位名称“" + station +
                       "”不一致（评审意见可能被改动过）；请由该专家对这份数据包重新导出评审意见。",
                   ""});
  if (auto e = review_incomplete(rubric, r, score_review(rubric, r))) out.push_back(*e);
  return out;
}

}  // namespace qis
