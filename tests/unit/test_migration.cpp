// qis-package/1 → qis-package/2: a /1 file (tests/fixtures/migration/chongming-v1.json, exported
// by the tool before /2 existed) opens with its 评价年度 frozen at the ledger's latest year, scores
// exactly as it did, exports as /2 and verifies clean; assessment_year is checked on read.
//
// The fixture: 崇明区港西镇农产品加工质量服务站 (made up), chongming-2024. Its ledger has 5 enterprises
// (甲米业 小, 乙蔬果合作社 微, 丙食品 中, 戊水产 小, 丁农业集团 大) and 13 records; 3.12.1–3.12.5, 3.13
// and 4.16 are not answered, so they come from the ledger. Service records (服务次数 = 家次, empty = 1):
//   2024: 甲 training 10; 乙 consulting 2; 丙 consulting 3; 戊 training 12; 甲 industry_research 1;
//         丁 consulting 4; 丙 training (empty → 1)
//   2025: 乙 consulting 2; 戊 training 5; 丁 training 6
// plus 2 certificates (丙, 甲) and 1 achievement (丙), all 2024; no honours.
//
// Hand-computed score (rules from rubrics/chongming-2024.json):
//   1. 运营情况  1.1 3 + 1.2 2 + 1.3 1 + 1.4 2+2 + 1.5 2 + 1.6 3                              = 15
//   2. 服务能力  2.7 judged 5.5 + 2.8 5 items 5 + 2.9 3 + 2.10 2 + 2.11 2                      = 17.5
//   3. 服务成效  3.12.1 2 份 × 0.5 = 1; 3.12.2 2+3+4+2 = 11 家次 × 0.5 = 5.5, cap 5;
//                3.12.3 10+12+1+5+6 = 34 家次, ⌊34/100⌋ × 1 = 0; 3.12.4 1 家次 × 1 = 1;
//                3.12.5 1 家 × 0.5 = 0.5;
//                3.13 per year, 中/小/微 only, year 2025 (the latest, as /1 scored it):
//                     乙 2 + 戊 5 = 7 家次 × 0.1 = 0.7 (丁 is 大);
//                3.14 1 个 × 2 = 2; 3.15 judged 3      → 1 + 5 + 0 + 1 + 0.5 + 0.7 + 2 + 3    = 13.2
//   4. 加分项    4.16 no honours → 0; 4.17 1 个 × 1 = 1                                         = 1
//   total 15 + 17.5 + 13.2 + 1                                                                  = 46.7
// With 评价年度 2024 instead, 3.13 counts 2024: 甲 10 + 1, 乙 2, 丙 3 + 1, 戊 12 = 29 家次 × 0.1 = 2.9
// (丁's 4 is 大), and the total is 46.7 − 0.7 + 2.9 = 48.9.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "bundled.h"
#include "cli_runner.h"
#include "helpers.h"
#include "package.h"
#include "rank.h"
#include "review.h"

using namespace qis;
using qis_test::pts;

namespace {

std::string v1_path() { return std::string(QIS_FIXTURE_DIR) + "/migration/chongming-v1.json"; }
std::string v1_text() { return qis_test::read_file(v1_path()); }

const std::vector<Rubric>& rubrics() {
  static const std::vector<Rubric> all = load_bundled_rubrics();
  return all;
}

ImportedPackage imported(const std::string& text) {
  auto r = import_package(text, rubrics());
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r).value();
}

Error refused(const std::string& text) {
  auto r = import_package(text, rubrics());
  REQUIRE_FALSE(r.ok());
  return r.error();
}

using qis_test::contains;

// A 2026 service record for 乙 (微): an SME record of a later year than the assessment's.
LedgerRecord record_2026() {
  return {"r2026", "service", "e2", "2026-01-12",
          {{"category", "quality_consulting"}, {"demand", "冷库温控质量改进"}, {"modes", "onsite"}, {"times", "3"}}};
}

// The fixture was made with the 崇明 rubric file as first released (its hash is in the file's
// earlier_files), so the notice also says it is scored by the current file.
#define QIS_EARLIER_FILE_NOTICE                                                                            \
  " 此数据包按本工具较早发布的“崇明区 2024 评价得分表”文件填写；已按现行文件（2024.1 版，含此后对个别条款理解的修订）" \
  "重新计算得分，填写内容全部保留。再次导出即按现行文件保存。"
