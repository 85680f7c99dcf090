#include "rank.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "csv.h"
#include "evaluator_detail.h"
#include "names.h"

namespace qis {
using detail::pts;

using detail::milli_json;
using detail::profile_value;

namespace {

enum Group { kRanked = 0, kNew = 1, kUnconfirmed = 2, kIneligible = 3, kFlagged = 4 };

// "第十三条（三）“诚信守法运营，依法不属于严重失信主体”（申报单位声明不符合）": the condition as the
// rubric words it, and how it was decided (a bare "尚未确认" is said once by the caller).
std::string condition_text(const GateResult& g) {
  std::string s = g.gate->clause + "“" + g.gate->text + "”";
  if (!g.reason.empty() && g.reason != "尚未确认") s += "（" + g.reason + "）";
  return s;
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? separator : "") + parts[i];
  return s;
}

std::string tier_rule_text(const Ranking& rk) {
  std::string s;
  for (auto& t : rk.tiers)
    s += (s.empty() ? "" : "；") + t.label + "不超过 " + std::to_string(t.max_count) + " 名，每名 " + pts(t.amount) + " 万元";
  return s;
}

std::string source_text(const RankRow& x) {
  if (!x.from_panel) return "自评";
  std::string names;
  for (std::size_t i = 0; i < x.panel_experts.size(); ++i) names += (i ? "、" : "") + x.panel_experts[i];
  return "专家组汇总（" + names + "）";
}

// The same package (bytes) twice, e.g. in a good and in an altered bundle: both files named.
std::optional<Error> one_entry_per_package(const std::vector<RankEntry>& entries) {
  std::map<std::string, const RankEntry*> seen;
  for (auto& e : entries)
    if (auto [it, added] = seen.emplace(e.row.package_hash, &e); !added)
      return Error{"rank.duplicate_package",
                   "“" + it->second->row.origin + "”与“" + e.row.origin +
                       "”是同一个数据包（内容相同），同一数据包只能参加一次排名；请只保留一份（两份提交包中的附件不同时，保留核对通过的一份）。",
                   e.row.origin};
  return std::nullopt;
}

}  // namespace

RankEntry rank_entry(const RankInput& in, const std::string& today) {
  const Rubric& rb = *in.rubric;
  RankEntry r;
  r.rubric = &rb;
  const ScoreReport self = score(rb, in.assessment, today);
  r.row.name = profile_value(in.assessment, "name");
  if (r.row.name.empty()) r.row.name = "未命名单位（" + in.origin + "）";
  r.row.origin = in.origin;
  r.row.package_hash = in.package_hash;
  r.modified = in.assessment.modified;
  r.row.from_panel = in.panel.has_value();
  if (in.panel) {
    for (auto& rev : in.panel->reviews) r.row.panel_experts.push_back(rev.expert.name);
    r.row.panel_method = panel_method_text(in.panel->options.method);
  }
  const Milli base = in.panel ? in.panel->base : self.base;
  r.row.score = in.panel ? in.panel->total : self.total;
  r.row.is_new = profile_value(in.assessment, "new_station") == "是";
  r.row.eligible = self.eligible;
  const bool exclude_new = rb.ranking && rb.ranking->exclude_new;
  const Milli basis = rb.threshold_basis == "base" ? base : r.row.score;
  for (auto& t : rb.thresholds)  // not those the station's profile sets aside (松江: by project level)
    if (t.kind == "fail" && t.matches(basis) && !is_set_aside(self, t)) r.row.failed_threshold = true;
  if (!rb.thresholds.empty()) r.row.outcome = outcome_for_total(rb, self, base, r.row.score);
  for (auto& g : self.groups)
    if (g.group->requires_group.empty()) {
      if (g.state == GateState::Failed && r.fail_text.empty()) r.fail_text = g.group->fail_text;
      if (g.state == GateState::Unanswered && r.condition_clause.empty()) r.condition_clause = g.group->clause;
    }
  // The basic conditions (gates of a group that needs no other) by name: the failed ones, or while
  // none failed those not yet confirmed. A rubric's basic conditions must all be met to apply
  // (武汉 第十三条 “应当满足以下基本条件”), so an unconfirmed one holds the station out.
  for (auto& g : self.gates) {
    const bool basic = std::any_of(self.groups.begin(), self.groups.end(), [&](const GateGroupResult& gr) {
      return gr.group->id == g.gate->group && gr.group->requires_group.empty();
    });
    if (!basic) continue;
    if (g.state == GateState::Failed) r.row.conditions.push_back(condition_text(g));
  }
  if (r.row.eligible)
    for (auto& g : self.gates) {
      const bool basic = std::any_of(self.groups.begin(), self.groups.end(), [&](const GateGroupResult& gr) {
        return gr.group->id == g.gate->group && gr.group->requires_group.empty();
      });
      if (basic && g.state == GateState::Unanswered) r.row.conditions.push_back(condition_text(g));
    }
  r.row.unconfirmed = r.row.eligible && !r.row.conditions.empty();
  r.row.status = in.verify ? verify_status(*in.verify) : "未核对";
  r.row.findings = in.verify ? in.verify->findings_total : 0;
  r.group = r.row.findings > 0          ? kFlagged
            : !r.row.eligible              ? kIneligible
            : r.row.unconfirmed            ? kUnconfirmed
            : (exclude_new && r.row.is_new) ? kNew
                                           : kRanked;
  return r;
}

