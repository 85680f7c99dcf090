// qis ledger: the service ledger's CSV import into a package and export from it (docs/ledger.md).
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "csv.h"
#include "file_io.h"
#include "ledger_csv.h"
#include "scoring.h"

namespace qis_cli {

const char* const kLedgerUsage =
    "  qis ledger import FILE.csv PACKAGE.json [-o OUT.json] [--keep-good] [--today D]\n"
    "        导入服务台账 CSV（UTF-8 或 GBK/GB18030），替换数据包中的台账；有错误的行逐行列出，\n"
    "        此时不写文件（退出码 1），加 --keep-good 则只写入正确的行（退出码仍为 1）；不给 -o 时覆盖 PACKAGE.json\n"
    "  qis ledger export PACKAGE.json -o OUT.csv       把数据包中的服务台账导出为 CSV（UTF-8 带 BOM）\n";

namespace {

int ledger_import(const std::string& csv_path, const std::string& package_path, const std::string& out_path,
                  bool keep_good, const std::string& today) {
  auto csv = read_input(csv_path, kCsvInput);
  if (!csv) return fail(csv_path, csv.error());
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  auto result = qis::import_ledger_csv(csv.value());
  if (!result) return fail(csv_path, result.error());
  const qis::LedgerImport& im = result.value();
  for (auto& w : im.warnings) std::cerr << "qis: " << shown(csv_path) << ": 注意：" << shown(w) << "\n";
  for (auto& e : im.errors) std::cerr << "qis: " << shown(csv_path) << ": " << shown(qis::format_row_error(e)) << " [" << e.code << "]\n";
  std::cout << "编码 " << im.encoding << "，表头在第 " << im.header_row << " 行；数据 " << im.rows << " 行：导入 "
            << im.imported << " 行，有错误 " << im.failed << " 行" << (im.blank ? "（另有空行 " + std::to_string(im.blank) + " 行）" : "")
            << "\n";
  if (im.failed > 0 && !keep_good) {
    std::cerr << "qis: 未写入任何文件：请修正以上 " << im.failed << " 行后重新导入，或加 --keep-good 只导入正确的行\n";
    return kInvalid;
  }
  const qis::Rubric& rubric = *p.pkg.rubric;
  qis::Assessment a = p.pkg.assessment;
  a.ledger = im.ledger;
  const std::string target = out_path.empty() ? package_path : out_path;
  // The package itself may be replaced (that is what no -o means): safely, through a temporary file.
  if (auto e = write_output(target, qis::export_package(rubric, a, today), {csv_path})) return fail(target, *e);
  std::cout << "台账：" << a.ledger.enterprises.size() << " 家企业，" << a.ledger.records.size() << " 条记录；已写入 " << shown(target)
            << "\n";
  const qis::ScoreReport rep = qis::score(rubric, a, today);
  for (auto& c : rep.criteria)
    if (c.from_ledger)
      std::cout << "  " << c.node->id << " " << c.node->title << "：" << qis::format_milli(c.score) << " / "
                << qis::format_milli(c.node->max) << "　" << shown(c.explanation) << "\n";
  return im.failed > 0 ? kInvalid : kOk;
}

int ledger_export(const std::string& package_path, const std::string& out_path) {
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(package_path, rubrics, p, code)) return code;
  const qis::Ledger& l = p.pkg.assessment.ledger;
  if (auto e = write_output(out_path, qis::export_ledger_csv(l), {package_path})) return fail(out_path, *e);
  std::cout << "已导出 " << l.records.size() << " 条记录（" << l.enterprises.size() << " 家企业）到 " << shown(out_path) << "\n";
  return kOk;
}

}  // namespace

int cmd_ledger(const Args& args) {
  const auto opt = parse_options(args, {{"--keep-good"}, {"-o", "--today"}}, "ledger", kLedgerUsage);
  if (!opt) return kUsage;
  const auto& pos = opt->positional;
  const bool keep_good = opt->has("--keep-good");
  const std::string out = opt->value("-o");
  if (pos.size() == 3 && pos[0] == "import") return ledger_import(pos[1], pos[2], out, keep_good, opt->value("--today"));
  if (pos.size() == 2 && pos[0] == "export") {
    if (keep_good) return usage_error("--keep-good 只用于 qis ledger import", kLedgerUsage);
    if (out.empty()) return usage_error("请用 -o 指定导出的 CSV 文件，如 qis ledger export 数据包.json -o 台账.csv", kLedgerUsage);
    return ledger_export(pos[1], out);
  }
  return usage_error("用法：qis ledger import FILE.csv PACKAGE.json [-o OUT.json] [--keep-good]，或 qis ledger export PACKAGE.json -o OUT.csv",
                     kLedgerUsage);
}

}  // namespace qis_cli
