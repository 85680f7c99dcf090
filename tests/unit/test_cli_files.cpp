// The CLI's files, run as a real process: outputs written through a temporary file and never over
// an input (issue 16 item 4), inputs checked before they are read (items 5 and 9: folders, FIFOs,
// devices, links out of the evidence folder, sizes from stat), and verify's report bounded by the
// rubric, not by the file (item 8).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "helpers.h"
#include "json_reader.h"
#include "sha256.h"

namespace fs = std::filesystem;
using qis::Json;
using qis_test::run_cli;
using Run = qis_test::CliRun;

namespace {

using qis_test::contains;

std::string sample_path(const std::string& id) { return std::string(QIS_FIXTURE_DIR) + "/samples/" + id + ".json"; }

// A fresh folder inside the scratch folder.
fs::path fresh_dir(const std::string& name) {
  const fs::path d = qis_test::scratch_dir() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  return p.string();
}

// Names in `dir` other than `keep`: what a failed or finished write must not leave behind.
std::vector<std::string> leftovers(const fs::path& dir, const std::vector<std::string>& keep) {
  std::vector<std::string> out;
  for (auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (std::find(keep.begin(), keep.end(), n) == keep.end()) out.push_back(n);
  }
  return out;
}

// Runs the CLI through sh with a file-size limit of one block: any write of a package fails.
Run run_cli_file_limit(const std::vector<std::string>& args) {
  const fs::path out = qis_test::scratch_dir() / "limited-out", err = qis_test::scratch_dir() / "limited-err";
  std::string inner = "ulimit -f 1; exec " + qis_test::shell_quote(QIS_CLI);
  for (auto& a : args) inner += " " + qis_test::shell_quote(a);
  const std::string cmd = "sh -c " + qis_test::shell_quote(inner) + " >" + qis_test::shell_quote(out.string()) + " 2>" +
                          qis_test::shell_quote(err.string()) + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, qis_test::read_file(out.string()), qis_test::read_file(err.string())};
}

// The songjiang sample with one evidence entry that is not embedded: `name`, `size` bytes, `sha`.
std::string package_with_external_evidence(const fs::path& dir, const std::string& name, std::int64_t size,
                                           const std::string& sha) {
  Json j = Json::parse(qis_test::read_file(sample_path("songjiang-2024")));
  j["evidence"] = Json::array({{{"id", "e1"}, {"name", name}, {"type", "text/plain"}, {"size", size}, {"sha256", sha},
                                {"criteria", Json::array({"1.1"})}}});
  return write(dir / "pkg.json", j.dump());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Item 4: outputs

TEST_CASE("an output that is one of the inputs is refused and the input is left as it was") {
  const fs::path d = fresh_dir("same-file");
  const std::string pkg = write(d / "p.json", qis_test::read_file(sample_path("songjiang-2024")));
  const std::string before = qis_test::read_file(pkg);
  fs::create_hard_link(pkg, d / "alias.json");  // another name, the same file (device and inode)
  const std::vector<std::vector<std::string>> cases = {
      {"ledger", "export", pkg, "-o", pkg},
      {"ledger", "export", pkg, "-o", (d / "alias.json").string()},
      {"rank", pkg, "--csv", "-o", pkg},
      {"rank", pkg, "--json", "-o", (d / "alias.json").string()},
      {"report", pkg, "--kind", "score-sheet", "-o", pkg},
  };
  for (auto& args : cases) {
    CAPTURE(args[0] + " " + args.back());
    const Run r = run_cli(args);
    CHECK(r.code == 1);
    CHECK(contains(r.err, "是同一个文件，已拒绝写入（原文件未改动）；请用 -o 指定另一个文件名 [io.same_file]"));
    CHECK(qis_test::read_file(pkg) == before);
  }
  const fs::path csv = fs::path(QIS_FIXTURE_DIR) / "ledger" / "station.utf8bom.csv";
  const Run r = run_cli({"ledger", "import", csv.string(), pkg, "-o", csv.string()});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "[io.same_file]"));
}

