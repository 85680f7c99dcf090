// Key files (qis-key/1): making a key, sealing its secret under a passphrase, reading and unlocking.
#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "base64.h"
#include "evaluator_detail.h"
#include "sha256.h"
#include "text_encoding.h"
#include "trust.h"
#include "trust_detail.h"

namespace qis::trust {

namespace {

constexpr const char* kKdf = "argon2id13";
constexpr const char* kCipher = "xsalsa20poly1305";
constexpr const char* kKeyHint = "请选择用 qis key new 生成的密钥文件（.json）。";
// Bounds on the stored Argon2id cost: a file asking for more is not one this tool wrote, and
// would make every unlock take minutes or gigabytes.
constexpr std::uint64_t kMaxOps = 10;
constexpr std::uint64_t kMaxMem = 1u << 30;

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool limits_allowed(const KdfLimits& l) {
  return l.ops >= crypto_pwhash_OPSLIMIT_MIN && l.ops <= kMaxOps && l.mem >= crypto_pwhash_MEMLIMIT_MIN && l.mem <= kMaxMem;
}

// The key that seals the secret: Argon2id of the passphrase and salt.
std::optional<Error> seal_key(unsigned char (&out)[crypto_secretbox_KEYBYTES], std::string_view passphrase,
                              const std::string& salt, const KdfLimits& l) {
  if (crypto_pwhash(out, sizeof out, passphrase.data(), passphrase.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                    l.ops, static_cast<std::size_t>(l.mem), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error{"key.crypto", "口令派生计算失败（内存不足：需要 " + std::to_string(l.mem >> 20) + " MB）。请关闭其他程序后重试。", ""};
  return std::nullopt;
}

// A whole number ≥ 0 of any size (JsonReader::int_or stops at a million; a memory cost in KiB may be more).
std::uint64_t whole_number(const JsonReader& r, const char* key) {
  if (!r.has(key) || !r.json().at(key).is_number_unsigned())
    r.fail("type", std::string("字段“") + key + "”应为非负整数");
  return std::min<std::uint64_t>(r.json().at(key).get<std::uint64_t>(), std::uint64_t(1) << 40);  // no overflow when shifted
}

std::string bytes(const unsigned char* p, std::size_t n) { return std::string(reinterpret_cast<const char*>(p), n); }

}  // namespace

namespace detail {

std::optional<Error> start_sodium() {
  if (sodium_init() < 0) return Error{"key.crypto", "加密库（libsodium）无法初始化，无法签名或核对签名。请重新安装本工具。", ""};
  return std::nullopt;
}

std::string fixed_bytes(const JsonReader& r, const char* key, std::size_t size, const std::string& code,
                        const std::string& what) {
  const auto decoded = base64_decode(r.str(key));
  if (!decoded || decoded->size() != size)
    r.fail(code, what + "：字段“" + key + "”应为 " + std::to_string(size) + " 字节数据的 Base64 编码，文件可能已损坏");
  return *decoded;
}

bool is_day(const std::string& s) {
  if (s.size() != 10) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i == 4 || i == 7 ? s[i] != '-' : !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int last = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
  return m >= 1 && m <= 12 && d >= 1 && d <= last;
}

}  // namespace detail

SigningKey::SigningKey(Person owner, std::string public_key, std::string secret_key)
    : owner_(std::move(owner)), public_key_(std::move(public_key)), secret_key_(std::move(secret_key)) {}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : owner_(std::move(other.owner_)), public_key_(std::move(other.public_key_)), secret_key_(std::move(other.secret_key_)) {
  sodium_memzero(other.secret_key_.data(), other.secret_key_.size());  // a moved-from string may keep its bytes
}

SigningKey::~SigningKey() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

std::string fingerprint(std::string_view public_key) {
  const std::string hex = sha256_hex(public_key).substr(0, 16);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    if (i && i % 4 == 0) out += '-';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
  }
  return out;
}

std::string normalize_fingerprint(std::string_view typed) {
  std::string hex;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return "";
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 16) return "";
  return hex.substr(0, 4) + "-" + hex.substr(4, 4) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4);
}

