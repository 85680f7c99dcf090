// qis report: the documents of a package's rubric (自评记录, application and declaration forms,
// 评分表, 评价报告) as printable HTML or as an editable .docx.
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "docx.h"
#include "file_io.h"
#include "report.h"
#include "sha256.h"

namespace qis_cli {

const char* const kReportUsage =
    "  qis report PACKAGE.json --kind self-assessment|application|declaration|score-sheet|report\n"
    "            [--panel PANEL.json] [--format html|docx] [-o OUT] [--date D] [--today D]\n"
    "        生成可打印的自评记录、申请表或申报表（评分表规定的格式）、评分表或评价报告；\n"
    "        --format docx 或 -o X.docx 生成可编辑的 Word 文档（须用 -o 指定文件）\n";

int cmd_report(const Args& args) {
  const auto opt = parse_options(args, {{}, {"--today", "--kind", "--panel", "-o", "--date", "--format"}}, "report", kReportUsage);
  if (!opt) return kUsage;
  const std::string date = opt->value("--date"), today = opt->value("--today"), out_path = opt->value("-o");
  if (opt->positional.size() != 1) return usage_error("请给出一个数据包", kReportUsage);
  const std::string kind_name = opt->value("--kind");
  if (kind_name.empty())
    return usage_error("请用 --kind 指定文书：self-assessment、application、declaration、score-sheet 或 report", kReportUsage);
  auto kind = qis::document_kind_from_name(kind_name);
  if (!kind)
    return usage_error("--kind 应为 self-assessment（自评记录）、application（申请表）、declaration（申报表）、score-sheet（评分表）"
                       "或 report（评价报告）",
                       kReportUsage);
  const std::string format = opt->value("--format");
  if (!format.empty() && format != "html" && format != "docx") return usage_error("--format 应为 html 或 docx", kReportUsage);
  // The format follows -o's extension when --format is not given: never HTML inside a .docx.
  const auto ends_with = [&](const char* ext) {
    const std::string e = ext;
    if (out_path.size() < e.size()) return false;
    std::string tail = out_path.substr(out_path.size() - e.size());
    for (char& c : tail) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return tail == e;
  };
  if (format == "html" && ends_with(".docx"))
    return usage_error("--format html 不能写入 .docx 文件：去掉 --format，或把输出文件改为 .html", kReportUsage);
  if (format == "docx" && (ends_with(".html") || ends_with(".htm")))
    return usage_error("--format docx 不能写入 .html 文件：把输出文件改为 .docx", kReportUsage);
  if (format.empty() && (ends_with(".doc") || ends_with(".pdf")))
    return usage_error("qis report 只生成 .html 或 .docx：把输出文件改为 .docx（可编辑）或 .html（可打印）", kReportUsage);
  const bool docx = format == "docx" || (format.empty() && ends_with(".docx"));
  if (docx && out_path.empty()) return usage_error("--format docx 须用 -o 指定输出文件，如 -o 评价报告.docx", kReportUsage);
  const auto panels = opt->all("--panel");
  if (panels.size() > 1) return usage_error("report 只接受一个 --panel", kReportUsage);

  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(opt->positional[0], rubrics, p, code)) return code;
  std::optional<qis::Panel> panel;
  if (!panels.empty() && !load_panel(panels[0], rubrics, p, today, panel, code)) return code;
  if (!qis::document_defined(*p.pkg.rubric, *kind)) {
    std::string offered;
    for (auto k : qis::rubric_documents(*p.pkg.rubric)) offered += (offered.empty() ? "" : "、") + std::string(qis::document_kind_name(k));
    return fail(opt->positional[0], {"report.kind_undefined", "该数据包的评分表（" + p.pkg.rubric->short_title + "）没有规定这种文书；可生成：" + offered, ""});
  }
  qis::DocumentInput in;
  in.rubric = p.pkg.rubric;
  in.package_hash = p.hash;
  in.assessment = &p.pkg.assessment;
  in.panel = panel ? &*panel : nullptr;
  if (panel) {
    // The panel file the scores come from, named on the paper beside the package.
    auto bytes = read_input(panels[0], kPanelInput);
    if (!bytes) return fail(panels[0], bytes.error());
    in.panel_hash = qis::sha256_hex(bytes.value());
  }
  in.date = date;
  in.today = today;
  const std::string html = docx ? qis::render_document_docx(*kind, in) : qis::render_document(*kind, in);
  if (out_path.empty()) {
    std::cout << html;
    return kOk;
  }
  if (auto e = write_output(out_path, html, {opt->positional[0], panels.empty() ? "" : panels[0]})) return fail(out_path, *e);
  std::cerr << "qis: 已生成 " << shown(out_path) << "\n";
  return kOk;
}

}  // namespace qis_cli
