// Station text on its way out (issue 31 items 2 and 3): one rule for one line (terminal, screen)
// and one for documents (HTML, .docx), the documents' text valid XML 1.0 with no bidirectional
// control, names isolated from the digest next to them, and the loaders saying what prints
// differently while keeping the package as it is. The .docx opened by LibreOffice: test_docx.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.h"
#include "helpers.h"
#include "hostile_text_fixture.h"
#include "package.h"
#include "report.h"
#include "safe_text.h"
#include "verify.h"

using namespace qis;
using qis_test::HostilePackage;
namespace fs = std::filesystem;

namespace {

using qis_test::contains;

const std::string kFFFD = "\xEF\xBF\xBD";

// Every bidirectional control, as UTF-8.
const char* const kBidi[] = {"\xD8\x9C", "\xE2\x80\x8E", "\xE2\x80\x8F", "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC",
                             "\xE2\x80\xAD", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9"};

// The reproducer imported, and the documents' input for it (pointing into this object).
struct Imported {
  HostilePackage hp;
  ImportedPackage p;
  DocumentInput in;
  Imported() : p(import_package(hp.bytes, {hp.rubric}).value()) {
    in.rubric = &hp.rubric;
    in.assessment = &p.assessment;
    in.package_hash = package_hash(hp.bytes);
    in.date = "2025-06-10";
  }
  Imported(const Imported&) = delete;
  Imported& operator=(const Imported&) = delete;
};

}  // namespace

TEST_CASE("document_text: line breaks as \\n, tab kept, controls, noncharacters and invalid UTF-8 as U+FFFD") {
  CHECK(document_text("甲\x0B乙") == "甲\n乙");  // Word's manual line break, pasted
  CHECK(document_text("a\r\nb\rc\xE2\x80\xA8" "d\xE2\x80\xA9" "e\x0C" "f\xC2\x85g") == "a\nb\nc\nd\ne\nf\ng");
  CHECK(document_text("a\tb\nc") == "a\tb\nc");
  CHECK(document_text(std::string("a\0b", 3)) == "a" + kFFFD + "b");
  CHECK(document_text("a\x01\x1b\x7f" "b") == "a" + kFFFD + kFFFD + kFFFD + "b");
  CHECK(document_text("a\xC2\x80\xC2\x9F" "b") == "a" + kFFFD + kFFFD + "b");                // C1
  CHECK(document_text("\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xB7\x90\xF0\x9F\xBF\xBE") == kFFFD + kFFFD + kFFFD + kFFFD);  // noncharacters
  CHECK(document_text("\xED\xA0\x80") == kFFFD + kFFFD + kFFFD);  // a lone surrogate, byte by byte
  CHECK(document_text("\xC0\xAF\xFF") == kFFFD + kFFFD + kFFFD);  // overlong, not UTF-8
  for (const char* b : kBidi) {
    CAPTURE(b);
    CHECK(document_text(std::string("a") + b + "b") == "a" + kFFFD + "b");
  }
  CHECK(document_text("质量“一站式”服务 <&> \xF0\x9F\x98\x80") == "质量“一站式”服务 <&> \xF0\x9F\x98\x80");  // unchanged
  CHECK(document_text(document_text("a\x0B\xE2\x80\xAE" "b")) == document_text("a\x0B\xE2\x80\xAE" "b"));   // idempotent
}

TEST_CASE("one_line_text is the terminal rule: line breaks too become U+FFFD") {
  CHECK(one_line_text("甲\n乙\x0B丙\t丁") == "甲" + kFFFD + "乙" + kFFFD + "丙" + kFFFD + "丁");
  CHECK(one_line_text("invoice\xE2\x80\xAE" "fdp.exe") == "invoice" + kFFFD + "fdp.exe");
  CHECK(one_line_text("\xE2\x80\xA8\xE2\x80\xA9") == kFFFD + kFFFD);
  CHECK(one_line_text("\xEF\xBF\xBE") == "\xEF\xBF\xBE");  // inert on a terminal: left as it is
}

TEST_CASE("document_text_changes counts what prints differently, not ordinary line breaks") {
  CHECK(document_text_changes("第一行\n第二行\r\n第三行\t").count == 0);
  const TextChanges vt = document_text_changes("a\x0B" "b\x01");
  CHECK(vt.count == 2);
  CHECK(vt.first == 0x0B);
  CHECK(vt.first_is_line_break);
  CHECK(describe_text_change(vt) == "U+000B 垂直制表符，按换行处理");
  CHECK(describe_text_change(document_text_changes("x\xE2\x80\xAE")) == "U+202E 文字方向控制符，显示为“\xEF\xBF\xBD”");
  CHECK(describe_text_change(document_text_changes("\xEF\xBF\xBE")) == "U+FFFE 非字符码位，显示为“\xEF\xBF\xBD”");
  CHECK(describe_text_change(document_text_changes("\x01")) == "U+0001 控制字符，显示为“\xEF\xBF\xBD”");
}

TEST_CASE("html_escape gives document text: no control, no bidi control, a vertical tab a line break") {
  CHECK(html_escape("<甲\x0B乙>") == "&lt;甲\n乙&gt;");
  CHECK(html_escape("a\xE2\x80\xAE" "b\x01") == "a" + kFFFD + "b" + kFFFD);
}

TEST_CASE("issue 31 item 3: an evidence file named invoice<U+202E>fdp.exe prints isolated, shown, before its intact digest") {
  const Imported x;
  const DocumentInput& in = x.in;
  const std::string html = self_assessment_html(in);
  // In text order: the name (its control shown as U+FFFD, inside <bdi>), then the digest as written.
  CHECK(contains(html, "<p><bdi>" + qis_test::kHostileEvidenceShown + "</bdi>（SHA-256 " + qis_test::kHostileDigest.substr(0, 16) +
                           "）</p>"));
  for (DocumentKind k : rubric_documents(x.hp.rubric)) {
    CAPTURE(document_kind_name(k));
    const std::string doc = render_document(k, in);
    for (const char* b : kBidi) CHECK_FALSE(contains(doc, b));
    CHECK(document_text_changes(doc).count == 0);  // nothing a .docx could not hold
  }
}

TEST_CASE("issue 31 item 2: the HTML keeps a note's vertical tab as a line break and shows the unit name's U+FFFE and C0") {
  const Imported x;
  const DocumentInput& in = x.in;
  const std::string self = self_assessment_html(in);
  CHECK(contains(self, "<td class=\"pre\">第一行\n第二行</td>"));  // pre-wrap: a line break on paper
  CHECK(contains(self, "<td colspan=\"2\">" + qis_test::kHostileUnitShown + "</td>"));
  CHECK(contains(self, "<title>" + qis_test::kHostileUnitShown + " "));
  CHECK(contains(score_sheet_html(in), "自评说明：第一行<br>第二行"));
}

TEST_CASE("the package keeps its text as written, and import and verify say what the documents print instead") {
  const Imported x;
  const HostilePackage& hp = x.hp;
  const ImportedPackage& p = x.p;
  CHECK(p.assessment.profile.at("name") == qis_test::kHostileUnit);  // the station's data, unchanged
  CHECK(p.assessment.notes.at(hp.criterion) == qis_test::kHostileNote);
  CHECK(p.assessment.evidence.back().name == qis_test::kHostileEvidence);
  CHECK(export_package(hp.rubric, p.assessment) == hp.bytes);  // and its hash with it

  REQUIRE(p.text_warnings.size() == 3);
  for (auto& w : p.text_warnings) CHECK(w.code == "package.text_normalised");
  CHECK(p.text_warnings[0].where == "profile.name");
  CHECK(p.text_warnings[0].message ==
        "单位信息“单位名称”含 2 个不能原样打印的字符（第一个是 U+FFFE 非字符码位，显示为“\xEF\xBF\xBD”）。打印的文书和 Word "
        "文档中已作替换，数据包本身未改动；如非有意，请申报单位在本工具中修改后重新导出。");
  CHECK(p.text_warnings[1].where == "notes." + hp.criterion);
  CHECK(contains(p.text_warnings[1].message, "的自评说明含 1 个不能原样打印的字符（第一个是 U+000B 垂直制表符，按换行处理）"));
  CHECK(p.text_warnings[2].where == "evidence[" + std::to_string(p.assessment.evidence.size() - 1) + "].name");
  CHECK(contains(p.text_warnings[2].message, "证明材料的文件名“" + qis_test::kHostileEvidenceShown + "”含 1 个"));

  auto verified = verify_package(hp.bytes, {hp.rubric});
  REQUIRE(verified.ok());
  CHECK(verified.value().text_warnings.size() == 3);
  CHECK(verified.value().ok());  // information, not a finding: nothing was tampered with

  // A package that is all ordinary text says nothing.
  auto sample = import_package(qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/samples/hunan-db43.json"), {hp.rubric});
  REQUIRE(sample.ok());
  CHECK(sample.value().text_warnings.empty());
}

TEST_CASE("package text warnings are bounded: ten listed, the rest counted in one") {
  const Imported x;
  Assessment a = x.p.assessment;
  for (int i = 0; i < 30; ++i) a.profile["extra" + std::to_string(100 + i)] = "x\x0B" "y";
  const auto warnings = package_text_warnings(x.hp.rubric, a);
  REQUIRE(warnings.size() == kMaxTextWarnings + 1);
  CHECK(warnings.back().message.rfind("另有 23 处文字含不能原样打印的字符", 0) == 0);
}

TEST_CASE("qis verify and qis report say what was normalised, on stdout and stderr, and keep their exit codes") {
  HostilePackage hp;
  const fs::path pkg = qis_test::scratch_dir() / "hostile-text.json";
  std::ofstream(pkg, std::ios::binary) << hp.bytes;
  const qis_test::CliRun v = qis_test::run_cli({"verify", pkg.string()});
  CHECK(v.code == 0);
  CHECK(contains(v.out, "\n文字：单位信息“单位名称”含 2 个不能原样打印的字符"));
  CHECK(contains(v.out, "[package.text_normalised]\n"));
  CHECK_FALSE(contains(v.out, "\xE2\x80\xAE"));
  const qis_test::CliRun j = qis_test::run_cli({"verify", pkg.string(), "--json"});
  const Json report = Json::parse(j.out);
  REQUIRE(report["text_warnings"].size() == 3);
  CHECK(report["text_warnings"][0]["where"] == "profile.name");
  CHECK(report["text_warnings"][0]["code"] == "package.text_normalised");

  const fs::path docx = qis_test::scratch_dir() / "hostile-text.docx";
  const qis_test::CliRun r = qis_test::run_cli({"report", pkg.string(), "--kind", "self-assessment", "--format", "docx", "-o", docx.string()});
  CHECK(r.code == 0);
  CHECK(contains(r.err, ": 注意：单位信息“单位名称”含 2 个不能原样打印的字符"));
  CHECK(contains(r.err, "[package.text_normalised]"));
}
