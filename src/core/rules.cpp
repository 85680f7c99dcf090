#include "rules.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace qis {
using detail::pts;
namespace {

using Json = nlohmann::json;


std::string range_text(const Level& l) { return l.is_range() ? pts(l.min) + "~" + pts(l.max) : pts(l.min); }

struct Bad {
  std::string message;
};

[[noreturn]] void bad(const std::string& message) { throw Bad{message}; }

const Json& field(const Json& a, const char* key) {
  if (!a.contains(key)) bad(std::string("缺少“") + key + "”");
  return a.at(key);
}

// A JSON number as thousandths, or a message saying what is wrong.
Milli number(const Json& v, const std::string& what) {
  if (!v.is_number()) bad(what + "应为数字");
  const double d = v.get<double>();
  if (!(std::fabs(d) <= 1e12)) bad(what + " " + v.dump() + " 超出可用的数值范围");
  auto m = to_milli(d);
  if (!m) bad(what + "不是有效的数值（最多三位小数）");
  return *m;
}

std::int64_t whole_count(const Json& v, const std::string& what) {
  if (!v.is_number()) bad(what + "应为数字");
  if (!v.is_number_integer()) {
    const double d = v.get<double>();
    if (d < -1e8) bad(what + "不能为负数");
    if (!(d <= 1e8)) bad(what + "过大（上限 1 亿）");
    auto m = to_milli(d);
    if (!m || *m % kMilli != 0) bad(what + "应为整数");
    if (*m < 0) bad(what + "不能为负数");
    return *m / kMilli;
  }
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > 100000000ull) bad(what + "过大（上限 1 亿）");
    return static_cast<std::int64_t>(u);
  }
  const auto n = v.get<std::int64_t>();
  if (n < 0) bad(what + "不能为负数");
  if (n > 100000000) bad(what + "过大（上限 1 亿）");
  return n;
}

void check_step(Milli value, Milli step, const std::string& what) {
  if (value % step != 0) bad(what + " " + pts(value) + " 不符合评分步长 " + pts(step) + "（例如只能取整数或 0.5 的倍数）");
}

void check_in_level(Milli value, const Level& l, Milli step, const std::string& what) {
  if (value < l.min || value > l.max)
    bad(what + " " + pts(value) + " 超出该档的分值范围 " + range_text(l) + " 分");
  check_step(value, step, what);
}

const Option* find_option(const std::vector<Option>& options, const std::string& id) {
  for (auto& o : options)
    if (o.id == id) return &o;
  return nullptr;
}


void only(const Json& a, std::initializer_list<const char*> keys) {
  if (!a.is_object()) bad("答案应为对象");
  for (auto it = a.begin(); it != a.end(); ++it)
    if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }))
      bad("不认识的答案字段“" + it.key() + "”");
}

