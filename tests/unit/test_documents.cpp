// The documents of each bundled rubric, as its "procedure" section defines them: which exist, the
// clauses they cite (a 崇明, 松江 or 武汉 document never cites Hunan's DB43/T 8.2.2 or 7.2), the panel
// rule, rows with one number each, the roster of experts submitted so far, the 自评记录, the
// fill-in patterns of the forms, the missing materials, and the package's hash as a QR code that a
// real decoder reads back.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli_runner.h"
#include "helpers.h"
#include "package.h"
#include "procedure.h"
#include "procedure_checks.h"
#include "qr.h"
#include "rank.h"
#include "report.h"
#include "review.h"

using namespace qis;
namespace fs = std::filesystem;

namespace {

using qis_test::contains;

std::string sample_text(const std::string& id) {
  return qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/samples/" + id + ".json");
}

// A bundled rubric's sample package, imported, with a panel of `experts` reviews that agree with
// the station (every criterion scored, no deviation).
struct Station {
  std::vector<Rubric> rubrics;
  const Rubric* rb = nullptr;
  Assessment a;
  std::string bytes, hash;
  Panel panel;
  explicit Station(const std::string& id, int experts = 4) {
    rubrics.push_back(qis_test::rubric(id));
    rb = &rubrics[0];
    bytes = sample_text(id);
    auto imported = import_package(bytes, rubrics);
    REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().message));
    a = imported.value().assessment;
    hash = package_hash(bytes);
    std::vector<Review> reviews;
    for (int i = 0; i < experts; ++i) {
      Review r = new_review(*rb, a, bytes, {"专家" + std::to_string(i + 1), "高级工程师", "某研究院"}, "2025-06-0" + std::to_string(i + 1));
      for (auto& [cid, ans] : a.answers) r.items[cid] = ReviewItem{ans, "", ""};
      reviews.push_back(r);
    }
    auto merged = merge_panel(*rb, a, hash, reviews, PanelOptions{});
    REQUIRE_MESSAGE(merged.ok(), (merged.ok() ? "" : merged.error().message));
    panel = std::move(merged).value();
  }
  DocumentInput input(bool with_panel) const {
    DocumentInput in;
    in.rubric = rb;
    in.assessment = &a;
    in.panel = with_panel ? &panel : nullptr;
    in.package_hash = hash;
    in.date = "2025-06-10";
    return in;
  }
};

const char* const kScoredRubrics[] = {"chongming-2024", "songjiang-2024", "wuhan-2025", "hunan-db43"};

}  // namespace

TEST_CASE("each rubric file names its documents; only Hunan names a panel rule") {
  const Rubric hunan = qis_test::rubric("hunan-db43");
  REQUIRE(hunan.procedure.min_panel_size());
  CHECK(*hunan.procedure.min_panel_size() == 5);
  CHECK(hunan.procedure.panel.clause == "7.2");
  CHECK(contains(hunan.procedure.panel.qualification, "高级专业技术职称"));
  CHECK(rubric_documents(hunan) ==
        std::vector<DocumentKind>{DocumentKind::SelfAssessment, DocumentKind::Application, DocumentKind::ScoreSheet, DocumentKind::Report});
  for (const char* id : {"chongming-2024", "songjiang-2024", "wuhan-2025", "shanghai-2024"}) {
    CAPTURE(id);
    const Rubric rb = qis_test::rubric(id);
    CHECK_FALSE(rb.procedure.min_panel_size());
    CHECK_FALSE(panel_size_warning(rb, 1));
    CHECK_FALSE(rb.procedure.profile.empty());
  }
  CHECK(rubric_documents(qis_test::rubric("chongming-2024")) ==
        std::vector<DocumentKind>{DocumentKind::SelfAssessment, DocumentKind::Declaration, DocumentKind::ScoreSheet, DocumentKind::Report});
  CHECK(rubric_documents(qis_test::rubric("wuhan-2025")) ==
        std::vector<DocumentKind>{DocumentKind::SelfAssessment, DocumentKind::Application, DocumentKind::ScoreSheet, DocumentKind::Report});
  CHECK(rubric_documents(qis_test::rubric("songjiang-2024")) ==
        std::vector<DocumentKind>{DocumentKind::SelfAssessment, DocumentKind::ScoreSheet, DocumentKind::Report});

  const auto warning = panel_size_warning(hunan, 4);
  REQUIRE(warning);
  CHECK(warning->code == "panel.too_few_experts");
  CHECK(contains(warning->message, "专家组目前只有 4 人，少于《质量基础设施“一站式”服务评价规范》7.2规定的不少于 5 人"));
  CHECK_FALSE(panel_size_warning(hunan, 5));
}

