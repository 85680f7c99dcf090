#include "ledger.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "profile.h"
#include "text_encoding.h"

namespace qis {
namespace {

using Kind = LedgerFieldKind;

// ---- Field tables: 000 附件4 服务情况登记表 and its 填表说明, 001 附录 服务情况统计表 ----

std::vector<LedgerRecordType> build_types() {
  const LedgerField note{"note", "备注", Kind::Text, false, {}, "", ""};
  std::vector<LedgerRecordType> types;

  // 000 附件4 / 001 附录: one row of the form per service.
  types.push_back({kRecordService, "服务记录", true,
                   {
                       {"date", "服务时间", Kind::Date, true, {}, "", "如 2024-03-05"},
                       {"demand", "服务需求", Kind::Text, true, {}, "", "企业提出的需求"},
                       // Not a column of the forms: the kind of service 附件3 第12项 counts separately.
                       {"category", "服务类别", Kind::Choice, true,
                        {{"training", "集中宣贯和培训", {"培训", "宣贯", "集中宣贯", "集中培训", "宣贯培训", "标准宣贯", "质量培训"}},
                         {"quality_consulting", "质量提升咨询或技术服务",
                          {"咨询", "质量提升咨询", "技术服务", "品牌培育", "品牌培育和认证", "质量奖", "政府质量奖", "商标",
                           "专利", "商标和专利", "商标专利"}},
                         {"industry_research", "产学研合作、仪器设备共享、科技成果转化",
                          {"产学研", "产学研合作", "仪器设备共享", "仪器共享", "科技成果转化", "成果转化"}},
                         {"other", "其他服务", {"其他", "其它"}}},
                        "", "附件3 第12项（2）～（4）按类别计数"},
                       // 填表说明 1: 集中培训、上门指导、专家指导（000）/专家授课（001）和其他方式（需注明具体内容）
                       {"modes", "服务方式", Kind::Choices, true,
                        {{"centralized_training", "集中培训", {}},
                         {"onsite", "上门指导", {"上门", "上门服务"}},
                         {"expert_guidance", "专家指导", {}},
                         {"expert_lecture", "专家授课", {}},
                         {"other", "其他", {"其它", "其他方式"}}},
                        "modes_other", "可多选，用“、”分隔"},
                       {"modes_other", "其他服务方式说明", Kind::Text, false, {}, "", "服务方式选“其他”时注明具体内容"},
                       {"experts", "参与服务专家人次", Kind::Count, false, {}, "", ""},
                       {"times", "服务次数", Kind::Count, false, {}, "", "不填按 1 次计"},
                       {"cost", "单次投入费用（万元）", Kind::Amount, false, {}, "", ""},
                       // 填表说明 3、4
                       {"savings", "为企业节约费用（万元）", Kind::Amount, false, {}, "", "开放共享、减免服务费用等为企业减少或节约的费用"},
                       {"profit", "为企业增长利润（万元）", Kind::Amount, false, {}, "", "通过质量改进等为企业新增的利润"},
                       // 填表说明 2 (001 adds 荣获各类荣誉)
                       {"outcomes", "服务成效", Kind::Choices, false,
                        {{"pass_rate", "提高产品合格率", {}},
                         {"system_certification", "通过管理体系认证", {}},
                         {"honour", "荣获各类荣誉", {"获得荣誉"}},
                         {"management", "提高质量管理水平", {}},
                         {"standard", "支撑制定企业标准或团体标准", {"制定企业标准", "制定团体标准", "支撑制定标准"}},
                         {"other", "其他", {"其它"}}},
                        "outcomes_other", "可多选，用“、”分隔"},
                       {"outcomes_other", "其他服务成效说明", Kind::Text, false, {}, "", "服务成效选“其他”时注明具体内容"},
                       // 其他成效（新增就业岗位数、拉动投资，增加产值等）
                       {"jobs", "新增就业岗位数", Kind::Count, false, {}, "", ""},
                       {"investment", "拉动投资（万元）", Kind::Amount, false, {}, "", ""},
                       {"output", "增加产值（万元）", Kind::Amount, false, {}, "", ""},
                       {"other_effects", "其他成效", Kind::Text, false, {}, "", "表中“其他成效”一栏的文字"},
                       note,
                   }});
  // 附件3 第12项（1）: 计量和校准证书、检验检测报告、认证证书、质量管理相关证书.
  types.push_back({kRecordCertificate, "证书报告", true,
                   {
                       {"date", "发证日期", Kind::Date, true, {}, "", ""},
                       {"category", "证书类别", Kind::Choice, true,
                        {{"metrology", "计量和校准证书", {"计量校准证书", "计量校准", "计量", "校准", "校准证书", "计量证书"}},
                         {"testing", "检验检测报告", {"检验检测", "检测报告", "检验报告"}},
                         {"certification", "认证证书", {"认证"}},
                         {"quality_management", "质量管理相关证书", {"质量管理", "质量管理证书"}}},
                        "", ""},
                       {"title", "证书名称", Kind::Text, false, {}, "", ""},
                       {"number", "证书编号", Kind::Text, true, {}, "", "证书或报告编号"},
                       {"issuer", "发证机构", Kind::Text, true, {}, "", ""},
                       note,
                   }});
  // 附件3 第12项（5）: 质量攻关成果、标准化成果、知识产权成果、数字化转型成效等技术创新成果.
  types.push_back({kRecordAchievement, "技术创新成果", true,
                   {
                       {"date", "获得日期", Kind::Date, true, {}, "", ""},
                       {"category", "成果类别", Kind::Choice, true,
                        {{"quality_breakthrough", "质量攻关成果", {"质量攻关"}},
                         {"standardization", "标准化成果", {"标准化"}},
                         {"ip", "知识产权成果", {"知识产权"}},
                         {"digital", "数字化转型成效", {"数字化转型", "数字化"}},
                         {"other", "其他技术创新成果", {"其他", "其它"}}},
                        "", ""},
                       {"title", "成果名称", Kind::Text, true, {}, "", ""},
                       {"issuer", "认定或发布机构", Kind::Text, false, {}, "", ""},
                       note,
                   }});
  // 附件3 第16项: 高新技术企业、科技小巨人企业、“专精特新”企业、高新技术成果转化项目、科技进步奖等.
  types.push_back({kRecordHonour, "荣誉称号", true,
                   {
                       {"date", "认定日期", Kind::Date, true, {}, "", ""},
                       {"category", "称号类别", Kind::Choice, true,
                        {{"high_tech", "高新技术企业", {"高企", "高新企业", "国家高新技术企业"}},
                         {"little_giant", "科技小巨人企业", {"科技小巨人", "小巨人"}},
                         {"specialised", "“专精特新”企业", {"专精特新", "专精特新企业", "\"专精特新\"企业", "专精特新“小巨人”企业"}},
                         {"tech_transfer", "高新技术成果转化项目", {"高新技术成果转化", "成果转化项目"}},
                         {"sci_tech_award", "科技进步奖", {}},
                         {"other", "其他称号", {"其他", "其它"}}},
                        "title", ""},
                       {"level", "级别", Kind::Choice, true,
                        {{"national", "国家级", {"国家"}},
                         {"provincial", "省级", {"省", "省部级"}},
                         {"city", "市级", {"市", "地市级"}},
                         {"district", "区级", {"区", "区县级", "县级"}}},
                        "", ""},
                       {"title", "称号名称", Kind::Text, false, {}, "", "称号类别选“其他称号”时必填"},
                       {"issuer", "认定机构", Kind::Text, false, {}, "", ""},
                       note,
                   }});
  // 附件3 第14项: 典型案例 (质量提升；降低成本、增长利润、增加产值；新增就业岗位).
  types.push_back({kRecordCase, "典型案例", false,
                   {
                       {"date", "日期", Kind::Date, true, {}, "", "案例形成或报送日期"},
                       {"title", "案例名称", Kind::Text, true, {}, "", ""},
                       {"category", "案例方面", Kind::Choice, false,
                        {{"quality", "实现质量提升", {"质量提升"}},
                         {"cost_profit", "降低成本、增长利润、增加产值", {"降本增效", "降低成本", "增长利润", "增加产值"}},
                         {"jobs", "新增就业岗位", {"就业", "新增就业"}},
                         {"other", "其他方面", {"其他", "其它"}}},
                        "", ""},
                       {"summary", "案例简介", Kind::Text, false, {}, "", ""},
                       note,
                   }});
  return types;
}

constexpr std::size_t kMaxTextChars = 2000;
constexpr std::int64_t kMaxCount = 1000000;

// ---- Small text helpers (UTF-8) ----

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }


// Full-width ASCII forms (U+FF01–U+FF5E: "１", "．", "／", "（") to their ASCII counterparts.
std::string halfwidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xEF && i + 2 < s.size()) {
      const unsigned c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
      const unsigned cp = ((c0 & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFF01 + 0x21);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted(std::string_view s) { return "“" + std::string(s) + "”"; }

// ---- Dates ----

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_ymd(int y, int m, int d) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The stored form: exactly YYYY-MM-DD of a real calendar day.
bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return false;
  return valid_ymd(digits_value(s.substr(0, 4)), digits_value(s.substr(5, 2)), digits_value(s.substr(8, 2)));
}

// Counting reads every record's year for every per-year criterion: no allocation here.
int date_year(std::string_view iso) { return is_iso_date(iso) ? digits_value(iso.substr(0, 4)) : 0; }

// "2024-3-5", "2024/03/05", "2024.3.5", "2024年3月5日", "20240305", "2024/3/5 0:00" → "2024-03-05".
std::optional<std::string> parse_date(std::string_view text) {
  std::string s = halfwidth(trim_space(text));
  if (const auto sp = s.find_first_of(" T"); sp != std::string::npos && sp >= 8) s.resize(sp);  // Excel's "0:00"
  replace_all(s, "年", "-");
  replace_all(s, "月", "-");
  replace_all(s, "日", "");
  replace_all(s, "号", "");
  for (char& c : s)
    if (c == '/' || c == '.') c = '-';
  int y = 0, m = 0, d = 0;
  if (s.size() == 8 && all_digits(s)) {
    y = std::stoi(s.substr(0, 4));
    m = std::stoi(s.substr(4, 2));
    d = std::stoi(s.substr(6, 2));
  } else {
    const auto a = s.find('-'), b = a == std::string::npos ? a : s.find('-', a + 1);
    if (b == std::string::npos) return std::nullopt;
    const std::string ys = s.substr(0, a), ms = s.substr(a + 1, b - a - 1), ds = s.substr(b + 1);
    if (ys.size() != 4 || !all_digits(ys) || ms.empty() || ms.size() > 2 || !all_digits(ms) || ds.empty() ||
        ds.size() > 2 || !all_digits(ds))
      return std::nullopt;
    y = std::stoi(ys);
    m = std::stoi(ms);
    d = std::stoi(ds);
  }
  if (!valid_ymd(y, m, d)) return std::nullopt;
  char buf[32];  // room for any int, so -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

// ---- Numbers ----

// A plain non-negative decimal "12", "0.5" with at most `decimals` decimals, canonical form.
bool is_canonical_decimal(std::string_view s, int decimals) {
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  if (!all_digits(whole) || (whole.size() > 1 && whole[0] == '0') || whole.size() > 12) return false;
  if (dot == std::string_view::npos) return true;
  const std::string_view frac = s.substr(dot + 1);
  return all_digits(frac) && static_cast<int>(frac.size()) <= decimals && frac.back() != '0';
}

struct NumberText {
  std::string whole, frac;
  bool negative = false;
  bool ok = false;
};

// Reads "1,234.50" (thousands separators allowed) into its digits.
NumberText read_number(std::string s) {
  NumberText n;
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    n.negative = s[0] == '-';
    s.erase(0, 1);
  }
  const auto dot = s.find('.');
  n.whole = s.substr(0, dot);
  n.frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (n.whole.empty() && n.frac.empty()) return n;
  if (!n.whole.empty() && !all_digits(n.whole)) return n;
  if (!n.frac.empty() && !all_digits(n.frac)) return n;
  if (dot != std::string::npos && n.frac.empty() && n.whole.empty()) return n;
  n.whole.erase(0, std::min(n.whole.find_first_not_of('0'), n.whole.size()));
  if (n.whole.empty()) n.whole = "0";
  while (!n.frac.empty() && n.frac.back() == '0') n.frac.pop_back();
  n.ok = true;
  return n;
}

std::string strip_suffixes(std::string s, std::initializer_list<const char*> suffixes) {
  s = std::string(trim_space(s));
  for (const char* suf : suffixes)
    if (ends_with(s, suf)) {
      s.resize(s.size() - std::string_view(suf).size());
      return std::string(trim_space(s));
    }
  return s;
}

// ---- Choices ----

const LedgerChoice* match_choice(const LedgerField& f, std::string_view token) {
  for (auto& c : f.choices) {
    if (token == c.id || token == c.label) return &c;
    for (const char* a : c.aliases)
      if (token == a) return &c;
  }
  return nullptr;
}

std::string choice_list(const LedgerField& f) {
  std::string s;
  for (auto& c : f.choices) {
    s += (s.empty() ? "" : "、") + std::string(c.label);
    if (std::string_view(c.id) == "other" && *f.other_field) s += "（需注明具体内容）";
  }
  return s;
}

// "其他（线上直播）", "其他：线上直播", "其他方式-直播" → the note after "其他"; nullopt when not "其他…".
std::optional<std::string> other_with_note(std::string_view token) {
  std::string_view rest;
  if (starts_with(token, "其他")) rest = token.substr(6);
  else if (starts_with(token, "其它")) rest = token.substr(6);
  else return std::nullopt;
  for (const char* w : {"方式", "成效", "方面", "称号", "服务"})
    if (starts_with(rest, w)) rest.remove_prefix(std::string_view(w).size());
  // Only the brackets or colon around the note go; the note itself stays as written.
  std::string_view v = trim_space(rest);
  for (bool more = true; more;) {
    more = false;
    for (const char* open : {"（", "(", "：", ":", "-", "－"})
      if (starts_with(v, open)) {
        v = trim_space(v.substr(std::string_view(open).size()));
        more = true;
      }
  }
  for (const char* close : {"）", ")"})
    if (ends_with(v, close)) v = trim_space(v.substr(0, v.size() - std::string_view(close).size()));
  if (starts_with(v, "需注明") || starts_with(v, "需写明")) v = {};
  return std::string(v);
}

// Splits "上门指导、专家指导；其他（直播、短视频）" on 、，,；;/ and spaces, not inside brackets.
std::vector<std::string> split_choices(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  auto flush = [&] {
    std::string_view t = trim_space(cur);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    const std::string_view rest = s.substr(i);
    if (starts_with(rest, "（") || rest[0] == '(') ++depth;
    if ((starts_with(rest, "）") || rest[0] == ')') && depth > 0) --depth;
    std::size_t sep = 0;
    if (depth == 0) {
      for (const char* d : {"、", "，", "；", "／", "\xE3\x80\x80"})
        if (starts_with(rest, d)) sep = std::string_view(d).size();
      if (!sep && (rest[0] == ',' || rest[0] == ';' || rest[0] == '/' || rest[0] == ' ' || rest[0] == '\n')) sep = 1;
    }
    if (sep) {
      flush();
      i += sep;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cur.append(s.substr(i, len));
    i += len;
  }
  flush();
  return out;
}

std::string field_name(const LedgerField& f) { return quoted(f.label); }

// Checks a stored value; a message when it is not in the stored form.
std::optional<FieldError> check_stored(const LedgerField& f, const std::string& v) {
  auto err = [&](const char* code, std::string msg) { return FieldError{f.id, code, std::move(msg)}; };
  switch (f.kind) {
    case Kind::Text:
      if (code_points(v) > kMaxTextChars)
        return err("ledger.too_long", field_name(f) + "过长（最多 " + std::to_string(kMaxTextChars) + " 字），请精简");
      return std::nullopt;
    case Kind::Date:
      if (!is_iso_date(v)) return err("ledger.date", field_name(f) + "应为日期，如 2024-03-05");
      return std::nullopt;
    case Kind::Count:
      if (!all_digits(v) || (v.size() > 1 && v[0] == '0') || v.size() > 7 || std::stoll(v) > kMaxCount)
        return err("ledger.count", field_name(f) + "应为不大于 100 万的非负整数，如 3");
      return std::nullopt;
    case Kind::Amount:
      if (!is_canonical_decimal(v, 4)) return err("ledger.amount", field_name(f) + "应为以万元计的非负数，最多四位小数，如 1.5");
      return std::nullopt;
    case Kind::Choice:
      if (!match_choice(f, v) || v != match_choice(f, v)->id)
        return err("ledger.choice", field_name(f) + "的值“" + v + "”无效；可填：" + choice_list(f));
      return std::nullopt;
    case Kind::Choices: {
      std::set<std::string> seen;
      std::size_t start = 0;
      while (start <= v.size()) {
        const auto comma = v.find(',', start);
        const std::string id = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const LedgerChoice* c = match_choice(f, id);
        if (!c || id != c->id) return err("ledger.choice", field_name(f) + "的值“" + id + "”无效；可填：" + choice_list(f));
        if (!seen.insert(id).second) return err("ledger.choice", field_name(f) + "中“" + c->label + "”重复");
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool has_choice(const std::string& stored, std::string_view id) {
  std::size_t start = 0;
  while (start <= stored.size()) {
    const auto comma = stored.find(',', start);
    if (std::string_view(stored).substr(start, comma == std::string::npos ? std::string::npos : comma - start) == id) return true;
    if (comma == std::string::npos) return false;
    start = comma + 1;
  }
  return false;
}

std::vector<FieldError> validate_record_in(const LedgerRecord& r, bool enterprise_exists) {
  std::vector<FieldError> errors;
  const LedgerRecordType* t = find_record_type(r.type);
  if (!t) {
    std::string all;
    for (auto& x : ledger_record_types()) all += (all.empty() ? "" : "、") + std::string(x.label);
    errors.push_back({"type", "ledger.unknown_type", "记录类型“" + r.type + "”无效；可填：" + all});
    return errors;
  }
  if (r.enterprise_id.empty() && t->needs_enterprise)
    errors.push_back({"enterprise", "ledger.enterprise_missing",
                      std::string("请填写企业名称：每条") + t->label + "都要对应一家服务对象"});
  else if (!r.enterprise_id.empty() && !enterprise_exists)
    errors.push_back({"enterprise", "ledger.enterprise_unknown", "台账中没有编号为“" + r.enterprise_id + "”的企业"});
  const LedgerField& date = t->fields.front();
  if (r.date.empty()) errors.push_back({"date", "ledger.required", "请填写" + field_name(date) + "，如 2024-03-05"});
  else if (auto e = check_stored(date, r.date)) errors.push_back(*e);
  for (auto& [k, v] : r.fields) {
    const LedgerField* f = k == "date" ? nullptr : find_ledger_field(r.type, k);
    if (!f) {
      errors.push_back({k, "ledger.unknown_field", std::string(t->label) + "没有字段“" + k + "”"});
      continue;
    }
    if (v.empty()) continue;
    if (auto e = check_stored(*f, v)) errors.push_back(*e);
  }
  for (auto& f : t->fields) {
    if (std::string_view(f.id) == "date") continue;
    auto it = r.fields.find(f.id);
    const bool present = it != r.fields.end() && !it->second.empty();
    if (f.required && !present) {
      errors.push_back({f.id, "ledger.required", "请填写" + field_name(f) + (*f.hint ? std::string("（") + f.hint + "）" : "")});
      continue;
    }
    if (present && *f.other_field && has_choice(it->second, "other")) {
      auto note = r.fields.find(f.other_field);
      if (note == r.fields.end() || std::string(trim_space(note->second)).empty()) {
        const LedgerField* nf = find_ledger_field(r.type, f.other_field);
        errors.push_back({f.other_field, "ledger.other_missing",
                          field_name(f) + "选了“其他”，请在" + field_name(*nf) + "中注明具体内容"});
      }
    }
  }
  if (r.type == kRecordService) {
    auto it = r.fields.find("times");
    if (it != r.fields.end() && it->second == "0")
      errors.push_back({"times", "ledger.times_zero", "“服务次数”至少为 1（不填按 1 次计）"});
  }
  return errors;
}

}  // namespace

// Trims ASCII white space, the ideographic space (U+3000) and no-break space (U+00A0).

// ---- Public ----

const Enterprise* Ledger::find_enterprise(std::string_view id) const {
  for (auto& e : enterprises)
    if (e.id == id) return &e;
  return nullptr;
}

const Enterprise* Ledger::find_enterprise_by_name(std::string_view name) const {
  for (auto& e : enterprises)
    if (e.name == name) return &e;
  return nullptr;
}

const std::vector<LedgerRecordType>& ledger_record_types() {
  static const std::vector<LedgerRecordType> types = build_types();
  return types;
}

const LedgerRecordType* find_record_type(std::string_view id) {
  for (auto& t : ledger_record_types())
    if (id == t.id) return &t;
  return nullptr;
}

const LedgerField* find_ledger_field(std::string_view type, std::string_view field) {
  const LedgerRecordType* t = find_record_type(type);
  if (!t) return nullptr;
  for (auto& f : t->fields)
    if (field == f.id) return &f;
  return nullptr;
}

bool is_sme_size(std::string_view size) { return size == "中" || size == "小" || size == "微"; }

Result<NormalizedValue> normalize_ledger_value(const LedgerField& f, std::string_view text) {
  NormalizedValue out;
  const std::string_view t = trim_space(text);
  if (t.empty()) return out;
  auto fail = [&](const char* code, const std::string& msg) { return Error{code, msg, f.id}; };
  switch (f.kind) {
    case Kind::Text:
      out.value = std::string(t);
      if (auto e = check_stored(f, out.value)) return fail(e->code.c_str(), e->message);
      return out;
    case Kind::Date: {
      auto d = parse_date(t);
      if (!d) return fail("ledger.date", field_name(f) + "“" + std::string(t) + "”不是有效日期；请写成 2024-03-05（也可写 2024/3/5 或 2024年3月5日）");
      out.value = *d;
      return out;
    }
    case Kind::Count: {
      const std::string s = strip_suffixes(halfwidth(t), {"人次", "家次", "次", "人", "个", "项", "家"});
      const NumberText n = read_number(s);
      if (!n.ok) return fail("ledger.count", field_name(f) + "“" + std::string(t) + "”不是数字；请填写整数，如 3");
      if (n.negative) return fail("ledger.count", field_name(f) + "不能为负数");
      if (!n.frac.empty()) return fail("ledger.count", field_name(f) + "“" + std::string(t) + "”应为整数");
      if (n.whole.size() > 7 || std::stoll(n.whole) > kMaxCount) return fail("ledger.count", field_name(f) + "过大（上限 100 万）");
      out.value = n.whole;
      return out;
    }
    case Kind::Amount: {
      std::string s = halfwidth(t);
      if (ends_with(s, "元") && !ends_with(s, "万元"))
        return fail("ledger.amount_unit", field_name(f) + "以万元为单位，请换算后填写（如 5000 元填 0.5）");
      s = strip_suffixes(s, {"万元", "万"});
      const NumberText n = read_number(s);
      if (!n.ok) return fail("ledger.amount", field_name(f) + "“" + std::string(t) + "”不是数字；请填写以万元计的金额，如 1.5");
      if (n.negative) return fail("ledger.amount", field_name(f) + "不能为负数");
      if (n.frac.size() > 4) return fail("ledger.amount", field_name(f) + "最多四位小数（以万元计，0.0001 万元即 1 元）");
      if (n.whole.size() > 12) return fail("ledger.amount", field_name(f) + "过大，请确认单位是万元");
      out.value = n.whole + (n.frac.empty() ? "" : "." + n.frac);
      return out;
    }
    case Kind::Choice: {
      if (const LedgerChoice* c = match_choice(f, t)) {
        out.value = c->id;
        return out;
      }
      if (auto note = other_with_note(t); note && match_choice(f, "other")) {
        out.value = "other";
        out.other_note = *note;
        return out;
      }
      return fail("ledger.choice", field_name(f) + "“" + std::string(t) + "”不是可选项；可填：" + choice_list(f));
    }
    case Kind::Choices: {
      std::set<std::string> chosen;
      for (const std::string& token : split_choices(t)) {
        if (const LedgerChoice* c = match_choice(f, token)) {
          chosen.insert(c->id);
        } else if (auto note = other_with_note(token); note && match_choice(f, "other")) {
          chosen.insert("other");
          if (!note->empty()) out.other_note += (out.other_note.empty() ? "" : "；") + *note;
        } else {
          return fail("ledger.choice", field_name(f) + "中的“" + token + "”不是可选项；可填：" + choice_list(f) +
                                           "，多项用“、”分隔");
        }
      }
      for (auto& c : f.choices)  // table order, whatever order they were written in
        if (chosen.count(c.id)) out.value += (out.value.empty() ? "" : ",") + std::string(c.id);
      return out;
    }
  }
  return out;
}

Result<std::string> normalize_enterprise_size(std::string_view text) {
  const std::string_view t = trim_space(text);
  if (t.empty()) return std::string();
  for (const char* s : {"大", "中", "小", "微"}) {
    const std::string base(s);
    for (const std::string& form : {base, base + "型", base + "型企业", base + "企业"})
      if (t == form) return base;
  }
  return Error{"ledger.size", "企业规模“" + std::string(t) + "”无效；请填写 大、中、小 或 微（大型、中型、小型、微型企业）", "size"};
}

std::string ledger_choice_labels(const LedgerField& f, std::string_view stored) {
  std::string out;
  std::size_t start = 0;
  while (start < stored.size()) {
    const auto comma = stored.find(',', start);
    const std::string_view id = stored.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const LedgerChoice* c = match_choice(f, id);
    out += (out.empty() ? "" : "、") + std::string(c ? c->label : id);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<FieldError> validate_enterprise(const Enterprise& e) {
  std::vector<FieldError> errors;
  if (std::string(trim_space(e.name)).empty()) errors.push_back({"name", "ledger.required", "请填写企业名称"});
  else if (code_points(e.name) > 200) errors.push_back({"name", "ledger.too_long", "企业名称过长（最多 200 字）"});
  if (!e.size.empty() && e.size != "大" && !is_sme_size(e.size))
    errors.push_back({"size", "ledger.size", "企业规模“" + e.size + "”无效；请填写 大、中、小 或 微"});
  if (!e.phone.empty()) {
    if (e.phone.find("E+") != std::string::npos || e.phone.find("e+") != std::string::npos) {
      errors.push_back({"phone", "ledger.phone",
                        "联系电话“" + e.phone + "”被表格软件转成了科学计数法；请把该列设为“文本”格式后重新填写号码"});
    } else {
      static const ProfileField phone{"phone", "联系电话", FieldKind::Phone, "", ""};
      if (auto msg = check_profile_value(phone, e.phone)) errors.push_back({"phone", "ledger.phone", "联系电话：" + *msg});
    }
  }
  for (auto* text : {&e.address, &e.contact})
    if (code_points(*text) > kMaxTextChars)
      errors.push_back({text == &e.address ? "address" : "contact", "ledger.too_long", "内容过长，请精简"});
  return errors;
}

std::vector<FieldError> validate_record(const LedgerRecord& r, const Ledger& ledger) {
  return validate_record_in(r, r.enterprise_id.empty() || ledger.find_enterprise(r.enterprise_id) != nullptr);
}

int latest_ledger_year(const Ledger& ledger) {
  int year = 0;
  for (auto& r : ledger.records) year = std::max(year, date_year(r.date));
  return year;
}

// The year of a stored date, for ledger_count.cpp.
int ledger_date_year(std::string_view iso) { return date_year(iso); }

const LedgerChoice* find_ledger_choice(const LedgerField& field, std::string_view token) { return match_choice(field, token); }

}  // namespace qis
