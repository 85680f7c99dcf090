// Keys, signatures and rosters (src/trust/trust.h): what each proves and each way it refuses,
// with its own error code and a Chinese message. Keys here use the cheapest Argon2id cost libsodium
// allows, so that the tests unlock many keys quickly; the CLI tests use the default cost.
#include <doctest/doctest.h>

#include "helpers.h"
#include "trust.h"

using namespace qis;
using namespace qis::trust;

namespace {

const KdfLimits kFast{1, 8u << 10};
const std::string kPass = "正确的口令 horse battery";

using qis_test::contains;

KeyFile make_key(const std::string& name, const std::string& unit = "武汉市标准化研究院") {
  auto k = new_key({name, unit}, kPass, kFast);
  REQUIRE_MESSAGE(k.ok(), (k.ok() ? "" : k.error().message));
  return std::move(k).value();
}

SigningKey unlocked(const KeyFile& k) {
  auto u = unlock(k, kPass);
  REQUIRE_MESSAGE(u.ok(), (u.ok() ? "" : u.error().message));
  return std::move(u).value();
}

// A review-shaped document: the signature does not care what the document says.
Json review_doc(const std::string& expert) {
  return Json::parse(R"({"format": "qis-review/1", "expert": {"name": ")" + expert +
                     R"(", "unit": "武汉市标准化研究院"}, "criteria": {"1.1.1": {"answer": {"value": 2.5}, "comment": "文件齐全"}},
                     "margin_percent": 20, "summary": "同意"})");
}

Json signed_by(const Json& doc, const SigningKey& key) {
  auto s = sign_json(doc, key);
  REQUIRE(s.ok());
  return s.value();
}

// Org signs a roster of `experts`, each valid through 2025.
Roster roster_of(const SigningKey& org, const std::vector<const KeyFile*>& experts) {
  Roster r;
  r.organization = org.owner();
  r.public_key = org.public_key();
  r.fingerprint = fingerprint(org.public_key());
  for (const KeyFile* e : experts) r.experts.push_back(roster_entry(*e, "2025-01-01", "2025-12-31"));
  auto text = export_roster(r, org);
  REQUIRE_MESSAGE(text.ok(), (text.ok() ? "" : text.error().message));
  auto back = read_roster(text.value(), r.fingerprint);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message));
  return std::move(back).value();
}

}  // namespace

TEST_CASE("a key file round-trips; its fingerprint is 16 hex digits in groups of four; the public part has no secret") {
  const KeyFile k = make_key("张三");
  CHECK(k.fingerprint.size() == 19);
  CHECK(k.fingerprint == normalize_fingerprint(k.fingerprint));
  CHECK(normalize_fingerprint(" " + k.fingerprint.substr(0, 4) + k.fingerprint.substr(5)) == k.fingerprint);  // typed loosely
  CHECK(normalize_fingerprint("12AB").empty());
  const std::string text = export_key(k);
  CHECK(contains(text, "\"format\": \"qis-key/1\""));
  CHECK(contains(text, "\"kdf\": \"argon2id13\""));
  auto back = read_key(text);
  REQUIRE(back.ok());
  CHECK(back.value().public_key == k.public_key);
  CHECK(back.value().owner.name == "张三");
  CHECK(export_key(back.value()) == text);
  const KeyFile pub = public_part(k);
  CHECK_FALSE(pub.secret.has_value());
  CHECK_FALSE(contains(export_key(pub), "secret"));
  CHECK(unlocked(back.value()).public_key() == k.public_key);
}