TEST_CASE("ledger import in place replaces the package through a temporary file; a failed write leaves it intact") {
  const fs::path d = fresh_dir("in-place");
  const std::string pkg = write(d / "p.json", qis_test::read_file(sample_path("songjiang-2024")));
  const std::string before = qis_test::read_file(pkg);
  const std::string csv = std::string(QIS_FIXTURE_DIR) + "/ledger/station.utf8bom.csv";

  // The write fails (a file-size limit stands in for a full disk): the message says so and the
  // package is byte for byte what it was, with no temporary file left next to it.
  const Run failed = run_cli_file_limit({"ledger", "import", csv, pkg});
  INFO("stderr: " << failed.err);
  CHECK(failed.code == 1);
  CHECK(contains(failed.err, "无法写入文件（文件超出允许的大小）；原文件未改动。请检查磁盘空间、路径和权限后重试 [io.write]"));
  CHECK(qis_test::read_file(pkg) == before);
  CHECK(leftovers(d, {"p.json"}).empty());

  // A new file that cannot be written: nothing is created.
  const Run fresh = run_cli_file_limit({"ledger", "import", csv, pkg, "-o", (d / "new.json").string()});
  CHECK(fresh.code == 1);
  CHECK(contains(fresh.err, "；未生成文件。"));
  CHECK(leftovers(d, {"p.json"}).empty());

  // Without the limit it is replaced, and keeps its permissions.
  fs::permissions(pkg, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  const Run ok = run_cli({"ledger", "import", csv, pkg});
  CHECK(ok.code == 0);
  CHECK(qis_test::read_file(pkg) != before);
  CHECK(Json::parse(qis_test::read_file(pkg))["ledger"]["records"].size() == 28);
  CHECK((fs::status(pkg).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(leftovers(d, {"p.json"}).empty());
}

TEST_CASE("an output into a folder that does not exist says so and that no file was made") {
  const Run r = run_cli({"rank", sample_path("songjiang-2024"), "--csv", "-o", (qis_test::scratch_dir() / "nope" / "r.csv").string()});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "无法写入文件（所在文件夹不存在）；未生成文件。"));
}

// ---------------------------------------------------------------------------------------------
// Items 5 and 9: inputs

TEST_CASE("a folder, a FIFO, a device and an oversized file given as a package are each named, and none is read") {
  const fs::path d = fresh_dir("inputs");
  const std::string fifo = (d / "pipe.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string big = (d / "big.json").string();
  write(big, "{}");
  fs::resize_file(big, (64u << 20) + 1);  // sparse: stat says 64 MiB + 1, nothing to read
  struct Case {
    std::string path, message;
  };
  const std::vector<Case> cases = {
      {d.string(), "这是一个文件夹，不是文件；请给出文件夹中的文件（如数据包 .json），或使用接受文件夹的命令（qis verify、qis rank） [io.directory]"},
      {fifo, "这是一个命名管道（FIFO），不是普通文件，读取它可能永远等不到结束；请先把内容保存为文件再给出 [io.not_regular]"},
      {"/dev/zero", "这是一个设备文件（如 /dev/zero），不是普通文件；请给出保存在磁盘上的文件 [io.not_regular]"},
      {big, "数据包过大（65537 KB，上限 65536 KB），未读取；请确认选择的是正确的文件 [io.too_large]"},
      {(d / "none.json").string(), "无法读取文件：找不到该文件，请检查路径 [io.not_found]"},
  };
  for (auto& c : cases) {
    for (const char* cmd : {"score", "verify", "report"}) {
      CAPTURE(c.path);
      CAPTURE(cmd);
      std::vector<std::string> args = {cmd, c.path};
      if (std::string(cmd) == "report") args.insert(args.end(), {"--kind", "application"});
      if (std::string(cmd) == "verify" && c.path == d.string()) continue;  // verify takes folders
      const Run r = run_cli(args);
      CHECK(r.code == 1);
      CHECK(contains(r.err, "qis: " + c.path + ": " + c.message));
    }
  }
}

TEST_CASE("verify --evidence reads only regular files inside the folder: links out of it, FIFOs and folders are refused") {
  const fs::path d = fresh_dir("evidence");
  const fs::path ev = d / "材料";
  fs::create_directories(ev);
  const std::string inside = "制度汇编\n";
  write(ev / "ok.txt", inside);
  SUBCASE("a regular file inside is checked") {
    const std::string pkg = package_with_external_evidence(d, "ok.txt", static_cast<std::int64_t>(inside.size()), qis::sha256_hex(inside));
    const Run r = run_cli({"verify", pkg, "--evidence", ev.string(), "--json"});
    const Json j = Json::parse(r.out);
    CHECK(j["evidence"]["checked"] == 1);
    for (auto& f : j["findings"]) CHECK(f["code"].get<std::string>().rfind("verify.evidence", 0) != 0);
  }
  SUBCASE("a link to /etc/passwd is refused, not reported as checked") {
    fs::create_symlink("/etc/passwd", ev / "passwd.txt");
    const std::string bytes = qis_test::read_file("/etc/passwd");
    const std::string pkg = package_with_external_evidence(d, "passwd.txt", static_cast<std::int64_t>(bytes.size()), qis::sha256_hex(bytes));
    const Run r = run_cli({"verify", pkg, "--evidence", ev.string()});
    CHECK(r.code == 1);
    CHECK(contains(r.out, "的证明材料“passwd.txt”：是指向材料目录以外（/etc/passwd）的链接，未读取；请把文件本身放进材料目录 [verify.evidence_refused]"));
    CHECK(contains(r.out, "已核对 0 项"));
  }
  SUBCASE("a link to /dev/zero is refused at once") {
    fs::create_symlink("/dev/zero", ev / "zero.bin");
    const std::string pkg = package_with_external_evidence(d, "zero.bin", 1 << 30, std::string(64, 'a'));
    const Run r = run_cli({"verify", pkg, "--evidence", ev.string()});
    CHECK(r.code == 1);
    CHECK(contains(r.out, "“zero.bin”：是指向材料目录以外（/dev/zero）的链接，未读取"));
  }
  SUBCASE("a FIFO inside does not hang the command") {
    REQUIRE(::mkfifo((ev / "pipe.txt").c_str(), 0600) == 0);
    const std::string pkg = package_with_external_evidence(d, "pipe.txt", 10, std::string(64, 'a'));
    const Run r = run_cli({"verify", pkg, "--evidence", ev.string()});
    CHECK(r.code == 1);
    CHECK(contains(r.out, "“pipe.txt”：这是一个命名管道（FIFO），不是普通文件"));
  }
  SUBCASE("a folder of the evidence's name is not a 0-byte file") {
    fs::create_directories(ev / "empty.txt");
    const std::string pkg = package_with_external_evidence(d, "empty.txt", 0, qis::sha256_hex(""));
    const Run r = run_cli({"verify", pkg, "--evidence", ev.string()});
    CHECK(r.code == 1);
    CHECK(contains(r.out, "“empty.txt”：这是一个文件夹，不是文件"));
    CHECK(contains(r.out, "已核对 0 项"));
  }
  SUBCASE("a link inside the folder to a file inside it is followed") {
    fs::create_symlink("ok.txt", ev / "alias.txt");
    const std::string pkg = package_with_external_evidence(d, "alias.txt", static_cast<std::int64_t>(inside.size()), qis::sha256_hex(inside));
    const Run r = run_cli({"verify", pkg, "--evidence", ev.string(), "--json"});
    CHECK(Json::parse(r.out)["evidence"]["checked"] == 1);
    CHECK_FALSE(contains(r.out, "evidence_refused"));
  }
}

// ---------------------------------------------------------------------------------------------
// Item 8: a report bounded by the rubric

TEST_CASE("verify --json on an evidence entry citing 200,000 criteria prints a bounded report") {
  const fs::path d = fresh_dir("amplify");
  Json j = Json::parse(qis_test::read_file(sample_path("songjiang-2024")));
  Json ids = Json::array();
  for (int i = 0; i < 200000; ++i) ids.push_back("9." + std::to_string(i));
  j["evidence"] = Json::array({{{"id", "e1"}, {"name", "x.txt"}, {"type", "text/plain"}, {"size", 1},
                                {"sha256", std::string(64, 'a')}, {"criteria", ids}}});
  const std::string pkg = write(d / "p.json", j.dump());
  const Run r = run_cli({"verify", pkg, "--evidence", d.string(), "--json"});
  CHECK(r.code == 1);
  CHECK(r.out.size() < 20000);  // the input is 2 MB
  const Json out = Json::parse(r.out);
  CHECK(out["findings_total"] == 200001);  // + the missing scores
  bool more = false;
  for (auto& f : out["findings"])
    more = more || (f["code"] == "verify.more_findings" && contains(f["message"].get<std::string>(), "另有 199991 处问题未逐一列出"));
  CHECK(more);
  const Run text = run_cli({"verify", pkg, "--evidence", d.string()});
  CHECK(contains(text.out, "核对结果：发现 200001 个问题（列出 "));
}

// ---------------------------------------------------------------------------------------------
// Item 10: what the file is, and what to do

namespace {

// UTF-8 text (ASCII and BMP characters) as UTF-16, little- or big-endian, with or without a BOM.
std::string utf16(const std::string& utf8, bool little, bool bom) {
  std::string out;
  auto put = [&](unsigned u) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += little ? std::string{lo, hi} : std::string{hi, lo};
  };
  if (bom) put(0xFEFF);
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    unsigned cp = b;
    std::size_t len = 1;
    if (b >= 0xE0) cp = b & 0x0F, len = 3;
    else if (b >= 0xC0) cp = b & 0x1F, len = 2;
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    put(cp);
    i += len;
  }
  return out;
}

}  // namespace

