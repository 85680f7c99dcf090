// The service ledger (服务情况登记表, 一企一档): enterprises served and typed records of the
// services and outcomes that rubrics count (certificates, achievements, honours, cases).
// docs/ledger.md lists every record type and field id with the form column it comes from
// (000 附件4 服务情况登记表, 001 附录 服务情况统计表), the CSV layout and the counting rules.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace qis {

struct Enterprise {
  std::string id;
  std::string name;
  std::string address;
  std::string contact;
  std::string phone;
  std::string size;  // "大", "中", "小", "微"; empty = not known
};

struct LedgerRecord {
  std::string id;
  std::string type;           // "service", "certificate", "achievement", "honour", "case"
  std::string enterprise_id;
  std::string date;           // YYYY-MM-DD
  std::map<std::string, std::string> fields;  // the form's other columns, by field id
};

struct Ledger {
  std::vector<Enterprise> enterprises;
  std::vector<LedgerRecord> records;
  bool empty() const { return enterprises.empty() && records.empty(); }
  const Enterprise* find_enterprise(std::string_view id) const;
  const Enterprise* find_enterprise_by_name(std::string_view name) const;
};

// ---- The record types and their fields (one table; docs/ledger.md prints it) ----

enum class LedgerFieldKind {
  Text,
  Date,     // stored YYYY-MM-DD; LedgerRecord::date, field id "date"
  Count,    // a whole number >= 0 ("参与服务专家人次", "服务次数")
  Amount,   // 万元, a decimal >= 0 with at most 4 decimals, stored without trailing zeros
  Choice,   // one choice id
  Choices,  // choice ids separated by ","
};

struct LedgerChoice {
  const char* id;
  const char* label;
  std::vector<const char*> aliases;  // other ways people write it ("培训", "国家")
};

struct LedgerField {
  const char* id;     // key in LedgerRecord::fields; "date" is LedgerRecord::date
  const char* label;  // the form's column name
  LedgerFieldKind kind = LedgerFieldKind::Text;
  bool required = false;
  std::vector<LedgerChoice> choices;
  const char* other_field = "";  // field that must say what "other" means when "other" is chosen
  const char* hint = "";
};

struct LedgerRecordType {
  const char* id;
  const char* label;  // "服务记录", "证书报告", ...
  bool needs_enterprise = true;
  std::vector<LedgerField> fields;  // form order; the first is always "date"
};

inline constexpr const char* kRecordService = "service";
inline constexpr const char* kRecordCertificate = "certificate";
inline constexpr const char* kRecordAchievement = "achievement";
inline constexpr const char* kRecordHonour = "honour";
inline constexpr const char* kRecordCase = "case";

// Every record type, in the order the documents list them.
const std::vector<LedgerRecordType>& ledger_record_types();
const LedgerRecordType* find_record_type(std::string_view id);
const LedgerField* find_ledger_field(std::string_view type, std::string_view field);

// Enterprise sizes as stored ("大", "中", "小", "微"); 中/小/微 are 中小微企业.
bool is_sme_size(std::string_view size);

// ---- Entering values ----

// What a person typed, read into the stored form: "2024年3月5日" / "2024/3/5" → "2024-03-05";
// "１.50万元" → "1.5"; "上门指导、专家指导" → "onsite,expert_guidance". A choice written as
// "其他（线上直播）" also yields the note "线上直播" for the field named by `other_field`.
struct NormalizedValue {
  std::string value;
  std::string other_note;
};
Result<NormalizedValue> normalize_ledger_value(const LedgerField& field, std::string_view text);

// "中型企业", "小型", "微" → "中", "小", "微"; error for anything else.
Result<std::string> normalize_enterprise_size(std::string_view text);

// Stored choice ids back to labels joined by "、" ("上门指导、专家指导").
std::string ledger_choice_labels(const LedgerField& field, std::string_view stored);

// ---- Validation: one error per field, message in Chinese ----

struct FieldError {
  std::string field;    // field id ("date", "modes", ...) or enterprise field ("name", "size", "phone")
  std::string code;     // stable id, listed in docs/ledger.md
  std::string message;  // Chinese; names the field and says what to write
};

std::vector<FieldError> validate_enterprise(const Enterprise& enterprise);
// Checks a record in its ledger (its enterprise must exist there).
std::vector<FieldError> validate_record(const LedgerRecord& record, const Ledger& ledger);

// The latest year among the ledger's record dates; 0 when no record has a valid date.
int latest_ledger_year(const Ledger& ledger);

// The year of a stored date (YYYY-MM-DD), 0 when it is not one.
int ledger_date_year(std::string_view iso);

// The choice of `field` a token names (its id, its label or an alias), or null.
const LedgerChoice* find_ledger_choice(const LedgerField& field, std::string_view token);

}  // namespace qis