Result<RankResult> rank_stations(const std::vector<RankInput>& inputs, const std::string& today, const RankOptions& options) {
  std::vector<RankEntry> entries;
  entries.reserve(inputs.size());
  for (auto& in : inputs) entries.push_back(rank_entry(in, today));
  return rank_entries(std::move(entries), options);
}

Result<std::vector<RankResult>> rank_by_rubric(std::vector<RankEntry> entries, const RankOptions& options) {
  if (entries.empty()) return Error{"rank.empty", "没有可排名的数据包，请至少选择一个数据包。", ""};
  if (auto e = one_entry_per_package(entries)) return *e;
  // Grouped by rubric, in order of id then version; within a group the order given.
  std::stable_sort(entries.begin(), entries.end(), [](const RankEntry& a, const RankEntry& b) {
    return std::tie(a.rubric->id, a.rubric->version) < std::tie(b.rubric->id, b.rubric->version);
  });
  std::vector<RankResult> out;
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t j = i;
    while (j < entries.size() && entries[j].rubric->id == entries[i].rubric->id &&
           entries[j].rubric->version == entries[i].rubric->version)
      ++j;
    std::vector<RankEntry> group(std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(i)),
                                 std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(j)));
    auto r = rank_entries(std::move(group), options);
    if (!r) return r.error();
    out.push_back(std::move(r).value());
    i = j;
  }
  return out;
}

namespace {

// One station, several packages of this rubric (two exports differing only in "modified"):
// refused, or with prefer_newest the last modified kept and the others named in `notes`.
std::optional<Error> one_package_per_station(std::vector<RankEntry>& rows, bool prefer_newest,
                                             std::vector<std::string>& notes) {
  std::map<std::string, std::vector<std::size_t>> by_station;  // person_key(name) → rows, in the order given
  for (std::size_t i = 0; i < rows.size(); ++i) by_station[person_key(rows[i].row.name)].push_back(i);
  std::vector<bool> dropped(rows.size(), false);
  for (auto& [key, at] : by_station) {
    if (at.size() < 2) continue;
    std::stable_sort(at.begin(), at.end(), [&](std::size_t a, std::size_t b) { return rows[a].modified > rows[b].modified; });
    std::string files;
    for (std::size_t i : at)
      files += (files.empty() ? "" : "、") + rows[i].row.origin + "（修改于 " +
               (rows[i].modified.empty() ? std::string("未记录") : rows[i].modified) + "）";
    const std::string name = rows[at.front()].row.name;
    const std::string count = std::to_string(at.size());
    if (!prefer_newest)
      return Error{"rank.duplicate_station",
                   "“" + name + "”有 " + count + " 份按本评分表提交的数据包：" + files +
                       "。同一单位只能排名一次：请只保留一份；如确认以修改时间最新的一份为准，可选择采用最新的一份（命令行加 --newest）。",
                   rows[at.front()].row.origin};
    if (rows[at[0]].modified.empty() || rows[at[0]].modified == rows[at[1]].modified)
      return Error{"rank.duplicate_station",
                   "“" + name + "”有 " + count + " 份按本评分表提交的数据包：" + files +
                       "。它们的修改时间相同（或未记录），无法判断哪份最新；请只保留应参加排名的一份。",
                   rows[at.front()].row.origin};
    std::string others;
    for (std::size_t k = 1; k < at.size(); ++k) {
      others += (k > 1 ? "、" : "") + rows[at[k]].row.origin;
      dropped[at[k]] = true;
    }
    notes.push_back("“" + name + "”有 " + count + " 份数据包，按要求采用修改时间最新的“" + rows[at[0]].row.origin +
                    "”，未采用：" + others);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (dropped[i]) continue;
    if (kept != i) rows[kept] = std::move(rows[i]);
    ++kept;
  }
  rows.resize(kept);
  return std::nullopt;
}

}  // namespace

