// Strict, path-aware reading of JSON objects for the loaders: every failure names the JSON path
// and says in Chinese what was expected. Unknown keys are rejected so typos cannot pass silently.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "error.h"
#include "points.h"

namespace qis {

using Json = nlohmann::json;

class JsonReader {
 public:
  JsonReader(const Json& j, std::string path, std::string code_prefix);

  [[noreturn]] void fail(const std::string& code, const std::string& message) const;

  const Json& json() const { return j_; }
  const std::string& path() const { return path_; }
  bool has(const char* key) const;
  void only_keys(std::initializer_list<const char*> allowed) const;

  std::string str(const char* key) const;                             // required
  std::string str_or(const char* key, std::string fallback) const;
  Milli num(const char* key) const;                                   // required, finite, <= 3 decimals
  Milli num_or(const char* key, Milli fallback) const;
  int int_or(const char* key, int fallback) const;
  bool bool_or(const char* key, bool fallback) const;
  const Json& array(const char* key) const;                           // required
  const Json* array_opt(const char* key) const;
  const Json* object_opt(const char* key) const;
  JsonReader child(const char* key) const;                            // required object
  JsonReader at(const Json& element, const std::string& child_path) const;

 private:
  const Json& get(const char* key) const;
  std::string where(const char* key) const;
  const Json& j_;
  std::string path_;
  std::string prefix_;
};

// Values (numbers, strings, objects, arrays, ...) a document may hold by default. Memory grows
// with the count, not the bytes: a 64 MiB package of "[{},{},…]" would build 20 million objects
// (gigabytes, more than the page can have). A real package keeps its evidence in a few long
// strings and its ledger in at most kMaxCsvRows (200,000) records of about 15 values.
inline constexpr std::size_t kMaxJsonValues = 4000000;

// Parses text without exceptions escaping. Refuses, each with its code (docs/errors.md), a
// document larger than `max_bytes` or nested deeper than `max_depth` before building anything,
// text that is not UTF-8, a key repeated within one object, a number beyond double range and
// more than `max_values` values.
Result<Json> parse_json_limited(std::string_view text, std::size_t max_bytes, int max_depth,
                                const std::string& code_prefix, const std::string& what,
                                std::size_t max_values = kMaxJsonValues);

}  // namespace qis
