// The service ledger (服务情况登记表, 一企一档): enterprises served and typed records of the
// services and outcomes that rubrics count (certificates, achievements, honours, cases).
#pragma once
#include <map>
#include <string>
#include <vector>

namespace qis {

struct Enterprise {
  std::string id;
  std::string name;
  std::string address;
  std::string contact;
  std::string phone;
  std::string size;  // "大", "中", "小", "微"
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
};

}  // namespace qis