TEST_CASE("a wrong passphrase, a truncated key file, a public key file and a short passphrase each have their own code") {
  const KeyFile k = make_key("张三");
  auto wrong = unlock(k, "错误的口令 horse battery");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == "key.passphrase");
  CHECK(contains(wrong.error().message, "口令不正确，无法解开私钥"));
  CHECK(contains(wrong.error().message, "QIS_PASSPHRASE"));

  const std::string text = export_key(k);
  auto cut = read_key(text.substr(0, text.size() / 2));
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == "key.syntax");
  CHECK(contains(cut.error().message, "密钥文件不完整或已损坏"));
  CHECK(contains(cut.error().message, "截断"));

  auto pub = unlock(public_part(k), kPass);
  REQUIRE_FALSE(pub.ok());
  CHECK(pub.error().code == "key.no_secret");
  CHECK(contains(pub.error().message, "这是公钥文件"));

  auto short_pass = new_key({"张三", ""}, "1234567", kFast);
  REQUIRE_FALSE(short_pass.ok());
  CHECK(short_pass.error().code == "key.passphrase_short");
  CHECK(new_key({"张三", ""}, "八个汉字的口令啊", kFast).ok());  // eight characters, not eight bytes

  Json edited = Json::parse(text);
  edited["fingerprint"] = "0000-0000-0000-0000";
  auto fp = read_key(edited.dump());
  REQUIRE_FALSE(fp.ok());
  CHECK(fp.error().code == "key.corrupt");
  edited = Json::parse(text);
  edited["secret"]["memlimit_kib"] = 100000000;  // 100 GB per unlock: not a file this tool wrote
  CHECK(read_key(edited.dump()).error().code == "key.kdf_limits");
  CHECK(read_key(R"({"format": "qis-review/1"})").error().code == "key.not_key");
}

TEST_CASE("sign then check: valid, and the signer's claimed name and fingerprint come back") {
  const KeyFile k = make_key("张三");
  const SigningKey key = unlocked(k);
  const Json doc = signed_by(review_doc("张三"), key);
  CHECK(doc["signature"]["alg"] == "ed25519");
  CHECK(doc["signature"]["fingerprint"] == k.fingerprint);
  CHECK(doc["signature"]["signer"]["name"] == "张三");
  const SignatureCheck c = check_signature(doc);
  CHECK(c.valid());
  CHECK(c.fingerprint == k.fingerprint);
  CHECK(describe(c) == "签名有效（签名人自称 张三，指纹 " + k.fingerprint + "；未对照名单）");
  // Through text and back, re-indented: still valid. Signing again replaces the signature.
  CHECK(check_signature(Json::parse(signed_text(doc))).valid());
  CHECK(check_signature(Json::parse(doc.dump())).valid());
  CHECK(check_signature(signed_by(doc, key)).valid());
  const SignatureCheck none = check_signature(review_doc("张三"));
  CHECK(none.status == SignatureStatus::Unsigned);
  CHECK(describe(none) == "未签名");
  CHECK(acceptable(none));  // without a roster an unsigned file is read as before
}

TEST_CASE("one changed byte after signing makes the signature invalid: 文件在签名后被改动") {
  const SigningKey key = unlocked(make_key("张三"));
  const std::string text = signed_text(signed_by(review_doc("张三"), key));
  const std::size_t at = text.find("2.5");
  REQUIRE(at != std::string::npos);
  std::string edited = text;
  edited[at] = '3';  // 2.5 → 3.5
  const SignatureCheck c = check_signature(Json::parse(edited));
  CHECK(c.status == SignatureStatus::Altered);
  CHECK(c.error.code == "signature.invalid");
  CHECK(contains(c.error.message, "签名无效：文件在签名后被改动过"));
  CHECK(describe(c) == "签名无效（文件在签名后被改动）");
  CHECK_FALSE(acceptable(c));
  // The name in "signer" is not what is signed (the roster says who signed): editing it changes nothing.
  Json renamed = Json::parse(text);
  renamed["signature"]["signer"]["name"] = "李四";
  CHECK(check_signature(renamed).valid());
  // A signature from another document does not fit this one.
  Json other = signed_by(review_doc("李四"), key);
  Json swapped = Json::parse(text);
  swapped["signature"] = other["signature"];
  CHECK(check_signature(swapped).status == SignatureStatus::Altered);
}

TEST_CASE("re-ordered keys and 1.0 for 1 still verify, since the RFC 8785 form is unchanged; a changed value does not") {
  const SigningKey key = unlocked(make_key("张三"));
  const Json doc = signed_by(Json::parse(R"({"b": 1, "a": [2.5, "é"], "c": {"y": 100, "x": 0.1}})"), key);
  const std::string sig = doc["signature"].dump();
  auto with_sig = [&](const std::string& body) {
    Json j = Json::parse(body);
    j["signature"] = Json::parse(sig);
    return check_signature(j);
  };
  CHECK(with_sig(R"({"c": {"x": 0.1, "y": 100}, "a": [2.5, "é"], "b": 1})").valid());                 // key order
  CHECK(with_sig(R"({"b": 1.0, "a": [2.50, "\u00e9"], "c": {"y": 1e2, "x": 1e-1}})").valid());        // number and escape spelling
  CHECK(with_sig(R"({"b": 1.5, "a": [2.5, "é"], "c": {"y": 100, "x": 0.1}})").status == SignatureStatus::Altered);
  CHECK(with_sig(R"({"b": 1, "a": ["é", 2.5], "c": {"y": 100, "x": 0.1}})").status == SignatureStatus::Altered);
  CHECK(with_sig(R"({"b": 1, "a": [2.5, "é"], "c": {"y": 100, "x": 0.1}, "d": null})").status == SignatureStatus::Altered);
}

