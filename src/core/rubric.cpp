#include "rubric.h"

#include <algorithm>
#include <functional>
#include <set>

#include "json_reader.h"
#include "profile.h"
#include "sha256.h"

namespace qis {
using detail::pts;
namespace {

constexpr std::size_t kMaxRubricBytes = 4u << 20;
constexpr int kMaxRubricDepth = 32;
constexpr std::size_t kMaxRubricValues = 100000;  // the largest bundled rubric holds 1,401

struct KindName {
  RuleKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {RuleKind::Checklist, "checklist"},   {RuleKind::Count, "count"},
    {RuleKind::Levels, "levels"},         {RuleKind::Judgment, "judgment"},
    {RuleKind::GradedItems, "graded_items"}, {RuleKind::Bands, "bands"},
    {RuleKind::Highest, "highest"},       {RuleKind::CategoryCounts, "category_counts"},
    {RuleKind::YesNo, "yesno"},
};


// A fixed value ("points") or a range ("min".."max") the expert chooses within.
Level read_level(const JsonReader& r, Milli node_max, Milli step) {
  Level l;
  l.text = r.str_or("text", "");
  l.implied = r.bool_or("implied", false);
  if (r.has("points")) {
    if (r.has("min") || r.has("max")) r.fail("level_both", "分值应写成 points（固定分）或 min/max（区间），不能同时写");
    l.min = l.max = r.num("points");
  } else {
    l.min = r.num("min");
    l.max = r.num("max");
  }
  if (l.min < 0 || l.max < l.min || l.max > node_max)
    r.fail("level_range", "分值区间 " + pts(l.min) + "~" + pts(l.max) + " 无效：须满足 0 ≤ 下限 ≤ 上限 ≤ 本项满分 " + pts(node_max));
  if (l.is_range() && (l.min % step != 0 || l.max % step != 0))
    r.fail("level_step", "分值区间 " + pts(l.min) + "~" + pts(l.max) + " 的端点不是步长 " + pts(step) + " 的整数倍");
  return l;
}

// `unscored_allowed`: a category may say `"scored": false` (category_counts only).
std::vector<Option> read_options(const JsonReader& r, const char* key, bool with_points, bool unscored_allowed = false) {
  std::vector<Option> out;
  std::set<std::string> seen;
  const Json& arr = r.array(key);
  for (std::size_t i = 0; i < arr.size(); ++i) {
    JsonReader o = r.at(arr[i], r.path() + "." + key + "[" + std::to_string(i) + "]");
    if (with_points) o.only_keys({"id", "text", "points"});
    else if (unscored_allowed) o.only_keys({"id", "text", "scored"});
    else o.only_keys({"id", "text"});
    Option opt;
    opt.id = o.str("id");
    opt.text = o.str("text");
    if (with_points) {
      opt.points = o.num("points");
      if (opt.points < 0) o.fail("negative", "分值不能为负");
    }
    opt.scored = o.bool_or("scored", true);
    if (!seen.insert(opt.id).second) o.fail("duplicate_id", "子项编号“" + opt.id + "”重复");
    out.push_back(std::move(opt));
  }
  if (out.empty()) r.fail("empty", "“" + std::string(key) + "”不能为空");
  return out;
}

Rule read_rule(const JsonReader& r, Milli max) {
  Rule rule;
  const std::string kind = r.str("kind");
  auto k = rule_kind_from_name(kind);
  if (!k)
    r.fail("unknown_kind", "未知的计分规则类型“" + kind +
                               "”（可用：checklist、count、levels、judgment、graded_items、bands、highest、category_counts、yesno）");
  rule.kind = *k;
  rule.step = r.num_or("step", kMilli);
  if (rule.step <= 0) r.fail("step", "步长 step 必须大于 0");
  if (r.object_opt("source")) {
    JsonReader s = r.child("source");
    s.only_keys({"record", "filter", "distinct_enterprises", "per_year"});
    LedgerSource src;
    src.record = s.str("record");
    src.filter = s.str_or("filter", "");
    src.distinct_enterprises = s.bool_or("distinct_enterprises", false);
    src.per_year = s.bool_or("per_year", false);
    rule.source = src;
  }
  switch (rule.kind) {
    case RuleKind::Checklist: {
      r.only_keys({"kind", "items", "extra", "source", "step"});
      rule.options = read_options(r, "items", true);
      Milli sum = 0;
      for (auto& o : rule.options) sum += o.points;
      if (r.object_opt("extra")) {
        JsonReader e = r.child("extra");
        e.only_keys({"text", "points"});
        rule.extra_allowed = true;
        rule.extra_text = e.str("text");
        rule.extra_points = e.num("points");
        if (rule.extra_points <= 0) e.fail("extra_points", "“其他”子项的分值必须大于 0");
      }
      if (sum < max && !rule.extra_allowed)
        r.fail("unreachable", "各子项分值之和 " + pts(sum) + " 小于本项满分 " + pts(max) + "，满分永远无法达到");
      break;
    }
    case RuleKind::Count:
      r.only_keys({"kind", "unit", "per", "points", "source", "step"});
      rule.unit = r.str("unit");
      rule.per = r.num_or("per", kMilli);
      rule.points = r.num("points");
      if (rule.per <= 0 || rule.per % kMilli != 0) r.fail("per", "per（每多少个计一次分）必须是正整数");
      if (rule.points <= 0) r.fail("points", "每单位分值 points 必须大于 0");
      break;
    case RuleKind::Levels: {
      r.only_keys({"kind", "levels", "step"});
      const Json& arr = r.array("levels");
      for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonReader l = r.at(arr[i], r.path() + ".levels[" + std::to_string(i) + "]");
        l.only_keys({"text", "points", "min", "max", "implied"});
        rule.levels.push_back(read_level(l, max, rule.step));
      }
      if (rule.levels.size() < 2) r.fail("levels_few", "至少需要两个档次");
      Milli top = 0;
      for (auto& l : rule.levels) top = std::max(top, l.max);
      if (top != max) r.fail("levels_top", "最高档 " + pts(top) + " 分与本项满分 " + pts(max) + " 不一致");
      break;
    }
    case RuleKind::Judgment:
      r.only_keys({"kind", "min", "max", "step"});
      rule.min = r.num_or("min", 0);
      rule.max = r.num_or("max", max);
      if (rule.max != max) r.fail("judgment_max", "评分上限 " + pts(rule.max) + " 与本项满分 " + pts(max) + " 不一致");
      if (rule.min < 0 || rule.min > rule.max) r.fail("judgment_min", "评分下限无效");
      if (rule.min % rule.step != 0 || rule.max % rule.step != 0)
        r.fail("judgment_step", "评分范围的端点不是步长 " + pts(rule.step) + " 的整数倍");
      break;
    case RuleKind::GradedItems: {
      r.only_keys({"kind", "items", "item_points", "full_text", "partial", "missing", "step"});
      rule.options = read_options(r, "items", false);
      rule.item_points = r.num("item_points");
      rule.full_text = r.str("full_text");
      JsonReader p = r.child("partial");
      p.only_keys({"text", "min", "max"});
      rule.partial = read_level(p, rule.item_points, rule.step);
      rule.partial_text = rule.partial.text;
      JsonReader m = r.child("missing");
      m.only_keys({"text", "deduct"});
      rule.missing_text = m.str("text");
      rule.missing_deduct = m.num("deduct");
      if (rule.missing_deduct < 0) m.fail("negative", "扣分值不能为负");
      const Milli sum = rule.item_points * static_cast<Milli>(rule.options.size());
      if (sum != max)
        r.fail("items_sum", std::to_string(rule.options.size()) + " 个子项 × " + pts(rule.item_points) + " 分 = " + pts(sum) +
                                "，与本项满分 " + pts(max) + " 不一致");
      break;
    }
    case RuleKind::Bands: {
      r.only_keys({"kind", "bands", "value_label", "value_unit", "value_min", "value_max", "step"});
      rule.value_label = r.str("value_label");
      rule.value_unit = r.str_or("value_unit", "");
      rule.value_min = r.num("value_min");
      rule.value_max = r.num("value_max");
      if (rule.value_max <= rule.value_min) r.fail("value_range", "value_min 必须小于 value_max");
      const Json& arr = r.array("bands");
      for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonReader b = r.at(arr[i], r.path() + ".bands[" + std::to_string(i) + "]");
        b.only_keys({"from", "from_exclusive", "text", "points", "min", "max", "implied"});
        Band band;
        band.from = b.num("from");
        band.from_exclusive = b.bool_or("from_exclusive", false);
        band.points = read_level(b, max, rule.step);
        if (band.from < rule.value_min || band.from > rule.value_max)
          b.fail("band_from", "分档起点 " + pts(band.from) + " 不在取值范围 " + pts(rule.value_min) + "~" + pts(rule.value_max) + " 内");
        if (!rule.bands.empty()) {
          // Two bands may share a `from` only as "above it" followed by "exactly it" (0% below "0~60%").
          const Band& prev = rule.bands.back();
          const bool split = band.from == prev.from && prev.from_exclusive && !band.from_exclusive;
          if (band.from > prev.from || (band.from == prev.from && !split))
            b.fail("band_order", "分档须按起点从高到低排列，且起点不能重复（同一起点只能先写 from_exclusive 的一档，再写含起点的一档）");
        }
        rule.bands.push_back(band);
      }
      if (rule.bands.empty()) r.fail("empty", "bands 不能为空");
      if (rule.bands.back().from != rule.value_min || rule.bands.back().from_exclusive)
        r.fail("band_gap", "最低一档的起点应为 " + pts(rule.value_min) + "（含），否则低于 " + pts(rule.bands.back().from) + " 的值无档可落");
      if (rule.bands.front().points.max != max)
        r.fail("band_top", "最高档分值 " + pts(rule.bands.front().points.max) + " 与本项满分 " + pts(max) + " 不一致");
      break;
    }
    case RuleKind::Highest: {
      r.only_keys({"kind", "options"});
      rule.options = read_options(r, "options", true);
      Milli top = 0;
      for (auto& o : rule.options) top = std::max(top, o.points);
      if (top != max) r.fail("highest_top", "最高选项 " + pts(top) + " 分与本项满分 " + pts(max) + " 不一致");
      break;
    }
    case RuleKind::CategoryCounts: {
      r.only_keys({"kind", "categories", "unit", "per", "points", "cap_each", "source", "step"});
      rule.options = read_options(r, "categories", false, true);
      rule.unit = r.str("unit");
      rule.per = r.num_or("per", kMilli);
      rule.points = r.num("points");
      rule.cap_each = r.num("cap_each");
      if (rule.per <= 0 || rule.per % kMilli != 0) r.fail("per", "per（每多少个计一次分）必须是正整数");
      if (rule.points <= 0 || rule.cap_each <= 0) r.fail("points", "points 与 cap_each 必须大于 0");
      const auto scored = std::count_if(rule.options.begin(), rule.options.end(), [](const Option& o) { return o.scored; });
      if (rule.cap_each * static_cast<Milli>(scored) < max)
        r.fail("unreachable", "计分类别（" + std::to_string(scored) + " 个）的封顶之和小于本项满分 " + pts(max) + "，满分永远无法达到");
      break;
    }
    case RuleKind::YesNo:
      r.only_keys({"kind", "points"});
      rule.points = r.num_or("points", max);
      if (rule.points != max) r.fail("yesno_points", "是/否项的分值应等于本项满分 " + pts(max));
      break;
  }
  return rule;
}

