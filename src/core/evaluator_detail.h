// Helpers shared by verify.cpp, review.cpp, panel.cpp and rank.cpp; not part of the core's API.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "json_reader.h"
#include "points.h"
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

inline std::string profile_value(const Assessment& a, const char* key) {
  auto it = a.profile.find(key);
  return it == a.profile.end() ? std::string() : it->second;
}

inline bool is_hex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The format string of a file ("qis-review/1"), or an Error saying what the file is instead.
std::optional<Error> check_format(const Json& j, const std::string& prefix, const std::string& expected, int version,
                                  const std::string& what, const std::string& hint);

// The first steps of reading a review or panel file: not UTF-16, JSON within `max_bytes` and
// kMaxDepth (messages name the file as `what`), and the expected format (check_format, naming it
// `format_what`). The parsed JSON, or the Error to return.
Result<Json> read_qis_file(std::string_view text, std::size_t max_bytes, const std::string& prefix,
                           const std::string& expected, int version, const std::string& what,
                           const std::string& format_what, const std::string& hint);

// The rubric a file's {"id", "version"} names; fails the reader when it is not among `rubrics`.
const Rubric& find_rubric(const JsonReader& rr, const std::vector<Rubric>& rubrics);

}  // namespace qis::detail