Result<RankResult> rank_entries(std::vector<RankEntry> rows, const RankOptions& options) {
  if (rows.empty()) return Error{"rank.empty", "没有可排名的数据包，请至少选择一个数据包。", ""};
  const Rubric& rb = *rows.front().rubric;
  if (auto e = one_entry_per_package(rows)) return *e;
  for (auto& in : rows) {
    if (in.rubric->id != rb.id || in.rubric->version != rb.version)
      return Error{"rank.mixed_rubrics",
                   "“" + rows.front().row.origin + "”按“" + rb.short_title + "”（" + rb.id + " " + rb.version + "）评分，而“" +
                       in.row.origin + "”按“" + in.rubric->short_title + "”（" + in.rubric->id + " " + in.rubric->version +
                       "）评分；不同评分表的得分不能放在一起排名，请按评分表分别排名。",
                   in.row.origin};
  }
  std::vector<std::string> duplicate_notes;
  if (auto e = one_package_per_station(rows, options.prefer_newest, duplicate_notes)) return *e;
  int from_panel = 0;
  for (auto& r : rows) from_panel += r.row.from_panel ? 1 : 0;
  const Ranking* rk = rb.ranking ? &*rb.ranking : nullptr;

  std::sort(rows.begin(), rows.end(), [](const RankEntry& a, const RankEntry& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.row.score != b.row.score) return a.row.score > b.row.score;
    if (a.row.name != b.row.name) return a.row.name < b.row.name;  // byte order of UTF-8 = code point order
    return a.row.package_hash < b.row.package_hash;
  });

  RankResult out;
  out.rubric = &rb;
  // Places: each ranked station that is not below a "fail" threshold takes the next place; the
  // selection takes places 0 … select_max − 1, each tier its max_count places in turn.
  const auto selected_at = [&](int place) { return rk && rk->select_max > 0 && place < rk->select_max; };
  const auto tier_at = [&](int place) -> int {  // index into rk->tiers, or -1 past the last
    if (!rk) return -1;
    for (std::size_t t = 0; t < rk->tiers.size(); ++t) {
      if (place < rk->tiers[t].max_count) return static_cast<int>(t);
      place -= rk->tiers[t].max_count;
    }
    return -1;
  };
  const auto tier_label = [&](int t) { return t < 0 ? std::string("未进入支持等次") : rk->tiers[static_cast<std::size_t>(t)].label; };
  std::vector<std::string> boundary_notes;
  int position = 0, place = 0;
  for (std::size_t i = 0; i < rows.size();) {
    if (rows[i].group != kRanked) {
      ++i;
      continue;
    }
    // One score: the stations from i to j share the rank (并列).
    std::size_t j = i;
    while (j < rows.size() && rows[j].group == kRanked && rows[j].row.score == rows[i].row.score) ++j;
    const int shared_rank = position + 1;
    const int tied = static_cast<int>(j - i);
    int contenders = 0;  // those not below a fail threshold take places
    for (std::size_t k = i; k < j; ++k) contenders += rows[k].row.failed_threshold ? 0 : 1;
    const int first = place, last = place + contenders - 1;
    const bool split_selection = contenders > 1 && selected_at(first) != selected_at(last);
    const bool split_tier = contenders > 1 && rk && !rk->tiers.empty() && tier_at(first) != tier_at(last);
    std::vector<std::string> names;
    for (std::size_t k = i; k < j; ++k) {
      RankRow& x = rows[k].row;
      x.rank = shared_rank;
      x.tied = tied > 1;
      names.push_back("“" + x.name + "”");
      std::vector<std::string> parts;
      if (x.tied) parts.push_back("并列第 " + std::to_string(shared_rank) + " 名（" + std::to_string(tied) + " 个单位同为 " + pts(x.score) + " 分）");
      if (!x.failed_threshold && (split_selection || split_tier)) {
        x.needs_decision = true;
        if (split_selection) {
          const int left = std::max(0, rk->select_max - first);
          parts.push_back("入选名额只余 " + std::to_string(left) + " 个，由专家组决定是否入选");
        }
        if (split_tier)
          parts.push_back("同分单位跨" + tier_label(tier_at(first)) + "与" + tier_label(tier_at(last)) + "，由专家组决定等次和金额");
      } else if (!x.failed_threshold) {
        if (rk && rk->select_max > 0) {
          x.selected = selected_at(first);
          parts.push_back(x.selected ? "入选（按得分确定不超过 " + std::to_string(rk->select_max) + " 个单位）" : "未入选");
        }
        if (rk && !rk->tiers.empty()) {
          const int t = tier_at(first);
          if (t >= 0) {
            x.tier = rk->tiers[static_cast<std::size_t>(t)].label;
            x.amount = rk->tiers[static_cast<std::size_t>(t)].amount;
            out.total_amount += x.amount;
            parts.push_back(x.tier + "，质量提升支持 " + pts(x.amount) + " 万元");
          } else {
            parts.push_back("未进入支持等次");
          }
        }
      } else {
        if (rk && rk->select_max > 0) parts.push_back("未入选");
        if (rk && !rk->tiers.empty()) parts.push_back("未进入支持等次");
      }
      if (!x.outcome.empty()) parts.push_back(x.outcome);
      if (parts.empty()) parts.push_back("第 " + std::to_string(x.rank) + " 名");
      x.conclusion = joined(parts, "；");
      ++out.ranked;
    }
    if (split_selection || split_tier)
      boundary_notes.push_back(joined(names, "") + "同为 " + pts(rows[i].row.score) + " 分，并列第 " + std::to_string(shared_rank) + " 名，分处" +
                               (split_selection ? std::string("入选线") : std::string()) + (split_selection && split_tier ? "和" : "") +
                               (split_tier ? std::string("等次分界") : std::string()) + "两侧：须专家组决定" +
                               (split_tier ? "，其金额未计入合计" : ""));
    position += tied;
    place += contenders;
    i = j;
  }
  for (auto& r : rows) {
    RankRow& x = r.row;
    if (r.group == kFlagged)  // a score the file does not support takes no place
      x.conclusion = "未参加排名：数据包核对发现 " + std::to_string(x.findings) + " 项问题（得分或附件与记录不符），请向申报单位核实";
    else if (r.group == kIneligible)
      x.conclusion = "不具备资格" + (r.fail_text.empty() ? std::string() : "：" + r.fail_text) +
                     (x.conditions.empty() ? std::string() : "。未满足：" + joined(x.conditions, "；"));
    else if (r.group == kUnconfirmed)
      x.conclusion = "暂不排名：" + joined(x.conditions, "；") + "尚未确认。须满足全部基本条件方可参加评价" +
                     (r.condition_clause.empty() ? std::string() : "（" + r.condition_clause + "）") + "，请申报单位确认后再排名";
    else if (r.group == kNew) {
      x.conclusion = "新建站，不参与排名" + (rk && !rk->clause.empty() ? "（" + rk->clause + "）" : std::string());
      if (!x.outcome.empty()) x.conclusion += "；" + x.outcome;
    }
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
      const int n = static_cast<int>(rows.size());
      out.notes.push_back(n > rk->max_stations
                              ? "本次共 " + std::to_string(n) + " 个站，超过规定的上限 " + std::to_string(rk->max_stations) +
                                    " 个" + clause + "，请核对名单"
                              : "站点数量上限 " + std::to_string(rk->max_stations) + " 个" + clause + "，本次 " +
                                    std::to_string(n) + " 个");
    }
  }
  for (auto& n : duplicate_notes) out.notes.push_back(n);
  // "N <what>：甲、乙" naming the stations of one group, when it has any.
  auto name_group = [&](int group, const char* what) {
    std::string names;
    int count = 0;
    for (auto& r : rows)
      if (r.group == group) names += (count++ ? "、" : "") + r.row.name;
    if (count > 0) out.notes.push_back(std::to_string(count) + what + names);
  };
  name_group(kFlagged, " 个数据包核对发现问题，未参加排名：");
  name_group(kUnconfirmed, " 个单位的基本条件尚未确认，暂不排名：");
  if (std::any_of(out.rows.begin(), out.rows.end(), [](const RankRow& x) { return x.tied; }))
    out.notes.push_back("得分相同的单位并列同一名次，表中先后不分高低");
  out.notes.push_back("得分取专家组汇总结果的 " + std::to_string(from_panel) + " 个，取自评得分（按答案重新计算）的 " +
                      std::to_string(static_cast<int>(rows.size()) - from_panel) + " 个");
  for (auto& n : boundary_notes) out.notes.push_back(n);
  return out;
}

