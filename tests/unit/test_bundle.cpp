// The submission bundle's rules (core/bundle.h): where each evidence file lives in the zip, what a
// central directory may declare before anything is inflated, and verifying a package against the
// files read from its bundle; then qis bundle and qis verify BUNDLE.zip as a real process.
#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "base64.h"
#include "bundle.h"
#include "bundled.h"
#include "cli_runner.h"
#include "helpers.h"
#include "json_reader.h"
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
    // A short text that deflates well stays allowed (at most 4 KiB each); so does a ratio of exactly 100.
    ZipEntryInfo small = entry("evidence/a.txt", 0, 8);
    small.compressed = 10;
    small.uncompressed = kBundleRatioFloor;
    CHECK_FALSE(check({small}));
    // Issue 31 item 5: entries of exactly 1 MiB skipped the ratio, so 4,000 of them on one 285 KB
    // file passed; now every entry above 4 KiB is held to it.
    small.compressed = 100;
    small.uncompressed = 1 << 20;
    REQUIRE(check({small}));
    CHECK(check({small})->code == "bundle.bomb");
    ZipEntryInfo hundred = entry("evidence/b.txt", 0, 8);
    hundred.compressed = 100ull << 10;
    hundred.uncompressed = 100ull * (100ull << 10);
    CHECK_FALSE(check({hundred}));
  }
  SUBCASE("local headers: a name other than the directory's, and entries sharing data") {
    const std::vector<ZipEntryInfo> entries = {entry("package.json", 100), entry("evidence/a.pdf", 1000),
                                               entry("evidence/b.pdf", 1000)};
    std::vector<ZipLocalInfo> local = {{"package.json", 42}, {"evidence/a.pdf", 200}, {"evidence/b.pdf", 1250}};
    CHECK_FALSE(check_local_headers(entries, local));
    local[1].name = "../../../tmp/a.pdf";
    auto named = check_local_headers(entries, local);
    REQUIRE(named);
    CHECK(named->code == "bundle.local_name");
    CHECK(named->message ==
          "提交包中的“evidence/a.pdf”在文件头中却记为“../../../tmp/a.pdf”，两处名字不一致（解压软件可能把它写到别处），已拒绝打开。请向申报单位索取原始提交包。");
    local[1].name = "evidence/a.pdf";
    local[2].data_offset = 200;  // b.pdf's directory entry points at a.pdf's data
    auto shared = check_local_headers(entries, local);
    REQUIRE(shared);
    CHECK(shared->code == "bundle.overlap");
    CHECK(shared->message.find("指向同一段数据") != std::string::npos);
    local[2].data_offset = 1199;  // starts inside a.pdf's 1000 bytes
    CHECK(check_local_headers(entries, local));
  }
  SUBCASE("the files a package.json names, with their sizes; embedded ones left out") {
    const std::string pkg = R"({"format":"qis-package/2","evidence":[
      {"id":"e1","name":"制度.pdf","size":1234,"sha256":"x"},
      {"id":"e2","name":"照片.jpg","size":5,"sha256":"y","data_base64":"AAAAAAA="}]})";
    const auto files = bundle_expected_files(pkg);
    REQUIRE(files.size() == 1);
    CHECK(files.at("evidence/制度.pdf") == 1234);
    CHECK(bundle_expected_files("not json").empty());
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

// ---------------------------------------------------------------------------------------------
// qis bundle and qis verify BUNDLE.zip, run as a real process. Hostile zips are built byte by byte
// below (ZipBuilder), so a test can declare what a honest writer never would (2 GB, "../x").

namespace {

namespace fs = std::filesystem;
using qis_test::run_cli;
using Run = qis_test::CliRun;

using qis_test::contains;

fs::path fresh_dir(const std::string& name) {
  const fs::path d = qis_test::scratch_dir() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary);
  f << bytes;
  return p.string();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A zip written by hand: stored or deflated entries, and declared sizes that may lie.
class ZipBuilder {
 public:
  struct Entry {
    std::string name;
    std::string data;  // as stored in the zip (already deflated for method 8)
    int method = 0;
    std::uint32_t crc = 0;
    std::uint64_t uncompressed = 0;
    std::uint16_t flags = 1u << 11;
  };
  void stored(const std::string& name, const std::string& bytes) {
    entries_.push_back({name, bytes, 0, crc(bytes), bytes.size(), 1u << 11});
  }
  void deflated(const std::string& name, const std::string& bytes) {
    entries_.push_back({name, deflate_raw(bytes), 8, crc(bytes), bytes.size(), 1u << 11});
  }
  Entry& last() { return entries_.back(); }

