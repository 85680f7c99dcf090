// What the qis commands share: exit codes, messages on stderr, option parsing, and reading a
// package (with its hash), a folder of submissions or a panel file.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "package.h"
#include "panel.h"
#include "rubric.h"
#include "verify.h"

namespace qis_cli {

constexpr int kOk = 0, kInvalid = 1, kUsage = 2;

// Text from a file (a station's name, an expert's comment, a file name) as it may reach a terminal:
// control characters (line breaks and ESC included), C1 controls, bidirectional overrides and
// isolates, line/paragraph separators and invalid UTF-8 each replaced by U+FFFD, so that a name
// cannot start a fake line, hide what follows or reorder it (qis::one_line_text, safe_text.h: the
// documents and the page apply the same rule).
std::string shown(std::string_view text);

// JSON for stdout: nlohmann escapes C0 controls itself; C1 controls and bidirectional characters
// are escaped as \uXXXX too (the same string to a JSON reader, inert on a terminal).
std::string json_text(const qis::Json& j);

// "qis: <where>: <message> [<code>]" on stderr, every line of a message attributed and shown();
// returns kInvalid.
int fail(const std::string& where, const qis::Error& e);

// "qis: <message>" and the command's usage text on stderr; returns kUsage.
int usage_error(const std::string& message, const char* usage);

qis::Json milli_json(qis::Milli m);

// YYYY-MM-DD.
bool valid_date(const std::string& d);

// A command's options: flags (--json) and options with a value (-o FILE), each possibly repeated.
struct OptionSpec {
  std::set<std::string> flags;
  std::set<std::string> values;  // "-o" also answers to "--output"
};

struct Options {
  std::vector<std::string> positional;
  std::set<std::string> flags;
  std::map<std::string, std::vector<std::string>> values;
  bool has(const std::string& flag) const { return flags.count(flag) != 0; }
  std::string value(const std::string& name) const;  // the last one given, or ""
  std::vector<std::string> all(const std::string& name) const;
};

// Parses `args` (the words after the command); on an option the command does not take, or a
// missing value, prints the message and `usage` and returns nullopt (exit code kUsage).
std::optional<Options> parse_options(const std::vector<std::string>& args, const OptionSpec& spec, const std::string& command,
                                     const char* usage);

// A qis-package/1 file was read and migrated, or a text of it prints differently
// (package.text_normalised): said once, on stderr, as information.
void note_migration(const std::string& path, const qis::ImportedPackage& p);

// A package read from disk with its hash: what reviews and panels refer to.
struct LoadedPackage {
  std::string path;
  std::string bytes;
  std::string hash;
  qis::ImportedPackage pkg;
};

// Reads and imports a package; on failure prints the message and returns false with `code` set.
bool load_package(const std::string& path, const std::vector<qis::Rubric>& rubrics, LoadedPackage& out, int& code);

// A package or a submission bundle (told apart by its first bytes, as qis verify does) read,
// imported once and verified: a bundle's files against its manifest (read_bundle), a package's
// embedded evidence (the rest listed as unchecked). On failure prints the message, sets `code`.
bool load_submission(const std::string& path, const std::vector<qis::Rubric>& rubrics, LoadedPackage& out,
                     qis::VerifyReport& verified, int& code);

// The paths as given, each folder replaced by the .json files directly inside it (by name), so a
// folder of submitted files can be handed over as it is. In a folder, experts' reviews are skipped
// and panel files go to `panels` (skipped when the command takes none); a file named explicitly is
// always taken as a package. With `bundles`, a folder's .zip files (submission bundles) are taken
// too, unread, in name order with the .json files.
bool expand_folders(const std::vector<std::string>& given, std::vector<std::string>& packages,
                    std::vector<std::string>* panels, int& code, bool bundles = false);

// The panel in `panel_path` merged again for `p` (whose hash it must name).
bool load_panel(const std::string& panel_path, const std::vector<qis::Rubric>& rubrics, const LoadedPackage& p,
                const std::string& today, std::optional<qis::Panel>& out, int& code);
// The same for a panel file already read (read_panel) from `panel_path`.
bool merge_panel_file(const std::string& panel_path, const qis::PanelFile& file, const LoadedPackage& p,
                      const std::string& today, std::optional<qis::Panel>& out, int& code);

}  // namespace qis_cli