Result<KeyFile> new_key(const Person& owner, std::string_view passphrase, const KdfLimits& limits) {
  if (utf8_chars(passphrase) < kMinPassphraseChars)
    return Error{"key.passphrase_short",
                 "口令太短（至少 " + std::to_string(kMinPassphraseChars) + " 个字符）：私钥只靠口令保护，请换一个更长的口令。", ""};
  if (!limits_allowed(limits)) return Error{"key.kdf_limits", "口令派生参数超出允许范围。", ""};
  if (auto e = detail::start_sodium()) return *e;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SealedSecret s;
  s.limits = limits;
  s.salt.resize(crypto_pwhash_SALTBYTES);
  s.nonce.resize(crypto_secretbox_NONCEBYTES);
  randombytes_buf(s.salt.data(), s.salt.size());
  randombytes_buf(s.nonce.data(), s.nonce.size());
  unsigned char k[crypto_secretbox_KEYBYTES];
  if (auto e = seal_key(k, passphrase, s.salt, limits)) {
    sodium_memzero(sk, sizeof sk);
    return *e;
  }
  // Only the 32-byte seed is sealed: the rest of libsodium's secret key is the public key.
  unsigned char box[crypto_sign_SEEDBYTES + crypto_secretbox_MACBYTES];
  crypto_secretbox_easy(box, sk, crypto_sign_SEEDBYTES, reinterpret_cast<const unsigned char*>(s.nonce.data()), k);
  sodium_memzero(sk, sizeof sk);
  sodium_memzero(k, sizeof k);
  s.box = bytes(box, sizeof box);
  KeyFile key{owner, bytes(pk, sizeof pk), fingerprint(bytes(pk, sizeof pk)), s};
  return key;
}

std::string export_key(const KeyFile& key) {
  Json j = Json::object();
  j["format"] = kKeyFormat;
  j["alg"] = kEd25519;
  j["name"] = key.owner.name;
  j["unit"] = key.owner.unit;
  j["public_key"] = base64_encode(key.public_key);
  j["fingerprint"] = key.fingerprint;
  if (key.secret)
    j["secret"] = {{"kdf", kKdf},
                   {"opslimit", key.secret->limits.ops},
                   {"memlimit_kib", key.secret->limits.mem >> 10},
                   {"salt", base64_encode(key.secret->salt)},
                   {"cipher", kCipher},
                   {"nonce", base64_encode(key.secret->nonce)},
                   {"box", base64_encode(key.secret->box)}};
  return j.dump(1, '\t', false, Json::error_handler_t::replace) + "\n";
}

KeyFile public_part(KeyFile key) {
  key.secret.reset();
  return key;
}

