// qis key, qis roster, qis sign, and the signature checks of qis verify, review, panel and rank,
// run through the real binary on the bundled Wuhan rubric: the organisation issues a roster of
// three experts; they sign their reviews of 甲服务站 and the panel; someone else writes and signs a
// panel for 乙服务站 in the experts' names. `qis rank --roster` ranks 乙 without that panel and names it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>

#include "bundled.h"
#include "cli_runner.h"
#include "helpers.h"
#include "package.h"
#include "rank.h"
#include "review.h"
#include "sha256.h"
#include "verify.h"

using namespace qis;
using qis_test::run_cli;
namespace fs = std::filesystem;

namespace {

const char* kPassphrase = "评审专家的口令 2025";

using qis_test::contains;

fs::path desk() {
  const fs::path d = qis_test::scratch_dir() / "签名";
  fs::create_directories(d / "收到的材料");
  return d;
}

std::string put(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// Runs qis and requires exit code 0, showing stderr otherwise.
qis_test::CliRun ok(const std::vector<std::string>& args) {
  qis_test::CliRun r = run_cli(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r;
}

std::string new_key(const std::string& name, const std::string& file) {
  const std::string path = (desk() / file).string();
  if (!fs::exists(path)) ok({"key", "new", "--name", name, "--unit", "武汉市标准化研究院", "-o", path});
  return path;
}

std::string fingerprint_of(const std::string& key_path) {
  return Json::parse(ok({"key", "show", key_path, "--json"}).out)["fingerprint"].get<std::string>();
}

const Rubric& wuhan() {
  static const std::vector<Rubric> rubrics = load_bundled_rubrics();
  return *std::find_if(rubrics.begin(), rubrics.end(), [](const Rubric& r) { return r.id == "wuhan-2025"; });
}

// The Wuhan sample package under another station name.
Assessment station(const std::string& name) {
  auto p = import_package(qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/samples/wuhan-2025.json"), {wuhan()});
  REQUIRE(p.ok());
  Assessment a = p.value().assessment;
  a.profile["name"] = name;
  return a;
}

// Three reviews of `package` in the names 专家1…3, written to files, each signed with keys[i].
std::vector<std::string> signed_reviews(const std::string& package, const Assessment& a, const std::string& tag,
                                        const std::vector<std::string>& keys) {
  std::vector<std::string> files;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Review r = new_review(wuhan(), a, package, {"专家" + std::to_string(i + 1), "研究员", "武汉市标准化研究院"}, "2025-06-10");
    for (auto& [id, answer] : a.answers) r.items[id] = ReviewItem{answer, "", ""};
    files.push_back(put(desk() / (tag + "-review" + std::to_string(i + 1) + ".json"), export_review(r)));
    ok({"sign", files.back(), "--key", keys[i]});
  }
  return files;
}

}  // namespace

TEST_CASE("qis key, roster and sign; qis panel and rank --roster use only what the roster's experts signed") {
  ::setenv("QIS_PASSPHRASE", kPassphrase, 1);
  const std::string org = new_key("武汉市市场监督管理局", "org.key.json");
  const std::vector<std::string> experts = {new_key("专家1", "e1.key.json"), new_key("专家2", "e2.key.json"),
                                            new_key("专家3", "e3.key.json")};
  const std::string forger = new_key("专家1", "forger.key.json");  // anyone can type an expert's name

  // The experts hand in their public keys; the organisation signs a roster of them.
  std::vector<std::string> roster_args = {"roster", "new", "--org-key", org, "--from", "2025-01-01", "--to", "2025-12-31"};
  for (std::size_t i = 0; i < experts.size(); ++i) {
    const std::string pub = (desk() / ("e" + std::to_string(i + 1) + ".pub.json")).string();
    const auto shown = ok({"key", "public", experts[i], "-o", pub});
    CHECK(contains(shown.out, "已导出公钥文件"));
    CHECK_FALSE(contains(qis_test::read_file(pub), "secret"));
    roster_args.insert(roster_args.end(), {"--expert", pub});
  }
  const std::string roster = (desk() / "名单.json").string();
  roster_args.insert(roster_args.end(), {"-o", roster});
  const auto issued = ok(roster_args);
  const std::string org_fp = fingerprint_of(org);
  CHECK(contains(issued.out, "名单指纹：" + org_fp));
  CHECK(contains(issued.out, "专家 3 人"));
  CHECK(contains(ok({"roster", "show", roster, "--roster-fingerprint", org_fp}).out, "名单签名：有效"));

  // Two stations; 甲's reviews by the experts, 乙's written by the forger in the experts' names.
  const fs::path folder = desk() / "收到的材料";
  const Assessment a = station("甲服务站"), b = station("乙服务站");
  const std::string pa = export_package(wuhan(), a), pb = export_package(wuhan(), b);
  const std::string path_a = put(folder / "a-甲.json", pa), path_b = put(folder / "b-乙.json", pb);
  const auto genuine = signed_reviews(pa, a, "甲", experts);
  const auto forged = signed_reviews(pb, b, "乙", {forger, forger, forger});

  // qis review: the signature is shown, and checked against the roster when one is given.
  const auto one = ok({"review", path_a, genuine[0], "--roster", roster, "--today", "2025-06-10"});
  CHECK(contains(one.out, "签名：签名有效（专家 专家1，指纹 " + fingerprint_of(experts[0]) + "，名单 武汉市市场监督管理局 " + org_fp + "）"));
  const auto off = run_cli({"review", path_b, forged[0], "--roster", roster, "--today", "2025-06-10"});
  CHECK(off.code == 1);
  CHECK(contains(off.out, "签名：签名人不在名单中"));
  CHECK(contains(off.err, "[signature.not_on_roster]"));
  const auto late = run_cli({"review", path_a, genuine[0], "--roster", roster, "--today", "2026-01-05"});
  CHECK(late.code == 1);
  CHECK(contains(late.err, "有效期为 2025-01-01 至 2025-12-31，核对日期 2026-01-05 不在其内"));
  CHECK(contains(late.err, "[signature.expired]"));
  Json unsigned_review = Json::parse(qis_test::read_file(genuine[1]));
  unsigned_review.erase("signature");
  const auto bare = run_cli({"review", path_a, put(desk() / "unsigned.json", unsigned_review.dump()), "--roster", roster});
  CHECK(bare.code == 1);
  CHECK(contains(bare.err, "[signature.unsigned]"));
  CHECK(ok({"review", path_a, genuine[1]}).out.find("签名：签名有效（签名人自称 专家2") != std::string::npos);  // no roster

  // qis panel --roster: the genuine reviews merge; the forged ones are each named and nothing is merged.
  const std::string panel_a = (desk() / "panel-甲.json").string(), panel_b = (desk() / "panel-乙.json").string();
  std::vector<std::string> args = {"panel", path_a};
  args.insert(args.end(), genuine.begin(), genuine.end());
  args.insert(args.end(), {"--roster", roster, "--today", "2025-06-10", "-o", panel_a});
  const auto merged = ok(args);
  CHECK(contains(merged.out, "签名：专家2：签名有效（专家 专家2，指纹 " + fingerprint_of(experts[1])));
  ok({"sign", panel_a, "--key", experts[0]});  // the panel leader signs the panel file
  args = {"panel", path_b};
  args.insert(args.end(), forged.begin(), forged.end());
  const auto refused = run_cli([&] { auto v = args; v.insert(v.end(), {"--roster", roster, "--today", "2025-06-10"}); return v; }());
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "乙-review3.json: 签名人不在名单中"));
  CHECK(contains(refused.err, "未汇总"));
  args.insert(args.end(), {"-o", panel_b});
  CHECK(contains(ok(args).out, "签名有效（签名人自称 专家1"));  // without a roster it merges: its signatures hold
  ok({"sign", panel_b, "--key", forger});

