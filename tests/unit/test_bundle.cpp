// The submission bundle's rules (core/bundle.h): where each evidence file lives in the zip, what a
// central directory may declare before anything is inflated, and verifying a package against the
// files read from its bundle.
#include <doctest/doctest.h>

#include <set>

#include "bundle.h"
#include "helpers.h"
#include "kinds_fixture.h"
#include "package.h"
#include "sha256.h"

using namespace qis;

namespace {

EvidenceItem item(const std::string& id, const std::string& name, std::vector<std::string> criteria = {"count"},
                  const std::string& bytes = "x") {
  return {id, name, "application/pdf", static_cast<std::int64_t>(bytes.size()), sha256_hex(bytes), std::move(criteria), "", ""};
}

Assessment with(std::vector<EvidenceItem> ev) {
  Assessment a;
  a.evidence = std::move(ev);
  return a;
}

ZipEntryInfo entry(const std::string& name, std::uint64_t size = 10, int method = 0) {
  ZipEntryInfo e;
  e.name = name;
  e.method = method;
  e.compressed = size;
  e.uncompressed = size;
  return e;
}

// A bundle directory: package.json and the given entries.
std::vector<ZipEntryInfo> dir(std::vector<ZipEntryInfo> more) {
  more.insert(more.begin(), entry("package.json", 1000));
  return more;
}

std::optional<Error> check(std::vector<ZipEntryInfo> more) { return check_bundle_directory(dir(std::move(more)), 5000); }

}  // namespace

TEST_CASE("bundle paths: a unique safe name stands as it is, a repeated one goes under its id") {
  const auto p = bundle_paths(with({item("ev1", "营业执照.pdf"), item("ev2", "照片.jpg"), item("ev3", "照片.jpg"),
                                    item("ev4", "Scan.PDF"), item("ev5", "scan.pdf")}));
  REQUIRE(p.size() == 5);
  CHECK(p[0] == "evidence/营业执照.pdf");
  CHECK(p[1] == "evidence/ev2/照片.jpg");
  CHECK(p[2] == "evidence/ev3/照片.jpg");
  // Names that differ in case only clash when unpacked on Windows or macOS.
  CHECK(p[3] == "evidence/ev4/Scan.PDF");
  CHECK(p[4] == "evidence/ev5/scan.pdf");
}

TEST_CASE("bundle paths: unsafe names and ids get a neutral name; every path is unique and passes the directory check") {
  const std::string long_name = std::string(197, 'a') + ".pdf";  // 201 bytes
  const auto a = with({item("ev1", "../x.pdf"), item("ev2", "a/b.jpg"), item("ev3", ""), item("ev4", "C:x.png"),
                       item("ev5", "a\x01.pdf"), item("ev6", "\xff\xfe.pdf"), item("ev7", long_name),
                       item("../up", "同名.pdf"), item("dup", "同名.pdf"), item("dup", "同名.pdf"), item("ev11", ".."),
                       item("ev12", "a\\b.doc"), item("ev13", "ev14"), item("ev14", "重复.pdf"), item("ev15", "重复.pdf")});
  const auto p = bundle_paths(a);
  REQUIRE(p.size() == a.evidence.size());
  CHECK(p[0] == "evidence/1/file.pdf");
  CHECK(p[1] == "evidence/2/file.jpg");
  CHECK(p[2] == "evidence/3/file");
  CHECK(p[3] == "evidence/4/file.png");
  CHECK(p[4] == "evidence/5/file.pdf");
  CHECK(p[5] == "evidence/6/file.pdf");
  CHECK(p[6] == "evidence/7/file.pdf");
  CHECK(p[7] == "evidence/8/同名.pdf");        // the id is not safe either
  CHECK(p[8] == "evidence/dup/同名.pdf");
  CHECK(p[9] == "evidence/10/同名.pdf");       // same id and name as the one before
  CHECK(p[10] == "evidence/11/file");
  CHECK(p[11] == "evidence/12/file.doc");
  CHECK(p[12] == "evidence/ev14");             // a unique name, taken first
  CHECK(p[13] == "evidence/14/重复.pdf");      // its id would make evidence/ev14 a folder as well
  CHECK(p[14] == "evidence/ev15/重复.pdf");
  CHECK(std::set<std::string>(p.begin(), p.end()).size() == p.size());
  std::vector<ZipEntryInfo> entries;
  for (auto& path : p) entries.push_back(entry(path));
  CHECK_FALSE(check(entries).has_value());

  // A neutral folder number that a unique name already took moves aside.
  const auto q = bundle_paths(with({item("ev1", "2"), item("x/y", "a.pdf"), item("x/z", "a.pdf")}));
  CHECK(q[0] == "evidence/2");
  CHECK(q[1] == "evidence/2-2/a.pdf");
  CHECK(q[2] == "evidence/3/a.pdf");
}

