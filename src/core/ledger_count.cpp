// ledger_count.h: what a criterion's `source` counts in the ledger, and how it is described.
#include "ledger_count.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "text_encoding.h"

namespace qis {
namespace {

std::int64_t record_weight(const LedgerRecord& r) {
  if (r.type != kRecordService) return 1;
  auto it = r.fields.find("times");
  if (it == r.fields.end() || it->second.empty() || !std::all_of(it->second.begin(), it->second.end(), [](char c) { return c >= '0' && c <= '9'; }) || it->second.size() > 7) return 1;
  return std::max<std::int64_t>(1, std::stoll(it->second));
}

struct Filter {
  bool sme = false;
  std::vector<std::vector<std::string>> categories;  // every group must match; within a group any
};

Result<Filter> parse_filter(const LedgerSource& src) {
  Filter f;
  std::string_view rest = src.filter;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view term = trim_space(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (term.empty()) continue;
    if (term == "sme") {
      f.sme = true;
      continue;
    }
    const LedgerField* category = find_ledger_field(src.record, "category");
    std::vector<std::string> group;
    std::string_view alts = term;
    while (!alts.empty()) {
      const auto bar = alts.find('|');
      const std::string id(trim_space(alts.substr(0, bar)));
      alts = bar == std::string_view::npos ? std::string_view() : alts.substr(bar + 1);
      const LedgerChoice* c = category ? find_ledger_choice(*category, id) : nullptr;
      if (!c || id != c->id)
        return Error{"ledger.source_filter",
                     "评分表的台账来源筛选条件“" + std::string(src.filter) + "”中的“" + id + "”不是“" + src.record +
                         "”记录的类别（可用：sme" + [&] {
                           std::string s;
                           if (category)
                             for (auto& ch : category->choices) s += std::string("、") + ch.id;
                           return s;
                         }() + "）。请联系评分表维护者。",
                     ""};
      group.push_back(id);
    }
    f.categories.push_back(std::move(group));
  }
  return f;
}

bool category_matches(const Filter& f, const LedgerRecord& r) {
  if (f.categories.empty()) return true;
  auto it = r.fields.find("category");
  const std::string cat = it == r.fields.end() ? "" : it->second;
  for (auto& group : f.categories)
    if (std::find(group.begin(), group.end(), cat) == group.end()) return false;
  return true;
}

}  // namespace

Result<LedgerCount> count_ledger(const LedgerSource& src, const Ledger& ledger, int year) {
  const bool enterprises_only = src.record == "enterprise";
  if (!enterprises_only && !find_record_type(src.record))
    return Error{"ledger.source_record",
                 "评分表的台账来源记录类型“" + src.record +
                     "”无效（可用：service、certificate、achievement、honour、case、enterprise）。请联系评分表维护者。",
                 ""};
  auto filter = parse_filter(src);
  if (!filter) return filter.error();
  const Filter& f = filter.value();

  LedgerCount out;
  if (src.per_year) {
    out.year_from_ledger = year == 0;
    out.year = year != 0 ? year : latest_ledger_year(ledger);
  }
  std::unordered_map<std::string, const Enterprise*> by_id;
  by_id.reserve(ledger.enterprises.size());
  for (auto& e : ledger.enterprises) by_id.emplace(e.id, &e);
  std::unordered_set<std::string> seen;
  auto note_enterprise = [&](const std::string& id) {
    if (!id.empty() && seen.insert(id).second) out.enterprise_ids.push_back(id);
  };

  if (enterprises_only) {
    std::set<std::string> active;  // per_year: enterprises with a record dated in the year
    if (src.per_year)
      for (auto& r : ledger.records)
        if (ledger_date_year(r.date) == out.year) active.insert(r.enterprise_id);
    for (auto& e : ledger.enterprises) {
      if (src.per_year && !active.count(e.id)) continue;
      if (f.sme && !is_sme_size(e.size)) {
        out.unknown_size += e.size.empty() ? 1 : 0;
        continue;
      }
      note_enterprise(e.id);
    }
    out.count = static_cast<std::int64_t>(out.enterprise_ids.size());
    return out;
  }

  for (auto& r : ledger.records) {
    if (r.type != src.record || !category_matches(f, r)) continue;
    if (src.per_year && ledger_date_year(r.date) != out.year) continue;
    if (f.sme) {
      auto it = by_id.find(r.enterprise_id);
      const Enterprise* e = it == by_id.end() ? nullptr : it->second;
      if (!e || e->size.empty()) {
        ++out.unknown_size;
        continue;
      }
      if (!is_sme_size(e->size)) continue;
    }
    // "1个服务对象仅记一次": records without an enterprise cannot be counted per enterprise.
    if (src.distinct_enterprises && r.enterprise_id.empty()) continue;
    out.record_ids.push_back(r.id);
    note_enterprise(r.enterprise_id);
    if (!src.distinct_enterprises) out.count += record_weight(r);
  }
  if (src.distinct_enterprises) out.count = static_cast<std::int64_t>(out.enterprise_ids.size());
  return out;
}

std::string describe_ledger_count(const LedgerSource& src, const LedgerCount& count, const Ledger& ledger,
                                  const std::string& unit) {
  // What was counted: the category labels of the filter, or the record type.
  std::string what;
  bool sme = false;
  if (auto f = parse_filter(src); f) {
    sme = f.value().sme;
    const LedgerField* category = find_ledger_field(src.record, "category");
    for (auto& group : f.value().categories) {
      std::string g;
      for (auto& id : group) g += (g.empty() ? "" : "或") + std::string(find_ledger_choice(*category, id)->label);
      what += (what.empty() ? "" : "中的") + g;
    }
  }
  if (what.empty()) {
    const LedgerRecordType* t = find_record_type(src.record);
    what = src.record == kRecordService ? "服务" : t ? t->label : "服务对象";
  }
  if (sme) what = "中小微企业" + what;
  std::string text;
  // Which year, and where it came from: the assessment's 评价年度 or the ledger's latest year
  // (none when no record has a date yet: "0 年" would mean nothing).
  if (src.per_year && count.year != 0)
    text = std::to_string(count.year) + " 年" + (count.year_from_ledger ? "（台账中最近的年份）" : "（评价年度）");
  text += what;
  if (count.count == 0) {
    // A year with no record at all is worth saying so: the year itself may be the mistake.
    bool year_empty = src.per_year;
    for (auto& r : ledger.records) year_empty = year_empty && ledger_date_year(r.date) != count.year;
    text += src.per_year && count.year == 0 ? "：台账中还没有注明日期的记录"
            : year_empty                    ? "：台账中没有该年度的记录"
                                            : "：台账中没有符合条件的记录";
  } else {
    // The enterprises behind the count, each with its share when more than one.
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::pair<std::string, std::int64_t>> shares;
    std::unordered_map<std::string, const Enterprise*> by_id;
    for (auto& e : ledger.enterprises) by_id.emplace(e.id, &e);
    if (src.record == "enterprise") {
      for (auto& id : count.enterprise_ids) shares.push_back({by_id.count(id) ? by_id[id]->name : id, 1});
    } else {
      // record_ids are in ledger order: walk both together instead of looking each one up.
      std::size_t next = 0;
      for (const LedgerRecord& rec : ledger.records) {
        if (next == count.record_ids.size()) break;
        if (rec.id != count.record_ids[next]) continue;
        ++next;
        const LedgerRecord* r = &rec;
        // A record without an enterprise (a case) is listed on its own, by its title.
        std::string own_key;  // "\x01" + record id cannot clash with an enterprise id
        if (r->enterprise_id.empty()) own_key = "\x01" + r->id;
        auto [it, added] = index.try_emplace(r->enterprise_id.empty() ? own_key : r->enterprise_id, shares.size());
        if (added) {
          std::string name = r->enterprise_id;
          if (r->enterprise_id.empty()) {
            auto t = r->fields.find("title");
            name = t != r->fields.end() && !t->second.empty() ? t->second : "未关联企业";
          } else if (auto e = by_id.find(r->enterprise_id); e != by_id.end()) {
            name = e->second->name;
          }
          shares.push_back({std::move(name), 0});
        }
        shares[it->second].second += src.distinct_enterprises ? 1 : record_weight(*r);
      }
    }
    constexpr std::size_t kShown = 5;
    std::string list;
    for (std::size_t i = 0; i < shares.size() && i < kShown; ++i) {
      list += (i ? "、" : "") + shares[i].first;
      if (!src.distinct_enterprises && shares[i].second > 1) list += " ×" + std::to_string(shares[i].second);
    }
    if (shares.size() > kShown) list += "等 " + std::to_string(shares.size()) + " 家";
    if (src.distinct_enterprises)
      text += "涉及企业 " + std::to_string(count.count) + " " + unit + "（" + list + "；共 " +
              std::to_string(count.record_ids.size()) + " 条记录，1个服务对象仅记一次）";
    else
      text += " " + std::to_string(count.count) + " " + unit + "（" + list + "）";
  }
  if (count.unknown_size > 0)
    text += "；另有 " + std::to_string(count.unknown_size) + " 条" + (src.record == "enterprise" ? "企业" : "记录的企业") +
            "未填规模，未计入";
  return text;
}

}  // namespace qis
