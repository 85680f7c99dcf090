// Counting the ledger for rubric criteria with a `source` (docs/ledger.md "Counting"): the only
// part of the ledger that knows rubrics, so that the ledger's model (ledger.h) sits below them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "error.h"
#include "ledger.h"
#include "rubric.h"

namespace qis {

struct LedgerCount {
  std::int64_t count = 0;                   // 家次 / 份 / 个 / 家, see docs/ledger.md "Counting"
  std::vector<std::string> record_ids;      // the records behind the count, in ledger order
  std::vector<std::string> enterprise_ids;  // their enterprises, in order of first appearance
  int year = 0;                             // the year counted (per_year sources), else 0
  bool year_from_ledger = false;            // `year` was the latest record year, not given
  int unknown_size = 0;                     // sme filter: matching records whose enterprise has no size
};

// Counts what `source` names in `ledger`. Service records count their 服务次数 (家次, empty = 1);
// other records count 1 each; distinct_enterprises counts each enterprise once; per_year keeps
// records dated in `year` (0 = latest_ledger_year; scoring passes Assessment::assessment_year).
// Errors: unknown record type or filter.
Result<LedgerCount> count_ledger(const LedgerSource& source, const Ledger& ledger, int year = 0);

// One Chinese phrase saying what was counted and from which enterprises, shortened when long:
// "2024 年（评价年度）中小微企业服务 12 家次（甲公司 ×4、乙公司 ×5、丙公司 ×3）"; a year taken
// from the ledger says "（台账中最近的年份）" instead. `unit` is the rule's unit.
std::string describe_ledger_count(const LedgerSource& source, const LedgerCount& count, const Ledger& ledger,
                                  const std::string& unit);

}  // namespace qis
