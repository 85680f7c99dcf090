// Running the real qis binary from tests: a per-process scratch folder (removed at exit) and the
// CLI's exit code, stdout and stderr.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "helpers.h"

namespace qis_test {

namespace fs = std::filesystem;

// This process's scratch folder, created on first use and removed at exit.
inline fs::path scratch_dir() {
  struct Dir {
    fs::path path = fs::temp_directory_path() / ("qis_test_" + std::to_string(::getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CliRun {
  int code = -1;
  std::string out, err;
};

// Runs QIS_CLI with `args`, no standard input, stdout and stderr captured.
inline CliRun run_cli(const std::vector<std::string>& args) {
  static int n = 0;
  const std::string tag = std::to_string(++n);
  const fs::path out = scratch_dir() / ("cli-out" + tag), err = scratch_dir() / ("cli-err" + tag);
  std::string cmd = shell_quote(QIS_CLI);
  for (auto& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out.string()), read_file(err.string())};
}

}  // namespace qis_test
