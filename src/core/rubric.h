// The rubric model: an official evaluation table as data (rubrics/*.json), and its loader.
// The loader rejects an inconsistent rubric with a precise message (duplicate ids, maxima that
// do not add up to the declared totals, unknown rule kinds, bands out of order, ...).
// docs/rubric-format.md describes every field; rubrics/schema.json is the JSON Schema.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "points.h"
#include "procedure.h"

namespace qis {

enum class RuleKind {
  Checklist,       // each met sub-item earns its points; optional "other" items; capped at max
  Count,           // whole units of `per` × points, capped (0.5 per certificate, 1 per 100 家次)
  Levels,          // expert picks one level; a level is a fixed value or a range to choose within
  Judgment,        // a value from min..max in steps
  GradedItems,     // start from max; per sub-item full / partial (range) / missing (deduct); floor 0
  Bands,           // a measured number (satisfaction, a ratio) falls in a band; band may be a range
  Highest,         // several may apply; only the highest counts (国家级 10 / 省级 8 / 市级 5)
  CategoryCounts,  // a count per category, whole units of `per` × points, cap per category and overall
  YesNo,           // met or not
};

const char* rule_kind_name(RuleKind kind);
std::optional<RuleKind> rule_kind_from_name(std::string_view name);

// A sub-item: checklist item, graded item, category, or highest-level option.
struct Option {
  std::string id;
  std::string text;
  Milli points = 0;
  bool scored = true;  // category_counts: false = recorded but earns nothing (湖南 4.3.1 其他, see note)
};

// One level of a Levels rule, or the points of one band: fixed when min == max.
struct Level {
  std::string text;
  Milli min = 0;
  Milli max = 0;
  bool implied = false;  // not printed in the document, added so every case has a level (see note)
  bool is_range() const { return min != max; }
};

struct Band {
  Milli from = 0;  // the band holds values >= from, up to the previous (higher) band's from (exclusive)
  bool from_exclusive = false;  // holds values > from only: `from` itself falls to the next band (湖南 4.3.4)
  Level points;    // text says how the document words it
  bool holds_from(Milli value) const { return from_exclusive ? value > from : value >= from; }
};

// Where a Count/Checklist takes its number from when the station keeps a service ledger.
struct LedgerSource {
  std::string record;       // "service", "certificate", "achievement", "honour", "case", "enterprise"
  std::string filter;       // e.g. "sme", "training", "consulting"; empty = all
  bool distinct_enterprises = false;  // "1个服务对象仅记一次"
  bool per_year = false;
};

struct Rule {
  RuleKind kind = RuleKind::Judgment;
  std::vector<Option> options;  // Checklist items, GradedItems items, Highest options, categories
  std::vector<Level> levels;    // Levels
  std::vector<Band> bands;      // Bands, ordered by `from`, descending
  std::string unit;             // what is counted: "份", "家次", "个"
  Milli per = kMilli;           // Count/CategoryCounts: size of one unit (100 家次 → 100)
  Milli points = 0;             // Count/CategoryCounts: points per unit; YesNo: points when met
  Milli cap_each = 0;           // CategoryCounts: cap per category
  Milli min = 0;                // Judgment range
  Milli max = 0;
  Milli step = kMilli;          // granularity of any value an expert chooses
  Milli value_min = 0;          // Bands: domain of the measured value
  Milli value_max = 0;
  std::string value_label;      // Bands: "满意度得分", "占比（%）"
  std::string value_unit;       // Bands: "分", "%"
  // Checklist: items beyond the listed ones ("包括但不限于").
  bool extra_allowed = false;
  std::string extra_text;
  Milli extra_points = 0;
  // GradedItems.
  Milli item_points = 0;
  Level partial;                // range an item earns when it is present but weak
  Milli missing_deduct = 0;     // deducted from max for a missing item ("每缺少一项扣5分")
  std::string full_text, partial_text, missing_text;
  std::optional<LedgerSource> source;
};

// A node of the indicator tree. Leaves carry a rule and are the scored criteria.
// Said beside a title the document does not print (Node::title_by_tool), wherever titles are shown.
inline constexpr const char* kToolTitleNote = "名称为本工具所拟，原文未印";

struct Node {
  std::string id;
  std::string title;
  bool title_by_tool = false;  // the document prints no title here: `title` is this tool's label, not official text
  std::string text;   // exact official wording (评价要点 / 评分标准)
  std::string requirement;  // 内容要求 where the document has that column
  std::string note;   // reading chosen where the document is ambiguous, shown to users
  std::string clause; // where in the document
  Milli max = 0;
  bool bonus = false;
  std::vector<Node> children;
  std::optional<Rule> rule;
  bool is_criterion() const { return rule.has_value(); }
};

// One option of a rubric's own profile field.
struct ProfileChoice {
  std::string id;      // stored in the profile; never contains ","
  std::string text;    // as the document words it
  std::string clause;
};

// A profile field a rubric asks for besides the common ones of profile.h, because its outcome,
// gates or materials depend on it (松江 项目级别, 武汉 第九条 服务内容). Stored in
// Assessment::profile under `id`: one option id (choice), or option ids separated by "," (checklist).
struct RubricProfileField {
  std::string id;
  std::string label;
  bool checklist = false;  // false: choose one; true: tick any number
  std::vector<ProfileChoice> options;
  std::string clause;
  std::string hint;
  const ProfileChoice* find(std::string_view option_id) const;
};

// "This applies only when the profile field `field` holds one of `in`" (松江: 区级 projects only).
struct ProfileCondition {
  std::string field;
  std::vector<std::string> in;  // option ids of a choice field
};

// A score threshold with a consequence (Songjiang: "< 60 效能不合格", "> 70 可申请区级命名").
struct Threshold {
  std::string id;
  std::string label;
  std::string op;      // "<", "<=", ">", ">="
  Milli value = 0;
  std::string kind;    // "fail", "pass", "info"
  std::string clause;
  std::optional<ProfileCondition> when;  // empty: applies to every station
  bool matches(Milli score) const;
  bool is_goal() const { return op == ">" || op == ">="; }
};

// An eligibility condition; a failed gate makes the station ineligible whatever its score.
struct Gate {
  std::string id;
  std::string group;
  std::string clause;
  std::string text;
  int min_operation_months = 0;  // >0: decided from the profile's date operation began
  // Counted from a checklist profile field (武汉 第十三条（六）“第九条所列的五项及以上”): fewer than
  // `min_checked` ticked fails the gate. `remainder` is the part of the text a count cannot decide
  // ("并具备较强的竞争力…"); when it is set, the station still declares the gate.
  std::string count_field;
  int min_checked = 0;
  std::string remainder;
};

struct GateGroup {
  std::string id;
  std::string title;
  std::string clause;
  std::string pass_text;
  std::string fail_text;
  std::string requires_group;  // this group is only reachable if that one passes
};

struct Material {
  std::string id;
  std::string clause;
  std::string title;
  bool required = true;
  std::string lists_field;  // a checklist profile field: one entry per ticked option (武汉 第十四条（五）)
};

struct Tier {
  std::string label;
  int max_count = 0;
  Milli amount = 0;  // 万元 per station
};

struct Ranking {
  int select_max = 0;            // "确定不超过两个单位": 2; 0 = no limit
  std::vector<Tier> tiers;       // in order, best first
  bool exclude_new = false;      // "新建质量服务站不参与排名"
  int max_stations = 0;          // "全市市级质量服务站数量不超过50个"
  Milli new_station_support = 0; // one-off support for a newly named station, 万元 (maximum)
  std::string clause;
  std::string note;
};

struct Naming {
  std::string id;
  std::string level;
  std::string format;  // with {district}, {industry} placeholders from the profile
  std::string requires_group;
  std::string clause;
};

struct RubricNote {
  std::string about;  // node id or topic
  std::string text;
};

struct Rubric {
  std::string id;
  std::string version;
  std::string title;
  std::string short_title;
  std::string issuer;
  std::string document;
  std::string region;
  std::string purpose;
  Milli total = 0;        // declared maximum of the non-bonus part
  Milli bonus_total = 0;  // declared maximum of the bonus part
  int min_operation_months = 0;  // self-assessment allowed only after this much operation (003 6.1)
  std::vector<Node> indicators;
  std::vector<Threshold> thresholds;
  std::string threshold_basis = "total";  // "total" (with bonus) or "base"
  std::vector<GateGroup> gate_groups;
  std::vector<Gate> gates;
  std::vector<Material> materials;
  std::optional<Ranking> ranking;
  std::vector<Naming> naming;
  std::vector<RubricNote> notes;
  Procedure procedure;       // documents, panel rule, profile fields (procedure.h)
  std::vector<RubricProfileField> profile_fields;  // asked in the profile after the common fields
  std::string content_hash;  // SHA-256 of the file as loaded
  // SHA-256 of earlier files of this rubric and version ("earlier_files"): packages made with
  // them open with this file and are scored by it (a changed reading, an added document section).
  std::vector<std::string> earlier_hashes;

  // Criteria in document order.
  std::vector<const Node*> criteria() const;
  const Node* find(std::string_view id) const;
  const RubricProfileField* find_profile_field(std::string_view id) const;
};

// Parses and validates a rubric; `origin` names the file in messages.
Result<Rubric> load_rubric(std::string_view json_text, std::string_view origin = "");

}  // namespace qis