// `parent` is null for a top-level indicator, the only place a bonus section is declared.
Node read_node(const JsonReader& r, std::set<std::string>& ids, const Node* parent) {
  const bool inherited_bonus = parent && parent->bonus;
  r.only_keys({"id", "title", "title_by_tool", "text", "requirement", "note", "clause", "max", "bonus", "children", "rule"});
  Node n;
  n.id = r.str("id");
  n.title = r.str("title");
  n.title_by_tool = r.bool_or("title_by_tool", false);
  n.text = r.str_or("text", "");
  n.requirement = r.str_or("requirement", "");
  n.note = r.str_or("note", "");
  n.clause = r.str_or("clause", "");
  n.max = r.num("max");
  n.bonus = r.bool_or("bonus", inherited_bonus);
  // Scoring adds a criterion to the bonus part by its own flag, the totals check by its top-level
  // indicator's: a child that disagreed would score bonus points outside bonus_total (or base
  // points outside total).
  if (parent && n.bonus != inherited_bonus)
    r.fail("bonus_nested", "指标“" + n.title + "”的 bonus 与上级指标“" + parent->title +
                               "”不一致；加分项只能在一级指标上标注，下级指标随上级");
  if (n.max <= 0) r.fail("max", "指标“" + n.title + "”的满分必须大于 0");
  if (!ids.insert(n.id).second) r.fail("duplicate_id", "编号“" + n.id + "”重复，每个指标的编号必须唯一");
  const bool has_rule = r.has("rule");
  const bool has_children = r.has("children");
  if (has_rule == has_children)
    r.fail("node_shape", "指标“" + n.title + "”须且只能有 rule（计分规则）或 children（下级指标）之一");
  if (has_rule) {
    n.rule = read_rule(r.child("rule"), n.max);
  } else {
    const Json& arr = r.array("children");
    if (arr.empty()) r.fail("empty", "指标“" + n.title + "”的下级指标为空");
    Milli sum = 0;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      n.children.push_back(read_node(r.at(arr[i], r.path() + ".children[" + std::to_string(i) + "]"), ids, &n));
      sum += n.children.back().max;
    }
    if (sum != n.max)
      r.fail("sum_mismatch", "指标“" + n.title + "”标注满分 " + pts(n.max) + " 分，但下级指标满分之和为 " + pts(sum) +
                                 " 分。请核对原文（可能是印刷错误）并在 note 中记录采用的读法");
  }
  return n;
}