TEST_CASE("a bundle's directory as the tool writes it passes; folder entries are allowed") {
  CHECK_FALSE(check({entry("evidence/"), entry("evidence/a.pdf"), entry("evidence/ev2/"), entry("evidence/ev2/b.jpg", 20, 8)}));
}

TEST_CASE("hostile paths in a bundle are refused with their message") {
  const std::string tail = "，已拒绝打开。请向申报单位索取原始提交包。";
  struct Case {
    std::string name, message;
  };
  const std::vector<Case> cases = {
      {"../x", "提交包中的“../x”指向包外的位置" + tail},
      {"evidence/../../x", "提交包中的“evidence/../../x”指向包外的位置" + tail},
      {"/etc/passwd", "提交包中的“/etc/passwd”是绝对路径，指向包外的位置" + tail},
      {"C:/Windows/x.dll", "提交包中的“C:/Windows/x.dll”带有盘符，指向包外的位置" + tail},
      {"c:x", "提交包中的“c:x”带有盘符，指向包外的位置" + tail},
      {"evidence\\..\\x", "提交包中的“evidence\\..\\x”含有反斜杠（\\），在 Windows 上会指向别的文件夹" + tail},
      {"evidence/a\x01.pdf", "提交包中的“evidence/a\\x01.pdf”的名字含有控制字符" + tail},
      {"evidence//a.pdf", "提交包中的“evidence//a.pdf”的路径不规范（含有空的或“.”的一段）" + tail},
      {"./package.json", "提交包中的“./package.json”的路径不规范（含有空的或“.”的一段）" + tail},
      {"evidence/\xff.pdf", "提交包中的“evidence/\\xFF.pdf”的名字不是有效的 UTF-8 文本" + tail},
      {"", "提交包中有一个没有名字的文件，已拒绝打开。请向申报单位索取原始提交包。"},
  };
  for (auto& c : cases) {
    CAPTURE(c.name);
    auto err = check({entry("evidence/a.pdf"), entry(c.name)});
    REQUIRE(err);
    CHECK(err->code == "bundle.path");
    CHECK(err->message == c.message);
  }
  // A folder entry is checked like a file.
  auto up = check({entry("../")});
  REQUIRE(up);
  CHECK(up->message == "提交包中的“../”指向包外的位置" + tail);
  // A GBK name written without the UTF-8 flag (common with Windows zip tools).
  ZipEntryInfo gbk = entry("evidence/\xd5\xd5\xc6\xac.jpg");  // 照片 in GBK
  gbk.utf8 = false;
  auto local = check({gbk});
  REQUIRE(local);
  CHECK(local->code == "bundle.path");
  CHECK(local->message ==
        "提交包中的文件名“evidence/\\xD5\\xD5\\xC6\\xAC.jpg”不是 UTF-8 编码（可能是压缩软件按 GBK 等本地编码保存的），"
        "无法确定它指向哪里，已拒绝打开。请申报单位用本工具重新生成提交包。");
  CHECK(local->where == "evidence/\\xD5\\xD5\\xC6\\xAC.jpg");
  // Valid UTF-8 without the flag is read as UTF-8.
  ZipEntryInfo plain = entry("evidence/照片.jpg");
  plain.utf8 = false;
  CHECK_FALSE(check({plain}));
}