const char* kNotice2025 =
    "此文件为旧版格式（qis-package/1），已按新版格式（qis-package/2）打开：评价年度按台账中最近的年份定为 2025 年，"
    "按年度统计的项目得分不变。再次保存或导出时将使用新版格式。" QIS_EARLIER_FILE_NOTICE;

}  // namespace

TEST_CASE("the fixture is a qis-package/1 file as the tool exported it, with ledger records in 2024 and 2025") {
  const Json j = Json::parse(v1_text());
  CHECK(j["format"] == "qis-package/1");
  CHECK_FALSE(j.contains("assessment_year"));
  CHECK(j["ledger"]["records"].size() == 13);
  CHECK(j["scores"]["total"] == 46.7);
  CHECK(j["scores"]["criteria"]["3.13"] == 0.7);
}

TEST_CASE("a qis-package/1 file opens migrated: every field as it was, 评价年度 = the ledger's latest year, and a notice") {
  const ImportedPackage p = imported(v1_text());
  CHECK(p.migrated_from == 1);
  CHECK(p.rubric->id == "chongming-2024");
  CHECK(p.assessment.assessment_year == 2025);
  CHECK(p.notice == kNotice2025);
  CHECK(contains(p.notice, "2025 年"));
  // Every /1 field maps unchanged.
  const Json v1 = Json::parse(v1_text());
  const Json now = assessment_to_json(p.assessment);
  for (const char* key : {"profile", "answers", "notes", "gates", "overrides", "evidence", "ledger", "created", "modified"}) {
    CAPTURE(key);
    CHECK(now.at(key) == v1.at(key));
  }
  CHECK(p.stored_scores == v1.at("scores"));
}

TEST_CASE("the migrated file scores what it was exported with: 46.7, and 3.13 = 7 家次 of 2025 × 0.1 = 0.7") {
  const ImportedPackage p = imported(v1_text());
  const ScoreReport rep = score(*p.rubric, p.assessment);
  CHECK(rep.total == pts(46.7));
  CHECK(rep.find_node("1")->score == pts(15));
  CHECK(rep.find_node("2")->score == pts(17.5));
  CHECK(rep.find_node("3")->score == pts(13.2));
  CHECK(rep.bonus == pts(1));
  const CriterionResult* c = rep.find("3.13");
  CHECK(c->from_ledger);
  CHECK(c->score == pts(0.7));
  CHECK(c->explanation ==
        "来自服务台账：2025 年（评价年度）中小微企业服务 7 家次（上海崇明乙蔬果专业合作社 ×2、上海崇明戊水产有限公司 ×5） → "
        "7 家次 × 0.1 = 0.7 分");
  // The same as every score the /1 file recorded.
  for (auto& r : rep.criteria) {
    CAPTURE(r.node->id);
    CHECK(pts(p.stored_scores["criteria"][r.node->id].get<double>()) == r.score);
  }
}

TEST_CASE("the migrated file exports as qis-package/2 with its assessment_year, and export → import → export is byte-identical") {
  const ImportedPackage p = imported(v1_text());
  const std::string first = export_package(*p.rubric, p.assessment);
  const Json j = Json::parse(first);
  CHECK(j["format"] == "qis-package/2");
  CHECK(j["assessment_year"] == 2025);
  CHECK(j["scores"]["total"] == 46.7);
  const ImportedPackage back = imported(first);
  CHECK(back.migrated_from == 0);  // a /2 file is read as it is
  CHECK(back.notice.empty());
  CHECK(back.assessment.assessment_year == 2025);
  CHECK(export_package(*back.rubric, back.assessment) == first);
  // Keys stay sorted: assessment_year sits between app and created.
  CHECK(first.find("\"app\"") < first.find("\"assessment_year\""));
  CHECK(first.find("\"assessment_year\"") < first.find("\"created\""));
}