void collect(const Node& n, std::vector<const Node*>& out) {
  if (n.is_criterion()) out.push_back(&n);
  for (auto& c : n.children) collect(c, out);
}

const Node* find_in(const Node& n, std::string_view id) {
  if (n.id == id) return &n;
  for (auto& c : n.children)
    if (auto* f = find_in(c, id)) return f;
  return nullptr;
}

// The rubric's own profile fields (松江 项目级别, 武汉 第九条): ids unique and not one of the common fields.
void read_profile_fields(const JsonReader& r, Rubric& rb) {
  const Json* arr = r.array_opt("profile_fields");
  if (!arr) return;
  std::set<std::string> seen;
  for (auto& common : profile_fields()) seen.insert(common.id);
  for (std::size_t i = 0; i < arr->size(); ++i) {
    JsonReader f = r.at((*arr)[i], "profile_fields[" + std::to_string(i) + "]");
    f.only_keys({"id", "label", "kind", "options", "clause", "hint"});
    RubricProfileField field;
    field.id = f.str("id");
    field.label = f.str("label");
    const std::string kind = f.str("kind");
    if (kind != "choice" && kind != "checklist") f.fail("profile_kind", "单位信息字段的 kind 只能是 choice（单选）或 checklist（多选）");
    field.checklist = kind == "checklist";
    field.clause = f.str_or("clause", "");
    field.hint = f.str_or("hint", "");
    if (!seen.insert(field.id).second)
      f.fail("duplicate_id", "单位信息字段“" + field.id + "”重复（或与通用的单位信息字段同名）");
    const Json& opts = f.array("options");
    std::set<std::string> ids;
    for (std::size_t k = 0; k < opts.size(); ++k) {
      JsonReader o = f.at(opts[k], f.path() + ".options[" + std::to_string(k) + "]");
      o.only_keys({"id", "text", "clause"});
      ProfileChoice c{o.str("id"), o.str("text"), o.str_or("clause", "")};
      if (c.id.empty() || c.id.find(',') != std::string::npos) o.fail("option_id", "选项编号不能为空，也不能含“,”（多选时用“,”分隔）");
      if (!ids.insert(c.id).second) o.fail("duplicate_id", "选项编号“" + c.id + "”重复");
      field.options.push_back(std::move(c));
    }
    if (field.options.size() < (field.checklist ? 1u : 2u))
      f.fail("empty", field.checklist ? "多选字段至少要有一个选项" : "单选字段至少要有两个选项");
    rb.profile_fields.push_back(std::move(field));
  }
}

