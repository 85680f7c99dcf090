// Editable copies: every document of a rubric as .docx. Read back with an independent zip reader
// (Python's zipfile), its QR image decoded by zbarimg, and converted by LibreOffice (headless) to
// text and PDF, whose text must say what the HTML says.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli_runner.h"
#include "docx.h"
#include "helpers.h"
#include "hostile_text_fixture.h"
#include "package.h"
#include "report.h"

using namespace qis;
namespace fs = std::filesystem;

namespace {

using qis_test::contains;

bool have_tool(const char* name) { return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0; }

std::string run_capture(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
  }
  return out;
}

// One part of a zip file, read by Python's zipfile (not by the minizip that wrote it).
std::string zip_part(const fs::path& zip, const std::string& part) {
  return run_capture("python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '" +
                     zip.string() + "' '" + part + "' 2>/dev/null");
}

// The text of an XML part in document order: its tags taken out.
std::string xml_text(const std::string& xml) {
  std::string out;
  bool in_tag = false;
  for (char c : xml) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) out += c;
  }
  return out;
}

std::string sample_path(const std::string& id) { return std::string(QIS_FIXTURE_DIR) + "/samples/" + id + ".json"; }

// A sample package of `id` imported with its rubric, and the document input for it (pointing into
// this object, so it stays where it is made).
struct Sample {
  std::vector<Rubric> rubrics;
  std::string bytes;
  Assessment assessment;
  DocumentInput in;
  explicit Sample(const std::string& id) : rubrics{qis_test::rubric(id)}, bytes(qis_test::read_file(sample_path(id))) {
    auto imported = import_package(bytes, rubrics);
    REQUIRE(imported.ok());
    assessment = imported.value().assessment;
    in.rubric = &rubrics[0];
    in.assessment = &assessment;
    in.package_hash = package_hash(bytes);
  }
  Sample(const Sample&) = delete;
  Sample& operator=(const Sample&) = delete;
};

}  // namespace

TEST_CASE("a .docx is a zip of the WordprocessingML parts: A4, 宋体, the document's text, the QR image") {
  Sample sample("chongming-2024");
  DocumentInput& in = sample.in;
  in.date = "2025-06-10";
  const std::string docx = render_document_docx(DocumentKind::Declaration, in);
  REQUIRE(docx.size() > 4);
  CHECK(docx.substr(0, 2) == "PK");
  CHECK(render_document_docx(DocumentKind::Declaration, in) == docx);  // the same document gives the same bytes

  const fs::path file = qis_test::scratch_dir() / "declaration.docx";
  std::ofstream(file, std::ios::binary) << docx;
  const std::string names = run_capture("python3 -c 'import sys, zipfile; print(\"\\n\".join(zipfile.ZipFile(sys.argv[1]).namelist()))' '" +
                                        file.string() + "'");
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels",
                           "word/media/qr.png"}) {
    CAPTURE(part);
    CHECK(contains(names, part));
  }
  const std::string document = zip_part(file, "word/document.xml");
  CHECK(contains(document, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));  // A4 portrait
  CHECK(contains(document, "2024年崇明区质量基础设施“一站式”服务</w:t></w:r><w:r><w:br/></w:r>"));
  CHECK(contains(document, "试点项目申报表"));
  CHECK(contains(document, "（预计至2024年年底，取得的成果）"));
  CHECK(contains(document, "上海长兴海洋装备产业园区服务中心"));
  CHECK(contains(document, in.package_hash.substr(0, 16)));
  CHECK(contains(zip_part(file, "word/styles.xml"), "w:eastAsia=\"FangSong\""));  // 仿宋 body (GB/T 9704)
  CHECK(contains(zip_part(file, "word/styles.xml"), "w:eastAsia=\"SimSun\""));    // 宋体 tables

  // Text is escaped for XML like the HTML escapes it.
  Assessment hostile = sample.assessment;
  hostile.profile["name"] = "<b>甲&乙</b>";
  in.assessment = &hostile;
  std::ofstream(file, std::ios::binary) << render_document_docx(DocumentKind::Declaration, in);
  CHECK(contains(zip_part(file, "word/document.xml"), "&lt;b&gt;甲&amp;乙&lt;/b&gt;"));

  if (!have_tool("zbarimg")) {
    MESSAGE("SKIPPED the QR decoding: zbarimg (zbar-tools) is not installed; scripts/deps.sh native installs it");
    return;
  }
  const fs::path png = qis_test::scratch_dir() / "docx-qr.png";
  std::ofstream(png, std::ios::binary) << zip_part(file, "word/media/qr.png");
  CHECK(run_capture("zbarimg --quiet --raw '" + png.string() + "' 2>/dev/null") == in.package_hash + "\n");
}