TEST_CASE("a record of a later year does not move the migrated 3.13; without a 评价年度 it would") {
  const ImportedPackage p = imported(v1_text());
  Assessment migrated = p.assessment;
  migrated.ledger.records.push_back(record_2026());
  const ScoreReport kept = score(*p.rubric, migrated);
  CHECK(kept.find("3.13")->score == pts(0.7));  // still 2025's 7 家次
  CHECK(kept.total == pts(46.7));                // and 3.12.2, 14 家次 × 0.5 = 7, is still capped at 5

  Assessment unset = migrated;
  unset.assessment_year = 0;  // as a /1 file was scored: the latest year, now 2026
  const ScoreReport unset_rep = score(*p.rubric, unset);
  const CriterionResult* moved = unset_rep.find("3.13");
  CHECK(moved->score == pts(0.3));  // 2026: 乙 3 家次 × 0.1
  CHECK(contains(moved->explanation, "2026 年（台账中最近的年份）中小微企业服务 3 家次（上海崇明乙蔬果专业合作社 ×3）"));
}

TEST_CASE("评价年度 2024 counts 2024's records: 29 家次 × 0.1 = 2.9, total 48.9; a year without records counts 0 and says so") {
  const ImportedPackage p = imported(v1_text());
  Assessment a = p.assessment;
  a.assessment_year = 2024;
  const ScoreReport rep = score(*p.rubric, a);
  CHECK(rep.find("3.13")->score == pts(2.9));
  CHECK(rep.total == pts(48.9));
  CHECK(rep.find("3.13")->explanation ==
        "来自服务台账：2024 年（评价年度）中小微企业服务 29 家次（上海崇明甲米业有限公司 ×11、上海崇明乙蔬果专业合作社 ×2、"
        "上海崇明丙食品有限公司 ×4、上海崇明戊水产有限公司 ×12） → 29 家次 × 0.1 = 2.9 分");

  a.assessment_year = 2023;
  const ScoreReport empty_year = score(*p.rubric, a);
  const CriterionResult* none = empty_year.find("3.13");
  CHECK(none->score == 0);
  CHECK(none->answered);
  CHECK(none->explanation == "来自服务台账：2023 年（评价年度）中小微企业服务：台账中没有该年度的记录 → 0 家次 × 0.1 = 0 分");

  // A ledger with enterprises but no record yet, and no 评价年度: no year to name.
  Assessment fresh = qis_test::assessment(*p.rubric, "{}");
  fresh.ledger.enterprises = a.ledger.enterprises;
  CHECK(score(*p.rubric, fresh).find("3.13")->explanation ==
        "来自服务台账：中小微企业服务：台账中还没有注明日期的记录 → 0 家次 × 0.1 = 0 分");

  // A year with records, none of them countable (丁 is 大): the usual wording.
  a.ledger.records = {a.ledger.records[12]};  // 丁 training 2025-02-20
  a.assessment_year = 2025;
  CHECK(score(*p.rubric, a).find("3.13")->explanation ==
        "来自服务台账：2025 年（评价年度）中小微企业服务：台账中没有符合条件的记录 → 0 家次 × 0.1 = 0 分");
}

TEST_CASE("assessment_year must be a whole year from 2000 to 2100, or absent or null") {
  const ImportedPackage p = imported(v1_text());
  const Json good = Json::parse(export_package(*p.rubric, p.assessment));
  auto with_year = [&](const Json& year) {
    Json j = good;
    j["assessment_year"] = year;
    return j.dump();
  };
  const std::string what = "数据包内容有误：评价年度（assessment_year）应为 2000 至 2100 之间的整数年份（如 2025），文件中为";
  const std::string then = "。请改为正确的年份；不指定评价年度时可删除该字段（位置：assessment_year）。当前草稿未受影响。";
  const Error text = refused(with_year("2025"));
  CHECK(text.code == "package.assessment_year");
  CHECK(text.where == "assessment_year");
  CHECK(text.message == what + "文字“2025”" + then);
  CHECK(refused(with_year(1800)).message == what + " 1800" + then);
  CHECK(refused(with_year(2025.5)).message == what + " 2025.5" + then);
  CHECK(refused(with_year(-2025)).message == what + " -2025" + then);
  CHECK(refused(with_year(2101)).code == "package.assessment_year");
  CHECK(refused(with_year(true)).message == what + " true" + then);
  CHECK(refused(with_year(Json::array({2025}))).message == what + "一个列表" + then);
  CHECK(refused(with_year("二〇二五年度评价，按台账统计中小微企业服务家次")).message ==
        what + "文字“二〇二五年度评价，按台账统计中小微企业服…”" + then);  // 20 characters shown
  // 2^32 + 2025 would be 2025 if it were narrowed to int before the range check.
  CHECK(refused(with_year(std::uint64_t{4294969321u})).message == what + " 4294969321" + then);

  CHECK(imported(with_year(2000)).assessment.assessment_year == 2000);
  CHECK(imported(with_year(2100)).assessment.assessment_year == 2100);
  const ImportedPackage null_year = imported(with_year(nullptr));  // null: not set
  CHECK(null_year.assessment.assessment_year == 0);
  CHECK_FALSE(Json::parse(export_package(*null_year.rubric, null_year.assessment)).contains("assessment_year"));
  // /1 had no such field: a /1 file carrying one is refused like any unknown field.
  Json v1 = Json::parse(v1_text());
  v1["assessment_year"] = 2024;
  CHECK(refused(v1.dump()).code == "package.unknown_field");
}