TEST_CASE("a malformed signature and an algorithm this tool does not know are refused, each with its code") {
  const SigningKey key = unlocked(make_key("张三"));
  Json doc = signed_by(review_doc("张三"), key);
  Json bad = doc;
  bad["signature"]["sig"] = "AAAA";
  const SignatureCheck m = check_signature(bad);
  CHECK(m.status == SignatureStatus::Malformed);
  CHECK(m.error.code == "signature.malformed");
  CHECK(contains(m.error.message, "签名格式有误"));
  Json sm2 = doc;
  sm2["signature"]["alg"] = "sm2";  // room left for GB/T 38540 seals: refused, not misread
  const SignatureCheck s = check_signature(sm2);
  CHECK(s.status == SignatureStatus::Unsupported);
  CHECK(s.error.code == "signature.alg");
  CHECK(contains(s.error.message, "签名算法“sm2”本工具暂不支持"));
  CHECK_FALSE(acceptable(s));
}

TEST_CASE("against a roster: on it and in date is valid; off it, expired, or under another name each refused") {
  const KeyFile org_key = make_key("武汉市市场监督管理局", "质量发展处");
  const SigningKey org = unlocked(org_key);
  const KeyFile zhang = make_key("张三"), outsider = make_key("张三");  // the outsider types the same name
  const Roster roster = roster_of(org, {&zhang});
  CHECK(roster.fingerprint == org_key.fingerprint);
  CHECK(roster.experts.size() == 1);
  CHECK(roster.label() == "武汉市市场监督管理局 " + org_key.fingerprint);

  const Json by_zhang = signed_by(review_doc("张三"), unlocked(zhang));
  const SignatureCheck ok = check_signature(by_zhang, {&roster, "2025-06-10", "张三"});
  CHECK(ok.valid());
  CHECK(describe(ok) == "签名有效（专家 张三，指纹 " + zhang.fingerprint + "，名单 武汉市市场监督管理局 " + org_key.fingerprint + "）");

  const SignatureCheck off = check_signature(signed_by(review_doc("张三"), unlocked(outsider)), {&roster, "2025-06-10", "张三"});
  CHECK(off.status == SignatureStatus::NotOnRoster);
  CHECK(off.error.code == "signature.not_on_roster");
  CHECK(contains(off.error.message, "签名人不在名单中"));
  CHECK(contains(off.error.message, outsider.fingerprint));
  CHECK(contains(describe(off), "签名人不在名单中"));

  const SignatureCheck late = check_signature(by_zhang, {&roster, "2026-01-05", "张三"});
  CHECK(late.status == SignatureStatus::Expired);
  CHECK(late.error.code == "signature.expired");
  CHECK(contains(late.error.message, "有效期为 2025-01-01 至 2025-12-31，核对日期 2026-01-05 不在其内"));

  const SignatureCheck other_name = check_signature(signed_by(review_doc("李四"), unlocked(zhang)), {&roster, "2025-06-10", "李四"});
  CHECK(other_name.status == SignatureStatus::NameMismatch);
  CHECK(other_name.error.code == "signature.name_mismatch");
  CHECK(contains(other_name.error.message, "签名人是名单中的“张三”"));

  const SignatureCheck unsigned_review = check_signature(review_doc("张三"), {&roster, "2025-06-10", "张三"});
  CHECK(unsigned_review.error.code == "signature.unsigned");
  CHECK_FALSE(acceptable(unsigned_review));  // with a roster, unsigned is not enough
}