TEST_CASE("the page's .docx: the same parts, zipped stored by another writer, open with the QR image intact") {
  // The web app has no minizip: it zips render_document_docx_parts() in the page (stored entries,
  // web/bundle.js). Python's zipfile stands in for that writer here.
  Sample sample("hunan-db43");
  const DocumentInput& in = sample.in;
  const DocxParts parts = render_document_docx_parts(DocumentKind::Application, in);
  REQUIRE(parts.size() == 7);
  CHECK(parts.front().first == "[Content_Types].xml");
  CHECK(parts.back().first == "word/media/qr.png");
  const std::string png = parts.back().second;
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  CHECK(png.size() < 20000);  // 1 bit per pixel: small enough stored
  const fs::path dir = qis_test::scratch_dir() / "stored-docx";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string names;
  for (auto& [name, data] : parts) {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name, std::ios::binary) << data;
    names += " '" + name + "'";
  }
  const fs::path docx = qis_test::scratch_dir() / "stored.docx";
  fs::remove(docx);
  REQUIRE(std::system(("cd '" + dir.string() + "' && python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], \"w\", zipfile.ZIP_STORED); "
                       "[z.write(n) for n in sys.argv[2:]]; z.close()' '" + docx.string() + "'" + names).c_str()) == 0);
  CHECK(contains(zip_part(docx, "word/document.xml"), "自查得分"));
  // Python's zlib reads the PNG's stored deflate stream: the pixels are the QR code's.
  const std::string check = run_capture("python3 -c 'import sys, zlib; d = open(sys.argv[1], \"rb\").read(); i = d.index(b\"IDAT\"); "
                                        "n = int.from_bytes(d[i-4:i], \"big\"); print(len(zlib.decompress(d[i+4:i+4+n])))' '" +
                                        (dir / "word/media/qr.png").string() + "'");
  CHECK(check == std::to_string(360 * (1 + 45)) + "\n");  // (37 + 8) * 8 = 360 rows of 1 + 45 bytes
  if (!have_tool("zbarimg")) {
    MESSAGE("SKIPPED the QR decoding: zbarimg (zbar-tools) is not installed");
    return;
  }
  CHECK(run_capture("zbarimg --quiet --raw '" + (dir / "word/media/qr.png").string() + "' 2>/dev/null") == in.package_hash + "\n");
}

TEST_CASE("a score sheet with more than two experts is A4 landscape in .docx as in HTML") {
  const std::string html = "<!DOCTYPE html><html><head><style>@page { size: A4 landscape; }</style></head><body><h1>评分表</h1></body></html>";
  const fs::path file = qis_test::scratch_dir() / "landscape.docx";
  std::ofstream(file, std::ios::binary) << docx_from_html(html);
  CHECK(contains(zip_part(file, "word/document.xml"), "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"));
}

