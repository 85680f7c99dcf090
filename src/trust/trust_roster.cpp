// The organisation's roster of experts (qis-roster/1): written and signed with its key, read and
// checked against that key.
#include <sodium.h>

#include <map>

#include "base64.h"
#include "evaluator_detail.h"
#include "text_encoding.h"
#include "trust.h"
#include "trust_detail.h"

namespace qis::trust {

namespace {

constexpr const char* kRosterHint = "请选择名单发布单位用 qis roster 生成的名单文件（.json）。";

// roster.dates or roster.duplicate for the first entry that cannot stand; `where` is its path.
std::optional<Error> check_entries(const std::vector<RosterEntry>& experts) {
  std::map<std::string, std::string> seen;  // public key → name
  for (std::size_t i = 0; i < experts.size(); ++i) {
    const RosterEntry& e = experts[i];
    const std::string where = "experts[" + std::to_string(i) + "]";
    if (!detail::is_day(e.valid_from) || !detail::is_day(e.valid_to) || e.valid_from > e.valid_to)
      return Error{"roster.dates",
                   "名单中“" + e.person.name + "”的有效期“" + e.valid_from + " 至 " + e.valid_to +
                       "”无效：起止日期须为日历上的日期（YYYY-MM-DD），且起始日期不晚于截止日期（位置：" + where + "）",
                   where};
    const auto [it, fresh] = seen.emplace(e.public_key, e.person.name);
    if (!fresh)
      return Error{"roster.duplicate",
                   "同一个密钥（指纹 " + e.fingerprint + "）在名单中出现两次（“" + it->second + "”和“" + e.person.name +
                       "”），无法确定签名人是谁；请删除其中一条后重新签发名单（位置：" + where + "）",
                   where};
  }
  return std::nullopt;
}

Json roster_json(const Roster& r) {
  Json experts = Json::array();
  for (auto& e : r.experts)
    experts.push_back({{"name", e.person.name}, {"unit", e.person.unit}, {"public_key", base64_encode(e.public_key)},
                       {"fingerprint", e.fingerprint}, {"valid_from", e.valid_from}, {"valid_to", e.valid_to}});
  Json j = Json::object();
  j["format"] = kRosterFormat;
  j["organization"] = {{"name", r.organization.name}, {"unit", r.organization.unit},
                       {"public_key", base64_encode(r.public_key)}, {"fingerprint", r.fingerprint}};
  j["experts"] = experts;
  return j;
}

// Name, unit and key (with its recorded fingerprint checked) of an organisation or an expert.
void read_holder(const JsonReader& r, Person& person, std::string& key, std::string& fp) {
  person = {std::string(qis::trim_space(r.str("name"))), r.str_or("unit", "")};
  if (person.name.empty()) r.fail("missing_field", "缺少名称（name）");
  key = detail::fixed_bytes(r, "public_key", crypto_sign_PUBLICKEYBYTES, "corrupt", "名单已损坏");
  fp = fingerprint(key);
  if (r.str("fingerprint") != fp)
    r.fail("corrupt", "名单已损坏：记录的指纹 " + r.str("fingerprint") + " 与公钥算出的 " + fp + " 不一致");
}

}  // namespace

const RosterEntry* Roster::find(std::string_view key) const {
  for (auto& e : experts)
    if (e.public_key == key) return &e;
  return nullptr;
}

std::string Roster::label() const { return organization.name + " " + fingerprint; }

RosterEntry roster_entry(const KeyFile& expert, const std::string& from, const std::string& to) {
  return {expert.owner, expert.public_key, expert.fingerprint, from, to};
}

Result<std::string> export_roster(const Roster& roster, const SigningKey& org) {
  if (org.public_key() != roster.public_key)
    return Error{"roster.not_org",
                 "用于签名的密钥（指纹 " + fingerprint(org.public_key()) + "）不是名单发布单位“" + roster.organization.name +
                     "”的密钥（指纹 " + roster.fingerprint + "），未签发名单。请使用发布单位的密钥文件。",
                 ""};
  if (auto e = check_entries(roster.experts)) return *e;
  auto signed_doc = sign_json(roster_json(roster), org);
  if (!signed_doc) return signed_doc.error();
  return signed_text(signed_doc.value());
}

Result<Roster> read_roster(std::string_view text, std::string_view expected_org_fingerprint) {
  auto parsed = parse_json_limited(text, kMaxRosterBytes, 8, "roster", "专家名单文件");
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
  if (auto e = qis::detail::check_format(j, "roster", kRosterFormat, 1, "专家名单文件", kRosterHint)) return *e;
  Roster out;
  try {
    JsonReader r(j, "", "roster");
    r.only_keys({"format", "organization", "experts", "signature"});
    JsonReader org = r.child("organization");
    org.only_keys({"name", "unit", "public_key", "fingerprint"});
    read_holder(org, out.organization, out.public_key, out.fingerprint);
    const Json& experts = r.array("experts");
    for (std::size_t i = 0; i < experts.size(); ++i) {
      JsonReader e = r.at(experts[i], "experts[" + std::to_string(i) + "]");
      e.only_keys({"name", "unit", "public_key", "fingerprint", "valid_from", "valid_to"});
      RosterEntry entry;
      read_holder(e, entry.person, entry.public_key, entry.fingerprint);
      entry.valid_from = e.str("valid_from");
      entry.valid_to = e.str("valid_to");
      out.experts.push_back(std::move(entry));
    }
  } catch (const LoadFailure& f) {
    Error e = f.error;
    e.message = "专家名单内容有误：" + e.message;
    return e;
  }
  if (auto e = check_entries(out.experts)) return *e;
  // The roster's own signature, by the organisation it names.
  const SignatureCheck c = check_signature(j);
  if (c.status == SignatureStatus::Unsigned)
    return Error{"roster.unsigned", "名单未签名，不能作为核对签名的依据。请向发布单位“" + out.organization.name + "”索取其签名的名单。", ""};
  if (c.status == SignatureStatus::Unsupported) return c.error;
  if (!c.valid())
    return Error{"roster.invalid",
                 "名单的签名无效：名单在签名后被改动过，或签名已损坏，不能作为核对依据。请向发布单位“" + out.organization.name +
                     "”重新索取名单。",
                 "signature"};
  if (c.public_key != out.public_key)
    return Error{"roster.not_org",
                 "名单不是由其发布单位的密钥签名的：签名密钥的指纹为 " + c.fingerprint + "，名单中“" + out.organization.name +
                     "”的密钥指纹为 " + out.fingerprint + "。这不是该单位签发的名单，不能作为核对依据；请向发布单位索取原始名单。",
                 "signature"};
  if (!expected_org_fingerprint.empty() && normalize_fingerprint(expected_org_fingerprint) != out.fingerprint)
    return Error{"roster.org_mismatch",
                 "名单发布单位“" + out.organization.name + "”的密钥指纹为 " + out.fingerprint + "，与给出的 " +
                     std::string(expected_org_fingerprint) + " 不一致：这不是该单位签发的名单，或该单位已更换密钥。请向发布单位核实其公布的指纹。",
                 "organization.fingerprint"};
  return out;
}

}  // namespace qis::trust
