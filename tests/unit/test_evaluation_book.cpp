// The evaluation workbook (.xlsx): the writer's names and cells, one row per criterion × expert ×
// station from panels, the rankings sheet, `qis rank --xlsx`, and LibreOffice reading it back.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "docx.h"
#include "evaluation_book.h"
#include "helpers.h"
#include "kinds_fixture.h"
#include "sha256.h"

using namespace qis;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool have_soffice() { return std::system("command -v soffice >/dev/null 2>&1") == 0; }

// Every sheet of `dir`/`file` to its own UTF-8 CSV in `dir`/out (LibreOffice 7.2+: the last filter
// field -1 writes one file per sheet, "<name>-<sheet>.csv"), with a profile of its own.
bool sheets_to_csv(const fs::path& dir, const std::string& file) {
  const std::string profile = "-env:UserInstallation=file://" + (dir / "profile").string();
  const std::string convert = "cd '" + dir.string() + "' && soffice " + profile +
      " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' "
      "--outdir out '" + file + "' >/dev/null 2>&1";
  return std::system(convert.c_str()) == 0;
}

std::size_t lines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

std::string part_named(const ZipParts& parts, const std::string& name) {
  for (auto& [path, bytes] : parts)
    if (path == name) return bytes;
  return {};
}

const char* kAnswers = R"({"check": {"checked": ["1", "2"]}, "count": {"count": 20}, "hundreds": {"count": 300},
    "levels": {"level": 1, "value": 7}, "judge": {"value": 6},
    "graded": {"items": {"a": {"state": "full"}, "b": {"state": "full"}, "c": {"state": "full"}}},
    "bands": {"value": 92}, "highest": {"selected": ["p"]}, "cats": {"counts": {"m": 10}},
    "yes": {"yes": true}, "cases": {"count": 1}})";

// Five experts' reviews of `in`, agreeing with the station except on "judge".
Panel five_expert_panel(const Rubric& rb, const RankInput& in, const std::string& tag) {
  std::vector<Review> reviews;
  const double judges[] = {6, 6, 7, 7, 7};
  for (int i = 0; i < 5; ++i) {
    Review r;
    r.package_hash = in.package_hash;
    r.rubric_id = rb.id;
    r.rubric_version = rb.version;
    r.station = in.assessment.profile.at("name");
    r.expert.name = tag + "专家" + std::to_string(i + 1);
    r.expert.unit = "评价机构";
    for (auto& [id, a] : in.assessment.answers) r.items[id] = ReviewItem{a, "", ""};
    r.items["judge"].answer = Json{{"value", judges[i]}};
    r.items["judge"].comment = "意见" + std::to_string(i + 1);
    reviews.push_back(r);
  }
  auto panel = merge_panel(rb, in.assessment, in.package_hash, reviews, {});
  REQUIRE(panel.ok());
  return std::move(panel).value();
}

}  // namespace

TEST_CASE("xlsx column letters and sheet names Excel accepts") {
  CHECK(xlsx_column(0) == "A");
  CHECK(xlsx_column(25) == "Z");
  CHECK(xlsx_column(26) == "AA");
  CHECK(xlsx_column(701) == "ZZ");
  CHECK(xlsx_column(702) == "AAA");
  CHECK(xlsx_sheet_name("2026/第一批:崇明?", {}) == "2026_第一批_崇明_");
  CHECK(xlsx_sheet_name("", {}) == "Sheet");
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "批";
  CHECK(xlsx_sheet_name(forty, {}).size() == 31 * 3);
  CHECK(xlsx_sheet_name("排名", {"排名"}) == "排名（2）");
  CHECK(xlsx_sheet_name("Round", {"round", "Round（2）"}) == "Round（3）");
  const std::string capped = xlsx_sheet_name(forty, {xlsx_sheet_name(forty, {})});
  CHECK(has(capped, "（2）"));
  CHECK(capped.size() == 28 * 3 + std::string("（2）").size());
}