TEST_CASE("qis report --format docx: LibreOffice opens every document of 崇明 and 湖南 and finds its text") {
  if (!have_tool("soffice")) {
    MESSAGE("SKIPPED: LibreOffice (soffice, Debian libreoffice-writer-nogui) is not installed; scripts/deps.sh native installs it");
    return;
  }
  const fs::path dir = qis_test::scratch_dir() / "docx";
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  struct Expect {
    std::string file;
    std::vector<std::string> text;
  };
  std::vector<Expect> expected;
  std::string files;
  for (const char* id : {"chongming-2024", "hunan-db43"}) {
    const std::string hash = package_hash(qis_test::read_file(sample_path(id)));
    const Rubric rb = qis_test::rubric(id);
    for (DocumentKind k : rubric_documents(rb)) {
      const std::string name = std::string(id) + "-" + document_kind_name(k);
      const fs::path out = dir / (name + ".docx");
      const qis_test::CliRun r = qis_test::run_cli({"report", sample_path(id), "--kind", document_kind_name(k), "--format", "docx",
                                                    "-o", out.string(), "--date", "2025-06-10"});
      REQUIRE_MESSAGE(r.code == 0, r.err);
      expected.push_back({name, {hash.substr(0, 16)}});
      // The 申报表 has no date but the one its seal box leaves blank.
      if (k == DocumentKind::Declaration) expected.back().text.push_back("（预计至2024年年底，取得的成果）");
      else expected.back().text.push_back("2025年6月10日");
      if (k == DocumentKind::Application) expected.back().text.push_back("自查得分");
      if (k == DocumentKind::Report && std::string(id) == "hunan-db43") expected.back().text.push_back("8.2.2");
      files += " '" + out.string() + "'";
    }
  }
  // One LibreOffice run for every file, with a profile of its own (parallel runs do not share one).
  const std::string profile = "-env:UserInstallation=file://" + (dir / "profile").string();
  const std::string convert = "soffice " + profile + " --headless --convert-to txt:Text --outdir '" + (dir / "out").string() + "'" + files;
  REQUIRE(std::system((convert + " >/dev/null 2>&1").c_str()) == 0);
  for (auto& e : expected) {
    CAPTURE(e.file);
    const fs::path txt = dir / "out" / (e.file + ".txt");
    REQUIRE(fs::exists(txt));
    const std::string text = qis_test::read_file(txt.string());
    for (auto& t : e.text) {
      CAPTURE(t);
      CHECK(contains(text, t));
    }
    if (e.file.rfind("chongming", 0) == 0) {
      CHECK_FALSE(contains(text, "8.2.2"));
      CHECK_FALSE(contains(text, "DB43"));
    }
  }
  // And to PDF, as an office prints it.
  const std::string to_pdf = "soffice " + profile + " --headless --convert-to pdf --outdir '" + (dir / "out").string() + "' '" +
                             (dir / "chongming-2024-declaration.docx").string() + "' >/dev/null 2>&1";
  REQUIRE(std::system(to_pdf.c_str()) == 0);
  const std::string pdf = qis_test::read_file((dir / "out" / "chongming-2024-declaration.pdf").string());
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  if (have_tool("pdftotext")) {
    const std::string text = run_capture("pdftotext -layout '" + (dir / "out" / "chongming-2024-declaration.pdf").string() + "' - 2>/dev/null");
    CHECK(contains(text, "2024 年崇明区质量基础设施“一站式”服务"));
    CHECK(contains(text, "试点项目申报表"));
  }
}