  std::string bytes() const {
    std::string out, central;
    for (auto& e : entries_) {
      const std::uint32_t offset = static_cast<std::uint32_t>(out.size());
      const std::uint32_t declared = static_cast<std::uint32_t>(e.uncompressed);
      put32(out, 0x04034b50);
      put16(out, 20);
      put16(out, e.flags);
      put16(out, static_cast<std::uint16_t>(e.method));
      put16(out, 0);
      put16(out, 0x21);  // 1980-01-01
      put32(out, e.crc);
      put32(out, static_cast<std::uint32_t>(e.data.size()));
      put32(out, declared);
      put16(out, static_cast<std::uint16_t>(e.name.size()));
      put16(out, 0);
      out += e.name;
      out += e.data;
      put32(central, 0x02014b50);
      put16(central, 20);
      put16(central, 20);
      put16(central, e.flags);
      put16(central, static_cast<std::uint16_t>(e.method));
      put16(central, 0);
      put16(central, 0x21);
      put32(central, e.crc);
      put32(central, static_cast<std::uint32_t>(e.data.size()));
      put32(central, declared);
      put16(central, static_cast<std::uint16_t>(e.name.size()));
      put16(central, 0);
      put16(central, 0);
      put16(central, 0);
      put16(central, 0);
      put32(central, 0);
      put32(central, offset);
      central += e.name;
    }
    const std::uint32_t cd_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint16_t>(entries_.size()));
    put16(out, static_cast<std::uint16_t>(entries_.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, cd_offset);
    put16(out, 0);
    return out;
  }

