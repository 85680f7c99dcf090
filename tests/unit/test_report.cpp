// Print-ready documents: escaping, self-containment (no scripts, no external resources, A4), and
// the content of the 评分表, the 评价报告 (003 附录C), the 评价申请表 (003 附录B) and the 申报表
// (000 附件2). The station is the all-kinds one of test_review.cpp: self total 75; its five
// experts give levels 7 8 8 9 10 (mean 8.4) and judge 5.5 6 7 5.5 6 (mean 6.0): panel total 76.4.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bundled.h"
#include "cli_runner.h"
#include "helpers.h"
#include "kinds_fixture.h"
#include "package.h"
#include "profile.h"
#include "rank.h"
#include "report.h"
#include "review.h"

using namespace qis;
using qis_test::pts;
namespace fs = std::filesystem;

namespace {

using qis_test::contains;


std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

const char* kAnswers = R"({
  "check": {"checked": ["1", "2"]}, "count": {"count": 20}, "hundreds": {"count": 300},
  "levels": {"level": 1, "value": 7}, "judge": {"value": 6},
  "graded": {"items": {"a": {"state": "full"}, "b": {"state": "full"}, "c": {"state": "full"}}},
  "bands": {"value": 92}, "highest": {"selected": ["p"]}, "cats": {"counts": {"m": 10}},
  "yes": {"yes": true}, "cases": {"count": 1}})";

const std::string kHostile = "<script>alert('x')</script> & \"引号\"";

struct Fixture {
  Rubric rb;
  Assessment a;
  Panel panel;
  Fixture() {
    auto loaded = load_rubric(kAllKindsRubric, "kinds");
    REQUIRE(loaded.ok());
    rb = std::move(loaded).value();
    a = qis_test::assessment(rb, kAnswers);
    a.profile = {{"name", "长沙县<质量>服务站"},
                 {"service_name", "长沙县质量基础设施“一站式”服务"},
                 {"address", "长沙县星沙大道1号"},
                 {"leader", "王主任"},
                 {"leader_phone", "0731-88888888"},
                 {"leader_email", "wang@example.com"},
                 {"contact", "李联络"},
                 {"contact_phone", "13800000000"},
                 {"contact_email", "li@example.com"},
                 {"goals", "一年内服务企业 200 家\n第二行"},
                 {"summary", kHostile},
                 {"unit_overview", "事业单位，职工 30 人"},
                 {"industry", "工程机械"},
                 {"industry_overview", "产业链企业 500 家"},
                 {"demand", "计量校准需求旺盛"},
                 {"key_services", "计量、标准、检验检测"},
                 {"service_mode", "线上线下结合"},
                 {"support", "经费 50 万元"},
                 {"schedule", "2024年3月启动"}};
    a.notes["levels"] = "成立文件见附件 & 清单";
    const std::string package = export_package(rb, a);
    const int levels[] = {7, 8, 8, 9, 10};
    const double judges[] = {5.5, 6, 7, 5.5, 6};
    const char* names[] = {"专家甲", "专家乙", "专家丙", "专家丁", "<b>专家戊</b>"};
    std::vector<Review> reviews;
    for (int i = 0; i < 5; ++i) {
      Review r = new_review(rb, a, package, {names[i], "高级工程师", "湖南省质量技术研究院"}, "2025-06-0" + std::to_string(i + 1));
      for (auto& [id, ans] : a.answers) r.items[id] = ReviewItem{ans, "", ""};
      r.items["levels"].answer = levels[i] == 10 ? Json{{"level", 0}} : Json{{"level", 1}, {"value", levels[i]}};
      r.items["judge"].answer = Json{{"value", judges[i]}};
      reviews.push_back(r);
    }
    reviews[4].items["levels"].deviation_reason = "现场核实文件齐全";
    reviews[4].items["levels"].comment = kHostile;
    reviews[0].summary = "建议加强机构集聚";
    PanelOptions o;
    o.overrides.push_back({"judge", pts(6.5), "专家组复核后调整 <一致同意>"});
    auto merged = merge_panel(rb, a, package_hash(package), reviews, o);
    REQUIRE_MESSAGE(merged.ok(), (merged.ok() ? "" : merged.error().message));
    panel = std::move(merged).value();
  }
  DocumentInput input(bool with_panel) const {
    DocumentInput in;
    in.rubric = &rb;
    in.assessment = &a;
    in.panel = with_panel ? &panel : nullptr;
    return in;
  }
};

