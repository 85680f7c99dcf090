// Who said so: Ed25519 keys (libsodium), signatures over the RFC 8785 form of a document, and the
// organisation's signed roster of experts (docs/trust.md, "Signatures"). Text or Json in, a result
// out, no file I/O: the CLI reads the files, the page will hand over what the user dropped.
//
// A library of its own (qis_trust) because it needs libsodium, which the web build does not have
// yet; the core (qis_core) stays free of it and holds only the canonical form (canonical_json.h).
//
// Error codes (stable; docs/errors.md, "key.*, roster.*, signature.*"):
//   key.<parse codes>  key.not_key  key.format_version  key.<field codes>  key.corrupt  key.kdf_limits
//   key.passphrase  key.passphrase_short  key.no_secret  key.crypto
//   roster.<parse codes>  roster.not_roster  roster.format_version  roster.<field codes>  roster.dates
//   roster.duplicate  roster.unsigned  roster.invalid  roster.not_org  roster.org_mismatch
//   signature.unsigned  signature.invalid  signature.malformed  signature.alg  signature.not_on_roster
//   signature.expired  signature.name_mismatch
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "json_reader.h"
#include "panel.h"

namespace qis::trust {

inline constexpr const char* kKeyFormat = "qis-key/1";
inline constexpr const char* kRosterFormat = "qis-roster/1";
inline constexpr const char* kEd25519 = "ed25519";  // "alg" of keys and signatures; "sm2" may come later
inline constexpr std::size_t kMaxKeyBytes = 64u << 10;
inline constexpr std::size_t kMaxRosterBytes = 8u << 20;
inline constexpr std::size_t kMinPassphraseChars = 8;

struct Person {
  std::string name;
  std::string unit;  // 工作单位 (an organisation's key: its department)
};

// Argon2id cost of turning the passphrase into the key that seals the secret key; stored in the
// key file with the salt. The default (3 passes over 64 MiB, about 0.2 s here) is libsodium's
// "moderate" passes with its "interactive" memory: slow enough to make guessing costly, light
// enough for a browser tab and for tests that unlock keys many times.
struct KdfLimits {
  std::uint64_t ops = 3;
  std::uint64_t mem = 64u << 20;  // bytes
};

// The secret key sealed under the passphrase: crypto_secretbox (XSalsa20-Poly1305) of the 32-byte
// Ed25519 seed, keyed by crypto_pwhash (Argon2id 1.3) of the passphrase and `salt`. Raw bytes.
struct SealedSecret {
  KdfLimits limits;
  std::string salt, nonce, box;
};

// A key file (qis-key/1). Without `secret` it is a public key file: what an expert hands to the
// organisation for its roster (`qis key public`).
struct KeyFile {
  Person owner;                        // as typed when the key was made; a roster says who it really is
  std::string public_key;              // 32 raw bytes
  std::string fingerprint;             // fingerprint(public_key)
  std::optional<SealedSecret> secret;
};

// An unlocked key, ready to sign. The secret is wiped when the object goes.
class SigningKey {
 public:
  SigningKey(Person owner, std::string public_key, std::string secret_key);
  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&&) = delete;
  SigningKey(const SigningKey&) = delete;
  ~SigningKey();
  const Person& owner() const { return owner_; }
  const std::string& public_key() const { return public_key_; }
  const std::string& secret_key() const { return secret_key_; }  // libsodium's 64 bytes (seed + public key)

 private:
  Person owner_;
  std::string public_key_, secret_key_;
};

// "3F2A-9C0B-77AA-0123": the first 16 hex digits of the SHA-256 of the raw public key, read out
// and compared by people (on a phone call, against a printed notice). Machines compare whole keys.
std::string fingerprint(std::string_view public_key);
// A fingerprint as typed ("3f2a 9c0b-77aa0123"): upper case, grouped; empty unless 16 hex digits.
std::string normalize_fingerprint(std::string_view typed);

// A new key for `owner`, its secret sealed under `passphrase` (at least kMinPassphraseChars
// characters: key.passphrase_short).
Result<KeyFile> new_key(const Person& owner, std::string_view passphrase, const KdfLimits& limits = {});
// The qis-key/1 text (keys sorted, tab-indented like every file the tool writes).
std::string export_key(const KeyFile& key);
// The same key without its secret.
KeyFile public_part(KeyFile key);
Result<KeyFile> read_key(std::string_view text);
// key.no_secret for a public key file, key.passphrase for a wrong passphrase (or a sealed part
// that was changed: the two cannot be told apart, by design of the seal).
Result<SigningKey> unlock(const KeyFile& key, std::string_view passphrase);

