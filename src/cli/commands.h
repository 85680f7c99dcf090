// One function per qis command, each in its own file (cmd_<group>.cpp) with its usage text.
// `args` are the words after the command's name; the return value is the exit code.
#pragma once
#include <string>
#include <vector>

namespace qis_cli {

using Args = std::vector<std::string>;

extern const char* const kRubricsUsage;  // cmd_rubrics.cpp: rubrics, check
extern const char* const kCheckUsage;
extern const char* const kScoreUsage;    // cmd_score.cpp
extern const char* const kVerifyUsage;   // cmd_verify.cpp
extern const char* const kBundleUsage;   // cmd_bundle.cpp
extern const char* const kReviewUsage;   // cmd_review.cpp
extern const char* const kPanelUsage;    // cmd_panel.cpp
extern const char* const kRankUsage;     // cmd_rank.cpp
extern const char* const kReportUsage;   // cmd_report.cpp
extern const char* const kLedgerUsage;   // cmd_ledger.cpp: ledger import, ledger export
extern const char* const kKeyUsage;      // cmd_key.cpp: key new, key show, key public
extern const char* const kRosterUsage;   // cmd_roster.cpp: roster new, roster add, roster show
extern const char* const kSignUsage;     // cmd_sign.cpp

int cmd_rubrics(const Args& args);
int cmd_check(const Args& args);
int cmd_score(const Args& args);
int cmd_verify(const Args& args);
int cmd_bundle(const Args& args);
int cmd_review(const Args& args);
int cmd_panel(const Args& args);
int cmd_rank(const Args& args);
int cmd_report(const Args& args);
int cmd_ledger(const Args& args);
int cmd_key(const Args& args);
int cmd_roster(const Args& args);
int cmd_sign(const Args& args);

}  // namespace qis_cli