TEST_CASE("the profile a rubric asks: 崇明 asks no operation date or new-station question, 武汉 asks both, with their clauses") {
  auto fields = [](const Rubric& rb) {
    std::vector<std::string> out;
    for (auto& f : rb.procedure.profile) out.push_back(f.field);
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const char* f) { return std::find(v.begin(), v.end(), f) != v.end(); };
  const Rubric chongming = qis_test::rubric("chongming-2024");
  const auto c = fields(chongming);
  CHECK_FALSE(has(c, "operation_start"));
  CHECK_FALSE(has(c, "new_station"));
  CHECK(chongming.procedure.profile[0].label == "申报试点名称");
  const Rubric wuhan = qis_test::rubric("wuhan-2025");
  for (auto& f : wuhan.procedure.profile) {
    if (f.field == "operation_start") CHECK(f.clause == "第十三条（一）");
    if (f.field == "new_station") CHECK(f.clause == "第十九条");
  }
  CHECK(has(fields(wuhan), "new_station"));
  // No document file code reaches the screen: hints and clauses never name "000 附件2" or "002 第十九条".
  for (const char* id : {"chongming-2024", "songjiang-2024", "wuhan-2025", "hunan-db43", "shanghai-2024"})
    for (auto& f : qis_test::rubric(id).procedure.profile)
      for (const std::string& text : {f.hint, f.clause, f.label}) {
        CAPTURE(text);
        for (const char* code : {"000 ", "001 ", "002 ", "003 ", "004 "}) CHECK_FALSE(contains(text, code));
      }
}

TEST_CASE("a 崇明, 松江 or 武汉 document cites none of Hunan's clauses; a 湖南 report still cites 8.2.2, 7.2 and DB43") {
  for (const char* id : kScoredRubrics) {
    CAPTURE(id);
    const Station st(id, 4);  // four experts: below Hunan's five
    const bool hunan = std::string(id) == "hunan-db43";
    for (DocumentKind k : rubric_documents(*st.rb))
      for (bool with_panel : {false, true}) {
        CAPTURE(document_kind_name(k));
        CAPTURE(with_panel);
        const std::string html = render_document(k, st.input(with_panel));
        if (!hunan) {
          CHECK_FALSE(contains(html, "8.2.2"));
          CHECK_FALSE(contains(html, "（7.2）"));
          CHECK_FALSE(contains(html, "7.2规定"));
          CHECK_FALSE(contains(html, "DB43"));
          CHECK_FALSE(contains(html, "不少于 5 人"));
        }
      }
    const std::string report = evaluation_report_html(st.input(true));
    if (hunan) {
      CHECK(contains(report, "8.2.2"));
      CHECK(contains(report, "DB43/T 2516"));
      CHECK(contains(report, "专家应具有高级专业技术职称或与高级专业技术职称对应的职务，不少于 5 人（7.2）。"));
      CHECK(contains(report, "专家组目前只有 4 人，少于《质量基础设施“一站式”服务评价规范》7.2规定的不少于 5 人"));
    } else {
      CHECK_FALSE(contains(report, "专家组目前只有"));
    }
  }
}

TEST_CASE("a report whose rubric names no cover prints the rubric's own report title on its cover, not Hunan's") {
  // Found printing a 武汉 评价报告 from the evaluator's page: the cover said “质量基础设施“一站式”服务 评价报告”.
  for (const char* id : {"wuhan-2025", "songjiang-2024"}) {
    CAPTURE(id);
    const Station st(id, 1);
    const std::string report = evaluation_report_html(st.input(true));
    const std::string cover = report.substr(report.find("<div class=\"cover\">"), 300);
    CHECK(contains(cover, html_escape(document_title(*st.rb, DocumentKind::Report))));
    CHECK_FALSE(contains(cover, "服务<br>评价报告"));
  }
}