TEST_CASE("issue 31: a vertical tab in a note, U+FFFE and a C0 character in the unit name, a bidi control in a file name: "
          "word/document.xml is valid XML, and LibreOffice opens it and reads the text in order") {
  qis_test::HostilePackage hp;
  const fs::path dir = qis_test::scratch_dir() / "hostile-docx";
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  const fs::path pkg = dir / "hostile.json";
  std::ofstream(pkg, std::ios::binary) << hp.bytes;
  std::string files;
  for (const char* kind : {"self-assessment", "score-sheet"}) {
    const fs::path out = dir / (std::string(kind) + ".docx");
    const qis_test::CliRun r = qis_test::run_cli({"report", pkg.string(), "--kind", kind, "--format", "docx", "-o", out.string(),
                                                  "--date", "2025-06-10"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    files += " '" + out.string() + "'";
    // An XML parser that refuses what XML 1.0 refuses (expat, by Python): the file Word would not open.
    CHECK(run_capture("python3 -c 'import sys, zipfile, xml.dom.minidom; xml.dom.minidom.parseString(zipfile.ZipFile(sys.argv[1])"
                      ".read(\"word/document.xml\")); print(\"valid\")' '" + out.string() + "' 2>&1") == "valid\n");
  }
  const std::string self = zip_part(dir / "self-assessment.docx", "word/document.xml");
  CHECK(contains(self, "第一行</w:t><w:br/><w:t xml:space=\"preserve\">第二行"));  // the note's line break, as Word writes one
  CHECK(contains(self, ">" + qis_test::kHostileUnitShown + "<"));
  // The name, its control shown, then the digest: in this order in the text, nothing to reorder it.
  CHECK(contains(xml_text(self), qis_test::kHostileEvidenceShown + "（SHA-256 " + qis_test::kHostileDigest.substr(0, 16) + "）"));
  CHECK_FALSE(contains(self, "\xE2\x80\xAE"));
  CHECK(contains(zip_part(dir / "score-sheet.docx", "word/document.xml"), "自评说明：第一行</w:t></w:r><w:r><w:br/></w:r>"));

  if (!have_tool("soffice")) {
    MESSAGE("SKIPPED opening in LibreOffice: soffice (Debian libreoffice-writer-nogui) is not installed; scripts/deps.sh native installs it");
    return;
  }
  const std::string profile = "-env:UserInstallation=file://" + (dir / "profile").string();
  REQUIRE(std::system(("soffice " + profile + " --headless --convert-to txt:Text --outdir '" + (dir / "out").string() + "'" +
                       files + " >/dev/null 2>&1").c_str()) == 0);
  for (const char* kind : {"self-assessment", "score-sheet"}) {
    CAPTURE(kind);
    const fs::path txt = dir / "out" / (std::string(kind) + ".txt");
    REQUIRE(fs::exists(txt));
    const std::string text = qis_test::read_file(txt.string());
    CHECK(contains(text, qis_test::kHostileUnitShown));
    CHECK(contains(text, "第一行\n第二行"));
    CHECK(contains(text, package_hash(hp.bytes).substr(0, 16)));
  }
  CHECK(contains(qis_test::read_file((dir / "out" / "self-assessment.txt").string()),
                 qis_test::kHostileEvidenceShown + "（SHA-256 " + qis_test::kHostileDigest.substr(0, 16) + "）"));
  // And printed: the PDF's text, read back in the order it is drawn (the narrow cell's lines
  // joined), has the name, then the digest whole.
  REQUIRE(std::system(("soffice " + profile + " --headless --convert-to pdf --outdir '" + (dir / "out").string() + "' '" +
                       (dir / "self-assessment.docx").string() + "' >/dev/null 2>&1").c_str()) == 0);
  if (have_tool("pdftotext")) {
    std::string text = run_capture("pdftotext '" + (dir / "out" / "self-assessment.pdf").string() + "' - 2>/dev/null");
    text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
    CHECK(contains(text, qis_test::kHostileEvidenceShown + "（SHA-256 " + qis_test::kHostileDigest.substr(0, 16) + "）"));
    CHECK_FALSE(contains(text, "exe.pdf"));  // what U+202E made of the name
  }
}

TEST_CASE("issue 26: qis report -o X.docx without --format writes a .docx, and never HTML under a .docx name") {
  const fs::path dir = qis_test::scratch_dir() / "docx-by-extension";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path out = dir / "评分表.DOCX";
  const qis_test::CliRun r = qis_test::run_cli({"report", sample_path("chongming-2024"), "--kind", "score-sheet", "-o", out.string()});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const std::string bytes = qis_test::read_file(out.string());
  CHECK(bytes.compare(0, 2, "PK") == 0);  // a zip, not "<!DOCTYPE html>"
  CHECK(contains(zip_part(out, "word/document.xml"), "<w:tbl>"));

  const qis_test::CliRun html_in_docx =
      qis_test::run_cli({"report", sample_path("chongming-2024"), "--kind", "score-sheet", "--format", "html", "-o", (dir / "x.docx").string()});
  CHECK(html_in_docx.code != 0);
  CHECK(contains(html_in_docx.err, "把输出文件改为 .html"));
  CHECK_FALSE(fs::exists(dir / "x.docx"));
  const qis_test::CliRun pdf = qis_test::run_cli({"report", sample_path("chongming-2024"), "--kind", "report", "-o", (dir / "x.pdf").string()});
  CHECK(pdf.code != 0);
  CHECK(contains(pdf.err, "只生成 .html 或 .docx"));
}
