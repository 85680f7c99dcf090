// The qis command-line tool, run as a real process (QIS_CLI is the binary of the same build):
// exit codes, stdout, stderr and the JSON it prints, on the bundled rubrics and on the sample
// packages in tests/fixtures/samples/.
//
// Hand-computed totals of the sample packages (docs/rubric-format.md gives each rule's score):
//
// | sample         | indicator      | arithmetic                                                               | score |
// |----------------|----------------|--------------------------------------------------------------------------|-------|
// | chongming-2024 | 1. 运营情况    | 1.1 4 items + extra 1 = 5, cap 4 → 4; 1.2 1; 1.3 2; 1.4 2+2 = 4; 1.5 2;  |       |
// |                |                | 1.6 3 → 4+1+2+4+2+3                                                      | 16    |
// |                | 2. 服务能力    | 2.7 judged 6.5; 2.8 6 items + extra 1 = 7; 2.9 3; 2.10 2; 2.11 2+2 = 4   | 22.5  |
// |                | 3. 服务成效    | 3.12.1 16 份 × 0.5 = 8; 3.12.2 7 × 0.5 = 3.5; 3.12.3 ⌊260/100⌋ × 1 = 2;  |       |
// |                |                | 3.12.4 3 × 1 = 3; 3.12.5 4 × 0.5 = 2; 3.13 38 × 0.1 = 3.8;               |       |
// |                |                | 3.14 3 × 2 = 6; 3.15 judged 3.5 → 8+3.5+2+3+2+3.8+6+3.5                  | 31.8  |
// |                | 4. 加分项      | 4.16 2 × 0.5 = 1; 4.17 2 × 1 = 2                                         | 3     |
// |                | total          | 16 + 22.5 + 31.8 + 3 (no thresholds: the score as score_text writes it) | 73.3  |
// | songjiang-2024 | 一、运营情况   | 1.1 3; 1.2 2; 1.3 1; 1.4 6; 1.5 2; 1.6 4                                 | 18    |
// |                | 二、服务能力   | 2.7 judged 7; 2.8 7 items = 7; 2.9 2; 2.10 4; 2.11 6 + extra 2 = 8, cap 6 | 26    |
// |                | 三、服务成效   | 3.12.1 23 × 0.5 = 11.5, cap 10; 3.12.2 9 × 0.5 = 4.5; 3.12.3 ⌊315/100⌋ = 3; |    |
// |                |                | 3.12.4 2; 3.12.5 5 × 0.5 = 2.5; 3.13 42 × 0.1 = 4.2; 3.14 2 × 2 = 4;     |       |
// |                |                | 3.15 judged 4 → 10+4.5+3+2+2.5+4.2+4+4                                   | 34.2  |
// |                | 四、加分项     | 4.16 3 × 0.5 = 1.5; 4.17 1 × 1 = 1; 4.18 yes 1                           | 3.5   |
// |                | total          | 18 + 26 + 34.2 + 3.5 = 81.7 > 70, 街镇级 (profile): 可申请区级项目命名   | 81.7  |
// |                |                | (> 80 推荐申请上海市 is for 区级 projects only, 五（二）)                 |       |
// | hunan-db43     | 组织管理       | 1.1: 10+8+10; 1.2: 10+9+7+6; 1.3: 5+0+8+10 → 28+32+23                    | 83    |
// |                | 服务平台建设   | 2.1: 12; 2.2: 45+15; 2.3: 10+10+10+6+8;                                  |       |
// |                |                | 2.4: 2.4.1 60 − (5−3) − (5−2) − 5 = 50, 2.4.2 24; 2.5: 10+8+10+18;      |       |
// |                |                | 2.6: 10+6+5+4+5+3; 2.7: 10+10+10+0; 2.8: 9+10                            |       |
// |                |                | → 12+60+44+74+46+33+30+19                                                | 318   |
// |                | 服务实施       | 40+25+30+20+40+25+30                                                     | 210   |
// |                | 服务效果       | 4.1.1 92.5 分 in band 90 → 17; 4.2: 15+14+0+7 = 36;                      |       |
// |                |                | 4.3.1 per 5 家 × 2, cap 5 each: 6→2, 12→4, 5→2, 18→6 cap 5, 4→0,        |       |
// |                |                |       10→4, 7→2 = 19; 4.3.2 highest provincial 8; 4.3.3 city 5;          |       |
// |                |                | 4.3.4 52% in band 0 (1~4) judged 3; 4.3.5 40 − (5−3) − (5−4) − 5 = 32    |       |
// |                |                | → 17 + 36 + (19+8+5+3+32)                                                | 120   |
// |                | total          | 83 + 318 + 210 + 120 (no thresholds: "得分 731 分（满分 1000）")         | 731   |
// | wuhan-2025     | 基础建设       | 3 + 2.5 + 2 + 1.5 + 3.5 + 4 + 2                                          | 18.5  |
// |                | 服务提供       | 2 + 2.5 + 8.5 + 11                                                       | 24    |
// |                | 服务实施       | 3 + 2.5 + 3 + 9                                                          | 17.5  |
// |                | 服务成效       | 7.5 + 8 + 4 + 4.5                                                        | 24    |
// |                | total          | 18.5 + 24 + 17.5 + 24; g13_1 from 2022-09-01 to 2025-06-30 = 33 months   | 84    |
// |                |                | ≥ 24, g13_2..7 declared met → 符合第十三条基本条件                       |       |
// | shanghai-2024  | 基本条件       | 5.1 + 5.2 + 5.3 = 1 + 1 + 1                                              | 3     |
// |                | 市级项目申请条件 | 7.1 1 + 7.2 1 + 7.3 no 0 + 7.4 1                                       | 3     |
// |                | total          | 3 + 3; gates: basic all met, city g7_3 failed → basic's pass_text        | 6     |
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "helpers.h"
#include "json_reader.h"

