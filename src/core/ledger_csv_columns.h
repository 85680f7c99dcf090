// The ledger CSV's columns (000 附件4 and 001 附录 and their aliases) and record-type names, shared
// by ledger_csv.cpp (export) and ledger_csv_import.cpp; not part of the core's API.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ledger.h"

namespace qis::detail {

enum class Target { Ignore, Type, Name, Address, Contact, Phone, Size, DateAndModes, Field };

struct ColumnSpec {
  Target target;
  const char* field;   // Target::Field: the field id
  const char* header;  // the exported header; nullptr = import only
  std::vector<const char*> aliases;
};

// Every column the importer knows, in export order. Headers are compared after header_key():
// white space, bracketed parts ("（万元）", "(新增就业岗位数…)") and a trailing colon removed.
const std::vector<ColumnSpec>& column_specs();
// "单次\n投入费用\n（万元）" → "单次投入费用"; "其他成效 (新增就业岗位数…)" → "其他成效".
std::string header_key(std::string_view h);
// The column a header names, or null.
const ColumnSpec* find_column(std::string_view header);
// What a column stands for, to report two columns saying the same thing.
std::string column_meaning(const ColumnSpec& s);

struct TypeName {
  const char* type;  // record type id, or "enterprise" for an enterprise-only row
  std::vector<const char*> names;
};
// The names the 记录类型 column may use for each record type.
const std::vector<TypeName>& type_names();
// The exported name of a record type ("服务记录"; "企业" for an enterprise-only row).
std::string type_label(std::string_view type);
// “text”, for messages.
std::string quoted(std::string_view s);

}  // namespace qis::detail