TEST_CASE("verify_package on the /1 file finds nothing: the migration keeps the scores it recorded") {
  const std::string bytes = v1_text();
  auto r = verify_package(bytes, rubrics());
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  const VerifyReport& rep = r.value();
  CHECK(rep.ok());
  CHECK(rep.findings.empty());
  CHECK(rep.migrated_from == 1);
  CHECK(rep.notice == kNotice2025);
  REQUIRE(rep.stored_total.has_value());
  CHECK(*rep.stored_total == pts(46.7));
  CHECK(rep.computed_total == pts(46.7));
  CHECK(rep.evidence_checked == 1);  // the embedded 签到表; the PDF is listed as unchecked
  CHECK(rep.evidence_unchecked == std::vector<std::string>{"典型案例报送材料.pdf"});
  CHECK(rep.package_hash == package_hash(bytes));  // reviews name the file's own bytes, migrated or not
}

TEST_CASE("/1 copies of the sample packages (no ledger) migrate without a 评价年度 and score the same") {
  for (const char* id : {"chongming-2024", "hunan-db43", "shanghai-2024", "songjiang-2024", "wuhan-2025"}) {
    CAPTURE(id);
    const std::string v2 = qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/samples/" + id + ".json");
    REQUIRE(contains(v2, "\"format\": \"qis-package/2\""));
    std::string v1 = v2;
    v1.replace(v1.find("qis-package/2"), 13, "qis-package/1");
    const ImportedPackage now = imported(v2), old = imported(v1);
    CHECK(now.migrated_from == 0);
    CHECK(old.migrated_from == 1);
    CHECK(old.assessment.assessment_year == 0);
    CHECK(old.notice ==
          "此文件为旧版格式（qis-package/1），已按新版格式（qis-package/2）打开：台账中没有注明日期的记录，评价年度暂未设定。"
          "再次保存或导出时将使用新版格式。");
    CHECK(score(*old.rubric, old.assessment, "2025-06-30").total == score(*now.rubric, now.assessment, "2025-06-30").total);
    CHECK(export_package(*old.rubric, old.assessment) == export_package(*now.rubric, now.assessment));
  }
}

TEST_CASE("a /1 ledger whose latest year is outside 2000–2100 leaves the 评价年度 unset and scores as before") {
  // Ledger dates may be 1900–2100; a package's 评价年度 2000–2100. Every record 26 years earlier:
  // the latest year is 1999, which cannot be the 评价年度.
  Json j = Json::parse(v1_text());
  for (auto& r : j["ledger"]["records"]) {
    const std::string date = r["date"].get<std::string>();
    r["date"] = std::to_string(std::stoi(date.substr(0, 4)) - 26) + date.substr(4);
  }
  const ImportedPackage p = imported(j.dump());
  CHECK(p.migrated_from == 1);
  CHECK(p.assessment.assessment_year == 0);
  CHECK(p.notice ==
        "此文件为旧版格式（qis-package/1），已按新版格式（qis-package/2）打开：台账中最近的年份为 1999 年，不在 2000 至 2100 年之间"
        "（日期可能有误），评价年度暂未设定，按年度统计的项目仍按该年份计算。再次保存或导出时将使用新版格式。" QIS_EARLIER_FILE_NOTICE);
  const ScoreReport rep = score(*p.rubric, p.assessment);
  CHECK(rep.find("3.13")->score == pts(0.7));  // 1999 (was 2025): 乙 2 + 戊 5 家次 × 0.1, as /1 counted it
  CHECK(contains(rep.find("3.13")->explanation, "1999 年（台账中最近的年份）"));
  CHECK(rep.total == pts(46.7));
  const std::string first = export_package(*p.rubric, p.assessment);
  CHECK_FALSE(Json::parse(first).contains("assessment_year"));
  CHECK(export_package(*p.rubric, imported(first).assessment) == first);
}

