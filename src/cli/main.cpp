// qis: the command-line tool on the same scoring core as the web page. This file only finds the
// command; each command lives in cmd_<group>.cpp with its own usage text.
// Exit codes: 0 ok, 1 invalid input (message on stderr says what and where), 2 usage.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"

namespace {

using qis_cli::Args;

struct Command {
  const char* name;
  int (*run)(const Args&);
  const char* const* usage;
};

const Command kCommands[] = {
    {"rubrics", qis_cli::cmd_rubrics, &qis_cli::kRubricsUsage}, {"check", qis_cli::cmd_check, &qis_cli::kCheckUsage},
    {"score", qis_cli::cmd_score, &qis_cli::kScoreUsage},       {"verify", qis_cli::cmd_verify, &qis_cli::kVerifyUsage},
    {"review", qis_cli::cmd_review, &qis_cli::kReviewUsage},    {"panel", qis_cli::cmd_panel, &qis_cli::kPanelUsage},
    {"rank", qis_cli::cmd_rank, &qis_cli::kRankUsage},          {"report", qis_cli::cmd_report, &qis_cli::kReportUsage},
    {"bundle", qis_cli::cmd_bundle, &qis_cli::kBundleUsage},    {"ledger", qis_cli::cmd_ledger, &qis_cli::kLedgerUsage},
    {"key", qis_cli::cmd_key, &qis_cli::kKeyUsage},             {"roster", qis_cli::cmd_roster, &qis_cli::kRosterUsage},
    {"sign", qis_cli::cmd_sign, &qis_cli::kSignUsage},
};

const char* kUsageTail =
    "  qis --version\n"
    "日期 D 为 YYYY-MM-DD。退出码：0 成功；1 输入有误（标准错误输出说明原因和位置）；2 用法错误\n";

std::string full_usage() {
  std::string s = "用法 / usage:\n";
  for (auto& c : kCommands) s += *c.usage;
  return s + kUsageTail;
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which the output code reports
  // ("原文件未改动"), instead of the process being killed halfway through a file.
  std::signal(SIGXFSZ, SIG_IGN);
  const Args args(argv + 1, argv + argc);
  // The command is the first word that is not an option: `qis --json score x` still works.
  std::size_t at = 0;
  while (at < args.size() && args[at].size() > 1 && args[at][0] == '-') {
    if (args[at] == "--version") {
      std::cout << "qis " << QIS_VERSION << "\n";
      return qis_cli::kOk;
    }
    if (args[at] == "-h" || args[at] == "--help") {
      std::cout << full_usage();
      return qis_cli::kOk;
    }
    ++at;
  }
  if (at < args.size()) {
    for (auto& c : kCommands)
      if (args[at] == c.name) {
        Args rest(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(at));
        rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(at) + 1, args.end());
        for (auto& a : rest)
          if (a == "-h" || a == "--help") {
            std::cout << "用法 / usage:\n" << *c.usage;
            return qis_cli::kOk;
          }
        return c.run(rest);
      }
    std::cerr << "qis: 未知命令 " << args[at] << "\n";
  } else if (!args.empty()) {
    std::cerr << "qis: 未知选项 " << args.front() << "（或缺少命令）\n";
  }
  std::cerr << full_usage();
  return qis_cli::kUsage;
}