TEST_CASE("xlsx parts: text inline and valid XML, numbers as numbers, never a formula") {
  XlsxSheet s{"表", {10, 20}, {{xlsx_text("名称"), xlsx_text("得分")},
                               {xlsx_text("=1+1 <b>&\x0b"), xlsx_number(12.5)}}};
  const ZipParts parts = xlsx_parts({s});
  REQUIRE(parts.front().first == "[Content_Types].xml");
  const std::string sheet = part_named(parts, "xl/worksheets/sheet1.xml");
  CHECK(has(sheet, "<c r=\"A2\" s=\"2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1 &lt;b&gt;&amp;\n</t></is></c>"));
  CHECK(has(sheet, "<c r=\"B2\" s=\"2\"><v>12.5</v></c>"));
  CHECK_FALSE(has(sheet, "<f>"));
  CHECK(has(sheet, "<col min=\"2\" max=\"2\" width=\"20\" customWidth=\"1\"/>"));
  CHECK(has(part_named(parts, "xl/workbook.xml"), "<sheet name=\"表\" sheetId=\"1\" r:id=\"rId1\"/>"));
  CHECK(xlsx_parts({}).size() == 6);  // a workbook has one sheet at least
}

TEST_CASE("a round's workbook holds one row per criterion × expert × station and the ranking") {
  auto loaded = load_rubric(kAllKindsRubric, "kinds");
  REQUIRE(loaded.ok());
  const Rubric& rb = loaded.value();
  RankInput x{"x.json", sha256_hex("x"), &rb, qis_test::assessment(rb, kAnswers), std::nullopt};
  x.assessment.profile["name"] = "乙站";
  RankInput y{"y.json", sha256_hex("y"), &rb, qis_test::assessment(rb, kAnswers), std::nullopt};
  y.assessment.profile["name"] = "甲站";
  const Panel px = five_expert_panel(rb, x, "乙"), py = five_expert_panel(rb, y, "甲");
  x.panel = px;
  y.panel = py;
  auto ranked = rank_stations({x, y});
  REQUIRE(ranked.ok());

  // A third station reviewed by one expert so far, no panel yet.
  RankInput z{"z.json", sha256_hex("z"), &rb, qis_test::assessment(rb, kAnswers), std::nullopt};
  Review lone;
  lone.package_hash = z.package_hash;
  lone.rubric_id = rb.id;
  lone.rubric_version = rb.version;
  lone.station = "丙站";
  lone.expert.name = "丙专家";
  lone.items["judge"] = ReviewItem{Json{{"value", 5}}, "偏低", "材料不全"};
  const ScoreReport z_self = score(rb, z.assessment);

  BookRound round{"2026年第一批", {&px, &py}, {{&rb, &lone, &z_self}}, {&ranked.value()}};
  const auto sheets = evaluation_sheets({round, BookRound{"", {}, {}, {}}});
  REQUIRE(sheets.size() == 3);
  CHECK(sheets[0].name == "2026年第一批");
  CHECK(sheets[1].name == "未命名批次");
  CHECK(sheets[2].name == "排名");

  const std::size_t criteria = px.criteria.size();
  REQUIRE(criteria > 5);
  // Header, 2 panels × criteria × 5 experts, and the lone review's criteria.
  CHECK(sheets[0].rows.size() == 1 + 2 * criteria * 5 + criteria);
  CHECK(sheets[0].rows[0].size() == evaluation_book_columns().size());
  // The judge row of 乙's third expert: 7 points, comment, panel result 6.6.
  int judge_rows = 0;
  for (auto& row : sheets[0].rows) {
    if (row[2].text != "judge") continue;
    ++judge_rows;
    if (row[7].text == "乙专家3") {
      CHECK(row[1].text == "乙站");
      CHECK(row[9].is_number);
      CHECK(row[9].number == doctest::Approx(7));
      CHECK(row[11].text == "意见3");
      CHECK(row[12].number == doctest::Approx(6.6));
    }
    if (row[7].text == "丙专家") {
      CHECK(row[9].number == doctest::Approx(5));
      CHECK(row[10].text == "材料不全");
      CHECK(row[11].text == "偏低");
      CHECK(row[6].number == doctest::Approx(6));  // the station's self score
      CHECK(row[12].text.empty());                 // no panel yet
    }
  }
  CHECK(judge_rows == 11);
  // An unscored criterion of the lone review leaves the cell empty, never 0.
  bool empty_score = false;
  for (auto& row : sheets[0].rows)
    if (row[7].text == "丙专家" && row[2].text == "check") empty_score = !row[9].is_number && row[9].text.empty();
  CHECK(empty_score);

  // The ranking: 批次, 评分表, then rank_csv's own columns; 甲 and 乙 by their panels.
  REQUIRE(sheets[2].rows.size() == 3);
  CHECK(sheets[2].rows[0][0].text == "批次");
  CHECK(sheets[2].rows[0][2].text == "名次");
  CHECK(sheets[2].rows[1][0].text == "2026年第一批");
  // Equal panel totals: both share the first place, written as rank_csv writes it.
  CHECK(sheets[2].rows[1][2].text == "并列 1");
  CHECK(sheets[2].rows[2][2].text == "并列 1");

  // LibreOffice opens it and finds the same rows.
  const fs::path dir = qis_test::scratch_dir() / "book-panels";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string bytes = zip_docx_parts(xlsx_parts(sheets));
  REQUIRE_FALSE(bytes.empty());
  std::ofstream(dir / "panels.xlsx", std::ios::binary) << bytes;
  if (!have_soffice()) {
    MESSAGE("SKIPPED: LibreOffice Calc (soffice, Debian libreoffice-calc-nogui) is not installed; scripts/deps.sh native installs it");
    return;
  }
  REQUIRE(sheets_to_csv(dir, "panels.xlsx"));
  const std::string csv = qis_test::read_file((dir / "out" / "panels-2026年第一批.csv").string());
  CHECK(lines(csv) == 1 + 2 * criteria * 5 + criteria);
  CHECK(has(csv, "乙专家3"));
  CHECK(has(csv, "6.6"));
  CHECK(has(qis_test::read_file((dir / "out" / "panels-排名.csv").string()), "2026年第一批"));
}