TEST_CASE("a name twice, or a file that is also a folder, is refused") {
  auto twice = check({entry("evidence/a.pdf"), entry("evidence/a.pdf")});
  REQUIRE(twice);
  CHECK(twice->code == "bundle.duplicate");
  CHECK(twice->message == "提交包中的“evidence/a.pdf”出现了不止一次，无法确定申报单位提交的是哪一个，已拒绝打开。请向申报单位索取原始提交包。");
  CHECK(twice->where == "evidence/a.pdf");
  auto pkg = check({entry("package.json")});
  REQUIRE(pkg);
  CHECK(pkg->code == "bundle.duplicate");
  const std::string both = "既是文件又是文件夹，无法确定申报单位提交的是哪一个，已拒绝打开。请向申报单位索取原始提交包。";
  for (auto order : {std::vector<std::string>{"evidence/a", "evidence/a/b.pdf"}, std::vector<std::string>{"evidence/a/b.pdf", "evidence/a"},
                     std::vector<std::string>{"evidence/a", "evidence/a/"}, std::vector<std::string>{"evidence/a/", "evidence/a"}}) {
    CAPTURE(order[0]);
    auto err = check({entry(order[0]), entry(order[1])});
    REQUIRE(err);
    CHECK(err->code == "bundle.duplicate");
    CHECK(err->message == "提交包中的“evidence/a”" + both);
  }
  // The same folder listed twice is harmless.
  CHECK_FALSE(check({entry("evidence/"), entry("evidence/"), entry("evidence/a.pdf")}));
}

TEST_CASE("sizes, counts, methods and encryption declared in the directory are checked before anything is inflated") {
  SUBCASE("the bundle file") {
    auto err = check_bundle_directory(dir({}), kMaxBundleBytes + 1);
    REQUIRE(err);
    CHECK(err->code == "bundle.too_large");
    CHECK(err->message == "提交包过大（4097 MB，上限 4096 MB），未打开。请确认选择的是正确的文件；扫描件过大时请申报单位压缩后重新生成提交包。");
    CHECK_FALSE(check_bundle_directory(dir({}), kMaxBundleBytes));
  }
  SUBCASE("too many entries") {
    std::vector<ZipEntryInfo> many;
    for (std::size_t i = 0; i < kMaxBundleEntries; ++i) many.push_back(entry("evidence/" + std::to_string(i)));
    auto err = check(many);
    REQUIRE(err);
    CHECK(err->code == "bundle.too_many");
    CHECK(err->message == "提交包中有 10001 个文件，超过上限 10000 个，未打开。这不是本工具生成的提交包，或已损坏；请向申报单位索取原始提交包。");
    many.pop_back();
    CHECK_FALSE(check(many));
  }
  SUBCASE("one entry over 1 GiB (a 2 GB declared entry)") {
    ZipEntryInfo big = entry("evidence/big.pdf", 2000000000);
    auto err = check({big});
    REQUIRE(err);
    CHECK(err->code == "bundle.entry_too_large");
    CHECK(err->message ==
          "提交包中的“evidence/big.pdf”声明解压后为 1908 MB，超过单个文件的上限 1024 MB，已拒绝打开。请申报单位把过大的扫描件压缩或拆分后重新生成提交包。");
    CHECK(err->where == "evidence/big.pdf");
    CHECK_FALSE(check({entry("evidence/big.pdf", kMaxBundleEntryBytes)}));
  }
  SUBCASE("package.json over the package limit") {
    auto err = check_bundle_directory({entry("package.json", kMaxPackageBytes + 1)}, 5000);
    REQUIRE(err);
    CHECK(err->code == "bundle.entry_too_large");
    CHECK(err->message == "提交包中的“package.json”（评价数据包）声明解压后为 65 MB，超过数据包的上限 64 MB，已拒绝打开。请向申报单位索取原始提交包。");
  }
  SUBCASE("a zip bomb: a tiny deflated entry that claims to inflate a hundredfold and more") {
    ZipEntryInfo bomb = entry("evidence/bomb.pdf", 0, 8);
    bomb.compressed = 10 * 1024;
    bomb.uncompressed = 500ull << 20;
    auto err = check({bomb});
    REQUIRE(err);
    CHECK(err->code == "bundle.bomb");
    CHECK(err->message ==
          "提交包中的“evidence/bomb.pdf”压缩后只有 10 KB，却声明解压后为 500 MB（超过 100 倍），可能是恶意构造的“压缩炸弹”，已拒绝打开。请向申报单位索取原始提交包。");
    bomb.compressed = 0;  // nothing at all that claims to be something
    CHECK(check({bomb}));
    // A text that deflates well but is small stays allowed; so does a ratio of exactly 100.
    ZipEntryInfo small = entry("evidence/a.txt", 0, 8);
    small.compressed = 100;
    small.uncompressed = 1 << 20;
    CHECK_FALSE(check({small}));
    ZipEntryInfo hundred = entry("evidence/b.txt", 0, 8);
    hundred.compressed = 100ull << 10;
    hundred.uncompressed = 100ull * (100ull << 10);
    CHECK_FALSE(check({hundred}));
  }
  SUBCASE("the total") {
    std::vector<ZipEntryInfo> five;
    for (int i = 0; i < 5; ++i) five.push_back(entry("evidence/" + std::to_string(i) + ".pdf", kMaxBundleEntryBytes));
    auto err = check(five);
    REQUIRE(err);
    CHECK(err->code == "bundle.total_too_large");
    CHECK(err->message == "提交包中的文件解压后共 5121 MB，超过上限 4096 MB，已拒绝打开。扫描件过大时请申报单位压缩后重新生成提交包。");
  }
  SUBCASE("encrypted") {
    ZipEntryInfo e = entry("evidence/a.pdf");
    e.encrypted = true;
    auto err = check({e});
    REQUIRE(err);
    CHECK(err->code == "bundle.encrypted");
    CHECK(err->message == "提交包中的“evidence/a.pdf”已加密，本工具无法核对，已拒绝打开。请申报单位不设密码重新生成提交包。");
  }
  SUBCASE("a compression method other than store and deflate") {
    auto err = check({entry("evidence/a.pdf", 10, 14)});
    REQUIRE(err);
    CHECK(err->code == "bundle.method");
    CHECK(err->message ==
          "提交包中的“evidence/a.pdf”使用了本工具不支持的压缩方式（编号 14），已拒绝打开。请申报单位用本工具重新生成提交包（证明材料按原样存储）。");
  }
  SUBCASE("no package") {
    auto err = check_bundle_directory({entry("evidence/a.pdf"), entry("package.json/")}, 100);
    REQUIRE(err);
    CHECK(err->code == "bundle.no_package");
    CHECK(err->message ==
          "提交包中没有 package.json（评价数据包），不是本工具生成的提交包，已拒绝打开。请向申报单位索取用本工具“导出”生成的提交包。");
  }
}