// Validates and scores in one pass; throws Bad on an invalid answer.
RuleOutcome evaluate(const Node& n, const Json& a) {
  const Rule& r = *n.rule;
  RuleOutcome out;
  auto cap = [&](Milli raw, std::string& text) {
    if (raw > n.max) {
      text += "，封顶 " + pts(n.max);
      return n.max;
    }
    return raw;
  };
  switch (r.kind) {
    case RuleKind::Checklist: {
      only(a, {"checked", "extra"});
      const Json& checked = field(a, "checked");
      if (!checked.is_array()) bad("“checked”应为列表");
      std::set<std::string> seen;
      Milli sum = 0;
      std::string parts;
      for (const Json& id : checked) {
        if (!id.is_string()) bad("勾选项编号应为文字");
        const std::string s = id.get<std::string>();
        const Option* o = find_option(r.options, s);
        if (!o) bad("没有编号为“" + s + "”的子项");
        if (!seen.insert(s).second) bad("子项“" + s + "”重复勾选");
      }
      int count = 0;
      for (auto& o : r.options)  // document order, whatever order they were ticked in
        if (seen.count(o.id)) {
          sum += o.points;
          // The document's own lettering ("1", "a") is printed as such; a word id ("metrology") is
          // this tool's key, never official text: the option's wording stands in its place.
          const bool lettering = o.id.size() == 1 || o.id.find_first_not_of("0123456789") == std::string::npos;
          parts += (count++ ? " + " : "") + (lettering ? "(" + o.id + ") " : o.text + " ") + pts(o.points);
        }
      std::int64_t extra = 0;
      if (a.contains("extra")) {
        if (!r.extra_allowed) bad("本项没有“其他”子项");
        extra = whole_count(a.at("extra"), "“其他”项数");
        if (extra > 0) {
          sum += extra * r.extra_points;
          parts += (count++ ? " + " : "") + std::string("其他 ") + std::to_string(extra) + " 项 × " + pts(r.extra_points);
        }
      }
      if (count == 0) {
        out.explanation = "未勾选任何子项：0 分";
        return out;
      }
      std::string text = "符合 " + std::to_string(seen.size() + static_cast<std::size_t>(extra)) + " 项：" + parts;
      if (count > 1 || extra > 1) text += " = " + pts(sum);
      out.score = cap(sum, text);
      out.explanation = text;
      return out;
    }
    case RuleKind::Count: {
      only(a, {"count"});
      const std::int64_t c = whole_count(field(a, "count"), "数量");
      const Milli units = c * kMilli / r.per;  // whole units only
      const Milli raw = units * r.points;
      std::string text;
      if (r.per == kMilli) {
        text = std::to_string(c) + " " + r.unit + " × " + pts(r.points) + " = " + pts(raw);
      } else {
        text = std::to_string(c) + " " + r.unit + "，每 " + pts(r.per) + " " + r.unit + " 得 " + pts(r.points) +
               " 分（按整数计）：" + std::to_string(units) + " × " + pts(r.points) + " = " + pts(raw);
      }
      out.score = cap(raw, text);
      out.explanation = text;
      return out;
    }
    case RuleKind::Levels: {
      only(a, {"level", "value"});
      const Json& lv = field(a, "level");
      if (!lv.is_number_integer()) bad("档次“level”应为整数序号");
      const auto i = lv.get<std::int64_t>();
      if (i < 0 || i >= static_cast<std::int64_t>(r.levels.size()))
        bad("档次序号 " + std::to_string(i) + " 不存在（共 " + std::to_string(r.levels.size()) + " 档）");
      const Level& l = r.levels[static_cast<std::size_t>(i)];
      Milli value = l.min;
      if (l.is_range()) {
        value = number(field(a, "value"), "评分");
        check_in_level(value, l, r.step, "评分");
        out.explanation = "“" + l.text + "”（" + range_text(l) + " 分），评 " + pts(value) + " 分";
      } else {
        if (a.contains("value") && number(a.at("value"), "评分") != l.min)
          bad("该档为固定 " + pts(l.min) + " 分，不能另填分值");
        out.explanation = "“" + l.text + "”：" + pts(value) + " 分";
      }
      out.score = value;
      return out;
    }
    case RuleKind::Judgment: {
      only(a, {"value"});
      const Milli v = number(field(a, "value"), "评分");
      if (v < r.min || v > r.max) bad("评分 " + pts(v) + " 超出范围 " + pts(r.min) + "~" + pts(r.max) + " 分");
      check_step(v, r.step, "评分");
      out.score = v;
      out.explanation = "评定 " + pts(v) + " 分（" + pts(r.min) + "~" + pts(r.max) + " 分）";
      return out;
    }
    case RuleKind::GradedItems: {
      only(a, {"items"});
      const Json& items = field(a, "items");
      if (!items.is_object()) bad("“items”应为对象");
      for (auto it = items.begin(); it != items.end(); ++it)
        if (!find_option(r.options, it.key())) bad("没有编号为“" + it.key() + "”的子项");
      int full = 0, partial = 0, missing = 0, open = 0;
      Milli deduct = 0;
      std::string partial_detail;
      for (auto& o : r.options) {
        if (!items.contains(o.id)) {
          ++open;
          continue;
        }
        const Json& it = items.at(o.id);
        if (!it.is_object() || !it.contains("state") || !it.at("state").is_string())
          bad("子项“" + o.text + "”应写明状态 state（full / partial / missing）");
        const std::string st = it.at("state").get<std::string>();
        if (st == "full") {
          ++full;
        } else if (st == "partial") {
          const Milli v = number(field(it, "value"), "子项“" + o.text + "”的评分");
          check_in_level(v, r.partial, r.step, "子项“" + o.text + "”的评分");
          ++partial;
          deduct += r.item_points - v;
        } else if (st == "missing") {
          ++missing;
          deduct += r.missing_deduct;
        } else {
          bad("子项“" + o.text + "”的状态“" + st + "”无效（应为 full、partial 或 missing）");
        }
      }
      if (open > 0) bad("还有 " + std::to_string(open) + " 个子项未评定");
      out.score = std::max<Milli>(0, n.max - deduct);
      out.explanation = std::to_string(r.options.size()) + " 项中：完整 " + std::to_string(full) + " 项，不充分 " +
                        std::to_string(partial) + " 项，缺少 " + std::to_string(missing) + " 项：" + pts(n.max) +
                        " − " + pts(deduct) + " = " + pts(n.max - deduct);
      if (n.max - deduct < 0) out.explanation += "，扣完为止：0";
      return out;
    }
    case RuleKind::Bands: {
      only(a, {"value", "judgment"});
      const Milli v = number(field(a, "value"), r.value_label);
      if (v < r.value_min || v > r.value_max)
        bad(r.value_label + " " + pts(v) + " 超出取值范围 " + pts(r.value_min) + "~" + pts(r.value_max) + r.value_unit);
      const Band& b = band_for(r, v);
      Milli s = b.points.min;
      if (b.points.is_range()) {
        s = number(field(a, "judgment"), "该档评分");
        check_in_level(s, b.points, r.step, "该档评分");
      } else if (a.contains("judgment")) {
        bad("该档为固定 " + pts(s) + " 分，不能另填评分");
      }
      out.score = s;
      out.explanation = r.value_label + " " + pts(v) + r.value_unit + "，落在“" + b.points.text + "”档：" + pts(s) + " 分";
      return out;
    }
    case RuleKind::Highest: {
      only(a, {"selected"});
      const Json& sel = field(a, "selected");
      if (!sel.is_array()) bad("“selected”应为列表");
      const Option* best = nullptr;
      std::string names;
      std::set<std::string> seen;
      for (const Json& id : sel) {
        if (!id.is_string()) bad("选项编号应为文字");
        const Option* o = find_option(r.options, id.get<std::string>());
        if (!o) bad("没有编号为“" + id.get<std::string>() + "”的选项");
        if (!seen.insert(o->id).second) bad("选项“" + o->text + "”重复");
      }
      for (auto& o : r.options)
        if (seen.count(o.id)) {
          names += (names.empty() ? "" : "、") + o.text;
          if (!best || o.points > best->points) best = &o;
        }
      if (!best) {
        out.explanation = "无：0 分";
        return out;
      }
      out.score = std::min(best->points, n.max);
      out.explanation = "已选：" + names + "；按最高等级计：" + best->text + " " + pts(out.score) + " 分";
      return out;
    }
    case RuleKind::CategoryCounts: {
      only(a, {"counts"});
      const Json& counts = field(a, "counts");
      if (!counts.is_object()) bad("“counts”应为对象");
      for (auto it = counts.begin(); it != counts.end(); ++it)
        if (!find_option(r.options, it.key())) bad("没有编号为“" + it.key() + "”的类别");
      Milli sum = 0;
      std::string parts;
      for (auto& o : r.options) {
        if (!counts.contains(o.id)) continue;
        const std::int64_t c = whole_count(counts.at(o.id), "“" + o.text + "”的数量");
        if (!o.scored) {  // recorded as the station counted it; the rubric's note says why it earns nothing
          parts += (parts.empty() ? "" : "；") + o.text + " " + std::to_string(c) + " " + r.unit + "（不计分）";
          continue;
        }
        const Milli units = c * kMilli / r.per;
        Milli s = units * r.points;
        std::string p = o.text + " " + std::to_string(c) + " " + r.unit + " → " + pts(s);
        if (s > r.cap_each) {
          s = r.cap_each;
          p += "（封顶 " + pts(r.cap_each) + "）";
        }
        sum += s;
        parts += (parts.empty() ? "" : "；") + p;
      }
      std::string text = (parts.empty() ? std::string("未填写任何类别") : parts) + "；合计 " + pts(sum);
      out.score = cap(sum, text);
      out.explanation = "每 " + pts(r.per) + " " + r.unit + " 得 " + pts(r.points) + " 分：" + text;
      return out;
    }
    case RuleKind::YesNo: {
      only(a, {"yes"});
      const Json& y = field(a, "yes");
      if (!y.is_boolean()) bad("“yes”应为 true 或 false");
      out.score = y.get<bool>() ? r.points : 0;
      out.explanation = y.get<bool>() ? "符合：" + pts(r.points) + " 分" : "不符合：0 分";
      return out;
    }
  }
  return out;
}

}  // namespace