TEST_CASE("a UTF-16 package, review or panel is named as UTF-16 with what to do") {
  const fs::path d = fresh_dir("utf16");
  const std::string text = qis_test::read_file(sample_path("wuhan-2025"));
  const std::string message =
      "是 UTF-16 编码（UTF-16LE，常见于记事本或 Excel 的“Unicode”另存），本工具只读取 UTF-8。请用本工具重新导出，或在文本编辑器中选择 UTF-8 编码另存后再试。";
  const Run bom = run_cli({"score", write(d / "bom.json", utf16(text, true, true))});
  CHECK(bom.code == 1);
  CHECK(contains(bom.err, "文件" + message + " [package.utf16]"));
  CHECK_FALSE(contains(bom.err, "GBK"));
  const Run be = run_cli({"verify", write(d / "be.json", utf16(text, false, false))});  // no BOM: the NULs say it
  CHECK(be.code == 1);
  CHECK(contains(be.err, "文件是 UTF-16 编码（UTF-16BE，"));
  const Run review = run_cli({"review", sample_path("wuhan-2025"), write(d / "review.json", utf16("{\"format\": \"qis-review/1\"}", true, false))});
  CHECK(review.code == 1);
  CHECK(contains(review.err, "评审意见文件" + message + " [review.utf16]"));
  const Run panel = run_cli({"report", sample_path("wuhan-2025"), "--kind", "report", "--panel", write(d / "panel.json", utf16("{}", true, true))});
  CHECK(panel.code == 1);
  CHECK(contains(panel.err, "专家组汇总文件" + message + " [panel.utf16]"));
}