  // A document made from a panel names the panel file's SHA-256 beside the package's (issue 26).
  const auto sheet = ok({"report", path_a, "--kind", "score-sheet", "--panel", panel_a, "--today", "2025-06-10"});
  CHECK(contains(sheet.out, "专家组汇总文件 SHA-256：<span class=\"hash\">" + qis::sha256_hex(qis_test::read_file(panel_a)) + "</span>"));

  // The embedded reviews are the files the experts signed, byte for byte in content.
  const Json saved = Json::parse(qis_test::read_file(panel_a));
  CHECK(saved["reviews"][0]["signature"] == Json::parse(qis_test::read_file(genuine[0]))["signature"]);

  // qis rank --roster: 甲 by its panel, 乙 by its self score, and the refused panel named.
  const auto ranked = run_cli({"rank", folder.string(), "--panel", panel_a, "--panel", panel_b, "--roster", roster,
                               "--today", "2025-06-10", "--json"});
  CHECK(ranked.code == 1);
  const Json rk = Json::parse(ranked.out);
  std::map<std::string, std::string> source;
  for (auto& row : rk["rows"]) source[row["name"].get<std::string>()] = row["source"].get<std::string>();
  CHECK(source["甲服务站"] == "panel");
  CHECK(source["乙服务站"] == "self");
  bool named = false;
  for (auto& n : rk["notes"]) named |= contains(n.get<std::string>(), "未采用专家组汇总“" + panel_b + "”");
  CHECK(named);
  CHECK(contains(ranked.err, panel_b + ": 未采用该专家组汇总（汇总文件本身）：签名人不在名单中"));
  CHECK(contains(ranked.err, "[signature.not_on_roster]"));
  CHECK(contains(ranked.err, panel_a + ": 专家“专家3”的评审意见：签名有效（专家 专家3"));
  const auto table = run_cli({"rank", folder.string(), "--panel", panel_a, "--panel", panel_b, "--roster", roster, "--today", "2025-06-10"});
  CHECK(table.code == 1);
  CHECK(contains(table.out, "注：未采用专家组汇总“" + panel_b + "”（汇总文件本身：签名人不在名单中"));
  CHECK(contains(table.out, "“乙服务站”按自评得分排名"));
  // Without a roster both panels count: the roster is what tells the forger from the experts.
  const auto trusting = ok({"rank", folder.string(), "--panel", panel_a, "--panel", panel_b, "--json"});
  for (auto& row : Json::parse(trusting.out)["rows"]) CHECK(row["source"] == "panel");