// `doc` (a JSON object) with "signature": {"alg": "ed25519", "key", "fingerprint", "sig",
// "signer": {"name", "unit"}}, the Ed25519 signature over canonical_json(doc without "signature").
// A signature already there is replaced.
Result<Json> sign_json(Json doc, const SigningKey& key);
// A signed document as the tool writes files: keys sorted, tab-indented, a final newline.
std::string signed_text(const Json& doc);

// The organisation's list of its experts (qis-roster/1), signed with the organisation's own key.
struct RosterEntry {
  Person person;
  std::string public_key;   // 32 raw bytes
  std::string fingerprint;
  std::string valid_from, valid_to;  // YYYY-MM-DD, both days included
};
struct Roster {
  Person organization;
  std::string public_key;   // the organisation's key, which must have signed the roster
  std::string fingerprint;  // its fingerprint: the roster's name in every message
  std::vector<RosterEntry> experts;
  const RosterEntry* find(std::string_view public_key) const;
  std::string label() const;  // "某市市场监督管理局（指纹 3F2A-…）"
};
// An entry for the public key file `expert`, valid from `from` to `to`.
RosterEntry roster_entry(const KeyFile& expert, const std::string& from, const std::string& to);
// The signed roster text. `org` must be the key the roster names (roster.not_org); dates are
// checked (roster.dates) and a key may appear once (roster.duplicate).
Result<std::string> export_roster(const Roster& roster, const SigningKey& org);
// Reads a roster and checks that its own organisation's key signed it, unchanged. With
// `expected_org_fingerprint` (as published by the organisation), that key must also be the one.
Result<Roster> read_roster(std::string_view text, std::string_view expected_org_fingerprint = "");

enum class SignatureStatus {
  Unsigned,      // no "signature"
  Valid,         // the signature holds; with a roster, the key is on it, in date, under that name
  Altered,       // signature.invalid: the document changed after signing (or the signature is another's)
  Malformed,     // signature.malformed
  Unsupported,   // signature.alg: an algorithm this tool cannot check (e.g. a future "sm2")
  NotOnRoster,   // signature.not_on_roster
  Expired,       // signature.expired: on the roster, but not on the day checked
  NameMismatch,  // signature.name_mismatch: on the roster under another name than the document's
};

struct SignatureCheck {
  SignatureStatus status = SignatureStatus::Unsigned;
  std::string public_key;             // the key that signed, 32 raw bytes (when the signature could be read)
  std::string fingerprint;            // its fingerprint
  Person claimed;                     // "signer" in the signature: typed by the signer, not proven
  std::optional<RosterEntry> entry;   // the roster's entry for that key
  std::string roster;                 // Roster::label() when checked against one
  Error error;                        // code and Chinese message; signature.unsigned when unsigned
  bool valid() const { return status == SignatureStatus::Valid; }
};

struct CheckOptions {
  const Roster* roster = nullptr;  // with a roster, the signer must be on it …
  std::string today;               // … on this day (YYYY-MM-DD; the CLI's --today or the clock) …
  std::string expected_name;       // … under the name the document gives (a review's expert)
};
SignatureCheck check_signature(const Json& doc, const CheckOptions& options = {});

// Whether a document with this check may be used: a valid signature always; an unsigned one only
// when it was not checked against a roster; an altered, unreadable or unknown signature never.
bool acceptable(const SignatureCheck& check);

// One line for people: 签名有效（专家 张三，指纹 …，名单 …） / 未签名 / 签名无效（文件在签名后被改动） /
// 签名人不在名单中（…）. `role` names the signer when valid ("专家", "组长").
std::string describe(const SignatureCheck& check, const std::string& role = "专家");

// A panel file's signatures: the panel's own (its leader's) and each embedded review's, the
// review's expert name expected on the roster.
struct PanelSignatures {
  SignatureCheck panel;
  std::vector<SignatureCheck> reviews;  // in the order of "reviews"
  std::vector<std::string> experts;     // each review's expert.name, as the file says
  // The first check that makes the panel unusable (not acceptable()), or nullptr.
  const SignatureCheck* first_refusal() const;
};
PanelSignatures check_panel_signatures(const Json& panel_doc, const CheckOptions& options = {});

// The panel file with each review exactly as its expert sent it (`sent[i]` is the file read into
// `panel.reviews[i]`), so the experts' signatures still hold inside the panel.
std::string export_panel_with_sent_reviews(const Panel& panel, const std::vector<Json>& sent);

}  // namespace qis::trust
