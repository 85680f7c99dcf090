// What the commands that make or check signatures share: the passphrase (never from the command
// line, never echoed), an unlocked key, the roster named by --roster, the day to check it on, and
// a signature check as text and JSON.
#pragma once
#include <optional>
#include <string>

#include "cli.h"
#include "trust.h"

namespace qis_cli {

// Options every command that unlocks a key takes, and those of the commands that check against a roster.
extern const char* const kPassphraseOption;  // "--passphrase-file"
extern const char* const kRosterOption;      // "--roster"
extern const char* const kRosterFpOption;    // "--roster-fingerprint"

// The passphrase from --passphrase-file FILE (its first line) or else the environment variable
// QIS_PASSPHRASE; key.passphrase_missing when neither is given.
qis::Result<std::string> passphrase(const Options& opt);

// The key file at `path` unlocked with passphrase(opt); on failure prints and sets `code`.
std::optional<qis::trust::SigningKey> unlock_key_file(const std::string& path, const Options& opt, int& code);

// The key file at `path` as read (public or not); on failure prints and sets `code`.
std::optional<qis::trust::KeyFile> read_key_file(const std::string& path, int& code);

// The roster named by --roster (checked against --roster-fingerprint when given), or none when the
// option is absent; false (message printed, `code` set) when it is given and cannot be used.
bool roster_option(const Options& opt, std::optional<qis::trust::Roster>& out, int& code);

// --today, or today's date on this computer: the day a roster entry must be valid on.
std::string check_day(const Options& opt);

// The signature of a file's text (unsigned when it is not a JSON object).
qis::trust::SignatureCheck file_signature(const std::string& text, const qis::trust::CheckOptions& options);

// {"status": "valid" | "unsigned" | "invalid" | …, "text": describe(), "fingerprint", "signer",
//  "roster_name"?, "code"?}
qis::Json signature_json(const qis::trust::SignatureCheck& check, const std::string& role);

}  // namespace qis_cli