TEST_CASE("rows show one number each: 崇明 and 松江 titles carry their own, Hunan's ids stand beside the title") {
  const Station chongming("chongming-2024");
  const std::string report = evaluation_report_html(chongming.input(true));
  CHECK(contains(report, "<td>1. 运营情况</td>"));
  CHECK_FALSE(contains(report, "1 1. 运营情况"));
  CHECK(contains(report, "<td style=\"padding-left:15pt\">1) 制度建设</td>"));
  const std::string sheet = score_sheet_html(chongming.input(true));
  CHECK_FALSE(contains(sheet, "<th class=\"id\">编号</th>"));
  CHECK_FALSE(contains(sheet, "<td>1.1</td>"));

  const Station songjiang("songjiang-2024");
  const std::string sj = score_sheet_html(songjiang.input(false));
  CHECK_FALSE(contains(sj, "<td>3.12</td>"));
  CHECK_FALSE(contains(evaluation_report_html(songjiang.input(false)), "3.12 12"));

  const Station hunan("hunan-db43", 5);
  CHECK(contains(evaluation_report_html(hunan.input(true)), "<td>1 组织管理</td>"));
  CHECK(contains(score_sheet_html(hunan.input(true)), "<th class=\"id\">编号</th>"));
}

TEST_CASE("a criterion's label on screen carries one number: the id, without the number its title carries") {
  CHECK(title_without_number("1) 制度建设") == "制度建设");
  CHECK(title_without_number("10）数字化") == "数字化");
  CHECK(title_without_number("7. 合理布局") == "合理布局");
  CHECK(title_without_number("（一）组织管理") == "组织管理");
  CHECK(title_without_number("(3) 人员") == "人员");
  CHECK(title_without_number("三、服务成效") == "服务成效");
  CHECK(title_without_number("机构成立及成立文件") == "机构成立及成立文件");
  CHECK(title_without_number("1)") == "1)");  // nothing after the number: left as it is
  const Station chongming("chongming-2024", 1);
  CHECK(screen_label(*chongming.rb->find("1.1")) == "1.1 制度建设");
  CHECK(screen_label(*chongming.rb->find("2.10")) == "2.10 数字化");
  const Station songjiang("songjiang-2024", 1);
  for (const Node* n : songjiang.rb->criteria()) {
    CAPTURE(n->title);
    const std::string label = screen_label(*n);
    CHECK(label.rfind(n->id + " ", 0) == 0);                               // the tests select rows by "^<id> "
    CHECK(label.find_first_of("0123456789", n->id.size() + 1) == std::string::npos);  // and no second number
  }
  CHECK(screen_label(*qis_test::rubric("hunan-db43").find("1.1.1")) == "1.1.1 机构成立及成立文件");
}

TEST_CASE("the 评价报告 roster lists the experts who have submitted so far, then blank rows up to the rubric's minimum") {
  const Station hunan("hunan-db43", 5);
  DocumentInput in = hunan.input(false);
  in.submitted = {{"张三", "研究员", "湖南省质量和标准化研究院"}, {"李&四", "高级工程师", "长沙市标准化协会"}};
  const std::string html = evaluation_report_html(in);
  CHECK(contains(html, "<td class=\"center\">1</td><td>张三</td><td>研究员</td><td>湖南省质量和标准化研究院</td>"));
  CHECK(contains(html, "<td class=\"center\">2</td><td>李&amp;四</td><td>高级工程师</td>"));
  CHECK(contains(html, "<td class=\"center\">5</td><td>&nbsp;</td>"));
  CHECK_FALSE(contains(html, "<td class=\"center\">6</td>"));
  CHECK(contains(html, "已提交评审意见的专家 2 人"));

  const Station chongming("chongming-2024");
  DocumentInput c = chongming.input(false);
  c.submitted = {{"王五", "高级经济师", "崇明区某协会"}};
  const std::string ch = evaluation_report_html(c);
  CHECK(contains(ch, "<td>王五</td>"));
  CHECK_FALSE(contains(ch, "<td class=\"center\">2</td>"));  // no minimum named: no padding once someone is listed
  // With a panel, the panel's reviews are the roster.
  CHECK(contains(evaluation_report_html(chongming.input(true)), "<td class=\"center\">4</td><td>专家4</td>"));
}

