// qis roster: the organisation's signed list of its experts' public keys (qis-roster/1), made,
// extended and shown. docs/trust.md says what it proves.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "signatures.h"

namespace qis_cli {

const char* const kRosterUsage =
    "  qis roster new --org-key ORG_KEY.json [--expert PUBLIC.json]... [--from D --to D] -o ROSTER.json\n"
    "  qis roster add ROSTER.json --org-key ORG_KEY.json --expert PUBLIC.json... --from D --to D [-o OUT.json]\n"
    "        生成（new）或增补（add，同一公钥则更新其有效期）专家名单，并用发布单位的密钥签名；\n"
    "        --from/--to 为这些专家在名单中的有效期（含首尾两天）；add 不给 -o 时覆盖原名单。口令同 qis key new\n"
    "  qis roster show ROSTER.json [--roster-fingerprint FP] [--today D] [--json]\n"
    "        核对名单的签名并列出专家；--roster-fingerprint 核对发布单位公布的指纹\n";

namespace {

// The experts named by --expert, valid --from … --to; false (message printed) when one cannot be read.
bool experts_from(const Options& opt, std::vector<qis::trust::RosterEntry>& out, int& code) {
  const std::vector<std::string> files = opt.all("--expert");
  if (files.empty()) return true;
  const std::string from = opt.value("--from"), to = opt.value("--to");
  if (!valid_date(from) || !valid_date(to) || from > to) {
    code = usage_error("请用 --from 和 --to 给出专家在名单中的有效期（YYYY-MM-DD，起始不晚于截止），如 --from 2025-01-01 --to 2025-12-31",
                       kRosterUsage);
    return false;
  }
  for (auto& f : files) {
    auto key = read_key_file(f, code);
    if (!key) return false;
    if (key->secret)  // the secret stays sealed and is not copied; but it should not travel at all
      std::cerr << "qis: " << shown(f) << ": 注意：这是含私钥的密钥文件，名单只取其公钥。私钥文件不应交给他人；"
                << "请专家今后用 qis key public 导出公钥文件提交\n";
    out.push_back(qis::trust::roster_entry(*key, from, to));
  }
  return true;
}

void print_roster(const qis::trust::Roster& r, const std::string& today) {
  std::cout << "发布单位：" << shown(r.organization.name) << (r.organization.unit.empty() ? "" : "（" + shown(r.organization.unit) + "）")
            << "\n名单指纹：" << r.fingerprint << "（发布单位密钥的指纹；请与发布单位公布的指纹核对）\n专家 " << r.experts.size()
            << " 人：\n";
  for (auto& e : r.experts)
    std::cout << "  " << shown(e.person.name) << "\t" << shown(e.person.unit) << "\t指纹 " << e.fingerprint << "\t" << e.valid_from
              << " 至 " << e.valid_to << (today < e.valid_from ? "（未生效）" : today > e.valid_to ? "（已过期）" : "") << "\n";
}

int write_roster(const qis::trust::Roster& r, const qis::trust::SigningKey& org, const std::string& out,
                 const std::vector<std::string>& inputs, const std::string& today) {
  auto text = qis::trust::export_roster(r, org);
  if (!text) return fail(out, text.error());
  if (auto e = write_output(out, text.value(), inputs)) return fail(out, *e);
  std::cout << "已签发名单：" << shown(out) << "\n";
  print_roster(r, today);
  return kOk;
}

int roster_new(const Options& opt) {
  const std::string org_path = opt.value("--org-key"), out = opt.value("-o");
  if (opt.positional.size() != 1 || org_path.empty() || out.empty())
    return usage_error("请用 --org-key 给出发布单位的密钥文件，用 -o 给出名单文件名", kRosterUsage);
  int code = kOk;
  qis::trust::Roster r;
  if (!experts_from(opt, r.experts, code)) return code;
  auto org = unlock_key_file(org_path, opt, code);
  if (!org) return code;
  r.organization = org->owner();
  r.public_key = org->public_key();
  r.fingerprint = qis::trust::fingerprint(r.public_key);
  std::vector<std::string> inputs = opt.all("--expert");
  inputs.push_back(org_path);
  return write_roster(r, *org, out, inputs, check_day(opt));
}

int roster_add(const Options& opt) {
  const std::string org_path = opt.value("--org-key");
  if (opt.positional.size() != 2 || org_path.empty() || opt.all("--expert").empty())
    return usage_error("请给出名单文件，并用 --org-key 给出发布单位的密钥文件、用 --expert 给出要加入的专家公钥文件", kRosterUsage);
  const std::string path = opt.positional[1];
  const std::string out = opt.value("-o").empty() ? path : opt.value("-o");
  int code = kOk;
  std::optional<qis::trust::Roster> read;
  Options as_roster = opt;
  as_roster.values[kRosterOption] = {path};
  if (!roster_option(as_roster, read, code)) return code;
  qis::trust::Roster r = std::move(*read);
  std::vector<qis::trust::RosterEntry> added;
  if (!experts_from(opt, added, code)) return code;
  auto org = unlock_key_file(org_path, opt, code);
  if (!org) return code;
  for (auto& e : added) {  // the same key again: its name, unit and dates are updated
    auto it = std::find_if(r.experts.begin(), r.experts.end(), [&](auto& x) { return x.public_key == e.public_key; });
    if (it != r.experts.end()) *it = e;
    else r.experts.push_back(e);
  }
  std::vector<std::string> inputs = opt.all("--expert");
  inputs.push_back(org_path);
  return write_roster(r, *org, out, inputs, check_day(opt));
}

int roster_show(const Options& opt) {
  if (opt.positional.size() != 2) return usage_error("请给出一个名单文件", kRosterUsage);
  Options as_roster = opt;
  as_roster.values[kRosterOption] = {opt.positional[1]};
  std::optional<qis::trust::Roster> r;
  int code = kOk;
  if (!roster_option(as_roster, r, code)) return code;
  if (opt.has("--json")) {
    qis::Json experts = qis::Json::array();
    for (auto& e : r->experts)
      experts.push_back({{"name", e.person.name}, {"unit", e.person.unit}, {"fingerprint", e.fingerprint},
                         {"valid_from", e.valid_from}, {"valid_to", e.valid_to}});
    std::cout << json_text(qis::Json{{"organization", {{"name", r->organization.name}, {"unit", r->organization.unit}}},
                            {"fingerprint", r->fingerprint},
                            {"experts", experts}});
    return kOk;
  }
  std::cout << "名单签名：有效（由发布单位的密钥签名，签名后未被改动）\n";
  print_roster(*r, check_day(opt));
  return kOk;
}

}  // namespace

int cmd_roster(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--org-key", "--expert", "--from", "--to", "-o", "--today", kPassphraseOption, kRosterFpOption}},
                                 "roster", kRosterUsage);
  if (!opt) return kUsage;
  const std::string sub = opt->positional.empty() ? "" : opt->positional[0];
  if (sub == "new") return roster_new(*opt);
  if (sub == "add") return roster_add(*opt);
  if (sub == "show") return roster_show(*opt);
  return usage_error("roster 后面应为 new、add 或 show", kRosterUsage);
}

}  // namespace qis_cli
