// Packages: stable export, byte-identical round trip, and clear refusals that leave drafts alone.
#include <doctest/doctest.h>

#include "bundled.h"
#include "helpers.h"
#include "kinds_fixture.h"
#include "package.h"
#include "sha256.h"

using namespace qis;

namespace {

std::vector<Rubric> kinds_only() {
  auto r = load_rubric(kAllKindsRubric, "kinds");
  REQUIRE(r.ok());
  return {std::move(r).value()};
}

Assessment sample(const Rubric& rb) {
  Assessment a = qis_test::assessment(rb, R"({"count": {"count": 25}, "levels": {"level": 1, "value": 7},
                                              "bands": {"value": 94.5}})");
  a.rubric_hash = rb.content_hash;
  a.profile["name"] = "长沙县质量服务站";
  a.profile["phone"] = "0731-12345678";
  a.notes["count"] = "证书清单见附件，含“计量校准证书”12份";
  a.gates["g"] = true;
  a.evidence.push_back({"ev1", "证书清单.pdf", "application/pdf", 3, sha256_hex("abc"), {"count"}, "", ""});
  a.created = "2026-11-01T08:00:00Z";
  a.modified = "2026-11-02T09:30:00Z";
  return a;
}

}  // namespace

TEST_CASE("export → import → export is byte-identical") {
  auto rubrics = kinds_only();
  const std::string first = export_package(rubrics[0], sample(rubrics[0]));
  auto back = import_package(first, rubrics);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message));
  const std::string second = export_package(*back.value().rubric, back.value().assessment);
  CHECK(first == second);
  CHECK(back.value().assessment.notes.at("count") == "证书清单见附件，含“计量校准证书”12份");
}

TEST_CASE("the package carries format, app and rubric identity and informational scores") {
  auto rubrics = kinds_only();
  Json j = Json::parse(export_package(rubrics[0], sample(rubrics[0])));
  CHECK(j["format"] == "qis-package/2");
  CHECK_FALSE(j.contains("assessment_year"));  // not set: omitted
  CHECK(j["rubric"]["id"] == "kinds");
  CHECK(j["rubric"]["hash"] == rubrics[0].content_hash);
  CHECK(j["scores"]["total"] == 34);  // 10 + 7 + 17
  CHECK(j["scores"]["criteria"]["levels"] == 7);
  CHECK(j["evidence"][0]["sha256"] == sha256_hex("abc"));
}

TEST_CASE("assessment_year (评价年度) is written at the top level when set, and round-trips byte for byte") {
  auto rubrics = kinds_only();
  Assessment a = sample(rubrics[0]);
  a.assessment_year = 2025;
  const std::string first = export_package(rubrics[0], a);
  CHECK(Json::parse(first)["assessment_year"] == 2025);
  CHECK(first.find("\t\"assessment_year\": 2025,\n") != std::string::npos);
  auto back = import_package(first, rubrics);
  REQUIRE(back.ok());
  CHECK(back.value().assessment.assessment_year == 2025);
  CHECK(back.value().migrated_from == 0);
  CHECK(export_package(*back.value().rubric, back.value().assessment) == first);
}