namespace {

std::vector<CsvRow> rank_rows(const RankResult& r) {
  std::vector<CsvRow> rows = {{"名次", "单位名称", "得分", "等次", "支持金额（万元）", "结论", "得分来源", "核对结果"}};
  for (auto& x : r.rows)
    rows.push_back({rank_text(x), x.name, pts(x.score), tier_text(x),
                    x.amount ? pts(x.amount) : std::string(), x.conclusion, source_text(x), x.status});
  return rows;
}

}  // namespace

std::string rank_text(const RankRow& x) {
  if (x.rank == 0) return "";
  return (x.tied ? "并列 " : "") + std::to_string(x.rank);
}

std::string tier_text(const RankRow& x) { return x.needs_decision ? "待专家组决定" : x.tier; }

std::string rank_csv(const RankResult& r) { return write_spreadsheet_csv(rank_rows(r)); }

std::vector<std::vector<std::string>> rank_table(const RankResult& r) { return rank_rows(r); }

std::string rank_csv(const std::vector<RankResult>& rankings) {
  if (rankings.size() == 1) return rank_csv(rankings.front());
  std::vector<CsvRow> rows;
  for (auto& r : rankings) {
    if (!rows.empty()) rows.push_back({});
    rows.push_back({"评分表：" + r.rubric->title + "（" + r.rubric->id + " " + r.rubric->version + "）"});
    for (auto& row : rank_rows(r)) rows.push_back(std::move(row));
  }
  return write_spreadsheet_csv(rows);
}

Json rank_json(const RankResult& r) {
  Json rows = Json::array();
  for (auto& x : r.rows) {
    Json row = {{"rank", x.rank ? Json(x.rank) : Json()},
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
                {"conclusion", x.conclusion},
                {"status", x.status},
                {"findings", x.findings},
                {"tied", x.tied},
                {"needs_decision", x.needs_decision},
                {"unconfirmed", x.unconfirmed},
                {"conditions", x.conditions}};
    if (x.from_panel) row["panel"] = {{"file", x.panel_origin}, {"experts", x.panel_experts}, {"method", x.panel_method}};
    rows.push_back(std::move(row));
  }
  return {{"rubric", {{"id", r.rubric->id}, {"version", r.rubric->version}, {"title", r.rubric->title}}},
          {"rows", rows},
          {"ranked", r.ranked},
          {"total_amount", milli_json(r.total_amount)},
          {"notes", r.notes}};
}

Json rank_json(const std::vector<RankResult>& rankings) {
  if (rankings.size() == 1) return rank_json(rankings.front());
  Json all = Json::array();
  for (auto& r : rankings) all.push_back(rank_json(r));
  return {{"rankings", all}};
}

}  // namespace qis
