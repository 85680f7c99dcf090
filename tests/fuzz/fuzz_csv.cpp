// libFuzzer target: the ledger CSV import (encoding detection, RFC 4180 parsing, row checks) on
// arbitrary bytes. It must return a value or an Error, never crash or hang. parse_csv must read
// what write_csv wrote back to the same rows, and the ledger the good rows make must survive
// export_ledger_csv → import_ledger_csv (enterprises compared by name: ids follow file order).
#include <cstdint>
#include <map>
#include <string_view>

#include "csv.h"
#include "fuzz_checks.h"
#include "ledger_csv.h"

namespace {

// The ledger with enterprise ids replaced by what identifies an enterprise to a user.
std::string describe(const qis::Ledger& l) {
  std::map<std::string, std::string> by_name;
  for (auto& e : l.enterprises) by_name[e.name] = e.address + "|" + e.contact + "|" + e.phone + "|" + e.size;
  std::string out;
  for (auto& [name, rest] : by_name) out += "E " + name + "|" + rest + "\n";
  for (auto& r : l.records) {
    const qis::Enterprise* e = l.find_enterprise(r.enterprise_id);
    out += "R " + r.id + "|" + r.type + "|" + (e ? e->name : "-") + "|" + r.date;
    for (auto& [k, v] : r.fields) out += "|" + k + "=" + v;
    out += "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  auto rows = qis::parse_csv(bytes);
  if (rows) {
    auto again = qis::parse_csv(qis::write_csv(rows.value()));
    if (!again || again.value() != rows.value()) qis_fuzz::fail("parse_csv(write_csv(rows)) != rows");
  } else {
    qis_fuzz::check_error(rows.error(), {"csv."});
  }

  auto imported = qis::import_ledger_csv(bytes);
  if (!imported) {
    qis_fuzz::check_error(imported.error(), {"csv.", "ledger."});
    return 0;
  }
  const qis::LedgerImport& li = imported.value();
  if (li.imported + li.failed != li.rows) qis_fuzz::fail("imported + failed rows != rows");
  for (auto& e : li.errors)
    if (e.code.empty() || e.message.empty()) qis_fuzz::fail("a row error without code or message");
  auto back = qis::import_ledger_csv(qis::export_ledger_csv(li.ledger));
  if (!back) qis_fuzz::fail(("the exported ledger does not import: " + back.error().message).c_str());
  if (!back.value().errors.empty())
    qis_fuzz::fail(("the exported ledger has row errors: " + qis::format_row_error(back.value().errors[0])).c_str());
  if (describe(li.ledger) != describe(back.value().ledger)) {
    std::fprintf(stderr, "--- imported\n%s--- read back\n%s", describe(li.ledger).c_str(), describe(back.value().ledger).c_str());
    qis_fuzz::fail("export_ledger_csv → import_ledger_csv changed the ledger");
  }
  return 0;
}