namespace fs = std::filesystem;
using qis::Json;

namespace {

const std::vector<std::string> kRubricIds = {"chongming-2024", "hunan-db43", "shanghai-2024", "songjiang-2024",
                                             "wuhan-2025"};

using qis_test::run_cli;
using Run = qis_test::CliRun;

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path p = qis_test::scratch_dir() / name;
  std::ofstream f(p, std::ios::binary);
  f << text;
  return p.string();
}

std::string rubric_path(const std::string& id) { return std::string(QIS_RUBRIC_DIR) + "/" + id + ".json"; }
std::string sample_path(const std::string& id) { return std::string(QIS_FIXTURE_DIR) + "/samples/" + id + ".json"; }

using qis_test::contains;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Parses the CLI's stdout as JSON; an unparsable output fails the test with the text.
Json parse_out(const Run& r) {
  Json j = Json::parse(r.out, nullptr, false);
  INFO("stdout: " << r.out);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

struct Indicator {
  const char* title;
  const char* max;    // as the CLI prints it (json dump)
  const char* score;  // for samples
};

struct RubricShape {
  std::string id;
  const char* max;
  const char* bonus_max;
  std::vector<Indicator> indicators;
};

const std::vector<RubricShape>& rubric_shapes() {
  static const std::vector<RubricShape> shapes = {
      {"chongming-2024", "100", "10",
       {{"1. 运营情况", "20", "16"}, {"2. 服务能力", "30", "22.5"}, {"3. 服务成效", "50", "31.8"}, {"4. 加分项", "10", "3"}}},
      {"hunan-db43", "1000", "0",
       {{"组织管理", "100", "83"}, {"服务平台建设", "400", "318"}, {"服务实施", "300", "210"}, {"服务效果", "200", "120"}}},
      {"shanghai-2024", "7", "0", {{"基本条件", "3", "3"}, {"市级项目申请条件", "4", "3"}}},
      {"songjiang-2024", "100", "10",
       {{"一、运营情况", "20", "18"}, {"二、服务能力", "30", "26"}, {"三、服务成效", "50", "34.2"}, {"四、加分项", "10", "3.5"}}},
      {"wuhan-2025", "100", "0",
       {{"基础建设", "20", "18.5"}, {"服务提供", "30", "24"}, {"服务实施", "20", "17.5"}, {"服务成效", "30", "24"}}},
  };
  return shapes;
}

struct SampleExpectation {
  std::string id;
  const char* total;
  const char* outcome;
};

const std::vector<SampleExpectation>& sample_expectations() {
  static const std::vector<SampleExpectation> samples = {
      {"chongming-2024", "73.3", "得分 73.3 分（满分 100，另有加分项最高 10 分；本次加分 3）"},
      {"hunan-db43", "731", "得分 731 分（满分 1000）"},
      {"shanghai-2024", "6", "满足第五条基本条件"},
      {"songjiang-2024", "81.7", "可申请区级项目命名（高于70分）"},
      {"wuhan-2025", "84", "符合第十三条基本条件，可申报市级质量服务站评价"},
  };
  return samples;
}

const char* kToday = "2025-06-30";

}  // namespace