TEST_CASE("a roster must be signed, unchanged, by the organisation it names, and match a published fingerprint") {
  const KeyFile org_key = make_key("武汉市市场监督管理局", "质量发展处");
  const SigningKey org = unlocked(org_key);
  const KeyFile zhang = make_key("张三");
  Roster r;
  r.organization = org.owner();
  r.public_key = org.public_key();
  r.fingerprint = org_key.fingerprint;
  r.experts.push_back(roster_entry(zhang, "2025-01-01", "2025-12-31"));
  auto text = export_roster(r, org);
  REQUIRE(text.ok());
  auto read = read_roster(text.value());
  REQUIRE(read.ok());
  CHECK(read.value().experts[0].person.name == "张三");
  CHECK(read.value().find(zhang.public_key) != nullptr);

  // Someone else signs a roster naming the organisation's key: not the organisation's roster.
  const SigningKey forger = unlocked(make_key("武汉市市场监督管理局"));
  Json doc = Json::parse(text.value());
  Json resigned = signed_by(doc, forger);
  auto not_org = read_roster(signed_text(resigned));
  REQUIRE_FALSE(not_org.ok());
  CHECK(not_org.error().code == "roster.not_org");
  CHECK(contains(not_org.error().message, "名单不是由其发布单位的密钥签名的"));
  auto refused = export_roster(r, forger);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "roster.not_org");

  // An expert added after signing.
  Json added = doc;
  added["experts"].push_back(added["experts"][0]);
  added["experts"][1]["name"] = "李四";
  added["experts"][1]["valid_to"] = "2030-12-31";
  added["experts"][0]["valid_to"] = "2030-12-31";
  auto invalid = read_roster(added.dump());
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().code == "roster.duplicate");  // the same key twice is refused before the signature
  added["experts"].erase(1);
  CHECK(read_roster(added.dump()).error().code == "roster.invalid");
  Json unsigned_roster = doc;
  unsigned_roster.erase("signature");
  CHECK(read_roster(unsigned_roster.dump()).error().code == "roster.unsigned");

  auto pinned = read_roster(text.value(), "0000-1111-2222-3333");
  REQUIRE_FALSE(pinned.ok());
  CHECK(pinned.error().code == "roster.org_mismatch");
  CHECK(contains(pinned.error().message, org_key.fingerprint));
  CHECK(read_roster(text.value(), org_key.fingerprint).ok());

  r.experts[0].valid_to = "2024-12-31";  // before valid_from
  auto dates = export_roster(r, org);
  REQUIRE_FALSE(dates.ok());
  CHECK(dates.error().code == "roster.dates");
}

TEST_CASE("a panel's signatures: the leader's and each embedded review's, each expert under their own name") {
  const SigningKey org = unlocked(make_key("武汉市市场监督管理局"));
  const KeyFile a = make_key("专家甲"), b = make_key("专家乙"), outsider = make_key("专家丙");
  const Roster roster = roster_of(org, {&a, &b});
  Json panel = Json::parse(R"({"format": "qis-panel/1", "method": "mean"})");
  panel["reviews"] = Json::array({signed_by(review_doc("专家甲"), unlocked(a)), signed_by(review_doc("专家乙"), unlocked(b))});
  const Json led = signed_by(panel, unlocked(a));
  const CheckOptions on{&roster, "2025-06-10", ""};
  const PanelSignatures good = check_panel_signatures(led, on);
  CHECK(good.panel.valid());
  REQUIRE(good.reviews.size() == 2);
  CHECK(good.experts == std::vector<std::string>{"专家甲", "专家乙"});
  CHECK(good.first_refusal() == nullptr);

  Json forged = panel;
  forged["reviews"][1] = signed_by(review_doc("专家乙"), unlocked(outsider));  // 专家乙's review written by someone else
  const PanelSignatures bad = check_panel_signatures(signed_by(forged, unlocked(a)), on);
  REQUIRE(bad.first_refusal() != nullptr);
  CHECK(bad.first_refusal() == &bad.reviews[1]);
  CHECK(bad.first_refusal()->error.code == "signature.not_on_roster");
  // Without a roster the same panel is usable: every signature in it holds. With one, an unsigned panel is not.
  CHECK(check_panel_signatures(signed_by(forged, unlocked(a))).first_refusal() == nullptr);
  const PanelSignatures leaderless = check_panel_signatures(panel, on);
  REQUIRE(leaderless.first_refusal() != nullptr);
  CHECK(leaderless.first_refusal()->error.code == "signature.unsigned");
}