TEST_CASE("a CSV in UTF-8 with one GBK row blames that row, not line 1") {
  const fs::path d = fresh_dir("mixed");
  const std::string csv = "企业名称,记录类型,服务时间\r\n上海甲公司,服务记录,2024-03-05\r\n"
                          "\xC9\xCF\xBA\xA3\xD2\xD2,服务记录,2024-03-06\r\n";  // 上海乙 in GBK on line 3
  const std::string pkg = write(d / "p.json", qis_test::read_file(sample_path("songjiang-2024")));
  const Run r = run_cli({"ledger", "import", write(d / "mixed.csv", csv), pkg});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "文件混用了两种编码：前面的内容是 UTF-8，第 3 行却是 GBK 等其他编码（常见于从别的表格复制粘贴的行）；请检查这一行，把整个文件另存为“CSV UTF-8（逗号分隔）”后再导入 [csv.mixed_encoding]"));
  // A file all in GBK is still read as GB18030.
  const Run gbk = run_cli({"ledger", "import", std::string(QIS_FIXTURE_DIR) + "/ledger/station.gb18030.csv", pkg, "-o", (d / "out.json").string()});
  CHECK(gbk.code == 0);
  CHECK(contains(gbk.out, "编码 GB18030"));
}

TEST_CASE("a folder given as the package of ledger import says it is a folder") {
  const fs::path d = fresh_dir("dir-package");
  const Run r = run_cli({"ledger", "import", std::string(QIS_FIXTURE_DIR) + "/ledger/station.utf8bom.csv", d.string()});
  CHECK(r.code == 1);
  CHECK(contains(r.err, d.string() + ": 这是一个文件夹，不是文件；"));
  CHECK_FALSE(contains(r.err, "JSON"));
}

