// An assessment: a station's answers to one rubric, with profile, notes, gates, evidence and
// ledger. Packages (the exported JSON, format "qis-package/2") are assessments on disk.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "error.h"
#include "ledger.h"

namespace qis {

using Json = nlohmann::json;

// One evidence file, described by its manifest entry; the bytes may be embedded (base64).
struct EvidenceItem {
  std::string id;
  std::string name;
  std::string type;    // MIME type
  std::int64_t size = 0;
  std::string sha256;  // lower-case hex of the file's bytes
  std::vector<std::string> criteria;  // criterion, gate or material ids it supports
  std::string data_base64;            // empty unless embedded
  std::string note;
};

// A criterion's points overridden by hand when they would otherwise come from the ledger.
struct Override {
  Json answer;
  std::string reason;
};

// The 评价年度 a package may name (docs/package-format.md).
inline constexpr int kMinAssessmentYear = 2000;
inline constexpr int kMaxAssessmentYear = 2100;
inline bool valid_assessment_year(int year) { return year >= kMinAssessmentYear && year <= kMaxAssessmentYear; }

struct Assessment {
  std::string rubric_id;
  std::string rubric_version;
  std::string rubric_hash;
  std::map<std::string, std::string> profile;   // see profile_fields() in profile.h
  std::map<std::string, Json> answers;          // criterion id -> answer object (docs/rubric-format.md)
  std::map<std::string, std::string> notes;     // criterion id -> station's note
  std::map<std::string, bool> gates;            // gate id -> met (declared by the station)
  std::vector<EvidenceItem> evidence;
  std::map<std::string, Override> overrides;    // criterion id -> manual value instead of the ledger
  Ledger ledger;
  // 评价年度: the year per-year ledger counts ("每年每家次") are taken from. 0 = not set: they
  // take the latest year in the ledger, which moves when a record of a later year is added.
  int assessment_year = 0;
  std::string created;   // ISO 8601
  std::string modified;
};

}  // namespace qis