TEST_CASE("the CLI reads /1 files: score, verify, ledger export, rank and report") {
  using qis_test::run_cli;
  const std::string v1 = v1_path();

  const auto score_text = run_cli({"score", v1});
  CHECK(score_text.code == 0);
  CHECK(contains(score_text.out, "评价年度：2025 年\n"));
  CHECK(contains(score_text.out, "总分：46.7 / 100（含加分 1）"));
  CHECK(score_text.err == "qis: " + v1 + ": 注意：" + kNotice2025 + "\n");  // information, exit code 0
  const auto score_json = run_cli({"score", v1, "--json"});
  CHECK(score_json.code == 0);
  const Json sj = Json::parse(score_json.out);
  CHECK(sj["assessment_year"] == 2025);
  CHECK(sj["total"] == 46.7);
  const auto sample = run_cli({"score", std::string(QIS_FIXTURE_DIR) + "/samples/chongming-2024.json", "--json"});
  CHECK(sample.err.empty());
  CHECK(Json::parse(sample.out)["assessment_year"].is_null());

  const auto verify = run_cli({"verify", v1});
  CHECK(verify.code == 0);
  CHECK(contains(verify.out, std::string("格式：") + kNotice2025 + "\n"));
  CHECK(contains(verify.out, "核对结果：未发现问题"));
  CHECK(verify.err.empty());
  const auto verify_json = run_cli({"verify", v1, "--json"});
  CHECK(verify_json.code == 0);
  const Json vj = Json::parse(verify_json.out);
  CHECK(vj["ok"] == true);
  CHECK(vj["migrated_from"] == 1);
  CHECK(vj["notice"] == kNotice2025);

  const std::string csv = (qis_test::scratch_dir() / "migration-ledger.csv").string();
  const auto ledger = run_cli({"ledger", "export", v1, "-o", csv});
  CHECK(ledger.code == 0);
  CHECK(contains(ledger.out, "已导出 13 条记录（5 家企业）"));

  // One /1 and one /2 package of the same rubric rank together. The /2 sample as exported, with
  // the stored scores rank verifies (without them it would be listed, not ranked).
  const std::string v2 = (qis_test::scratch_dir() / "migration-v2.json").string();
  {
    auto sample_pkg = import_package(qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/samples/chongming-2024.json"), rubrics());
    REQUIRE(sample_pkg.ok());
    std::ofstream(v2, std::ios::binary) << export_package(*sample_pkg.value().rubric, sample_pkg.value().assessment);
  }
  const auto rank = run_cli({"rank", v1, v2, "--json"});
  CHECK(rank.code == 0);
  const Json rj = Json::parse(rank.out);
  REQUIRE(rj["rows"].size() == 2);
  CHECK(rj["rows"][1]["name"] == "崇明区港西镇农产品加工质量服务站");
  CHECK(rj["rows"][1]["score"] == 46.7);
  CHECK(rj["rows"][1]["rank"] == 2);
  CHECK(rj["rows"][0]["score"] == 73.3);  // the /2 sample

  const std::string html = (qis_test::scratch_dir() / "migration-sheet.html").string();
  const auto report = run_cli({"report", v1, "--kind", "score-sheet", "-o", html});
  CHECK(report.code == 0);
  CHECK(contains(qis_test::read_file(html), "崇明区港西镇农产品加工质量服务站"));
}