TEST_CASE("qis rubrics lists the five bundled rubrics, one per line") {
  const Run r = run_cli({"rubrics"});
  INFO("stderr: " << r.err);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  const auto ls = lines(r.out);
  REQUIRE(ls.size() == kRubricIds.size());
  for (std::size_t i = 0; i < ls.size(); ++i) {
    CAPTURE(ls[i]);
    CHECK(ls[i].rfind(kRubricIds[i] + "\t", 0) == 0);
  }

  const Run js = run_cli({"rubrics", "--json"});
  CHECK(js.code == 0);
  const Json j = parse_out(js);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == kRubricIds.size());
  for (std::size_t i = 0; i < j.size(); ++i) CHECK(j[i]["id"] == kRubricIds[i]);
}

TEST_CASE("qis check accepts every bundled rubric file") {
  for (auto& id : kRubricIds) {
    CAPTURE(id);
    const Run r = run_cli({"check", rubric_path(id)});
    INFO("stderr: " << r.err);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(contains(r.out, id));
    CHECK(contains(r.out, "校验通过"));
  }
}

TEST_CASE("qis check --json prints the maximum, the bonus maximum and each top-level indicator's maximum") {
  for (auto& shape : rubric_shapes()) {
    CAPTURE(shape.id);
    const Run r = run_cli({"check", rubric_path(shape.id), "--json"});
    INFO("stderr: " << r.err);
    REQUIRE(r.code == 0);
    const Json j = parse_out(r);
    REQUIRE(j.is_object());
    CHECK(j["id"] == shape.id);
    CHECK(j["max"].dump() == shape.max);
    CHECK(j["bonus_max"].dump() == shape.bonus_max);
    REQUIRE(j["indicators"].is_array());
    REQUIRE(j["indicators"].size() == shape.indicators.size());
    for (std::size_t i = 0; i < shape.indicators.size(); ++i) {
      const Json& ind = j["indicators"][i];
      CHECK(ind["title"] == shape.indicators[i].title);
      CHECK(ind["max"].dump() == shape.indicators[i].max);
    }
  }
}

TEST_CASE("qis check rejects a Hunan copy whose 服务平台建设 maximum was changed to 40, naming the indicator and both numbers") {
  Json rubric = Json::parse(qis_test::read_file(rubric_path("hunan-db43")));
  bool changed = false;
  for (auto& ind : rubric["indicators"])
    if (ind["title"] == "服务平台建设") {
      ind["max"] = 40;
      changed = true;
    }
  REQUIRE(changed);
  const std::string path = write_temp("hunan-broken.json", rubric.dump(2, ' ', false));

  const Run r = run_cli({"check", path});
  INFO("stderr: " << r.err);
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "服务平台建设"));
  CHECK(contains(r.err, " 40 "));
  CHECK(contains(r.err, "400"));
  CHECK(contains(r.err, path));

  const Run js = run_cli({"check", path, "--json"});
  CHECK(js.code == 1);
  CHECK(js.out.empty());
  CHECK(contains(js.err, "服务平台建设"));
}

