// qis rubrics, qis check: the rubrics built in, and a rubric file checked.
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "rubric.h"

namespace qis_cli {

const char* const kRubricsUsage = "  qis rubrics [--json]                         列出内置评分表\n";
const char* const kCheckUsage = "  qis check RUBRIC.json [--json]               校验评分表文件，打印总分、加分与一级指标满分\n";

int cmd_rubrics(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--today"}}, "rubrics", kRubricsUsage);
  if (!opt) return kUsage;
  if (!opt->positional.empty()) return usage_error("qis rubrics 不需要参数", kRubricsUsage);
  std::vector<qis::Error> errors;
  auto rubrics = qis::load_bundled_rubrics(&errors);
  if (opt->has("--json")) {
    qis::Json out = qis::Json::array();
    for (auto& r : rubrics)
      out.push_back({{"id", r.id}, {"version", r.version}, {"title", r.title}, {"issuer", r.issuer},
                     {"max", milli_json(r.total)}, {"bonus_max", milli_json(r.bonus_total)}});
    std::cout << json_text(out);
  } else {
    for (auto& r : rubrics)
      std::cout << r.id << "\t" << r.version << "\t" << qis::format_milli(r.total)
                << (r.bonus_total ? "+" + qis::format_milli(r.bonus_total) : "") << "\t" << r.issuer << "\t" << r.title << "\n";
  }
  for (auto& e : errors) std::cerr << "qis: " << e.message << "\n";
  return errors.empty() ? kOk : kInvalid;
}

int cmd_check(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--today"}}, "check", kCheckUsage);
  if (!opt) return kUsage;
  if (opt->positional.size() != 1) return usage_error("请给出一个评分表文件", kCheckUsage);
  const std::string& path = opt->positional[0];
  auto text = read_input(path, kRubricInput);
  if (!text) return fail(path, text.error());
  auto r = qis::load_rubric(text.value(), path);
  if (!r) return fail(path, r.error());
  const qis::Rubric& rb = r.value();
  if (opt->has("--json")) {
    qis::Json inds = qis::Json::array();
    for (auto& n : rb.indicators) inds.push_back({{"id", n.id}, {"title", n.title}, {"max", milli_json(n.max)}, {"bonus", n.bonus}});
    std::cout << json_text(qis::Json{{"id", rb.id}, {"version", rb.version}, {"max", milli_json(rb.total)},
                           {"bonus_max", milli_json(rb.bonus_total)}, {"criteria", rb.criteria().size()},
                           {"indicators", inds}, {"hash", rb.content_hash}});
  } else {
    // A rubric file given on the command line is text from a file like any other.
    std::cout << shown(rb.id) << " " << shown(rb.version) << "：" << shown(rb.title) << "\n总分 " << qis::format_milli(rb.total);
    if (rb.bonus_total) std::cout << "，加分项 " << qis::format_milli(rb.bonus_total);
    std::cout << "，评分细项 " << rb.criteria().size() << " 个\n";
    for (auto& n : rb.indicators)
      std::cout << "  " << shown(n.title) << (n.bonus && n.title.find("加分项") == std::string::npos ? "（加分项）" : "") << " "
                << qis::format_milli(n.max) << "\n";
    std::cout << "校验通过\n";
  }
  return kOk;
}

}  // namespace qis_cli