TEST_CASE("the 自评记录 lists every criterion with its answer, points, reason and evidence, signed and dated") {
  Station st("hunan-db43", 5);
  st.a.notes["1.1.1"] = "成立文件见附件 <1>";
  EvidenceItem e;
  e.id = "ev1";
  e.name = "成立文件.pdf";
  e.sha256 = std::string(64, 'a');
  e.criteria = {"1.1.1", "material:application_form"};
  st.a.evidence.push_back(e);
  const std::string html = self_assessment_html(st.input(false));
  CHECK(contains(html, "<h1>质量基础设施“一站式”服务自我评价记录</h1>"));
  CHECK(contains(html, "（6.1）"));
  const ScoreReport self = score(*st.rb, st.a);
  for (const Node* n : st.rb->criteria()) {
    CAPTURE(n->id);
    const CriterionResult* cr = self.find(n->id);
    REQUIRE(cr);
    // A title the tool made up (湖南: 表A.1 prints none for the item) is marked ＊.
    CHECK(contains(html, "<td>" + n->id + "</td><td>" + html_escape(n->title) + (n->title_by_tool ? "＊" : "") + "</td><td>" + html_escape(cr->explanation) +
                             "</td><td class=\"num\">" + format_milli(cr->score) + " / " + format_milli(n->max) + "</td>"));
  }
  CHECK(contains(html, "成立文件见附件 &lt;1&gt;"));
  CHECK(contains(html, "<p><bdi>成立文件.pdf</bdi>（SHA-256 aaaaaaaaaaaaaaaa）</p>"));
  CHECK(contains(html, "自评负责人（签字）"));
  CHECK(contains(html, "日期：<span class=\"nb\">2025年6月10日</span>"));
  // Materials: the application form attached, the rest missing; the 自我评价记录 is this record itself.
  CHECK_FALSE(contains(html, "<tr><td>自我评价记录"));
  CHECK(contains(html, "<tr><td>评价申请表（见附录B）（6.2 a)）</td><td class=\"center\">已附</td></tr>"));
  CHECK(contains(html, "<tr><td>工作总结（6.2 c)）</td><td class=\"center flag\">缺少</td></tr>"));
}

TEST_CASE("松江's 效能评分表 carries its own header: 项目名称 and 填表日期") {
  Station st("songjiang-2024");
  st.a.profile["service_name"] = "松江区生物医药质量基础设施“一站式”服务项目";
  const std::string html = score_sheet_html(st.input(false));
  CHECK(contains(html, "<h1>质量基础设施“一站式”服务项目效能评分表</h1>"));
  CHECK(contains(html, "<th>项目名称：</th><td>松江区生物医药质量基础设施“一站式”服务项目</td><th>填表日期：</th><td><span class=\"nb\">2025年6月10日</span></td>"));
  CHECK(contains(html, "<th>专家评分</th>"));  // prefilled with the self score, a column left to fill in
}

TEST_CASE("required materials without evidence are missing; each becomes a verify.material_missing finding") {
  Station st("chongming-2024");
  CHECK(missing_materials(*st.rb, st.a) == std::vector<std::string>{"application_form"});
  // The package records them at export, inside its informational scores.
  const Json exported = Json::parse(export_package(*st.rb, st.a));
  CHECK(exported["scores"]["materials_missing"] == Json::array({"application_form"}));
  auto findings = material_missing_findings(*st.rb, st.a);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "verify.material_missing");
  CHECK(findings[0].where == "application_form");
  CHECK(contains(findings[0].message, "缺少必备申请材料“申报表（附件2）”"));
  CHECK(contains(findings[0].message, "不是篡改"));
  EvidenceItem e;
  e.name = "申报表.pdf";
  e.criteria = {"material:application_form"};
  st.a.evidence.push_back(e);
  CHECK(missing_materials(*st.rb, st.a).empty());
  CHECK(material_missing_findings(*st.rb, st.a).empty());
  CHECK_FALSE(Json::parse(export_package(*st.rb, st.a))["scores"].contains("materials_missing"));
  // A rubric with only optional materials, or none, never misses any.
  CHECK(missing_materials(qis_test::rubric("shanghai-2024"), st.a).empty());
}