  static std::uint32_t crc(const std::string& s) {
    return static_cast<std::uint32_t>(::crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
  }
  static std::string deflate_raw(const std::string& s) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(s.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    z.avail_in = static_cast<uInt>(s.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }

 private:
  static void put16(std::string& s, std::uint16_t v) {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>(v >> 8);
  }
  static void put32(std::string& s, std::uint32_t v) {
    put16(s, static_cast<std::uint16_t>(v & 0xffff));
    put16(s, static_cast<std::uint16_t>(v >> 16));
  }
  std::vector<Entry> entries_;
};

const std::string kLicence = "营业执照扫描件（测试）\n" + std::string(3000, 'L');
const std::string kManual = "服务手册：首问负责制、限时办结制\n";
const std::string kJpeg = std::string("\xff\xd8\xff\xe0", 4) + std::string(5000, 'P');

// A station's package under the bundled Wuhan rubric with three evidence files (two with the same
// name, so they go under their ids), and the folder holding them.
struct Station {
  fs::path dir;
  std::string package_path, evidence_dir, package;
  explicit Station(const std::string& name) {
    dir = fresh_dir(name);
    const std::vector<qis::Rubric> rubrics = qis::load_bundled_rubrics();
    auto sample = qis::import_package(qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/samples/wuhan-2025.json"), rubrics);
    REQUIRE(sample.ok());
    Assessment a = sample.value().assessment;
    a.evidence.clear();
    a.evidence.push_back(item("ev1", "营业执照.pdf", {"1.1.1"}, kLicence));
    a.evidence.push_back(item("ev2", "服务手册.txt", {"1.3.1", "2.2.2"}, kManual));
    a.evidence.push_back(item("ev3", "现场照片.jpg", {"2.2.2"}, kJpeg));
    package = qis::export_package(*sample.value().rubric, a);
    package_path = write_file(dir / "station.json", package);
    evidence_dir = (dir / "材料").string();
    fs::create_directories(evidence_dir);
    write_file(fs::path(evidence_dir) / "营业执照.pdf", kLicence);
    write_file(fs::path(evidence_dir) / "服务手册.txt", kManual);
    write_file(fs::path(evidence_dir) / "现场照片.jpg", kJpeg);
  }
  // The bundle as the tool writes it, by hand: for variations the tool would never write.
  ZipBuilder by_hand(bool licence = true, bool manual = true, bool photo = true) const {
    ZipBuilder z;
    z.stored("package.json", package);
    if (licence) z.stored("evidence/营业执照.pdf", kLicence);
    if (manual) z.stored("evidence/服务手册.txt", kManual);
    if (photo) z.stored("evidence/现场照片.jpg", kJpeg);
    return z;
  }
};

}  // namespace

TEST_CASE("qis bundle writes one zip that qis verify passes, stored, with UTF-8 names") {
  Station s("bundle-ok");
  const std::string out = (s.dir / "提交包.zip").string();
  const Run made = run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", out});
  CHECK(made.code == 0);
  CHECK(made.err.empty());
  CHECK(contains(made.out, "已生成提交包"));
  CHECK(contains(made.out, "3 个证明材料"));
  CHECK(names_in(s.dir) == std::vector<std::string>{"station.json", "提交包.zip", "材料"});  // no temporary file left

  // Byte by byte: entries stored (method 0) with the UTF-8 flag, evidence under its bundle path.
  const std::string zip = qis_test::read_file(out);
  CHECK(contains(zip, "evidence/营业执照.pdf"));
  CHECK(contains(zip, "evidence/服务手册.txt"));
  CHECK(contains(zip, kLicence));  // stored as it is, not recompressed
  const std::size_t central = zip.find("PK\x01\x02");
  REQUIRE(central != std::string::npos);
  const auto flags = static_cast<unsigned char>(zip[central + 8]) | static_cast<unsigned char>(zip[central + 9]) << 8;
  CHECK((flags & 0x800) != 0);
  CHECK(zip[central + 10] == 0);
  CHECK(zip[central + 11] == 0);

  const Run v = run_cli({"verify", out});
  CHECK(v.code == 0);
  CHECK(contains(v.out, "核对结果：未发现问题"));
  CHECK(contains(v.out, "3 个证明材料文件，3 个与清单一致"));
  CHECK(contains(v.out, "[一致] evidence/营业执照.pdf"));
  const Json j = Json::parse(run_cli({"verify", out, "--json"}).out);
  CHECK(j["ok"] == true);
  CHECK(j["evidence"]["checked"] == 3);
  REQUIRE(j["bundle"]["files"].size() == 3);
  CHECK(j["bundle"]["files"][1]["path"] == "evidence/服务手册.txt");
  CHECK(j["bundle"]["files"][1]["status"] == "ok");
  CHECK(j["bundle"]["files"][1]["criteria"] == Json::array({"1.3.1", "2.2.2"}));
  CHECK(j["package_sha256"] == qis::sha256_hex(s.package));  // the package travels unchanged

  // --expect reads the package inside the bundle.
  CHECK(run_cli({"verify", out, "--expect", qis::sha256_hex(s.package).substr(0, 16)}).code == 0);
  CHECK(run_cli({"verify", out, "--expect", std::string(16, '0')}).code == 1);

  // A folder of submissions may hold bundles and packages side by side.
  const fs::path inbox = fresh_dir("bundle-inbox");
  fs::copy_file(out, inbox / "a.zip");
  fs::copy_file(s.package_path, inbox / "b.json");
  const Run both = run_cli({"verify", inbox.string(), "--json"});
  CHECK(both.code == 0);
  const Json all = Json::parse(both.out);
  REQUIRE(all.size() == 2);
  CHECK(all[0].contains("bundle"));
  CHECK_FALSE(all[1].contains("bundle"));
}

TEST_CASE("qis bundle refuses a missing or different evidence file, names it, and leaves nothing behind") {
  Station s("bundle-bad");
  const std::string out = (s.dir / "out.zip").string();
  fs::remove(fs::path(s.evidence_dir) / "服务手册.txt");
  const Run missing = run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", out});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "证明材料“服务手册.txt”：材料目录中找不到该文件，未生成提交包"));
  CHECK(contains(missing.err, "[verify.evidence_missing]"));
  CHECK(names_in(s.dir) == std::vector<std::string>{"station.json", "材料"});

  std::string changed = kManual;
  changed[0] = static_cast<char>(changed[0] ^ 1);
  write_file(fs::path(s.evidence_dir) / "服务手册.txt", changed);
  const Run altered = run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", out});
  CHECK(altered.code == 1);
  CHECK(contains(altered.err, "证明材料“服务手册.txt”：SHA-256 与清单记录不一致"));
  CHECK(contains(altered.err, "[verify.evidence_hash]"));
  CHECK(names_in(s.dir) == std::vector<std::string>{"station.json", "材料"});

  // An existing bundle is left as it was when a new one fails.
  write_file(out, "earlier");
  CHECK(run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", out}).code == 1);
  CHECK(qis_test::read_file(out) == "earlier");

  // The output may not be one of the inputs.
  const Run over = run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", s.package_path});
  CHECK(over.code == 1);
  CHECK(contains(over.err, "[io.same_file]"));
  CHECK(qis_test::read_file(s.package_path) == s.package);
  const Run over_evidence =
      run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", s.evidence_dir + "/营业执照.pdf"});
  CHECK(over_evidence.code == 1);
  CHECK(contains(over_evidence.err, "[io.same_file]"));
  CHECK(qis_test::read_file(s.evidence_dir + "/营业执照.pdf") == kLicence);

  CHECK(run_cli({"bundle", s.package_path, "-o", out}).code == 2);  // nothing embedded and no folder
  CHECK(run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir}).code == 2);
}

TEST_CASE("qis bundle takes embedded evidence from the package and writes package.json without it") {
  Station s("bundle-embedded");
  Json j = Json::parse(s.package);
  j["evidence"][1]["data_base64"] = qis::base64_encode(kManual);
  const std::string mixed = write_file(s.dir / "mixed.json", j.dump(1, '\t'));
  const std::string out = (s.dir / "mixed.zip").string();
  fs::remove(fs::path(s.evidence_dir) / "服务手册.txt");  // not needed: the package carries it
  const Run made = run_cli({"bundle", mixed, "--evidence", s.evidence_dir, "-o", out});
  CHECK(made.code == 0);
  CHECK(contains(made.out, "提交包中的 package.json 不再内嵌"));
  const std::string zip = qis_test::read_file(out);
  CHECK_FALSE(contains(zip, "data_base64"));
  CHECK(contains(zip, kManual));
  const Run v = run_cli({"verify", out, "--json"});
  CHECK(v.code == 0);
  CHECK(Json::parse(v.out)["bundle"]["files"][1]["status"] == "ok");

  // Every entry embedded: no folder needed. One not embedded: a usage error naming it.
  for (int i : {0, 2}) j["evidence"][i]["data_base64"] = qis::base64_encode(i == 0 ? kLicence : kJpeg);
  const std::string all = write_file(s.dir / "all.json", j.dump(1, '\t'));
  CHECK(run_cli({"bundle", all, "-o", (s.dir / "all.zip").string()}).code == 0);
  CHECK(run_cli({"verify", (s.dir / "all.zip").string()}).code == 0);
  const Run no_dir = run_cli({"bundle", mixed, "-o", (s.dir / "x.zip").string()});
  CHECK(no_dir.code == 2);
  CHECK(contains(no_dir.err, "证明材料“营业执照.pdf”没有内嵌在数据包中"));
}

TEST_CASE("qis verify of a bundle: a flipped byte, a missing and an extra file are findings of their own") {
  Station s("bundle-findings");
  const std::string out = (s.dir / "b.zip").string();
  REQUIRE(run_cli({"bundle", s.package_path, "--evidence", s.evidence_dir, "-o", out}).code == 0);

  SUBCASE("one flipped byte in a stored file is verify.evidence_hash for its criterion") {
    std::string zip = qis_test::read_file(out);
    const std::size_t at = zip.find(kLicence);
    REQUIRE(at != std::string::npos);
    zip[at + 100] = static_cast<char>(zip[at + 100] ^ 0x01);
    const std::string flipped = write_file(s.dir / "flipped.zip", zip);
    const Run v = run_cli({"verify", flipped, "--json"});
    CHECK(v.code == 1);
    const Json j = Json::parse(v.out);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["code"] == "verify.evidence_hash");
    CHECK(j["findings"][0]["criterion"] == "1.1.1");
    CHECK(j["findings"][0]["message"] ==
          "“组织架构”（1.1.1）的证明材料“营业执照.pdf”：SHA-256 与清单记录不一致，内容已被改动或不是同一文件");
    CHECK(j["bundle"]["files"][0]["status"] == "altered");
    const Run text = run_cli({"verify", flipped});
    CHECK(contains(text.out, "[已改动] evidence/营业执照.pdf"));
    CHECK(contains(text.err, "核对未通过"));
  }
  SUBCASE("a missing file is verify.evidence_missing") {
    const std::string path = write_file(s.dir / "missing.zip", s.by_hand(true, true, false).bytes());
    const Run v = run_cli({"verify", path});
    CHECK(v.code == 1);
    CHECK(contains(v.out, "的证明材料“现场照片.jpg”：提交包中没有该文件（应在“evidence/现场照片.jpg”）"));
    CHECK(contains(v.out, "[verify.evidence_missing]"));
    CHECK(contains(v.out, "[缺少] evidence/现场照片.jpg"));
  }
  SUBCASE("an extra file is verify.bundle_extra") {
    ZipBuilder z = s.by_hand();
    z.stored("evidence/补充说明.pdf", "后来放进去的");
    const Run v = run_cli({"verify", write_file(s.dir / "extra.zip", z.bytes()), "--json"});
    CHECK(v.code == 1);
    const Json j = Json::parse(v.out);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["code"] == "verify.bundle_extra");
    CHECK(j["findings"][0]["message"] ==
          "提交包中的“evidence/补充说明.pdf”不在数据包的证明材料清单中（可能是后来放进去的），不能作为证明材料采信；请向申报单位核实");
    CHECK(j["bundle"]["files"][3]["status"] == "extra");
  }
  SUBCASE("a deflated file (another zip tool) is read as well") {
    ZipBuilder z = s.by_hand(true, false, true);
    z.deflated("evidence/服务手册.txt", kManual);
    CHECK(run_cli({"verify", write_file(s.dir / "deflated.zip", z.bytes())}).code == 0);
  }
  SUBCASE("an entry that inflates past its declared size is stopped there") {
    ZipBuilder z = s.by_hand(true, true, false);
    z.deflated("evidence/现场照片.jpg", kJpeg);
    z.last().uncompressed = 1000;  // the directory says 1000 bytes; the data holds 5004
    const Run v = run_cli({"verify", write_file(s.dir / "lying.zip", z.bytes()), "--json"});
    CHECK(v.code == 1);
    const Json j = Json::parse(v.out);
    REQUIRE(j["findings"].size() == 1);
    // minizip itself stops at the declared size (qis counts too, and would refuse the entry).
    CHECK(j["findings"][0]["code"] == "verify.evidence_size");
    CHECK(contains(j["findings"][0]["message"], "大小为 1000 字节"));
    CHECK(j["bundle"]["files"][2]["size"] == 1000);
  }
}

