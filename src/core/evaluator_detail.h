// Helpers shared by verify.cpp, review.cpp, panel.cpp and rank.cpp; not part of the core's API.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "json_reader.h"
#include "points.h"
#include "review.h"
#include "rubric.h"

namespace qis::detail {

inline constexpr int kMaxDepth = 64;
inline constexpr const char* kReviewHint = "请选择专家导出的评审意见 .json 文件。";

inline Json milli_json(Milli m) {
  if (m % kMilli == 0) return Json(m / kMilli);
  return Json(static_cast<double>(m) / 1000.0);
}

inline std::optional<Milli> json_milli(const Json& v) {
  if (!v.is_number()) return std::nullopt;
  return to_milli(v.get<double>());
}

inline std::string pts(Milli m) { return format_milli(m); }

inline std::string profile_value(const Assessment& a, const char* key) {
  auto it = a.profile.find(key);
  return it == a.profile.end() ? std::string() : it->second;
}

inline bool is_hex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

inline std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// The format string of a file ("qis-review/1"), or an Error saying what the file is instead.
std::optional<Error> check_format(const Json& j, const std::string& prefix, const std::string& expected, int version,
                                  const std::string& what, const std::string& hint);

// The rubric a file's {"id", "version"} names; fails the reader when it is not among `rubrics`.
const Rubric& find_rubric(const JsonReader& rr, const std::vector<Rubric>& rubrics);

// Reads one review object (top-level file or embedded in a panel); throws LoadFailure.
Review review_from_reader(const JsonReader& r, const std::vector<Rubric>& rubrics);

}  // namespace qis::detail