TEST_CASE("the procedure section is checked on load: unknown fields, a cell with two sources, a form without rows") {
  const std::string base = qis_test::read_file(std::string(QIS_RUBRIC_DIR) + "/shanghai-2024.json");
  auto with = [&](const std::string& procedure) {
    const auto at = base.rfind(",\n  \"procedure\"");
    REQUIRE(at != std::string::npos);
    return load_rubric(base.substr(0, at) + ",\n  \"procedure\": " + procedure + "\n}\n", "t.json");
  };
  auto fails = [&](const std::string& procedure, const std::string& code, const std::string& words) {
    CAPTURE(procedure);
    auto r = with(procedure);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == code);
    CHECK(contains(r.error().message, words));
  };
  fails(R"({"profile": [{"field": "fax"}]})", "rubric.procedure_field", "单位信息中没有字段“fax”");
  fails(R"({"profile": [{"field": "name"}, {"field": "name"}]})", "rubric.procedure_duplicate_field", "重复");
  fails(R"({"panel": {"min_size": 101}})", "rubric.procedure_min_size", "1~100");
  fails(R"({"documents": {"application": {"title": "申请书"}}})", "rubric.procedure_rows", "须有 rows");
  fails(R"({"documents": {"declaration": {"title": "x", "rows": [[{"label": "a", "field": "name", "value": "date"}]]}}})",
        "rubric.procedure_cell", "只能填");
  fails(R"({"documents": {"declaration": {"title": "x", "rows": [[{"label": "a", "value": "today"}]]}}})",
        "rubric.procedure_value", "self_score");
  fails(R"({"documents": {"declaration": {"title": "x", "rows": [[]]}}})", "rubric.procedure_row", "不能为空");
  fails(R"({"documents": {"minutes": {"title": "x"}}})", "rubric.unknown_field", "minutes");
  CHECK(with(R"({})").ok());
}

// ---------------------------------------------------------------------------------------------
// Paper bound to the file: the hash readable and as a QR code that decodes to it.

namespace {

bool have_tool(const char* name) { return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0; }

std::string run_capture(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
  }
  return out;
}

}  // namespace

TEST_CASE("every document shows the package's SHA-256 and a QR code of it") {
  const Station st("chongming-2024");
  for (DocumentKind k : all_document_kinds()) {
    CAPTURE(document_kind_name(k));
    const std::string html = render_document(k, st.input(true));
    CHECK(contains(html, "<b class=\"hash\">" + st.hash.substr(0, 16) + "</b>"));
    CHECK(contains(html, "<svg class=\"qr\" data-qr=\"" + st.hash + "\""));
  }
  // Without a hash given, the one of the package the station would export now.
  DocumentInput in = st.input(false);
  in.package_hash.clear();
  CHECK(document_package_hash(in) == package_hash(export_package(*st.rb, st.a)));
  // With a panel, the file the panel reviewed: an evaluator's paper names the file it opened.
  DocumentInput reviewed = st.input(true);
  reviewed.package_hash.clear();
  CHECK(document_package_hash(reviewed) == st.hash);
  // 64 hex digits in byte mode at level M need version 5 (37 modules; version 4 holds 62 bytes).
  const QrMatrix m = qr_encode(st.hash);
  CHECK(m.size == 37);
  CHECK(qr_encode(std::string(5000, 'x')).size == 0);  // beyond any version: no symbol, no exception
}

TEST_CASE("the QR code printed on a document decodes to the package's hash (rsvg-convert + zbarimg)") {
  if (!have_tool("rsvg-convert") || !have_tool("zbarimg")) {
    MESSAGE("SKIPPED: rsvg-convert (librsvg2-bin) or zbarimg (zbar-tools) is not installed; scripts/deps.sh native installs them");
    return;
  }
  const Station st("hunan-db43", 5);
  const std::string html = evaluation_report_html(st.input(true));
  const auto from = html.find("<svg class=\"qr\"");
  const auto to = html.find("</svg>", from);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  std::string svg = html.substr(from, to + 6 - from);
  svg.insert(4, " xmlns=\"http://www.w3.org/2000/svg\"");  // a standalone SVG file needs its namespace
  const fs::path dir = qis_test::scratch_dir();
  const fs::path svg_path = dir / "qr.svg", png_path = dir / "qr.png";
  std::ofstream(svg_path, std::ios::binary) << svg;
  REQUIRE(std::system(("rsvg-convert -w 400 -h 400 -b white -o '" + png_path.string() + "' '" + svg_path.string() + "'").c_str()) == 0);
  const std::string decoded = run_capture("zbarimg --quiet --raw '" + png_path.string() + "' 2>/dev/null");
  CHECK(decoded == st.hash + "\n");
}
