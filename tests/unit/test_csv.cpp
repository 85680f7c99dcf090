// CSV import and export of the service ledger: RFC 4180 parsing, encodings (UTF-8 with and without
// BOM, GB18030 decoded by the generated table), header mapping for 000 附件4 and 001 附录, the
// import preview with per-row errors, and export → import giving the same ledger.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "csv.h"
#include "gb18030.h"
#include "helpers.h"
#include "ledger_csv.h"
#include "package.h"

using namespace qis;

namespace {

std::string fixture(const std::string& name) { return qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/ledger/" + name); }

std::vector<CsvRow> rows_of(std::string_view text) {
  auto r = parse_csv(text);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return r.value();
}

LedgerImport import_ok(std::string_view bytes) {
  auto r = import_ledger_csv(bytes);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r).value();
}

std::string cp(std::uint32_t code_point) {
  std::string s;
  append_utf8(s, code_point);
  return s;
}

using qis_test::contains;

// The ledger as the package writes it, to compare two ledgers field by field.
Json ledger_json(const Ledger& l) {
  Assessment a;
  a.ledger = l;
  return assessment_to_json(a)["ledger"];
}

}  // namespace

// ---- RFC 4180 ----

TEST_CASE("quoted fields keep commas, doubled quotes and line breaks; CRLF, LF and CR all end a row") {
  const auto rows = rows_of("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line1\r\nline2\",x\ny,z\rlast,");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == CsvRow{"a", "b,c", "say \"hi\""});
  CHECK(rows[1] == CsvRow{"line1\nline2", "x"});  // CRLF inside a cell is kept as "\n"
  CHECK(rows[2] == CsvRow{"y", "z"});
  CHECK(rows[3] == CsvRow{"last", ""});  // a trailing comma is an empty last field
}