// `id` must name a checklist field declared in profile_fields.
const RubricProfileField* checklist_field(const JsonReader& r, const Rubric& rb, const std::string& id) {
  const RubricProfileField* f = rb.find_profile_field(id);
  if (!f || !f->checklist) r.fail("profile_field", "“" + id + "”须是 profile_fields 中定义的多选（checklist）字段");
  return f;
}

ProfileCondition read_condition(const JsonReader& r, const Rubric& rb) {
  r.only_keys({"field", "in"});
  ProfileCondition c;
  c.field = r.str("field");
  const RubricProfileField* f = rb.find_profile_field(c.field);
  if (!f || f->checklist) r.fail("profile_field", "“" + c.field + "”须是 profile_fields 中定义的单选（choice）字段");
  const Json& in = r.array("in");
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!in[i].is_string() || !f->find(in[i].get<std::string>()))
      r.fail("profile_option", "in[" + std::to_string(i) + "] 须是“" + f->label + "”的选项编号");
    c.in.push_back(in[i].get<std::string>());
  }
  if (c.in.empty()) r.fail("empty", "“in”不能为空");
  return c;
}

Rubric read_rubric(const JsonReader& r) {
  r.only_keys({"$schema", "format", "id", "version", "title", "short_title", "issuer", "document", "region", "purpose",
               "total", "bonus_total", "min_operation_months", "threshold_basis", "indicators", "thresholds",
                "gate_groups", "gates", "materials", "ranking", "naming", "notes", "profile_fields", "procedure", "earlier_files"});
  const std::string format = r.str("format");
  if (format != "qis-rubric/1")
    r.fail("format", "评分表格式“" + format + "”不受支持（本版本支持 qis-rubric/1），请升级本工具或使用对应版本的评分表");
  Rubric rb;
  rb.id = r.str("id");
  rb.version = r.str("version");
  rb.title = r.str("title");
  rb.short_title = r.str_or("short_title", rb.title);
  rb.issuer = r.str("issuer");
  rb.document = r.str("document");
  rb.region = r.str_or("region", "");
  rb.purpose = r.str_or("purpose", "");
  rb.total = r.num("total");
  rb.bonus_total = r.num_or("bonus_total", 0);
  rb.min_operation_months = r.int_or("min_operation_months", 0);
  rb.threshold_basis = r.str_or("threshold_basis", "total");
  if (rb.threshold_basis != "total" && rb.threshold_basis != "base")
    r.fail("threshold_basis", "threshold_basis 只能是 total（含加分）或 base（不含加分）");

  std::set<std::string> ids;
  const Json& inds = r.array("indicators");
  Milli base = 0, bonus = 0;
  for (std::size_t i = 0; i < inds.size(); ++i) {
    rb.indicators.push_back(read_node(r.at(inds[i], "indicators[" + std::to_string(i) + "]"), ids, nullptr));
    (rb.indicators.back().bonus ? bonus : base) += rb.indicators.back().max;
  }
  if (base != rb.total)
    r.fail("total_mismatch", "评分表声明总分 " + pts(rb.total) + " 分，但一级指标（不含加分项）满分之和为 " + pts(base) + " 分");
  if (bonus != rb.bonus_total)
    r.fail("bonus_mismatch", "评分表声明加分项 " + pts(rb.bonus_total) + " 分，但加分项指标满分之和为 " + pts(bonus) + " 分");

  read_profile_fields(r, rb);
  if (const Json* arr = r.array_opt("thresholds")) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader t = r.at((*arr)[i], "thresholds[" + std::to_string(i) + "]");
      t.only_keys({"id", "label", "op", "value", "kind", "clause", "when"});
      Threshold th;
      th.id = t.str("id");
      th.label = t.str("label");
      th.op = t.str("op");
      th.value = t.num("value");
      th.kind = t.str("kind");
      th.clause = t.str_or("clause", "");
      if (th.op != "<" && th.op != "<=" && th.op != ">" && th.op != ">=") t.fail("op", "op 只能是 <、<=、>、>=");
      if (th.kind != "fail" && th.kind != "pass" && th.kind != "info") t.fail("kind", "kind 只能是 fail、pass、info");
      if (th.value < 0 || th.value > rb.total + rb.bonus_total) t.fail("value", "阈值超出总分范围");
      if (!seen.insert(th.id).second) t.fail("duplicate_id", "阈值编号“" + th.id + "”重复");
      if (t.object_opt("when")) th.when = read_condition(t.child("when"), rb);
      rb.thresholds.push_back(th);
    }
  }
  std::set<std::string> groups;
  if (const Json* arr = r.array_opt("gate_groups")) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader g = r.at((*arr)[i], "gate_groups[" + std::to_string(i) + "]");
      g.only_keys({"id", "title", "clause", "pass_text", "fail_text", "requires_group"});
      GateGroup gg{g.str("id"), g.str("title"), g.str_or("clause", ""), g.str("pass_text"), g.str("fail_text"),
                   g.str_or("requires_group", "")};
      if (!gg.requires_group.empty() && !groups.count(gg.requires_group))
        g.fail("requires_group", "requires_group“" + gg.requires_group + "”须是排在前面的条件组");
      if (!groups.insert(gg.id).second) g.fail("duplicate_id", "条件组编号“" + gg.id + "”重复");
      rb.gate_groups.push_back(gg);
    }
  }
  if (const Json* arr = r.array_opt("gates")) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader g = r.at((*arr)[i], "gates[" + std::to_string(i) + "]");
      g.only_keys({"id", "group", "clause", "text", "min_operation_months", "from_profile"});
      Gate gate{g.str("id"), g.str("group"), g.str_or("clause", ""), g.str("text"), g.int_or("min_operation_months", 0), "", 0, ""};
      if (g.object_opt("from_profile")) {
        JsonReader f = g.child("from_profile");
        f.only_keys({"field", "min_checked", "remainder"});
        gate.count_field = f.str("field");
        gate.min_checked = f.int_or("min_checked", 0);
        gate.remainder = f.str_or("remainder", "");
        const RubricProfileField* field = checklist_field(f, rb, gate.count_field);
        if (gate.min_checked < 1 || gate.min_checked > static_cast<int>(field->options.size()))
          f.fail("min_checked", "min_checked 须在 1 到 " + std::to_string(field->options.size()) + "（“" + field->label + "”的选项数）之间");
      }
      if (!groups.count(gate.group)) g.fail("group", "条件所属的组“" + gate.group + "”未在 gate_groups 中定义");
      if (!seen.insert(gate.id).second || ids.count(gate.id)) g.fail("duplicate_id", "条件编号“" + gate.id + "”重复");
      rb.gates.push_back(gate);
    }
  }
  if (const Json* arr = r.array_opt("materials")) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader m = r.at((*arr)[i], "materials[" + std::to_string(i) + "]");
      m.only_keys({"id", "clause", "title", "required", "lists_profile"});
      Material mat{m.str("id"), m.str_or("clause", ""), m.str("title"), m.bool_or("required", true), m.str_or("lists_profile", "")};
      if (!mat.lists_field.empty()) checklist_field(m, rb, mat.lists_field);
      if (!seen.insert(mat.id).second) m.fail("duplicate_id", "材料编号“" + mat.id + "”重复");
      rb.materials.push_back(mat);
    }
  }
  if (r.object_opt("ranking")) {
    JsonReader k = r.child("ranking");
    k.only_keys({"select_max", "tiers", "exclude_new", "max_stations", "new_station_support", "clause", "note"});
    Ranking rk;
    rk.select_max = k.int_or("select_max", 0);
    rk.exclude_new = k.bool_or("exclude_new", false);
    rk.max_stations = k.int_or("max_stations", 0);
    rk.new_station_support = k.num_or("new_station_support", 0);
    rk.clause = k.str_or("clause", "");
    rk.note = k.str_or("note", "");
    if (const Json* tiers = k.array_opt("tiers")) {
      for (std::size_t i = 0; i < tiers->size(); ++i) {
        JsonReader t = k.at((*tiers)[i], k.path() + ".tiers[" + std::to_string(i) + "]");
        t.only_keys({"label", "max_count", "amount"});
        Tier tier{t.str("label"), t.int_or("max_count", 0), t.num_or("amount", 0)};
        if (tier.max_count <= 0) t.fail("max_count", "每个等次的名额 max_count 必须大于 0");
        rk.tiers.push_back(tier);
      }
    }
    rb.ranking = rk;
  }
  if (const Json* arr = r.array_opt("naming")) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader n = r.at((*arr)[i], "naming[" + std::to_string(i) + "]");
      n.only_keys({"id", "level", "format", "requires_group", "clause"});
      Naming nm{n.str("id"), n.str("level"), n.str("format"), n.str_or("requires_group", ""), n.str_or("clause", "")};
      if (!nm.requires_group.empty() && !groups.count(nm.requires_group))
        n.fail("requires_group", "requires_group“" + nm.requires_group + "”未在 gate_groups 中定义");
      rb.naming.push_back(nm);
    }
  }
  if (const Json* arr = r.array_opt("notes")) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader n = r.at((*arr)[i], "notes[" + std::to_string(i) + "]");
      n.only_keys({"about", "text"});
      rb.notes.push_back({n.str("about"), n.str("text")});
    }
  }
  if (r.object_opt("procedure")) rb.procedure = read_procedure(r.child("procedure"));
  if (const Json* arr = r.array_opt("earlier_files")) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader n = r.at((*arr)[i], "earlier_files[" + std::to_string(i) + "]");
      n.only_keys({"sha256", "note"});
      const std::string h = n.str("sha256");
      if (h.size() != 64 || h.find_first_not_of("0123456789abcdef") != std::string::npos)
        n.fail("sha256", "应为 64 位小写十六进制的 SHA-256，而不是“" + h + "”");
      rb.earlier_hashes.push_back(h);
    }
  }
  return rb;
}

}  // namespace

