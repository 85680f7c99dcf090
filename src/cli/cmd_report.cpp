// qis report: the printable documents (score sheet, evaluation report, application, declaration).
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "report.h"

namespace qis_cli {

const char* const kReportUsage =
    "  qis report PACKAGE.json --kind score-sheet|report|application|declaration [--panel PANEL.json]\n"
    "            [-o OUT.html] [--date D] [--today D]\n"
    "        生成可打印的评分表、评价报告（附录C）、评价申请表（附录B）或申报表（附件2）\n";

int cmd_report(const Args& args) {
  const auto opt = parse_options(args, {{}, {"--today", "--kind", "--panel", "-o", "--date"}}, "report", kReportUsage);
  if (!opt) return kUsage;
  const std::string date = opt->value("--date"), today = opt->value("--today"), out_path = opt->value("-o");
  if (opt->positional.size() != 1) return usage_error("请给出一个数据包", kReportUsage);
  const std::string kind_name = opt->value("--kind");
  if (kind_name.empty()) return usage_error("请用 --kind 指定文书：score-sheet、report、application 或 declaration", kReportUsage);
  auto kind = qis::document_kind_from_name(kind_name);
  if (!kind)
    return usage_error("--kind 应为 score-sheet（评分表）、report（评价报告）、application（评价申请表）或 declaration（申报表）",
                       kReportUsage);
  const auto panels = opt->all("--panel");
  if (panels.size() > 1) return usage_error("report 只接受一个 --panel", kReportUsage);

  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(opt->positional[0], rubrics, p, code)) return code;
  std::optional<qis::Panel> panel;
  if (!panels.empty() && !load_panel(panels[0], rubrics, p, today, panel, code)) return code;
  qis::DocumentInput in;
  in.rubric = p.pkg.rubric;
  in.assessment = &p.pkg.assessment;
  in.panel = panel ? &*panel : nullptr;
  in.date = date;
  in.today = today;
  const std::string html = qis::render_document(*kind, in);
  if (out_path.empty()) {
    std::cout << html;
    return kOk;
  }
  if (auto e = write_output(out_path, html, {opt->positional[0], panels.empty() ? "" : panels[0]})) return fail(out_path, *e);
  std::cerr << "qis: 已生成 " << shown(out_path) << "\n";
  return kOk;
}

}  // namespace qis_cli