const Band& band_for(const Rule& r, Milli value) {
  for (auto& b : r.bands)
    if (b.holds_from(value)) return b;
  return r.bands.back();
}

std::optional<Error> check_answer(const Node& criterion, const Json& answer) {
  try {
    evaluate(criterion, answer);
    return std::nullopt;
  } catch (const Bad& b) {
    return Error{"answer.invalid", "“" + criterion.title + "”（" + criterion.id + "）：" + b.message, criterion.id};
  } catch (const nlohmann::json::exception&) {
    return Error{"answer.invalid", "“" + criterion.title + "”（" + criterion.id + "）：答案格式无效", criterion.id};
  }
}

bool is_in_progress(const Node& criterion, const Json& answer, std::string* progress) {
  const Rule& r = *criterion.rule;
  // A band chosen without its score yet: the score is the evaluator's to enter, never a default.
  if (r.kind == RuleKind::Levels && answer.is_object() && answer.size() == 1 && answer.contains("level") &&
      answer.at("level").is_number_integer()) {
    const auto i = answer.at("level").get<std::int64_t>();
    if (i < 0 || i >= static_cast<std::int64_t>(r.levels.size()) || !r.levels[static_cast<std::size_t>(i)].is_range()) return false;
    const Level& l = r.levels[static_cast<std::size_t>(i)];
    if (progress) *progress = "已选“" + l.text + "”档（" + range_text(l) + " 分），尚未填写评分";
    return true;
  }
  if (r.kind == RuleKind::Bands && answer.is_object() && answer.size() == 1 && answer.contains("value") &&
      answer.at("value").is_number()) {
    const auto v = to_milli(answer.at("value").get<double>());
    if (!v || *v < r.value_min || *v > r.value_max || !band_for(r, *v).points.is_range()) return false;
    if (progress) *progress = r.value_label + " " + pts(*v) + r.value_unit + "，落在“" + band_for(r, *v).points.text + "”档（" +
                              range_text(band_for(r, *v).points) + " 分），尚未填写该档评分";
    return true;
  }
  if (r.kind != RuleKind::GradedItems || !answer.is_object() || !answer.contains("items") || !answer.at("items").is_object())
    return false;
  const Json& items = answer.at("items");
  // 不充分 chosen without its score is not judged yet: the score is never a default.
  const auto open = [&](const Option& o) {
    if (!items.contains(o.id)) return true;
    const Json& it = items.at(o.id);
    return it.is_object() && it.size() == 1 && it.contains("state") && it.at("state") == "partial";
  };
  std::size_t judged = 0;
  for (auto& o : r.options) judged += open(o) ? 0 : 1;
  if (judged == r.options.size()) return false;
  // Judge the open ones as full only to validate what was entered so far.
  Json probe = answer;
  for (auto& o : r.options)
    if (open(o)) probe["items"][o.id] = {{"state", "full"}};
  if (check_answer(criterion, probe)) return false;
  if (progress) *progress = "已评定 " + std::to_string(judged) + " / " + std::to_string(r.options.size()) + " 个子项";
  return true;
}

RuleOutcome apply_rule(const Node& criterion, const Json& answer) {
  try {
    return evaluate(criterion, answer);
  } catch (const Bad&) {
    return {};
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

}  // namespace qis
