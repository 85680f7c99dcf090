#include "json_reader.h"

#include <algorithm>
#include <cstring>

namespace qis {

JsonReader::JsonReader(const Json& j, std::string path, std::string code_prefix)
    : j_(j), path_(std::move(path)), prefix_(std::move(code_prefix)) {
  if (!j_.is_object()) fail("not_object", "应为 JSON 对象（{...}）");
}

void JsonReader::fail(const std::string& code, const std::string& message) const {
  throw LoadFailure{Error{prefix_ + "." + code, message + "（位置：" + (path_.empty() ? "根" : path_) + "）", path_}};
}

std::string JsonReader::where(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

bool JsonReader::has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

void JsonReader::only_keys(std::initializer_list<const char*> allowed) const {
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    const bool known = std::any_of(allowed.begin(), allowed.end(),
                                   [&](const char* k) { return it.key() == k; });
    if (!known)
      throw LoadFailure{Error{prefix_ + ".unknown_field",
                              "不认识的字段“" + it.key() + "”，请检查拼写或删除它（位置：" + where(it.key().c_str()) + "）",
                              where(it.key().c_str())}};
  }
}

const Json& JsonReader::get(const char* key) const {
  if (!has(key))
    throw LoadFailure{Error{prefix_ + ".missing_field", "缺少必填字段“" + std::string(key) + "”（位置：" + where(key) + "）", where(key)}};
  return j_.at(key);
}

std::string JsonReader::str(const char* key) const {
  const Json& v = get(key);
  if (!v.is_string())
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为文字（位置：" + where(key) + "）", where(key)}};
  return v.get<std::string>();
}

std::string JsonReader::str_or(const char* key, std::string fallback) const {
  return has(key) ? str(key) : fallback;
}

Milli JsonReader::num(const char* key) const {
  const Json& v = get(key);
  if (!v.is_number())
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为数字（位置：" + where(key) + "）", where(key)}};
  auto m = to_milli(v.get<double>());
  if (!m)
    throw LoadFailure{Error{prefix_ + ".bad_number",
                            "字段“" + std::string(key) + "”的数值无效（须为有限数，最多三位小数）（位置：" + where(key) + "）", where(key)}};
  return *m;
}

Milli JsonReader::num_or(const char* key, Milli fallback) const { return has(key) ? num(key) : fallback; }

int JsonReader::int_or(const char* key, int fallback) const {
  if (!has(key)) return fallback;
  const Json& v = j_.at(key);
  if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 1000000)
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为非负整数（位置：" + where(key) + "）", where(key)}};
  return static_cast<int>(v.get<long long>());
}

bool JsonReader::bool_or(const char* key, bool fallback) const {
  if (!has(key)) return fallback;
  const Json& v = j_.at(key);
  if (!v.is_boolean())
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为 true 或 false（位置：" + where(key) + "）", where(key)}};
  return v.get<bool>();
}

const Json& JsonReader::array(const char* key) const {
  const Json& v = get(key);
  if (!v.is_array())
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为列表（[...]）（位置：" + where(key) + "）", where(key)}};
  return v;
}

const Json* JsonReader::array_opt(const char* key) const { return has(key) ? &array(key) : nullptr; }

const Json* JsonReader::object_opt(const char* key) const {
  if (!has(key)) return nullptr;
  const Json& v = j_.at(key);
  if (!v.is_object())
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为对象（{...}）（位置：" + where(key) + "）", where(key)}};
  return &v;
}

JsonReader JsonReader::child(const char* key) const { return JsonReader(get(key), where(key), prefix_); }

JsonReader JsonReader::at(const Json& element, const std::string& child_path) const {
  return JsonReader(element, child_path, prefix_);
}

Result<Json> parse_json_limited(std::string_view text, std::size_t max_bytes, int max_depth,
                                const std::string& code_prefix, const std::string& what) {
  if (text.size() > max_bytes)
    return Error{code_prefix + ".too_large",
                 what + "过大（" + std::to_string(text.size() / 1024) + " KB，上限 " + std::to_string(max_bytes / 1024) +
                     " KB）。请确认选择的是正确的文件。", ""};
  // Bound nesting before the recursive parser sees it: count brackets outside strings.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > max_depth)
        return Error{code_prefix + ".too_deep",
                     what + "嵌套层数超过 " + std::to_string(max_depth) + " 层，不是本工具生成的文件，或已损坏。", ""};
    } else if (c == '}' || c == ']') --depth;
  }
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Error{code_prefix + ".syntax", what + "不是有效的 JSON（文件可能已损坏或被截断），请重新导出后再试。", ""};
  return j;
}

}  // namespace qis