namespace {

const std::string kScan = "扫描件：营业执照";
const std::string kPhoto = "照片：服务大厅";

struct BundleFixture {
  std::vector<Rubric> rubrics;
  std::string package;
  BundleFixture() {
    auto r = load_rubric(kAllKindsRubric, "kinds");
    REQUIRE(r.ok());
    rubrics.push_back(std::move(r).value());
    const Rubric& rb = rubrics[0];
    Assessment a = qis_test::assessment(rb, R"({"count": {"count": 4}})");
    a.rubric_hash = rb.content_hash;
    a.profile["name"] = "测试服务站";
    a.evidence.push_back(item("ev1", "营业执照.pdf", {"count"}, kScan));
    a.evidence.push_back(item("ev2", "大厅.jpg", {"levels", "judge"}, kPhoto));
    package = export_package(rb, a);
  }
  static std::vector<BundleFile> files() {
    return {{"evidence/营业执照.pdf", static_cast<std::int64_t>(kScan.size()), sha256_hex(kScan), std::nullopt},
            {"evidence/大厅.jpg", static_cast<std::int64_t>(kPhoto.size()), sha256_hex(kPhoto), std::nullopt}};
  }
};

const VerifyFinding* finding(const VerifyReport& r, const std::string& code, const std::string& criterion) {
  for (auto& f : r.findings)
    if (f.code == code && f.criterion == criterion) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("verify_bundle: every file present and unchanged passes") {
  BundleFixture fx;
  auto r = verify_bundle(fx.package, fx.rubrics, fx.files());
  REQUIRE(r.ok());
  CHECK(r.value().ok());
  CHECK(r.value().evidence_entries == 2);
  CHECK(r.value().evidence_checked == 2);
  CHECK(r.value().evidence_unchecked.empty());
  CHECK(r.value().package_hash == sha256_hex(fx.package));
}

TEST_CASE("verify_bundle: a missing file is verify.evidence_missing for each of its criteria, naming where it should be") {
  BundleFixture fx;
  auto files = fx.files();
  files.pop_back();
  auto r = verify_bundle(fx.package, fx.rubrics, files);
  REQUIRE(r.ok());
  const VerifyReport& rep = r.value();
  CHECK(rep.findings.size() == 2);
  REQUIRE(finding(rep, "verify.evidence_missing", "levels"));
  CHECK(finding(rep, "verify.evidence_missing", "levels")->message ==
        "“机构”（levels）的证明材料“大厅.jpg”：提交包中没有该文件（应在“evidence/大厅.jpg”）；请向申报单位索取完整的提交包");
  CHECK(finding(rep, "verify.evidence_missing", "judge"));
}

TEST_CASE("verify_bundle: an altered file is verify.evidence_hash for its criterion; another size is verify.evidence_size") {
  BundleFixture fx;
  auto files = fx.files();
  std::string changed = kScan;
  changed[0] = static_cast<char>(changed[0] ^ 1);
  files[0].sha256 = sha256_hex(changed);
  auto r = verify_bundle(fx.package, fx.rubrics, files);
  REQUIRE(r.ok());
  REQUIRE(r.value().findings.size() == 1);
  CHECK(r.value().findings[0].code == "verify.evidence_hash");
  CHECK(r.value().findings[0].criterion == "count");
  CHECK(r.value().findings[0].message == "“证书”（count）的证明材料“营业执照.pdf”：SHA-256 与清单记录不一致，内容已被改动或不是同一文件");

  files = fx.files();
  files[1].size += 1;
  auto s = verify_bundle(fx.package, fx.rubrics, files);
  REQUIRE(s.ok());
  CHECK(finding(s.value(), "verify.evidence_size", "levels"));

  files = fx.files();
  files[0].refused = Error{"verify.evidence_refused", "：压缩数据已损坏，无法解压，未核对", ""};
  auto bad = verify_bundle(fx.package, fx.rubrics, files);
  REQUIRE(bad.ok());
  REQUIRE(finding(bad.value(), "verify.evidence_refused", "count"));
  CHECK(finding(bad.value(), "verify.evidence_refused", "count")->message ==
        "“证书”（count）的证明材料“营业执照.pdf”：压缩数据已损坏，无法解压，未核对");
}

TEST_CASE("verify_bundle: a file no entry names is verify.bundle_extra, listed at most ten times") {
  BundleFixture fx;
  auto files = fx.files();
  files.push_back({"evidence/后补.pdf", 3, sha256_hex("abc"), std::nullopt});
  auto r = verify_bundle(fx.package, fx.rubrics, files);
  REQUIRE(r.ok());
  REQUIRE(r.value().findings.size() == 1);
  CHECK(r.value().findings[0].code == "verify.bundle_extra");
  CHECK(r.value().findings[0].criterion == "");
  CHECK(r.value().findings[0].message ==
        "提交包中的“evidence/后补.pdf”不在数据包的证明材料清单中（可能是后来放进去的），不能作为证明材料采信；请向申报单位核实");
  CHECK(r.value().findings_total == 1);

  for (int i = 0; i < 14; ++i) files.push_back({"evidence/x" + std::to_string(i), 1, sha256_hex("a"), std::nullopt});
  auto many = verify_bundle(fx.package, fx.rubrics, files);
  REQUIRE(many.ok());
  const VerifyReport& rep = many.value();
  CHECK(rep.findings_total == 15);
  REQUIRE(rep.findings.size() == 11);
  CHECK(rep.findings[10].code == "verify.more_findings");
  CHECK(rep.findings[10].message == "另有 5 处问题未逐一列出（每个细项最多列出 10 个）；请申报单位核对后重新导出数据包");
  // The package file itself is not an extra.
  files = fx.files();
  files.push_back({"package.json", 10, sha256_hex("x"), std::nullopt});
  CHECK(verify_bundle(fx.package, fx.rubrics, files).value().ok());
}

TEST_CASE("verify_bundle: a package the tool cannot read is the package's error") {
  BundleFixture fx;
  auto r = verify_bundle("{}", fx.rubrics, fx.files());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "package.not_package");
}