const char* rule_kind_name(RuleKind kind) {
  for (auto& k : kKinds)
    if (k.kind == kind) return k.name;
  return "?";
}

std::optional<RuleKind> rule_kind_from_name(std::string_view name) {
  for (auto& k : kKinds)
    if (name == k.name) return k.kind;
  return std::nullopt;
}

bool Threshold::matches(Milli score) const {
  if (op == "<") return score < value;
  if (op == "<=") return score <= value;
  if (op == ">") return score > value;
  return score >= value;
}

std::vector<const Node*> Rubric::criteria() const {
  std::vector<const Node*> out;
  for (auto& n : indicators) collect(n, out);
  return out;
}

const Node* Rubric::find(std::string_view wanted) const {
  for (auto& n : indicators)
    if (auto* f = find_in(n, wanted)) return f;
  return nullptr;
}

const RubricProfileField* Rubric::find_profile_field(std::string_view wanted) const {
  for (auto& f : profile_fields)
    if (f.id == wanted) return &f;
  return nullptr;
}

const ProfileChoice* RubricProfileField::find(std::string_view option_id) const {
  for (auto& o : options)
    if (o.id == option_id) return &o;
  return nullptr;
}

Result<Rubric> load_rubric(std::string_view json_text, std::string_view origin) {
  const std::string what = origin.empty() ? std::string("评分表文件") : "评分表文件 " + std::string(origin);
  auto parsed = parse_json_limited(json_text, kMaxRubricBytes, kMaxRubricDepth, "rubric", what, kMaxRubricValues);
  if (!parsed) return parsed.error();
  try {
    Rubric rb = read_rubric(JsonReader(parsed.value(), "", "rubric"));
    rb.content_hash = sha256_hex(json_text);
    return rb;
  } catch (const LoadFailure& f) {
    Error e = f.error;
    e.message = what + "：" + e.message;
    return e;
  }
}

}  // namespace qis