TEST_CASE("qis score --json gives each sample package its hand-computed total") {
  for (auto& s : sample_expectations()) {
    CAPTURE(s.id);
    const Run r = run_cli({"score", sample_path(s.id), "--json", "--today", kToday});
    INFO("stderr: " << r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    const Json j = parse_out(r);
    CHECK(j["rubric"] == s.id);
    CHECK(j["total"].dump() == s.total);
    CHECK(contains(j["outcome"].get<std::string>(), s.outcome));
    REQUIRE(j["unanswered"].is_array());
    CHECK(j["unanswered"].empty());  // every criterion of every sample is answered

    const RubricShape* shape = nullptr;
    for (auto& sh : rubric_shapes())
      if (sh.id == s.id) shape = &sh;
    REQUIRE(shape != nullptr);
    CHECK(j["max"].dump() == shape->max);
    REQUIRE(j["indicators"].size() == shape->indicators.size());
    for (std::size_t i = 0; i < shape->indicators.size(); ++i) {
      const Json& ind = j["indicators"][i];
      CAPTURE(shape->indicators[i].title);
      CHECK(ind["title"] == shape->indicators[i].title);
      CHECK(ind["score"].dump() == shape->indicators[i].score);
      CHECK(ind["max"].dump() == shape->indicators[i].max);
    }
  }
}

TEST_CASE("qis score prints the total and the outcome as text without --json") {
  const Run r = run_cli({"score", sample_path("songjiang-2024")});
  INFO("stderr: " << r.err);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "总分：81.7 / 100（含加分 3.5）"));
  // Issue 17: 佘山镇 is a 街镇级 project (profile project_level), so 81.7 gives the 区级 outcome.
  CHECK(contains(r.out, "结论：可申请区级项目命名（高于70分）"));
  CHECK_FALSE(contains(r.out, "上海市项目命名"));

  const Run h = run_cli({"score", sample_path("hunan-db43")});
  CHECK(h.code == 0);
  CHECK(contains(h.out, "  服务平台建设：318 / 400\n"));
  CHECK(contains(h.out, "总分：731 / 1000\n"));
}

TEST_CASE("the Wuhan sample's two-year operating condition is decided by the date given with --today") {
  auto outcome = [](std::vector<std::string> extra) {
    std::vector<std::string> args = {"score", sample_path("wuhan-2025"), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Run r = run_cli(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.code == 0);
    const Json j = parse_out(r);
    CHECK(j["total"] == 84);
    return j;
  };
  const Json met = outcome({"--today", "2025-06-30"});  // 33 months since 2022-09-01
  CHECK(met["eligible"] == true);
  CHECK(met["gates"][0]["id"] == "g13_1");
  CHECK(met["gates"][0]["state"] == "met");

  const Json early = outcome({"--today", "2024-06-30"});  // 21 months
  CHECK(early["eligible"] == false);
  CHECK(early["gates"][0]["state"] == "failed");
  CHECK(early["outcome"] == "不符合第十三条基本条件，不能申报市级质量服务站评价");

  const Json unknown = outcome({});  // no date: the condition is left open
  CHECK(unknown["gates"][0]["state"] == "unanswered");
  CHECK(unknown["outcome"] == "申报条件尚未全部确认");
}

TEST_CASE("qis score exits 1 and names the criterion when an answer is out of range") {
  Json pkg = Json::parse(qis_test::read_file(sample_path("chongming-2024")));
  pkg["answers"]["2.7"] = {{"value", 9}};  // 7) 合理布局 is judged 0~8
  const std::string path = write_temp("chongming-out-of-range.json", pkg.dump(1, '\t', false));

  const Run r = run_cli({"score", path});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == 1);
  CHECK(contains(r.err, "合理布局"));
  CHECK(contains(r.err, "2.7"));
  CHECK(contains(r.err, "0~8"));

  const Run js = run_cli({"score", path, "--json"});
  CHECK(js.code == 1);
  CHECK(contains(js.err, "合理布局"));
}

TEST_CASE("usage errors exit 2 and print the usage") {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"check"},
      {"score"},
      {"check", rubric_path("hunan-db43"), rubric_path("wuhan-2025")},
      {"rubrics", "--frobnicate"},
  };
  for (auto& args : cases) {
    std::string joined;
    for (auto& a : args) joined += a + " ";
    CAPTURE(joined);
    const Run r = run_cli(args);
    CHECK(r.code == 2);
    CHECK(contains(r.err, "用法"));
    CHECK(r.out.empty());
  }
}

TEST_CASE("a missing file exits 1 with a Chinese message naming it") {
  const std::string missing = (qis_test::scratch_dir() / "不存在的文件.json").string();
  for (const char* cmd : {"check", "score"}) {
    CAPTURE(cmd);
    const Run r = run_cli({cmd, missing});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "无法读取文件"));
    CHECK(contains(r.err, missing));
  }
}
