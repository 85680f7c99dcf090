#include "json_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

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

// Points, counts and measured values in these files are far below a million. The bound keeps
// every sum and product the rules make of them (thousandths, 64 bits) from overflowing: 1 亿
// units × 10^6 points × 1000 is 10^17.
constexpr double kMaxNumber = 1e6;

Milli JsonReader::num(const char* key) const {
  const Json& v = get(key);
  if (!v.is_number())
    throw LoadFailure{Error{prefix_ + ".type", "字段“" + std::string(key) + "”应为数字（位置：" + where(key) + "）", where(key)}};
  if (!(std::fabs(v.get<double>()) <= kMaxNumber))
    throw LoadFailure{Error{prefix_ + ".number_range",
                            "字段“" + std::string(key) + "”的数值 " + v.dump() + " 过大，绝对值不能超过 1000000（位置：" +
                                where(key) + "）",
                            where(key)}};
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

namespace {

// Offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates and code
// points past U+10FFFF included), or npos.
std::size_t invalid_utf8_at(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Builds the document as nlohmann's own parser does, but stops at a key that appears twice in
// one object (nlohmann keeps the last one silently, so a package could name a criterion twice and
// have one answer win unseen) and knows the path of the value being read, for error messages.
class StrictBuilder {
 public:
  explicit StrictBuilder(std::size_t max_values) : max_values_(max_values) {}

  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(number_integer_t v) { return put(v); }
  bool number_unsigned(number_unsigned_t v) { return put(v); }
  bool number_float(number_float_t v, const string_t& /*text*/) { return put(v); }
  bool string(string_t& v) { return put(std::move(v)); }
  bool binary(binary_t& /*v*/) { return false; }  // JSON text has no binary values
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t& k) {
    Frame& f = frames_.back();
    f.key = std::move(k);
    if (f.value->contains(f.key)) {
      duplicate_ = true;
      error_path_ = path(false);
      return false;
    }
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& token, const Json::exception& ex) {
    error_id_ = ex.id;
    error_token_ = token;
    error_path_ = path(true);
    return false;
  }

  Json& root() { return root_; }
  bool too_many() const { return too_many_; }
  bool duplicate() const { return duplicate_; }
  const std::string& duplicate_key() const { return frames_.back().key; }
  int error_id() const { return error_id_; }
  const std::string& error_token() const { return error_token_; }
  const std::string& error_path() const { return error_path_; }

 private:
  struct Frame {
    Json* value;      // the object or array being filled; its storage does not move while open
    std::string key;  // objects: the key of the value being read
  };

  Json& slot() {
    if (frames_.empty()) return root_;
    Frame& f = frames_.back();
    if (f.value->is_object()) return (*f.value)[f.key];
    f.value->push_back(nullptr);
    return f.value->back();
  }
  bool count() {
    too_many_ = ++values_ > max_values_;
    return !too_many_;
  }
  template <typename T>
  bool put(T&& v) {
    if (!count()) return false;
    slot() = Json(std::forward<T>(v));
    return true;
  }
  bool open(Json empty) {
    if (!count()) return false;
    Json& s = slot();
    s = std::move(empty);
    frames_.push_back({&s, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }
  // "answers.1.1.value", "evidence[0].sha256": the same form JsonReader uses. `pending`: the
  // innermost array's value has not been stored yet (an error while reading it).
  std::string path(bool pending) const {
    std::string out;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      if (f.value->is_object()) {
        out += (out.empty() ? "" : ".") + f.key;
      } else {
        std::size_t index = f.value->size();
        if (index > 0 && !(pending && i + 1 == frames_.size())) --index;
        out += "[" + std::to_string(index) + "]";
      }
    }
    return out;
  }

  Json root_;
  std::vector<Frame> frames_;
  std::size_t max_values_;
  std::size_t values_ = 0;
  bool too_many_ = false;
  bool duplicate_ = false;
  int error_id_ = 0;
  std::string error_token_;
  std::string error_path_;
};

// "第 3 行，第 120 字节" for a byte offset.
std::string byte_position(std::string_view text, std::size_t offset) {
  const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n') + 1;
  return "第 " + std::to_string(line) + " 行，第 " + std::to_string(offset + 1) + " 字节";
}

}  // namespace

Result<Json> parse_json_limited(std::string_view text, std::size_t max_bytes, int max_depth,
                                const std::string& code_prefix, const std::string& what, std::size_t max_values) {
  if (text.size() > max_bytes)  // KB rounded up, or a file just over 4096 KB would read "4096 KB，上限 4096 KB"
    return Error{code_prefix + ".too_large",
                 what + "过大（" + std::to_string((text.size() + 1023) / 1024) + " KB，上限 " + std::to_string(max_bytes / 1024) +
                     " KB）。请确认选择的是正确的文件。", ""};
  // nlohmann rejects bad UTF-8 inside strings as a syntax error; say what is actually wrong.
  if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos)
    return Error{code_prefix + ".encoding",
                 what + "不是有效的 UTF-8 文本（" + byte_position(text, bad) +
                     "处），可能是用 GBK 等其他编码保存的，或文件已损坏。请用本工具重新导出，或用文本编辑器以 UTF-8 编码另存后再试。",
                 ""};
  // Bound nesting before the parser sees it: count brackets outside strings.
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
  StrictBuilder builder(max_values);
  if (Json::sax_parse(text.begin(), text.end(), &builder)) return std::move(builder.root());
  if (builder.too_many())
    return Error{code_prefix + ".too_many_values",
                 what + "包含的数据项超过 " + std::to_string(max_values) + " 个，不是本工具生成的文件，或已损坏。", ""};
  if (builder.duplicate())
    return Error{code_prefix + ".duplicate_key",
                 what + "有误：字段“" + builder.duplicate_key() + "”重复出现（位置：" + builder.error_path() +
                     "），无法确定以哪一处为准。请删除多余的一处后再试。",
                 builder.error_path()};
  if (builder.error_id() == 406)  // out_of_range.406: a number beyond double (1e400); JSON has no inf
    return Error{code_prefix + ".number_range",
                 what + "有误：数值 " + builder.error_token() + " 超出可表示的范围（位置：" + builder.error_path() +
                     "）。请改为正常大小的数值后再试。",
                 builder.error_path()};
  return Error{code_prefix + ".syntax", what + "不是有效的 JSON（文件可能已损坏或被截断），请重新导出后再试。", ""};
}

}  // namespace qis
