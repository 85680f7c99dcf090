// Signing a document and checking its signature, alone or against a roster; a panel's signatures.
#include <sodium.h>

#include "base64.h"
#include "canonical_json.h"
#include "evaluator_detail.h"
#include "text_encoding.h"
#include "trust.h"
#include "trust_detail.h"

namespace qis::trust {

namespace {

// What is signed: the canonical form of the document without its "signature".
Result<std::string> signed_bytes(Json doc) {
  doc.erase("signature");
  return canonical_json(doc);
}

SignatureCheck with_status(SignatureCheck c, SignatureStatus status, const std::string& code, const std::string& message) {
  c.status = status;
  c.error = {code, message, "signature"};
  return c;
}

}  // namespace

Result<Json> sign_json(Json doc, const SigningKey& key) {
  if (!doc.is_object()) return Error{"signature.malformed", "只能对 JSON 对象形式的文件签名。", ""};
  if (auto e = detail::start_sodium()) return *e;
  auto message = signed_bytes(doc);
  if (!message) return message.error();
  const std::string& m = message.value();
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key().data()));
  doc["signature"] = {{"alg", kEd25519},
                      {"key", base64_encode(key.public_key())},
                      {"fingerprint", fingerprint(key.public_key())},
                      {"sig", base64_encode(std::string(reinterpret_cast<const char*>(sig), sizeof sig))},
                      {"signer", {{"name", key.owner().name}, {"unit", key.owner().unit}}}};
  return doc;
}

std::string signed_text(const Json& doc) { return doc.dump(1, '\t', false, Json::error_handler_t::replace) + "\n"; }

SignatureCheck check_signature(const Json& doc, const CheckOptions& options) {
  SignatureCheck c;
  if (options.roster) c.roster = options.roster->label();
  if (!doc.is_object() || !doc.contains("signature"))
    return with_status(c, SignatureStatus::Unsigned, "signature.unsigned",
                       "文件未签名。按名单核对时只采用名单中人员签名的文件；请签名人用 qis sign 签名后重新提交。");
  const Json& s = doc.at("signature");
  const std::string malformed = "签名格式有误，无法核对：";
  const std::string resign = "。请签名人重新签名后提交。";
  if (!s.is_object() || !s.contains("alg") || !s.at("alg").is_string())
    return with_status(c, SignatureStatus::Malformed, "signature.malformed", malformed + "缺少签名算法（alg）" + resign);
  const std::string alg = s.at("alg").get<std::string>();
  if (alg != kEd25519)  // an SM2 signature (GB/T 38540) would carry its own alg id and certificate
    return with_status(c, SignatureStatus::Unsupported, "signature.alg",
                       "签名算法“" + alg + "”本工具暂不支持（目前只支持 ed25519），无法核对。请升级本工具，或请签名人改用 ed25519 密钥签名。");
  try {
    JsonReader r(s, "signature", "signature");
    r.only_keys({"alg", "key", "fingerprint", "sig", "signer"});
    c.public_key = detail::fixed_bytes(r, "key", crypto_sign_PUBLICKEYBYTES, "malformed", "签名格式有误");
    c.fingerprint = fingerprint(c.public_key);
    if (r.str_or("fingerprint", c.fingerprint) != c.fingerprint) r.fail("malformed", "签名中记录的指纹与签名公钥不一致");
    const std::string sig = detail::fixed_bytes(r, "sig", crypto_sign_BYTES, "malformed", "签名格式有误");
    if (r.has("signer")) {
      JsonReader signer = r.child("signer");
      signer.only_keys({"name", "unit"});
      c.claimed = {signer.str_or("name", ""), signer.str_or("unit", "")};
    }
    if (auto e = detail::start_sodium()) return with_status(c, SignatureStatus::Malformed, e->code, e->message);
    auto message = signed_bytes(doc);
    if (!message) return with_status(c, SignatureStatus::Malformed, "signature.malformed", malformed + message.error().message);
    const std::string& m = message.value();
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()), reinterpret_cast<const unsigned char*>(m.data()),
                                    m.size(), reinterpret_cast<const unsigned char*>(c.public_key.data())) != 0)
      return with_status(c, SignatureStatus::Altered, "signature.invalid",
                         "签名无效：文件在签名后被改动过（或签名不是对这份文件做的）。不能采用这份文件；请向签名人索取其签名的原始文件。");
  } catch (const LoadFailure& f) {
    return with_status(c, SignatureStatus::Malformed, "signature.malformed", malformed + f.error.message + resign);
  }
  if (!options.roster) {
    c.status = SignatureStatus::Valid;
    return c;
  }
  const Roster& roster = *options.roster;
  const RosterEntry* entry = roster.find(c.public_key);
  if (!entry)
    return with_status(c, SignatureStatus::NotOnRoster, "signature.not_on_roster",
                       "签名人不在名单中：签名密钥（指纹 " + c.fingerprint + "，签名人自称“" + detail::name_or_unnamed(c.claimed.name) +
                           "”）不在“" + roster.organization.name + "”发布的名单（指纹 " + roster.fingerprint +
                           "）中，不能采用。请核实签名人身份；确属专家组成员的，须由名单发布单位将其公钥加入名单。");
  c.entry = *entry;
  if (!options.today.empty() && (options.today < entry->valid_from || options.today > entry->valid_to))
    return with_status(c, SignatureStatus::Expired, "signature.expired",
                       "签名人“" + entry->person.name + "”在名单中的有效期为 " + entry->valid_from + " 至 " + entry->valid_to +
                           "，核对日期 " + options.today + " 不在其内，不能采用。请使用当期名单，或请名单发布单位更新该专家的有效期。");
  const std::string expected = std::string(qis::trim_space(options.expected_name));
  if (!expected.empty() && expected != entry->person.name)
    return with_status(c, SignatureStatus::NameMismatch, "signature.name_mismatch",
                       "签名人是名单中的“" + entry->person.name + "”（指纹 " + c.fingerprint + "），但文件署名为专家“" + expected +
                           "”，不能采用。评审意见须由署名专家本人签名。");
  c.status = SignatureStatus::Valid;
  return c;
}

