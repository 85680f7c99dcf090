// qis: the command-line tool on the same scoring core as the web page.
// Exit codes: 0 ok, 1 invalid input (message on stderr says what and where), 2 usage.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bundled.h"
#include "package.h"
#include "rubric.h"
#include "scoring.h"

namespace {

constexpr int kOk = 0, kInvalid = 1, kUsage = 2;

const char* kUsageText =
    "用法 / usage:\n"
    "  qis rubrics [--json]                         列出内置评分表\n"
    "  qis check RUBRIC.json [--json]               校验评分表文件，打印总分、加分与一级指标满分\n"
    "  qis score PACKAGE.json [--json] [--today D]  按内置评分表重新计算数据包的得分\n"
    "  qis --version\n";

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

qis::Json milli_json(qis::Milli m) {
  if (m % qis::kMilli == 0) return qis::Json(m / qis::kMilli);
  return qis::Json(static_cast<double>(m) / 1000.0);
}

int fail(const std::string& where, const qis::Error& e) {
  std::cerr << "qis: " << where << ": " << e.message << " [" << e.code << "]\n";
  return kInvalid;
}

int cmd_rubrics(bool json) {
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  if (json) {
    qis::Json out = qis::Json::array();
    for (auto& r : rubrics)
      out.push_back({{"id", r.id}, {"version", r.version}, {"title", r.title}, {"issuer", r.issuer},
                     {"max", milli_json(r.total)}, {"bonus_max", milli_json(r.bonus_total)}});
    std::cout << out.dump(2, ' ', false) << "\n";
  } else {
    for (auto& r : rubrics)
      std::cout << r.id << "\t" << r.version << "\t" << qis::format_milli(r.total)
                << (r.bonus_total ? "+" + qis::format_milli(r.bonus_total) : "") << "\t" << r.issuer << "\t" << r.title << "\n";
  }
  for (auto& e : errors) std::cerr << "qis: " << e.message << "\n";
  return errors.empty() ? kOk : kInvalid;
}

int cmd_check(const std::string& path, bool json) {
  std::string text;
  if (!read_file(path, text)) return fail(path, {"io.read", "无法读取文件，请检查路径", ""});
  auto r = qis::load_rubric(text, path);
  if (!r) return fail(path, r.error());
  const qis::Rubric& rb = r.value();
  if (json) {
    qis::Json inds = qis::Json::array();
    for (auto& n : rb.indicators) inds.push_back({{"id", n.id}, {"title", n.title}, {"max", milli_json(n.max)}, {"bonus", n.bonus}});
    std::cout << qis::Json{{"id", rb.id}, {"version", rb.version}, {"max", milli_json(rb.total)},
                           {"bonus_max", milli_json(rb.bonus_total)}, {"criteria", rb.criteria().size()},
                           {"indicators", inds}, {"hash", rb.content_hash}}
                     .dump(2, ' ', false)
              << "\n";
  } else {
    std::cout << rb.id << " " << rb.version << "：" << rb.title << "\n总分 " << qis::format_milli(rb.total);
    if (rb.bonus_total) std::cout << "，加分项 " << qis::format_milli(rb.bonus_total);
    std::cout << "，评分细项 " << rb.criteria().size() << " 个\n";
    for (auto& n : rb.indicators)
      std::cout << "  " << n.title << (n.bonus ? "（加分项）" : "") << " " << qis::format_milli(n.max) << "\n";
    std::cout << "校验通过\n";
  }
  return kOk;
}

int cmd_score(const std::string& path, bool json, const std::string& today) {
  std::string text;
  if (!read_file(path, text)) return fail(path, {"io.read", "无法读取文件，请检查路径", ""});
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  auto imported = qis::import_package(text, rubrics);
  if (!imported) return fail(path, imported.error());
  const auto& pkg = imported.value();
  const qis::ScoreReport rep = qis::score(*pkg.rubric, pkg.assessment, today);
  if (json) {
    qis::Json inds = qis::Json::array();
    for (auto& n : rep.tree)
      inds.push_back({{"id", n.node->id}, {"title", n.node->title}, {"score", milli_json(n.score)},
                      {"max", milli_json(n.node->max)}, {"bonus", n.node->bonus}});
    qis::Json crit = qis::Json::array();
    for (auto& c : rep.criteria)
      crit.push_back({{"id", c.node->id}, {"title", c.node->title}, {"score", milli_json(c.score)},
                      {"max", milli_json(c.node->max)}, {"answered", c.answered}, {"explanation", c.explanation}});
    qis::Json gates = qis::Json::array();
    for (auto& g : rep.gates)
      gates.push_back({{"id", g.gate->id}, {"state", g.state == qis::GateState::Met      ? "met"
                                                    : g.state == qis::GateState::Failed ? "failed"
                                                                                        : "unanswered"},
                       {"reason", g.reason}});
    qis::Json out = {{"rubric", pkg.rubric->id},           {"rubric_version", pkg.rubric->version},
                     {"total", milli_json(rep.total)},      {"base", milli_json(rep.base)},
                     {"bonus", milli_json(rep.bonus)},      {"max", milli_json(rep.max)},
                     {"bonus_max", milli_json(rep.bonus_max)}, {"indicators", inds},
                     {"criteria", crit},                    {"outcome", rep.outcome_text()},
                     {"eligible", rep.eligible},            {"gates", gates},
                     {"unanswered", rep.unanswered}};
    std::cout << out.dump(2, ' ', false) << "\n";
  } else {
    std::cout << pkg.rubric->title << "（" << pkg.rubric->id << " " << pkg.rubric->version << "）\n";
    for (auto& n : rep.tree)
      std::cout << "  " << n.node->title << "：" << qis::format_milli(n.score) << " / " << qis::format_milli(n.node->max) << "\n";
    std::cout << "总分：" << qis::format_milli(rep.total) << " / " << qis::format_milli(rep.max);
    if (rep.bonus_max) std::cout << "（含加分 " << qis::format_milli(rep.bonus) << "）";
    std::cout << "\n结论：" << rep.outcome_text() << "\n";
    if (!rep.unanswered.empty()) std::cout << "未作答：" << rep.unanswered.size() << " 项\n";
  }
  for (auto& e : rep.errors) std::cerr << "qis: " << path << ": " << e.message << "\n";
  return rep.errors.empty() ? kOk : kInvalid;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool json = false;
  std::string today;
  std::vector<std::string> pos;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") json = true;
    else if (args[i] == "--today" && i + 1 < args.size()) today = args[++i];
    else if (args[i] == "--version") {
      std::cout << "qis " << QIS_VERSION << "\n";
      return kOk;
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kUsageText;
      return kOk;
    } else if (args[i].rfind("--", 0) == 0) {
      std::cerr << "qis: 未知选项 " << args[i] << "\n" << kUsageText;
      return kUsage;
    } else pos.push_back(args[i]);
  }
  if (pos.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  const std::string& cmd = pos[0];
  if (cmd == "rubrics" && pos.size() == 1) return cmd_rubrics(json);
  if (cmd == "check" && pos.size() == 2) return cmd_check(pos[1], json);
  if (cmd == "score" && pos.size() == 2) return cmd_score(pos[1], json, today);
  std::cerr << kUsageText;
  return kUsage;
}