TEST_CASE("qis rank --xlsx writes a workbook LibreOffice reads: one row per criterion × expert × station") {
  const fs::path dir = qis_test::scratch_dir() / "book";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string pkg = std::string(QIS_FIXTURE_DIR) + "/samples/songjiang-2024.json";

  using qis_test::run_cli;
  const auto no_out = run_cli({"rank", pkg, "--xlsx"});
  CHECK(no_out.code == 2);
  CHECK(has(no_out.err, "--xlsx 须用 -o"));
  const auto both = run_cli({"rank", pkg, "--xlsx", "--csv", "-o", (dir / "x.xlsx").string()});
  CHECK(both.code == 2);

  const std::string book = (dir / "评审汇总.xlsx").string();
  const auto r = run_cli({"rank", pkg, "--xlsx", "--round", "2026年松江第一批", "-o", book});
  REQUIRE(r.code == 0);
  const std::string bytes = qis_test::read_file(book);
  CHECK(bytes.rfind("PK", 0) == 0);

  if (!have_soffice()) {
    MESSAGE("SKIPPED: LibreOffice Calc (soffice, Debian libreoffice-calc-nogui) is not installed; scripts/deps.sh native installs it");
    return;
  }
  REQUIRE(sheets_to_csv(dir, "评审汇总.xlsx"));
  const fs::path round_csv = dir / "out" / "评审汇总-2026年松江第一批.csv", rank_csv = dir / "out" / "评审汇总-排名.csv";
  REQUIRE(fs::exists(round_csv));
  REQUIRE(fs::exists(rank_csv));
  const std::string ranking = qis_test::read_file(rank_csv.string());
  CHECK(has(ranking, "批次,评分表,名次,单位名称,得分"));
  CHECK(has(ranking, "2026年松江第一批"));
  CHECK(has(ranking, "81.7"));
  // No panel was given: the round sheet has its header and no expert rows.
  const std::string rows = qis_test::read_file(round_csv.string());
  CHECK(has(rows, "评分表,单位名称,指标编号,指标,满分,加分项,自评得分,专家"));
}
