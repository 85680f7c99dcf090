// Text from a station's files on its way out (issue 16 items 6 and 7): one CSV cell rule for every
// CSV the project writes, so a spreadsheet never runs a cell as a formula, and station text on a
// terminal with its control and bidirectional characters replaced.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "csv.h"
#include "helpers.h"
#include "json_reader.h"
#include "package.h"

namespace fs = std::filesystem;
using qis::Json;
using qis_test::run_cli;
using Run = qis_test::CliRun;

namespace {

using qis_test::contains;

std::string write(const std::string& name, const std::string& text) {
  const fs::path p = qis_test::scratch_dir() / name;
  std::ofstream f(p, std::ios::binary);
  f << text;
  return p.string();
}

const std::vector<std::string> kFormulas = {"=HYPERLINK(\"http://x\",\"点击\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                                            "\t=1+1", "'=已有撇号"};

// A songjiang package whose ledger holds one enterprise per hostile name (no records).
std::string package_with_enterprises(const std::vector<std::string>& names) {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  qis::Assessment a = qis_test::assessment(rb, "{}");
  a.profile["name"] = "九亭站";
  for (std::size_t i = 0; i < names.size(); ++i)
    a.ledger.enterprises.push_back({"e" + std::to_string(i + 1), names[i], names[i], "张三", "", ""});
  return qis::export_package(rb, a);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == '\n') out.emplace_back();
    else out.back() += c;
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Item 6

TEST_CASE("csv_field neutralises formula starts and csv_unguard undoes exactly that") {
  CHECK(qis::csv_field("=1+2") == "'=1+2");
  CHECK(qis::csv_field("+1") == "'+1");
  CHECK(qis::csv_field("-2+3") == "'-2+3");
  CHECK(qis::csv_field("@A1") == "'@A1");
  CHECK(qis::csv_field("\t=1") == "'\t=1");
  CHECK(qis::csv_field("\r=1") == "\"'\r=1\"");
  CHECK(qis::csv_field("'=1") == "''=1");  // an apostrophe of its own survives the round trip
  CHECK(qis::csv_field("'abc") == "''abc");
  CHECK(qis::csv_field("021-57001234") == "021-57001234");
  CHECK(qis::csv_field(" 前后空格 ") == "\" 前后空格 \"");
  for (const std::string& s : {std::string("=1+2"), std::string("'=1"), std::string("''"), std::string("'abc"), std::string("-")}) {
    const std::string written = qis::csv_field(s);
    const std::string cell = written.front() == '"' ? written.substr(1, written.size() - 2) : written;
    CHECK(qis::csv_unguard(cell) == s);
  }
  CHECK(qis::csv_unguard("'abc") == "'abc");  // not this rule's apostrophe: left alone
}

TEST_CASE("qis ledger export neutralises formulas, and qis ledger import reads them back unchanged") {
  const std::string pkg = write("formulas.json", package_with_enterprises(kFormulas));
  const std::string csv_path = (qis_test::scratch_dir() / "formulas.csv").string();
  const Run e = run_cli({"ledger", "export", pkg, "-o", csv_path});
  REQUIRE(e.code == 0);
  const std::string csv = qis_test::read_file(csv_path);
  CHECK(contains(csv, ",企业,\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\","));
  CHECK(contains(csv, ",'+cmd|' /C calc'!A0,"));
  CHECK(contains(csv, ",'-2+3,"));
  CHECK(contains(csv, ",'@SUM(A1:A9),"));
  CHECK(contains(csv, ",''=已有撇号,"));
  for (auto& l : lines(csv))  // no cell of any row starts a formula
    for (const char* bad : {",=", ",+", ",-", ",@", ",\"=", ",\"+", ",\"-", ",\"@"}) CHECK_FALSE(contains(l, bad));

  const Run i = run_cli({"ledger", "import", csv_path, pkg, "-o", (qis_test::scratch_dir() / "back.json").string()});
  INFO(i.err);
  REQUIRE(i.code == 0);
  const Json back = Json::parse(qis_test::read_file((qis_test::scratch_dir() / "back.json").string()));
  std::vector<std::string> names;
  for (auto& en : back["ledger"]["enterprises"]) names.push_back(en["name"]);
  // "\t=1+1" is trimmed on import like any cell's edge spaces; the others come back as they were.
  CHECK(names == std::vector<std::string>{kFormulas[0], kFormulas[1], kFormulas[2], kFormulas[3], "=1+1", kFormulas[5]});
}

TEST_CASE("qis rank --csv neutralises a station name that is a formula") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  qis::Assessment a = qis_test::assessment(rb, "{}");
  a.profile["name"] = "=HYPERLINK(\"http://x\")";
  const std::string pkg = write("rank-formula.json", qis::export_package(rb, a));
  const Run r = run_cli({"rank", pkg, "--csv"});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "\r\n1,\"'=HYPERLINK(\"\"http://x\"\")\",0,"));
}

// ---------------------------------------------------------------------------------------------
// Item 7

TEST_CASE("a station name with a line break, ESC and a bidi override cannot forge or hide terminal output") {
  const qis::Rubric rb = qis_test::rubric("songjiang-2024");
  qis::Assessment a = qis_test::assessment(rb, "{}");
  const std::string name = "甲站\n核对结果：未发现问题\x1b[8m\xE2\x80\xAE隐藏";
  a.profile["name"] = name;
  const std::string pkg = write("forged.json", qis::export_package(rb, a));
  const std::string replaced = "甲站\xEF\xBF\xBD核对结果：未发现问题\xEF\xBF\xBD[8m\xEF\xBF\xBD隐藏";

  const Run v = run_cli({"verify", pkg});
  CHECK(contains(v.out, "单位：" + replaced + "\n"));
  CHECK_FALSE(contains(v.out, "\x1b"));
  CHECK_FALSE(contains(v.out, "\xE2\x80\xAE"));
  int verdicts = 0;
  for (auto& l : lines(v.out)) verdicts += l.rfind("核对结果：", 0) == 0 ? 1 : 0;
  CHECK(verdicts == 1);  // the real one only

  const Run r = run_cli({"rank", pkg});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "\t" + replaced + "\t"));
  CHECK_FALSE(contains(r.out, "\x1b"));

  // JSON keeps the exact name (a JSON reader sees it unchanged), with nothing raw for a terminal.
  const Run j = run_cli({"verify", pkg, "--json"});
  CHECK(contains(j.out, "\\u001b[8m\\u202e隐藏"));
  CHECK_FALSE(contains(j.out, "\xE2\x80\xAE"));
  CHECK(Json::parse(j.out)["station"] == name);
  const Run rj = run_cli({"rank", pkg, "--json"});
  CHECK(Json::parse(rj.out)["rows"][0]["name"] == name);
}

TEST_CASE("an error message quoting a file's text is shown the same way, every line attributed") {
  const std::string path = write("bad-key.json", "{\"format\": \"qis-package/2\", \"x\\u001b[2Jy\": 1}");
  const Run r = run_cli({"score", path});
  CHECK(r.code == 1);
  CHECK_FALSE(contains(r.err, "\x1b"));
  for (auto& l : lines(r.err)) CHECK(l.rfind("qis: ", 0) == 0);
}