TEST_CASE("--date and --today must be days of the calendar") {
  const std::string pkg = sample_path("wuhan-2025");
  const Run bad = run_cli({"report", pkg, "--kind", "application", "--date", "2025-13-45"});
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "qis: --date 的日期“2025-13-45”无效：应为日历上存在的日期，格式 YYYY-MM-DD，如 2025-06-01"));
  CHECK(bad.out.empty());
  CHECK(run_cli({"report", pkg, "--kind", "application", "--date", "2025-02-29"}).code == 2);
  CHECK(run_cli({"report", pkg, "--kind", "application", "--date", "2024-02-29"}).code == 0);
  const Run today = run_cli({"score", pkg, "--today", "2025-04-31"});
  CHECK(today.code == 2);
  CHECK(contains(today.err, "--today 的日期“2025-04-31”无效"));
}

TEST_CASE("a ledger cell '/' in a list column survives export and import") {
  const fs::path d = fresh_dir("slash");
  const std::string csv = "\xEF\xBB\xBF企业名称,记录类型,服务时间,服务需求,服务类别,服务方式,服务成效\r\n"
                          "上海甲公司,服务记录,2024-03-05,品牌培育,质量提升咨询或技术服务,上门指导,/\r\n";
  const std::string pkg = write(d / "p.json", qis_test::read_file(sample_path("songjiang-2024")));
  const Run first = run_cli({"ledger", "import", write(d / "in.csv", csv), pkg, "-o", (d / "a.json").string()});
  REQUIRE(first.code == 0);
  const Run exported = run_cli({"ledger", "export", (d / "a.json").string(), "-o", (d / "out.csv").string()});
  REQUIRE(exported.code == 0);
  const Run again = run_cli({"ledger", "import", (d / "out.csv").string(), pkg, "-o", (d / "b.json").string()});
  REQUIRE(again.code == 0);
  const Json a = Json::parse(qis_test::read_file((d / "a.json").string()))["ledger"];
  const Json b = Json::parse(qis_test::read_file((d / "b.json").string()))["ledger"];
  CHECK(a == b);
  CHECK_FALSE(a["records"][0]["fields"].contains("outcomes"));  // "/" holds no choice: a blank cell
}