TEST_CASE("a final line break does not add a row, empty lines are rows of one empty field") {
  CHECK(rows_of("a,b\r\n").size() == 1);
  const auto rows = rows_of("a\n\nb\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == CsvRow{""});
  CHECK(rows_of("\"\"").size() == 1);  // one empty quoted field is still a row
}

TEST_CASE("quotes are read as Excel reads them: literal inside unquoted text, text after a closing quote appended") {
  const auto rows = rows_of("5\"3,\"ab\"c");
  CHECK(rows[0] == CsvRow{"5\"3", "abc"});
}

TEST_CASE("a quote that is never closed is reported with the row it opened on") {
  auto r = parse_csv("a,b\nc,\"open\nd,e\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "csv.quote");
  CHECK(contains(r.error().message, "第 2 行"));
  CHECK(contains(r.error().message, "没有配对"));
}

TEST_CASE("written CSV quotes only what needs it, uses CRLF and parses back to the same rows") {
  const std::vector<CsvRow> rows = {{"序号", "名称"}, {"1", "甲, 乙"}, {"2", "说\"明\""}, {"3", "两\n行"}, {"4", " 空格"}};
  const std::string text = write_csv(rows);
  CHECK(text == "序号,名称\r\n1,\"甲, 乙\"\r\n2,\"说\"\"明\"\"\"\r\n3,\"两\n行\"\r\n4,\" 空格\"\r\n");
  CHECK(rows_of(text) == rows);
}

// ---- Encodings ----

TEST_CASE("the GB18030 table expanded at run time is the one Python's codec gave, and is compact") {
  const Gb18030TableInfo info = gb18030_table_info();
  CHECK(info.two_byte_codes == 23940);  // 126 lead bytes × 190 trail bytes
  CHECK(info.fingerprint_actual == info.fingerprint_expected);
  CHECK(info.two_byte_stream_bytes < 30000);   // 26,685 with CPython 3.11's codec (a uint16 array: 47,880)
  CHECK(info.four_byte_range_bytes == 206 * 4);  // 206 ranges of (index, code point)
  MESSAGE("GB18030 tables in the binary: " << info.two_byte_stream_bytes << " + " << info.four_byte_range_bytes << " bytes");
}

TEST_CASE("two-byte and four-byte GB18030 codes decode as Python's codec decodes them") {
  CHECK(gb18030_two_byte(0xD6, 0xD0) == 0x4E2D);  // 中
  CHECK(gb18030_two_byte(0xA1, 0xA1) == 0x3000);  // ideographic space
  CHECK(gb18030_two_byte(0xA2, 0xE3) == 0x20AC);  // €
  CHECK(gb18030_two_byte(0x81, 0x40) == 0x4E02);  // 丂, first GBK code
  CHECK(gb18030_two_byte(0xFE, 0x9F) == 0x4DAE);  // 䶮
  CHECK(gb18030_two_byte(0xFE, 0x50) == 0x2E81);
  CHECK(gb18030_two_byte(0xA6, 0xD9) == 0xE78D);  // user-defined area → PUA, as in GB18030-2005
  CHECK(gb18030_two_byte(0xA9, 0x89) == 0x303E);
  CHECK(gb18030_two_byte(0x81, 0x7F) == 0);       // 0x7F is never a trail byte
  CHECK(gb18030_two_byte(0xFF, 0x40) == 0);
  CHECK(gb18030_four_byte(0x81, 0x30, 0x81, 0x30) == 0x0080);  // first four-byte code
  CHECK(gb18030_four_byte(0x81, 0x30, 0x84, 0x38) == 0x00A9);  // ©
  CHECK(gb18030_four_byte(0x84, 0x31, 0xA4, 0x39) == 0xFFFF);  // last BMP code
  CHECK(gb18030_four_byte(0x84, 0x31, 0xA5, 0x30) == 0);       // past the BMP ranges
  CHECK(gb18030_four_byte(0x90, 0x30, 0x81, 0x30) == 0x10000); // supplementary planes are linear
  CHECK(gb18030_four_byte(0x95, 0x32, 0x82, 0x36) == 0x20000); // 𠀀
  CHECK(gb18030_four_byte(0x95, 0x34, 0xB2, 0x35) == 0x20BB7); // 𠮷
  CHECK(gb18030_four_byte(0xE3, 0x32, 0x9A, 0x35) == 0x10FFFF);
  CHECK(gb18030_four_byte(0xE3, 0x32, 0x9A, 0x36) == 0);
}

TEST_CASE("every BMP code point except ASCII and surrogates has exactly one two- or four-byte GB18030 code") {
  std::vector<int> hits(0x10000, 0);
  int two = 0, four = 0, beyond_bmp = 0;
  for (unsigned lead = 0x81; lead <= 0xFE; ++lead)
    for (unsigned trail = 0x40; trail <= 0xFE; ++trail)
      if (std::uint32_t c = gb18030_two_byte(lead, trail)) {
        ++hits[c];
        ++two;
      }
  for (unsigned b1 = 0x81; b1 <= 0x84; ++b1)
    for (unsigned b2 = 0x30; b2 <= 0x39; ++b2)
      for (unsigned b3 = 0x81; b3 <= 0xFE; ++b3)
        for (unsigned b4 = 0x30; b4 <= 0x39; ++b4)
          if (std::uint32_t c = gb18030_four_byte(b1, b2, b3, b4)) {
            if (c > 0xFFFF) ++beyond_bmp;
            else ++hits[c];
            ++four;
          }
  CHECK(two == 23940);
  CHECK(beyond_bmp == 0);
  CHECK(four == 39420);  // 23,940 + 39,420 = 63,360 = 65,536 − 128 ASCII − 2,048 surrogates
  int wrong = 0;
  for (std::uint32_t c = 0x80; c <= 0xFFFF; ++c) {
    const bool surrogate = c >= 0xD800 && c <= 0xDFFF;
    wrong += hits[c] != (surrogate ? 0 : 1) ? 1 : 0;
  }
  CHECK(wrong == 0);
}

TEST_CASE("GB18030 text decodes to UTF-8 and a bad or truncated sequence is located") {
  std::string out;
  CHECK(gb18030_to_utf8("a\xD6\xD0\x95\x34\xB2\x35\x80", out));
  CHECK(out == "a中" + cp(0x20BB7) + "€");  // 0x80 alone is code page 936's euro sign
  std::size_t bad = 0;
  out.clear();
  CHECK_FALSE(gb18030_to_utf8("\xD6\xD0\xD6", out, &bad));
  CHECK(bad == 2);
  CHECK_FALSE(gb18030_to_utf8("ab\xFF", out, &bad));
  CHECK(bad == 2);
  CHECK_FALSE(gb18030_to_utf8("\x81\x30\x81", out, &bad));
  CHECK(bad == 0);
}

TEST_CASE("UTF-8 validation rejects overlong forms, surrogates and code points past U+10FFFF") {
  CHECK(is_valid_utf8("中文 abc " + cp(0x20BB7)));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(is_valid_utf8("\xD6\xD0"));          // GBK 中 is not UTF-8
}

TEST_CASE("encoding detection: BOM means UTF-8, valid UTF-8 is UTF-8, anything else is GB18030") {
  auto bom = decode_text("\xEF\xBB\xBF中");
  REQUIRE(bom.ok());
  CHECK(bom.value().encoding == "UTF-8（带 BOM）");
  CHECK(bom.value().text == "中");
  auto plain = decode_text("中");
  REQUIRE(plain.ok());
  CHECK(plain.value().encoding == "UTF-8");
  auto gbk = decode_text("\xD6\xD0\xCE\xC4");
  REQUIRE(gbk.ok());
  CHECK(gbk.value().encoding == "GB18030");
  CHECK(gbk.value().text == "中文");
}

TEST_CASE("files that are not CSV text are refused with what to do") {
  auto check = [](std::string_view bytes, const char* code, const char* says) {
    CAPTURE(code);
    auto r = decode_text(bytes);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == code);
    CHECK(contains(r.error().message, says));
  };
  check("", "csv.empty", "文件是空的");
  check(std::string_view("PK\x03\x04rest", 8), "csv.not_csv", "另存为");
  check("\xFF\xFE\x2D\x4E", "csv.utf16", "UTF-16");
  check("ok\n\xFF\xFF", "csv.encoding", "第 2 行附近");
  check("\xEF\xBB\xBF\xD6\xD0", "csv.encoding", "UTF-8 标记");
}

TEST_CASE("the GB18030 and the UTF-8-BOM fixtures (one source, two encodings) import to identical ledgers") {
  const LedgerImport src = import_ok(fixture("station.src.csv"));
  const LedgerImport gb = import_ok(fixture("station.gb18030.csv"));
  const LedgerImport bom = import_ok(fixture("station.utf8bom.csv"));
  CHECK(src.encoding == "UTF-8");
  CHECK(gb.encoding == "GB18030");
  CHECK(bom.encoding == "UTF-8（带 BOM）");
  for (const LedgerImport* x : {&src, &gb, &bom}) {
    CHECK(x->errors.empty());
    CHECK(x->rows == 29);
    CHECK(x->imported == 29);  // 28 records + 1 enterprise row
    CHECK(x->blank == 1);
  }
  const Json a = ledger_json(gb.ledger);
  CHECK(a == ledger_json(bom.ledger));
  CHECK(a == ledger_json(src.ledger));
  // Four-byte and rare characters came through the GB18030 decoder.
  CHECK(gb.ledger.enterprises[5].name == "上海䶮" + cp(0x20BB7) + "新材料有限公司");
  CHECK(gb.ledger.records[8].fields.at("note") == "注册商标®“䶮" + cp(0x20BB7) + "”");
  CHECK(gb.ledger.records[0].fields.at("demand") == "品牌培育, 认证咨询\n（第二阶段）");  // CRLF in a cell → "\n"
  CHECK(gb.ledger.records[0].fields.at("note") == "含\"上海品牌\"认证辅导");
}

TEST_CASE("the fixture's columns, aliases and free-form values are read into the stored form") {
  const LedgerImport im = import_ok(fixture("station.src.csv"));
  const Ledger& l = im.ledger;
  REQUIRE(l.enterprises.size() == 7);
  CHECK(l.enterprises[0].id == "e1");
  CHECK(l.enterprises[0].name == "上海甲精密机械有限公司");
  CHECK(l.enterprises[0].size == "中");
  CHECK(l.enterprises[0].phone == "021-57001234");
  CHECK(l.enterprises[2].size == "大");  // "大型企业"
  CHECK(l.enterprises[3].size == "微");  // "微型企业"
  CHECK(l.enterprises[4].size.empty());  // 上海戊电子: not given
  CHECK(l.enterprises[6].name == "上海庚贸易有限公司");  // an enterprise row without records
  REQUIRE(l.records.size() == 28);
  const LedgerRecord& first = l.records[0];
  CHECK(first.id == "r1");
  CHECK(first.type == "service");
  CHECK(first.enterprise_id == "e1");
  CHECK(first.date == "2024-03-05");
  CHECK(first.fields.at("category") == "quality_consulting");
  CHECK(first.fields.at("modes") == "onsite,expert_guidance");
  CHECK(first.fields.at("experts") == "2");
  CHECK(first.fields.at("times") == "2");
  CHECK(first.fields.at("cost") == "0.5");
  CHECK(first.fields.at("savings") == "1.2");
  CHECK(first.fields.at("profit") == "3");
  CHECK(first.fields.at("outcomes") == "management");
  CHECK(first.fields.at("other_effects") == "新增就业岗位2个");
  CHECK(l.records[1].date == "2024-04-10");                       // "2024/4/10"
  CHECK(l.records[1].fields.at("category") == "quality_consulting");  // "咨询"
  CHECK(l.records[1].fields.at("outcomes") == "other");
  CHECK(l.records[1].fields.at("outcomes_other") == "完成商标注册");  // from "其他（完成商标注册）"
  CHECK(l.records[2].date == "2024-05-20");                       // "2024年5月20日"
  CHECK(l.records[9].fields.at("modes") == "other");
  CHECK(l.records[9].fields.at("modes_other") == "仪器共享平台预约");
  CHECK(l.records[9].fields.at("category") == "industry_research");
  CHECK(l.records[12].fields.at("outcomes") == "pass_rate,other");
  const LedgerRecord& cert = l.records[13];
  CHECK(cert.type == "certificate");
  CHECK(cert.fields.at("category") == "metrology");  // "计量校准证书"
  CHECK(cert.fields.at("number") == "JL2024-0012");
  CHECK(cert.fields.at("issuer") == "上海市计量测试技术研究院");
  CHECK(l.records[23].fields.at("category") == "specialised");  // "专精特新"
  CHECK(l.records[23].fields.at("level") == "city");
  CHECK(l.records[27].type == "case");
  CHECK(l.records[27].enterprise_id.empty());
  CHECK(l.records[27].fields.at("category") == "cost_profit");  // "降本增效"
}

TEST_CASE("a CSV with broken rows reports each bad row by number and column and keeps only the good rows") {
  const LedgerImport im = import_ok(fixture("broken.csv"));
  CHECK(im.rows == 10);
  CHECK(im.imported == 2);
  CHECK(im.failed == 8);
  CHECK(im.blank == 1);
  CHECK_FALSE(im.ok());
  struct Expected {
    int row;
    const char* column;
    const char* code;
    const char* says;
  };
  const std::vector<Expected> expected = {
      {3, "服务时间", "ledger.date", "“2024-02-30”不是有效日期"},
      {4, "服务方式", "ledger.choice", "“线上直播”不是可选项"},
      {4, "单次投入费用（万元）", "ledger.amount_unit", "以万元为单位"},
      {5, "服务需求", "ledger.required", "请填写“服务需求”"},
      {6, "企业规模", "ledger.enterprise_conflict", "与第 2 行填写的“中”不一致"},
      {7, "联系电话", "ledger.phone", "科学计数法"},
      {8, "服务次数", "ledger.count", "不能为负数"},
      {10, "", "csv.extra_cell", "第 10 列超出了表头"},
      {12, "其他服务方式说明", "ledger.other_missing", "选了“其他”"},
  };
  REQUIRE(im.errors.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CAPTURE(im.errors[i].message);
    CHECK(im.errors[i].row == expected[i].row);
    CHECK(im.errors[i].column == expected[i].column);
    CHECK(im.errors[i].code == expected[i].code);
    CHECK(contains(im.errors[i].message, expected[i].says));
  }
  CHECK(format_row_error(im.errors[0]) == "第 3 行，“服务时间”：" + im.errors[0].message);
  // Nothing of a bad row is kept: 上海乙公司 (row 7 only) is not in the ledger.
  REQUIRE(im.ledger.enterprises.size() == 2);
  CHECK(im.ledger.enterprises[0].name == "上海甲公司");
  CHECK(im.ledger.enterprises[0].size == "中");
  CHECK(im.ledger.enterprises[1].name == "上海丙公司");
  REQUIRE(im.ledger.records.size() == 2);
  CHECK(im.ledger.records[0].date == "2024-03-05");
  CHECK(im.ledger.records[1].date == "2024-03-11");
}

TEST_CASE("the paper form layout (000 附件4: enterprise above the table, 服务时间及方式 in one column) imports") {
  const LedgerImport im = import_ok(fixture("paper_form.csv"));
  CHECK(im.header_row == 4);
  CHECK(im.errors.empty());
  CHECK(im.imported == 2);
  CHECK(im.blank == 1);  // a row with only its 序号
  REQUIRE(im.ledger.enterprises.size() == 1);
  const Enterprise& e = im.ledger.enterprises[0];
  CHECK(e.name == "上海甲精密机械有限公司");
  CHECK(e.address == "上海市松江区九亭镇甲路1号");
  CHECK(e.contact == "张三");
  CHECK(e.phone == "021-57001234");
  REQUIRE(im.ledger.records.size() == 2);
  const LedgerRecord& r1 = im.ledger.records[0];
  CHECK(r1.date == "2024-03-05");
  CHECK(r1.fields.at("modes") == "onsite");
  CHECK(r1.fields.at("experts") == "2");
  CHECK(r1.fields.at("cost") == "0.5");
  CHECK(r1.fields.at("savings") == "1.2");
  CHECK(r1.fields.at("profit") == "3");
  CHECK(r1.fields.at("other_effects") == "新增就业岗位2个");
  CHECK(r1.fields.at("category") == "other");  // no category column: inferred, and said so
  CHECK(im.ledger.records[1].fields.at("category") == "training");  // 集中培训
  CHECK(im.ledger.records[1].fields.at("outcomes") == "pass_rate,system_certification");
  REQUIRE(im.warnings.size() == 2);
  CHECK(contains(im.warnings[0], "全部记录都计入表头上方填写的企业“上海甲精密机械有限公司”"));
  CHECK(contains(im.warnings[1], "没有“类别”"));
}

TEST_CASE("001 附录's column names, with 其他成效 carrying its long bracketed note, are recognised") {
  const LedgerImport im = import_ok(
      "企业名称,序号,服务需求,服务时间及方式,服务成效,"
      "\"其他成效 (新增就业岗位数、拉动投资, 增加产值, 为企业节约费用, 为企业增长利润等)\",服务类别\n"
      "上海甲公司,1,标准化咨询,\"2024-05-06，专家授课\",支撑制定企业标准或团体标准、荣获各类荣誉,拉动投资 50 万元,咨询\n");
  CHECK(im.errors.empty());
  CHECK(im.warnings.empty());
  REQUIRE(im.ledger.records.size() == 1);
  const LedgerRecord& r = im.ledger.records[0];
  CHECK(r.date == "2024-05-06");
  CHECK(r.fields.at("modes") == "expert_lecture");
  CHECK(r.fields.at("outcomes") == "honour,standard");  // table order, whatever order they were written in
  CHECK(r.fields.at("other_effects") == "拉动投资 50 万元");
}

TEST_CASE("a file without a header row, or with two columns meaning the same, is refused as a whole") {
  auto none = import_ledger_csv("甲,乙,丙\n1,2,3\n");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "csv.no_header");
  auto dup = import_ledger_csv("企业名称,服务时间,服务时间及方式,服务需求\n甲,2024-01-01,2024-01-01 上门指导,x\n");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == "csv.duplicate_column");
  CHECK(contains(dup.error().message, "第 2 列“服务时间”和第 3 列“服务时间及方式”"));
  auto no_name = import_ledger_csv("服务时间,服务需求\n2024-01-01,x\n");
  REQUIRE_FALSE(no_name.ok());
  CHECK(no_name.error().code == "csv.no_enterprise");
}

