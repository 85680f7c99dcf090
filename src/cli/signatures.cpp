#include "signatures.h"

#include <cstdlib>
#include <ctime>

#include "file_io.h"

namespace qis_cli {

const char* const kPassphraseOption = "--passphrase-file";
const char* const kRosterOption = "--roster";
const char* const kRosterFpOption = "--roster-fingerprint";

namespace {

const InputKind kKeyInput{qis::trust::kMaxKeyBytes, "密钥文件"};
const InputKind kRosterInput{qis::trust::kMaxRosterBytes, "专家名单文件"};
const InputKind kPassphraseInput{4096, "口令文件"};

const char* status_name(qis::trust::SignatureStatus s) {
  using S = qis::trust::SignatureStatus;
  switch (s) {
    case S::Unsigned: return "unsigned";
    case S::Valid: return "valid";
    case S::Altered: return "invalid";
    case S::Malformed: return "malformed";
    case S::Unsupported: return "unsupported";
    case S::NotOnRoster: return "not_on_roster";
    case S::Expired: return "expired";
    case S::NameMismatch: return "name_mismatch";
  }
  return "";
}

}  // namespace

qis::Result<std::string> passphrase(const Options& opt) {
  const std::string file = opt.value(kPassphraseOption);
  if (!file.empty()) {
    auto text = read_input(file, kPassphraseInput);
    if (!text) return text.error();
    std::string line = text.value().substr(0, text.value().find('\n'));
    if (!line.empty() && line.back() == '\r') line.pop_back();  // saved on Windows
    return line;
  }
  if (const char* env = std::getenv("QIS_PASSPHRASE")) return std::string(env);
  return qis::Error{"key.passphrase_missing",
                    "需要私钥的口令：请设置环境变量 QIS_PASSPHRASE，或用 --passphrase-file 指定只含口令的文件（口令不在命令行上给出，"
                    "以免留在命令历史和进程列表中）",
                    ""};
}

std::optional<qis::trust::KeyFile> read_key_file(const std::string& path, int& code) {
  auto text = read_input(path, kKeyInput);
  if (!text) return code = fail(path, text.error()), std::nullopt;
  auto key = qis::trust::read_key(text.value());
  if (!key) return code = fail(path, key.error()), std::nullopt;
  return std::move(key).value();
}

std::optional<qis::trust::SigningKey> unlock_key_file(const std::string& path, const Options& opt, int& code) {
  auto key = read_key_file(path, code);
  if (!key) return std::nullopt;
  auto pass = passphrase(opt);
  if (!pass) return code = fail(path, pass.error()), std::nullopt;
  auto unlocked = qis::trust::unlock(*key, pass.value());
  if (!unlocked) return code = fail(path, unlocked.error()), std::nullopt;
  return std::optional<qis::trust::SigningKey>(std::move(unlocked).value());
}

bool roster_option(const Options& opt, std::optional<qis::trust::Roster>& out, int& code) {
  const std::string path = opt.value(kRosterOption);
  if (path.empty()) return true;
  auto text = read_input(path, kRosterInput);
  if (!text) return code = fail(path, text.error()), false;
  auto roster = qis::trust::read_roster(text.value(), opt.value(kRosterFpOption));
  if (!roster) return code = fail(path, roster.error()), false;
  out = std::move(roster).value();
  return true;
}

std::string check_day(const Options& opt) {
  if (!opt.value("--today").empty()) return opt.value("--today");
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

qis::trust::SignatureCheck file_signature(const std::string& text, const qis::trust::CheckOptions& options) {
  return qis::trust::check_signature(qis::Json::parse(text, nullptr, false), options);
}

qis::Json signature_json(const qis::trust::SignatureCheck& c, const std::string& role) {
  qis::Json j = {{"status", status_name(c.status)}, {"text", qis::trust::describe(c, role)}};
  if (!c.fingerprint.empty()) {
    j["fingerprint"] = c.fingerprint;
    j["signer"] = {{"name", c.claimed.name}, {"unit", c.claimed.unit}};
  }
  if (c.entry) j["roster_name"] = c.entry->person.name;
  if (!c.roster.empty()) j["roster"] = c.roster;
  if (!qis::trust::acceptable(c)) j["code"] = c.error.code;
  return j;
}

}  // namespace qis_cli
