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
#include "json_reader.h"
#include "sha256.h"

namespace fs = std::filesystem;
using qis::Json;
using qis_test::run_cli;
using Run = qis_test::CliRun;

namespace {

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

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