TEST_CASE("a package from a newer format is refused with an upgrade message") {
  auto rubrics = kinds_only();
  Json j = Json::parse(export_package(rubrics[0], sample(rubrics[0])));
  j["format"] = "qis-package/3";
  auto r = import_package(j.dump(), rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.format_version");
  CHECK(r.error().message.find("更新版本的工具") != std::string::npos);
  CHECK(r.error().message.find("当前草稿未受影响") != std::string::npos);
}

TEST_CASE("a package made under another rubric version is refused") {
  auto rubrics = kinds_only();
  Json j = Json::parse(export_package(rubrics[0], sample(rubrics[0])));
  j["rubric"]["version"] = "0.9";
  auto r = import_package(j.dump(), rubrics);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.rubric_version");
  CHECK(r.error().message.find("0.9 版") != std::string::npos);
}

TEST_CASE("a package whose rubric content differs is refused") {
  auto rubrics = kinds_only();
  Json j = Json::parse(export_package(rubrics[0], sample(rubrics[0])));
  j["rubric"]["hash"] = std::string(64, '0');
  CHECK(import_package(j.dump(), rubrics).error().code == "package.rubric_hash");
}

TEST_CASE("a package made with an earlier released file of the rubric opens, keeps its answers and says so") {
  // Every bundled rubric lists the file it was first released as; stations' drafts and exported
  // packages name that file's hash and must still open after the file changed.
  for (const char* id : {"chongming-2024", "hunan-db43", "songjiang-2024", "wuhan-2025", "shanghai-2024"}) {
    CAPTURE(id);
    const Rubric rb = qis_test::rubric(id);
    REQUIRE_FALSE(rb.earlier_hashes.empty());
    const std::vector<Rubric> rubrics{rb};
    Assessment a;
    a.rubric_id = rb.id;
    a.rubric_version = rb.version;
    a.profile["name"] = "早期数据包服务站";
    Json j = Json::parse(export_package(rb, a));
    j["rubric"]["hash"] = rb.earlier_hashes.front();
    auto r = import_package(j.dump(), rubrics);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r.value().assessment.profile.at("name") == "早期数据包服务站");
    CHECK(r.value().assessment.rubric_hash == rb.content_hash);  // saved again, it names the current file
    CHECK(r.value().notice.find("已按现行文件") != std::string::npos);
    // A hash that is neither the current nor an earlier file is still refused.
    j["rubric"]["hash"] = std::string(64, 'a');
    CHECK(import_package(j.dump(), rubrics).error().code == "package.rubric_hash");
  }
}

TEST_CASE("an earlier_files entry that is not a SHA-256 is refused by the loader") {
  std::string text = qis_test::read_file(std::string(QIS_RUBRIC_DIR) + "/shanghai-2024.json");
  const std::string key = "\"earlier_files\": [\n    {\"sha256\": \"";
  const auto at = text.find(key);
  REQUIRE(at != std::string::npos);
  text.replace(at + key.size(), 64, "not-a-hash");
  auto r = load_rubric(text, "shanghai-2024.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("SHA-256") != std::string::npos);
}

TEST_CASE("damaged and foreign files are refused with what to do") {
  auto rubrics = kinds_only();
  std::string text = export_package(rubrics[0], sample(rubrics[0]));
  auto cut = import_package(text.substr(0, text.size() / 2), rubrics);
  CHECK(cut.error().code == "package.syntax");
  CHECK(cut.error().message.find("重新导出") != std::string::npos);
  CHECK(import_package("[1,2,3]", rubrics).error().code == "package.not_package");
  CHECK(import_package(R"({"format": "something-else"})", rubrics).error().code == "package.not_package");
  Json j = Json::parse(text);
  j["evidence"][0]["sha256"] = "xyz";
  auto bad = import_package(j.dump(), rubrics);
  CHECK(bad.error().message.find("sha256 应为 64 位小写十六进制") != std::string::npos);
  CHECK(bad.error().message.find("evidence[0]") != std::string::npos);
}

TEST_CASE("scores are recomputed from the answers, whatever the file says") {
  auto rubrics = kinds_only();
  Json j = Json::parse(export_package(rubrics[0], sample(rubrics[0])));
  j["scores"]["total"] = 90;
  auto r = import_package(j.dump(), rubrics);
  REQUIRE(r.ok());
  CHECK(r.value().stored_scores["total"] == 90);
  CHECK(score(*r.value().rubric, r.value().assessment).total == qis_test::pts(34));
}

TEST_CASE("the file name is <单位名称>-<rubric>-<date>.json with unsafe characters replaced") {
  auto rubrics = kinds_only();
  Assessment a = sample(rubrics[0]);
  CHECK(package_file_name(rubrics[0], a, "2026-11-21") == "长沙县质量服务站-kinds-2026-11-21.json");
  a.profile["name"] = "A/B:C";
  CHECK(package_file_name(rubrics[0], a, "2026-11-21") == "A_B_C-kinds-2026-11-21.json");
}