bool acceptable(const SignatureCheck& check) {
  return check.valid() || (check.status == SignatureStatus::Unsigned && check.roster.empty());
}

std::string describe(const SignatureCheck& c, const std::string& role) {
  switch (c.status) {
    case SignatureStatus::Unsigned: return "未签名";
    case SignatureStatus::Valid:
      if (c.entry) return "签名有效（" + role + " " + c.entry->person.name + "，指纹 " + c.fingerprint + "，名单 " + c.roster + "）";
      return "签名有效（签名人自称 " + detail::name_or_unnamed(c.claimed.name) + "，指纹 " + c.fingerprint + "；未对照名单）";
    case SignatureStatus::Altered: return "签名无效（文件在签名后被改动）";
    case SignatureStatus::Malformed: return "签名无效（签名格式有误）";
    case SignatureStatus::Unsupported: return "无法核对签名（本工具不支持该签名算法）";
    case SignatureStatus::NotOnRoster:
      return "签名人不在名单中（签名人自称 " + detail::name_or_unnamed(c.claimed.name) + "，指纹 " + c.fingerprint + "，名单 " + c.roster + "）";
    case SignatureStatus::Expired:
      return "签名人不在名单有效期内（" + c.entry->person.name + "，" + c.entry->valid_from + " 至 " + c.entry->valid_to + "）";
    case SignatureStatus::NameMismatch: return "签名人与署名不符（名单中为 " + c.entry->person.name + "）";
  }
  return "";
}

const SignatureCheck* PanelSignatures::first_refusal() const {
  if (!acceptable(panel)) return &panel;
  for (auto& r : reviews)
    if (!acceptable(r)) return &r;
  return nullptr;
}

PanelSignatures check_panel_signatures(const Json& panel_doc, const CheckOptions& options) {
  PanelSignatures out;
  CheckOptions leader = options;
  leader.expected_name.clear();  // a panel file names no leader: the roster says who signed
  out.panel = check_signature(panel_doc, leader);
  if (!panel_doc.is_object() || !panel_doc.contains("reviews") || !panel_doc.at("reviews").is_array()) return out;
  for (auto& review : panel_doc.at("reviews")) {
    std::string name;
    if (review.is_object() && review.contains("expert") && review.at("expert").is_object() &&
        review.at("expert").contains("name") && review.at("expert").at("name").is_string())
      name = review.at("expert").at("name").get<std::string>();
    CheckOptions expert = options;
    expert.expected_name = name;
    out.reviews.push_back(check_signature(review, expert));
    out.experts.push_back(name);
  }
  return out;
}

std::string export_panel_with_sent_reviews(const Panel& panel, const std::vector<Json>& sent) {
  Json j = panel_json(panel);
  if (sent.size() == j["reviews"].size()) j["reviews"] = sent;
  return signed_text(j);
}

}  // namespace qis::trust