TEST_CASE("columns that do not apply to a row's record type are reported, not dropped") {
  const LedgerImport im = import_ok(
      "记录类型,企业名称,日期,证书编号,服务次数,类别,发证机构\n"
      "证书,上海甲公司,2024-01-02,JL-1,3,计量,某院\n"
      "未知类型,上海甲公司,2024-01-02,,,,\n");
  REQUIRE(im.errors.size() == 2);
  CHECK(im.errors[0].row == 2);
  CHECK(im.errors[0].column == "服务次数");
  CHECK(im.errors[0].code == "csv.not_applicable");
  CHECK(contains(im.errors[0].message, "不适用于“证书报告”记录"));
  CHECK(im.errors[1].row == 3);
  CHECK(im.errors[1].code == "ledger.unknown_type");
  CHECK(im.ledger.records.empty());
}

TEST_CASE("unknown columns are named in a warning and their cells are not imported") {
  const LedgerImport im = import_ok("企业名称,服务时间,服务需求,服务类别,服务方式,负责人签字\n上海甲公司,2024-01-02,x,咨询,上门指导,张三\n");
  CHECK(im.errors.empty());
  REQUIRE(im.warnings.size() == 1);
  CHECK(im.warnings[0] == "第 6 列“负责人签字”不是台账的列，其内容不会导入");
  CHECK(im.ledger.records.size() == 1);
}