  // A panel changed after the leader signed it is refused with or without a roster.
  Json edited = Json::parse(qis_test::read_file(panel_a));
  edited["method"] = "trimmed";
  const std::string panel_edited = put(desk() / "panel-甲-改.json", edited.dump(1, '\t'));
  const auto altered = run_cli({"rank", path_a, "--panel", panel_edited});
  CHECK(altered.code == 1);
  CHECK(contains(altered.err, "未采用该专家组汇总（汇总文件本身）：签名无效：文件在签名后被改动过"));
  CHECK(contains(altered.err, "[signature.invalid]"));
}

TEST_CASE("qis verify shows a signed package's signature and fails when the package changed after signing") {
  ::setenv("QIS_PASSPHRASE", kPassphrase, 1);
  const std::string key = new_key("丙服务站", "station.key.json");
  const std::string path = put(desk() / "丙.json", export_package(wuhan(), station("丙服务站")));
  const auto before = ok({"verify", path});
  CHECK(contains(before.out, "签名：未签名"));
  const auto signing = ok({"sign", path, "--key", key});
  CHECK(contains(signing.out, "数据包 SHA-256：" + package_hash(qis_test::read_file(path))));
  const auto signed_ok = ok({"verify", path, "--json"});
  CHECK(Json::parse(signed_ok.out)["signature"]["status"] == "valid");
  CHECK(contains(ok({"verify", path}).out, "签名：签名有效（签名人自称 丙服务站，指纹 " + fingerprint_of(key) + "；未对照名单）"));

  Json edited = Json::parse(qis_test::read_file(path));
  edited["profile"]["contact_phone"] = "13900000000";  // scores unaffected: only the signature tells
  const std::string changed = put(desk() / "丙-改.json", edited.dump(1, '\t'));
  const auto v = run_cli({"verify", changed});
  CHECK(v.code == 1);
  CHECK(contains(v.out, "签名：签名无效（文件在签名后被改动）"));
  CHECK(contains(v.out, "核对结果：得分和证明材料未发现问题，但签名无效"));
  CHECK(contains(v.err, "[signature.invalid]"));
}

TEST_CASE("the passphrase: from a file, never missing silently, a wrong one refused; a key file is never overwritten") {
  ::setenv("QIS_PASSPHRASE", kPassphrase, 1);
  const std::string key = new_key("专家1", "e1.key.json");
  const std::string review = put(desk() / "待签.json", [&] {
    const Assessment a = station("丁服务站");
    Review r = new_review(wuhan(), a, export_package(wuhan(), a), {"专家1", "", ""}, "2025-06-10");
    return export_review(r);
  }());
  const std::string wrong = put(desk() / "错误口令.txt", "不是这个口令\n");
  const auto bad = run_cli({"sign", review, "--key", key, "--passphrase-file", wrong});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "口令不正确，无法解开私钥"));
  CHECK(contains(bad.err, "[key.passphrase]"));
  CHECK_FALSE(Json::parse(qis_test::read_file(review)).contains("signature"));  // nothing written
  const std::string right = put(desk() / "口令.txt", std::string(kPassphrase) + "\r\n");
  CHECK(contains(ok({"sign", review, "--key", key, "--passphrase-file", right}).out, "已签名"));

  ::unsetenv("QIS_PASSPHRASE");
  const auto missing = run_cli({"sign", review, "--key", key});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "[key.passphrase_missing]"));
  ::setenv("QIS_PASSPHRASE", kPassphrase, 1);

  const auto again = run_cli({"key", "new", "--name", "专家1", "-o", key});
  CHECK(again.code == 1);
  CHECK(contains(again.err, "[key.exists]"));
  std::string cut = qis_test::read_file(key);
  const auto truncated = run_cli({"key", "show", put(desk() / "截断.json", cut.substr(0, cut.size() - 40))});
  CHECK(truncated.code == 1);
  CHECK(contains(truncated.err, "密钥文件不完整或已损坏"));
  CHECK(contains(truncated.err, "[key.syntax]"));
  const auto roster = run_cli({"sign", put(desk() / "名单样式.json", R"({"format": "qis-roster/1"})"), "--key", key});
  CHECK(roster.code == 1);  // a roster is issued with qis roster, by the organisation's key
  CHECK(contains(roster.err, "[signature.document]"));
  CHECK(run_cli({"key", "rotate", key}).code == 2);
}