TEST_CASE("qis verify refuses hostile bundles before inflating anything, with their messages") {
  Station s("bundle-hostile");
  const std::string tail = "，已拒绝打开。请向申报单位索取原始提交包。";
  SUBCASE("an entry outside the bundle") {
    ZipBuilder z = s.by_hand();
    z.stored("../x", "escape");
    const Run v = run_cli({"verify", write_file(s.dir / "up.zip", z.bytes())});
    CHECK(v.code == 1);
    CHECK(contains(v.err, "提交包中的“../x”指向包外的位置" + tail));
    CHECK(contains(v.err, "[bundle.path]"));
    CHECK(v.out.empty());
    CHECK_FALSE(fs::exists(s.dir.parent_path() / "x"));
  }
  SUBCASE("a zip bomb") {
    ZipBuilder z = s.by_hand();
    z.deflated("evidence/bomb.pdf", std::string(20u << 20, '\0'));  // 20 MB of zeros deflate to about 20 KB
    const Run v = run_cli({"verify", write_file(s.dir / "bomb.zip", z.bytes())});
    CHECK(v.code == 1);
    CHECK(contains(v.err, "提交包中的“evidence/bomb.pdf”压缩后只有 "));
    CHECK(contains(v.err, "却声明解压后为 20 MB（超过 100 倍），可能是恶意构造的“压缩炸弹”" + tail));
    CHECK(contains(v.err, "[bundle.bomb]"));
  }
  SUBCASE("an entry declaring 2 GB") {
    ZipBuilder z = s.by_hand();
    z.stored("evidence/big.pdf", "small");
    z.last().uncompressed = 2000000000;
    const Run v = run_cli({"verify", write_file(s.dir / "big.zip", z.bytes())});
    CHECK(v.code == 1);
    CHECK(contains(v.err, "提交包中的“evidence/big.pdf”声明解压后为 1908 MB，超过单个文件的上限 1024 MB，已拒绝打开。"));
    CHECK(contains(v.err, "[bundle.entry_too_large]"));
  }
  SUBCASE("a name twice") {
    ZipBuilder z = s.by_hand();
    z.stored("evidence/营业执照.pdf", "another");
    const Run v = run_cli({"verify", write_file(s.dir / "twice.zip", z.bytes())});
    CHECK(v.code == 1);
    CHECK(contains(v.err, "[bundle.duplicate]"));
  }
  SUBCASE("no package, and not a zip at all") {
    ZipBuilder z;
    z.stored("evidence/a.pdf", "a");
    const Run v = run_cli({"verify", write_file(s.dir / "nopkg.zip", z.bytes())});
    CHECK(v.code == 1);
    CHECK(contains(v.err, "[bundle.no_package]"));
    std::string cut = s.by_hand().bytes();
    cut.resize(cut.size() - 30);  // the end record cut off: a download that stopped
    const Run broken = run_cli({"verify", write_file(s.dir / "cut.zip", cut)});
    CHECK(broken.code == 1);
    CHECK(contains(broken.err, "[bundle.not_zip]"));
  }
}