TEST_CASE("a tab-separated file (Excel's text export) is read like a CSV") {
  const LedgerImport im = import_ok("企业名称\t服务时间\t服务需求\t服务类别\t服务方式\n上海甲公司\t2024-01-02\tx, y\t咨询\t上门指导\n");
  CHECK(im.delimiter == '\t');
  CHECK(im.errors.empty());
  CHECK(im.ledger.records.at(0).fields.at("demand") == "x, y");
}

TEST_CASE("export writes UTF-8 with BOM and CRLF, and export → import gives the same ledger") {
  const LedgerImport first = import_ok(fixture("station.src.csv"));
  const std::string csv = export_ledger_csv(first.ledger);
  CHECK(csv.rfind("\xEF\xBB\xBF序号,记录类型,企业名称,企业地址,联系人,联系电话,企业规模,日期,服务需求,类别,服务方式,", 0) == 0);
  CHECK(contains(csv, "\r\n1,服务记录,上海甲精密机械有限公司,上海市松江区九亭镇甲路1号,张三,021-57001234,中,2024-03-05,"
                      "\"品牌培育, 认证咨询\n（第二阶段）\",质量提升咨询或技术服务,上门指导、专家指导,"));
  CHECK(contains(csv, "\r\n29,企业,上海庚贸易有限公司,"));
  CHECK(csv.find('\n') == csv.find("\r\n") + 1);
  const LedgerImport again = import_ok(csv);
  CHECK(again.errors.empty());
  CHECK(again.encoding == "UTF-8（带 BOM）");
  CHECK(ledger_json(again.ledger) == ledger_json(first.ledger));
  CHECK(export_ledger_csv(again.ledger) == csv);
}