Result<KeyFile> read_key(std::string_view text) {
  auto parsed = parse_json_limited(text, kMaxKeyBytes, 8, "key", "密钥文件");
  if (!parsed) {
    Error e = parsed.error();
    if (e.code == "key.syntax")  // the usual way a key file breaks: cut off while copied or sent
      e.message = "密钥文件不完整或已损坏（不是有效的 JSON，可能在复制或传输时被截断）。请从备份恢复完整的密钥文件；"
                  "没有备份时请重新生成密钥，并请名单发布单位更新名单。";
    return e;
  }
  const Json& j = parsed.value();
  if (auto e = qis::detail::check_format(j, "key", kKeyFormat, 1, "密钥文件", kKeyHint)) return *e;
  try {
    JsonReader r(j, "", "key");
    r.only_keys({"format", "alg", "name", "unit", "public_key", "fingerprint", "secret"});
    if (r.str("alg") != kEd25519)
      r.fail("alg", "密钥算法“" + r.str("alg") + "”本工具暂不支持（目前只支持 ed25519）；请升级本工具");
    KeyFile key;
    key.owner = {std::string(qis::trim_space(r.str("name"))), r.str_or("unit", "")};
    if (key.owner.name.empty()) r.fail("missing_field", "密钥文件没有持有人姓名（name）");
    key.public_key = detail::fixed_bytes(r, "public_key", crypto_sign_PUBLICKEYBYTES, "corrupt", "密钥文件已损坏");
    key.fingerprint = fingerprint(key.public_key);
    if (r.str("fingerprint") != key.fingerprint)
      r.fail("corrupt", "密钥文件已损坏：记录的指纹 " + r.str("fingerprint") + " 与公钥算出的 " + key.fingerprint + " 不一致");
    if (r.has("secret")) {
      JsonReader s = r.child("secret");
      s.only_keys({"kdf", "opslimit", "memlimit_kib", "salt", "cipher", "nonce", "box"});
      if (s.str("kdf") != kKdf || s.str("cipher") != kCipher)
        s.fail("corrupt", "密钥文件的私钥使用了本工具不认识的加密方式（" + s.str("kdf") + "，" + s.str("cipher") + "）");
      SealedSecret sealed;
      sealed.limits = {whole_number(s, "opslimit"), whole_number(s, "memlimit_kib") << 10};
      if (!limits_allowed(sealed.limits))
        s.fail("kdf_limits", "密钥文件中的口令派生参数超出允许范围（opslimit " + std::to_string(sealed.limits.ops) + "，memlimit " +
                                 std::to_string(sealed.limits.mem >> 10) + " KiB），不是本工具生成的密钥文件，或已损坏");
      sealed.salt = detail::fixed_bytes(s, "salt", crypto_pwhash_SALTBYTES, "corrupt", "密钥文件已损坏");
      sealed.nonce = detail::fixed_bytes(s, "nonce", crypto_secretbox_NONCEBYTES, "corrupt", "密钥文件已损坏");
      sealed.box = detail::fixed_bytes(s, "box", crypto_sign_SEEDBYTES + crypto_secretbox_MACBYTES, "corrupt", "密钥文件已损坏");
      key.secret = sealed;
    }
    return key;
  } catch (const LoadFailure& f) {
    return f.error;
  }
}

Result<SigningKey> unlock(const KeyFile& key, std::string_view passphrase) {
  if (!key.secret)
    return Error{"key.no_secret",
                 "这是公钥文件（只含公钥），不能用来签名。请使用 qis key new 生成的密钥文件（含加密的私钥）。", ""};
  if (auto e = detail::start_sodium()) return *e;
  const SealedSecret& s = *key.secret;
  unsigned char k[crypto_secretbox_KEYBYTES];
  if (auto e = seal_key(k, passphrase, s.salt, s.limits)) return *e;
  unsigned char seed[crypto_sign_SEEDBYTES];
  const int opened = crypto_secretbox_open_easy(seed, reinterpret_cast<const unsigned char*>(s.box.data()), s.box.size(),
                                                reinterpret_cast<const unsigned char*>(s.nonce.data()), k);
  sodium_memzero(k, sizeof k);
  if (opened != 0)
    return Error{"key.passphrase",
                 "口令不正确，无法解开私钥（" + key.owner.name + "，指纹 " + key.fingerprint +
                     "）。请检查环境变量 QIS_PASSPHRASE 或口令文件；确认用的是自己的密钥文件。",
                 ""};
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, seed);
  sodium_memzero(seed, sizeof seed);
  if (bytes(pk, sizeof pk) != key.public_key) {
    sodium_memzero(sk, sizeof sk);
    return Error{"key.corrupt", "密钥文件已损坏：私钥与文件中的公钥不匹配（文件可能被改动过）。请从备份恢复密钥文件。", "public_key"};
  }
  SigningKey out(key.owner, key.public_key, bytes(sk, sizeof sk));
  sodium_memzero(sk, sizeof sk);
  return Result<SigningKey>(std::move(out));
}

}  // namespace qis::trust