// Self-contained and print-ready: A4, system CJK serif fonts, nothing fetched, nothing run.
void check_self_contained(const std::string& html) {
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK(contains(html, "<meta charset=\"utf-8\">"));
  CHECK(contains(html, "@page { size: A4"));
  CHECK(contains(html, "\"Noto Serif CJK SC\""));
  CHECK(contains(html, "\"SimSun\""));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "http:"));
  CHECK_FALSE(contains(html, "https:"));
  CHECK_FALSE(contains(html, "<link"));
  CHECK_FALSE(contains(html, "<img"));
  CHECK_FALSE(contains(html, "url("));
  CHECK_FALSE(contains(html, "@import"));
  CHECK(html.size() >= 8);
  CHECK(html.substr(html.size() - 8) == "</html>\n");
}

}  // namespace

TEST_CASE("html_escape turns <script>, &, and both quotes into entities and leaves Chinese alone") {
  CHECK(html_escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(html_escape("A & B") == "A &amp; B");
  CHECK(html_escape("\"引号\"") == "&quot;引号&quot;");
  CHECK(html_escape("&amp;") == "&amp;amp;");  // escaping is not idempotent on purpose: text is text
  CHECK(html_escape("质量“一站式”服务") == "质量“一站式”服务");
  CHECK(html_escape("") == "");
}

TEST_CASE("every document escapes user text and is self-contained") {
  Fixture fx;
  for (DocumentKind k : all_document_kinds())
    for (bool with_panel : {false, true}) {
      CAPTURE(document_kind_name(k));
      CAPTURE(with_panel);
      const std::string html = render_document(k, fx.input(with_panel));
      check_self_contained(html);
      CHECK(contains(html, "长沙县&lt;质量&gt;服务站"));
      CHECK_FALSE(contains(html, "长沙县<质量>"));
      CHECK_FALSE(contains(html, "<b>专家戊</b>"));
    }
}

TEST_CASE("document kinds have stable names for the CLI") {
  for (DocumentKind k : all_document_kinds()) CHECK(document_kind_from_name(document_kind_name(k)) == k);
  CHECK(std::string(document_kind_name(DocumentKind::SelfAssessment)) == "self-assessment");
  CHECK(std::string(document_kind_name(DocumentKind::ScoreSheet)) == "score-sheet");
  CHECK_FALSE(document_kind_from_name("pdf"));
}

TEST_CASE("the score sheet lists every criterion with self, per-expert and panel scores and the comments") {
  Fixture fx;
  const std::string html = score_sheet_html(fx.input(true));
  for (const Node* n : fx.rb.criteria()) {
    CAPTURE(n->id);
    CHECK(contains(html, "<td>" + n->id + "</td>"));
  }
  CHECK(contains(html, "<th class=\"expert\">专家甲</th>"));
  CHECK(contains(html, "<th class=\"expert\">&lt;b&gt;专家戊&lt;/b&gt;</th>"));
  // levels: max 10, self 7, experts 7 8 8 9 10, panel 8.4.
  CHECK(contains(html, "<td class=\"num\">10</td><td class=\"num\">7</td><td class=\"num\">7</td><td class=\"num\">8</td>"
                       "<td class=\"num\">8</td><td class=\"num\">9</td><td class=\"num\">10</td><td class=\"num\"><b>8.4</b></td>"));
  CHECK(contains(html, "自评说明：成立文件见附件 &amp; 清单"));
  CHECK(contains(html, "&lt;b&gt;专家戊&lt;/b&gt;：&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引号&quot;"));
  CHECK(contains(html, "（与自评偏差的理由）：现场核实文件齐全"));
  CHECK(contains(html, "专家评分分歧较大（极差 3 分）"));
  CHECK(contains(html, "专家组长调整为 6.5 分（计算值 6 分）</span>：专家组复核后调整 &lt;一致同意&gt;"));
  // Totals: self 75, panel 62 + 8.4 + 6.5 = 76.9; 专家甲 62 + 7 + 5.5 = 74.5.
  CHECK(contains(html, "<td>合计</td><td></td><td class=\"num\">90（另有加分项最高 5）</td><td class=\"num\">75</td><td class=\"num\">74.5</td>"));
  CHECK(contains(html, "<td class=\"num\">76.9</td><td></td></tr>"));
  CHECK(contains(html, "@page { size: A4 landscape;"));  // five expert columns need the width

  const std::string self_only = score_sheet_html(fx.input(false));
  CHECK_FALSE(contains(self_only, "专家组评分"));
  CHECK_FALSE(contains(self_only, "landscape"));
}

TEST_CASE("improvement suggestions take the largest losses first, bonus excluded, with the panel's results") {
  Fixture fx;
  // Losses with the panel: cats 8 − 4 = 4; bands 20 − 17 = 3; check 4 − 2 = 2; hundreds 5 − 3 = 2;
  // highest 10 − 8 = 2; levels 10 − 8.4 = 1.6; judge 8 − 6.5 = 1.5; count, graded 0. Equal losses keep
  // document order (check, hundreds, highest).
  const auto s = improvement_suggestions(fx.input(true));
  REQUIRE(s.size() == 5);
  CHECK(s[0].node->id == "cats");
  CHECK(s[0].lost == pts(4));
  CHECK(s[1].node->id == "bands");
  CHECK(s[2].node->id == "check");
  CHECK(s[3].node->id == "hundreds");
  CHECK(s[4].node->id == "highest");
  const auto all = improvement_suggestions(fx.input(true), 20);
  REQUIRE(all.size() == 7);
  CHECK(all[5].node->id == "levels");
  CHECK(all[5].lost == pts(1.6));
  CHECK(all[5].comments == std::vector<std::string>{"<b>专家戊</b>：" + kHostile});
  CHECK(all[6].node->id == "judge");
  CHECK(all[6].lost == pts(1.5));
}

TEST_CASE("the 评价报告 follows 附录C: cover, panel members, findings per indicator, outcome, suggestions with the official wording") {
  Fixture fx;
  const std::string html = evaluation_report_html(fx.input(true));
  CHECK(contains(html, "质量基础设施“一站式”服务<br>评价报告"));
  CHECK(contains(html, "<tr><th>服务名称</th><td>长沙县质量基础设施“一站式”服务</td></tr>"));
  CHECK(contains(html, "<tr><th>申报单位</th><td>长沙县&lt;质量&gt;服务站</td></tr>"));
  CHECK(contains(html, "<tr><th>评价日期</th><td><span class=\"nb\">2025年6月5日</span></td></tr>"));  // the latest review
  CHECK(count(html, "<td>湖南省质量技术研究院</td>") == 5);
  CHECK(contains(html, "<td>A 甲</td><td class=\"num\">90</td><td class=\"num\">72</td><td class=\"num\">73.9</td>"));
  CHECK(contains(html, "<td>B 加分（加分项）</td><td class=\"num\">5</td><td class=\"num\">3</td><td class=\"num\">3</td>"));
  CHECK(contains(html, "<td>总分</td><td class=\"num\">90（另有加分项最高 5）</td><td class=\"num\">75</td><td class=\"num\">76.9</td>"));
  CHECK(contains(html, "专家组评分 <b>76.9</b> 分（满分 90 分，另有加分项 5 分）。良好"));
  CHECK(contains(html, "<b>“机构集聚”（cats）</b>：得分 4 / 8，失分 4 分。"));
  CHECK(contains(html, "由计算值 6 分调整为 6.5 分。理由：专家组复核后调整 &lt;一致同意&gt;"));
  CHECK(contains(html, "专家甲：建议加强机构集聚"));

  DocumentInput dated = fx.input(false);
  dated.date = "2025-07-15";
  const std::string self_only = evaluation_report_html(dated);
  // No panel: a self-score summary, titled as such, never an 评价报告 with 评价发现 and 结论.
  CHECK(contains(self_only, "<tr><th>汇总日期</th><td><span class=\"nb\">2025年7月15日</span></td></tr>"));
  CHECK(contains(self_only, "自评情况汇总"));
  CHECK(contains(self_only, "尚未经专家评审"));
  CHECK_FALSE(contains(self_only, "评价发现"));
  CHECK_FALSE(contains(self_only, "四、评价结论"));
  CHECK(contains(self_only, "目前尚无专家组汇总评分"));
  CHECK(count(self_only, "<tr class=\"short\">") == 3);  // the rubric names no panel size: three blank rows
}

TEST_CASE("the report's suggestions quote the official wording of the Hunan criteria") {
  const std::vector<Rubric> rubrics = load_bundled_rubrics();
  const Rubric* hunan = nullptr;
  for (auto& r : rubrics)
    if (r.id == "hunan-db43") hunan = &r;
  REQUIRE(hunan);
  Assessment a = qis_test::assessment(*hunan, "{}");
  a.profile["name"] = "长沙县质量技术服务中心";
  DocumentInput in;
  in.rubric = hunan;
  in.assessment = &a;
  // Nothing answered: 未作答 is no loss of points, and the summary says nothing was answered.
  CHECK(improvement_suggestions(in).empty());
  const std::string html = evaluation_report_html(in);
  CHECK(contains(html, "申报单位尚未作答，暂无自评得分。"));
  CHECK_FALSE(contains(html, "得分 0 /"));
  // The score sheet prints the official wording (表A.1 评分标准) beside every criterion, 未作答 in its rows.
  const std::string sheet = score_sheet_html(in);
  for (const Node* n : hunan->criteria()) {
    CAPTURE(n->id);
    CHECK_FALSE(n->text.empty());
    std::string text = html_escape(n->text);
    for (std::size_t at; (at = text.find('\n')) != std::string::npos;) text.replace(at, 1, "<br>");
    CHECK(contains(sheet, "<td class=\"rule\">" + text + "</td>"));
  }
  CHECK(contains(sheet, "<td>合计</td><td></td><td class=\"num\">1000</td><td class=\"num\">未作答</td>"));
  CHECK_FALSE(contains(sheet, "<td class=\"num\">0</td><td>&nbsp;</td>"));
}

TEST_CASE("the 评价申请表 follows 附录B of the Hunan rubric file and carries the self score") {
  Fixture fx;
  const Rubric hunan = qis_test::rubric("hunan-db43");
  DocumentInput in = fx.input(false);
  in.rubric = &hunan;
  in.date = "2025-05-20";
  const ScoreReport self = score(hunan, fx.a);
  const std::string html = application_form_html(in);
  CHECK(contains(html, "质量基础设施“一站式”服务评价<br>申请表"));
  CHECK(contains(html, "<tr><th>申请日期</th><td><span class=\"nb\">2025年5月20日</span></td></tr>"));
  CHECK(contains(html, "<tr><th>服务名称</th><td>长沙县质量基础设施“一站式”服务</td></tr>"));
  CHECK(contains(html, "<tr><td class=\"label\">地址</td><td colspan=\"5\">长沙县星沙大道1号</td></tr>"));
  CHECK(contains(html, "<td class=\"label\">负责人</td><td>王主任</td><td class=\"label\">电话</td><td>0731-88888888</td>"
                       "<td class=\"label\">电子邮箱</td><td>wang@example.com</td>"));
  CHECK(contains(html, "<td class=\"label\">联系人</td><td>李联络</td>"));
  // The fixture answers none of 湖南's criteria: 尚未作答, never "0 分" (issue 26).
  REQUIRE(self.total == 0);
  CHECK(contains(html, "<td class=\"label\">自查得分</td><td colspan=\"5\">尚未作答（依据质量基础设施“一站式”服务评价表）</td>"));
  CHECK(contains(html, "一年内服务企业 200 家\n第二行"));  // kept; white-space: pre-wrap shows the line break
  CHECK(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  CHECK(contains(html, "5、本表一式三份，字迹要工整清晰，可以打印。"));

  // An empty 服务名称 prints the form's own fill-in pattern (附录B cover).
  Assessment blank = fx.a;
  blank.profile.erase("service_name");
  in.assessment = &blank;
  CHECK(contains(application_form_html(in),
                 "<tr><th>服务名称</th><td><span class=\"pattern\">(×××市、县、区、园区) 质量基础“一站式”服务</span></td></tr>"));
}

TEST_CASE("the 申报表 follows 崇明 附件2 as the rubric file words it") {
  Fixture fx;
  const Rubric chongming = qis_test::rubric("chongming-2024");
  DocumentInput in = fx.input(false);
  in.rubric = &chongming;
  in.date = "2025-03-01";  // the title is the document's own, whatever the date
  const std::string html = declaration_form_html(in);
  CHECK(contains(html, "<h1>2024年崇明区质量基础设施“一站式”服务<br>试点项目申报表</h1>"));
  CHECK_FALSE(contains(html, "上海市崇明区质量基础设施"));
  for (const char* id : {"service_name", "unit_overview", "industry", "industry_overview", "demand", "key_services", "goals",
                         "service_mode", "support", "schedule", "leader", "leader_phone", "contact", "contact_phone"}) {
    CAPTURE(id);
    bool known = false;
    for (auto& f : profile_fields()) known |= std::string(f.id) == id;
    CHECK(known);
    CHECK(contains(html, html_escape(fx.a.profile.at(id))));
  }
  CHECK(contains(html, "<div class=\"hint\">（预计至2024年年底，取得的成果）</div>一年内服务企业 200 家"));
  CHECK(contains(html, "重点支持保障措施（含投入经费、场地设施、专业人员等）"));
  CHECK(contains(html, "试点实施单位意见："));
  CHECK(contains(html, "单位盖章"));

  Assessment blank = fx.a;
  blank.profile.erase("service_name");
  in.assessment = &blank;
  CHECK(contains(declaration_form_html(in), "<span class=\"pattern\">崇明区××产业质量基础设施“一站式”服务</span>"));
}

// ---------------------------------------------------------------------------------------------
// The CLI

namespace {

fs::path scratch() { return qis_test::scratch_dir(); }

// The CLI's exit code; its stderr into `err` when given.
int run_cli(const std::vector<std::string>& args, std::string* err = nullptr) {
  const qis_test::CliRun r = qis_test::run_cli(args);
  if (err) *err = r.err;
  return r.code;
}

}  // namespace

TEST_CASE("qis report writes each kind of document; a bad kind is a usage error") {
  const std::vector<Rubric> rubrics = load_bundled_rubrics();
  const Rubric* wuhan = nullptr;
  for (auto& r : rubrics)
    if (r.id == "wuhan-2025") wuhan = &r;
  REQUIRE(wuhan);
  Assessment a = qis_test::assessment(*wuhan, "{}");
  a.rubric_hash = wuhan->content_hash;
  for (const Node* n : wuhan->criteria()) a.answers[n->id] = Json{{"value", static_cast<double>(n->max) / 2000.0}};
  a.profile["name"] = "武汉经开区<质量>服务站";
  const fs::path pkg = scratch() / "station.json";
  std::ofstream(pkg, std::ios::binary) << export_package(*wuhan, a);
  for (const char* kind : {"self-assessment", "application", "score-sheet", "report"}) {
    CAPTURE(kind);
    const fs::path out = scratch() / (std::string(kind) + ".html");
    CHECK(run_cli({"report", pkg.string(), "--kind", kind, "-o", out.string(), "--date", "2025-06-01"}) == 0);
    const std::string html = qis_test::read_file(out.string());
    check_self_contained(html);
    CHECK(contains(html, "武汉经开区&lt;质量&gt;服务站"));
  }
  // 武汉 has no 申报表: the rubric file names the documents it has.
  std::string undefined;
  CHECK(run_cli({"report", pkg.string(), "--kind", "declaration", "-o", (scratch() / "d.html").string()}, &undefined) == 1);
  CHECK(contains(undefined, "没有规定这种文书；可生成：self-assessment、application、score-sheet、report"));
  CHECK(contains(undefined, "[report.kind_undefined]"));
  CHECK(run_cli({"report", pkg.string(), "--kind", "pdf"}) == 2);
  CHECK(run_cli({"report", pkg.string()}) == 2);
  CHECK(run_cli({"report", pkg.string(), "--kind", "report", "--date", "1.6.2025"}) == 2);
  std::string err;
  CHECK(run_cli({"report", pkg.string(), "--kind", "report", "--panel", pkg.string()}, &err) == 1);
  CHECK(contains(err, "这不是专家组汇总文件"));
}
