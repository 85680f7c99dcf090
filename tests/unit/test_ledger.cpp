// The service ledger (服务情况登记表, 一企一档): entering and validating records, counting what a
// criterion's `source` names, and scoring from the ledger for 000 附件3 items 12 (1)–(5), 13, 14,
// 16 and 001 附件3's equivalents. Every expected number is worked out by hand in a comment; the
// fixture tests/fixtures/ledger/station.src.csv lists the records (row numbers below are its rows).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "csv.h"
#include "helpers.h"
#include "ledger_count.h"
#include "ledger_csv.h"
#include "package.h"

using namespace qis;
using qis_test::pts;

namespace {

std::string fixture(const std::string& name) { return qis_test::read_file(std::string(QIS_FIXTURE_DIR) + "/ledger/" + name); }

Ledger station_ledger() {
  auto r = import_ledger_csv(fixture("station.src.csv"));
  REQUIRE(r.ok());
  REQUIRE(r.value().errors.empty());
  return r.value().ledger;
}

using qis_test::contains;

LedgerCount counted(const LedgerSource& src, const Ledger& l, int year = 0) {
  auto r = count_ledger(src, l, year);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return r.value();
}

std::string value_of(const LedgerField& f, const char* text) {
  auto r = normalize_ledger_value(f, text);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return r.value().value;
}

Error error_of(const LedgerField& f, const char* text) {
  auto r = normalize_ledger_value(f, text);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

const LedgerField& field(const char* type, const char* id) {
  const LedgerField* f = find_ledger_field(type, id);
  REQUIRE(f != nullptr);
  return *f;
}

LedgerRecord service(const std::string& id, const std::string& enterprise, const std::string& date, const std::string& category,
                     const std::string& times = "") {
  LedgerRecord r{id, "service", enterprise, date, {{"demand", "需求"}, {"category", category}, {"modes", "onsite"}}};
  if (!times.empty()) r.fields["times"] = times;
  return r;
}

}  // namespace

// ---- The model ----

TEST_CASE("the service record carries every column of 000 附件4 and 001 附录") {
  const LedgerRecordType* t = find_record_type("service");
  REQUIRE(t != nullptr);
  std::vector<std::string> labels;
  for (auto& f : t->fields) labels.push_back(f.label);
  for (const char* column : {"服务需求", "服务时间", "服务方式", "参与服务专家人次", "服务次数", "单次投入费用（万元）",
                             "为企业节约费用（万元）", "为企业增长利润（万元）", "服务成效", "新增就业岗位数", "拉动投资（万元）",
                             "增加产值（万元）", "其他成效"}) {
    CAPTURE(column);
    CHECK(std::find(labels.begin(), labels.end(), std::string(column)) != labels.end());
  }
  // 填表说明 1 (000: 专家指导; 001: 专家授课) and 2 (001 adds 荣获各类荣誉).
  CHECK(ledger_choice_labels(field("service", "modes"), "centralized_training,onsite,expert_guidance,expert_lecture,other") ==
        "集中培训、上门指导、专家指导、专家授课、其他");
  CHECK(ledger_choice_labels(field("service", "outcomes"), "pass_rate,system_certification,honour,management,standard,other") ==
        "提高产品合格率、通过管理体系认证、荣获各类荣誉、提高质量管理水平、支撑制定企业标准或团体标准、其他");
  CHECK(ledger_record_types().size() == 5);
  CHECK(find_ledger_field("honour", "level")->required);
  CHECK(find_ledger_field("certificate", "number")->required);
}

TEST_CASE("dates are read in the ways people write them and stored as YYYY-MM-DD") {
  const LedgerField& d = field("service", "date");
  CHECK(value_of(d, "2024-03-05") == "2024-03-05");
  CHECK(value_of(d, "2024/3/5") == "2024-03-05");
  CHECK(value_of(d, "2024.3.5") == "2024-03-05");
  CHECK(value_of(d, "2024年3月5日") == "2024-03-05");
  CHECK(value_of(d, "２０２４年３月５日") == "2024-03-05");
  CHECK(value_of(d, "20240305") == "2024-03-05");
  CHECK(value_of(d, "2024/3/5 0:00") == "2024-03-05");  // Excel's date-time
  CHECK(value_of(d, "2024-02-29") == "2024-02-29");     // leap year
  const Error e = error_of(d, "2023-02-29");
  CHECK(e.code == "ledger.date");
  CHECK(e.message == "“服务时间”“2023-02-29”不是有效日期；请写成 2024-03-05（也可写 2024/3/5 或 2024年3月5日）");
  CHECK(error_of(d, "三月五日").code == "ledger.date");
  CHECK(error_of(d, "2024-13-01").code == "ledger.date");
}

TEST_CASE("amounts are in 万元 with at most four decimals; counts are whole numbers") {
  const LedgerField& cost = field("service", "cost");
  CHECK(value_of(cost, "1.50") == "1.5");
  CHECK(value_of(cost, "１．５万元") == "1.5");
  CHECK(value_of(cost, "1,200") == "1200");
  CHECK(value_of(cost, ".5") == "0.5");
  CHECK(value_of(cost, "0") == "0");
  CHECK(value_of(cost, "0.0001") == "0.0001");  // 1 元
  CHECK(error_of(cost, "5000元").code == "ledger.amount_unit");
  CHECK(error_of(cost, "5000元").message == "“单次投入费用（万元）”以万元为单位，请换算后填写（如 5000 元填 0.5）");
  CHECK(error_of(cost, "0.00001").code == "ledger.amount");
  CHECK(error_of(cost, "-1").message == "“单次投入费用（万元）”不能为负数");
  CHECK(error_of(cost, "约一万").code == "ledger.amount");
  const LedgerField& times = field("service", "times");
  CHECK(value_of(times, "3") == "3");
  CHECK(value_of(times, "3次") == "3");
  CHECK(value_of(times, "3.0") == "3");
  CHECK(error_of(times, "2.5").message == "“服务次数”“2.5”应为整数");
  CHECK(value_of(field("service", "experts"), "4人次") == "4");
}

TEST_CASE("choices accept labels, ids and common wordings, and 其他（…） fills its note") {
  const LedgerField& modes = field("service", "modes");
  CHECK(value_of(modes, "专家指导、上门指导") == "onsite,expert_guidance");  // table order
  CHECK(value_of(modes, "上门指导，上门指导") == "onsite");
  CHECK(value_of(modes, "expert_lecture; centralized_training") == "centralized_training,expert_lecture");
  auto other = normalize_ledger_value(modes, "上门指导、其他（线上直播、短视频）");
  REQUIRE(other.ok());
  CHECK(other.value().value == "onsite,other");
  CHECK(other.value().other_note == "线上直播、短视频");  // not split inside the brackets
  CHECK(normalize_ledger_value(modes, "其他方式：电话回访").value().other_note == "电话回访");
  CHECK(normalize_ledger_value(modes, "其他(电话回访，ＱＱ群答疑)").value().other_note == "电话回访，ＱＱ群答疑");  // kept as written
  CHECK(normalize_ledger_value(modes, "其他（需注明具体内容）").value().other_note.empty());  // the form's own hint
  const Error e = error_of(modes, "线上");
  CHECK(e.code == "ledger.choice");
  CHECK(e.message ==
        "“服务方式”中的“线上”不是可选项；可填：集中培训、上门指导、专家指导、专家授课、其他（需注明具体内容），多项用“、”分隔");
  const LedgerField& category = field("service", "category");
  CHECK(value_of(category, "产学研合作、仪器设备共享、科技成果转化") == "industry_research");  // a label with 、 is one choice
  CHECK(value_of(category, "商标专利") == "quality_consulting");
  CHECK(value_of(field("honour", "level"), "国家级") == "national");
  auto size = normalize_enterprise_size("小型企业");
  REQUIRE(size.ok());
  CHECK(size.value() == "小");
  CHECK(normalize_enterprise_size("小微").error().code == "ledger.size");
}

TEST_CASE("a record is validated field by field with Chinese messages") {
  Ledger l;
  l.enterprises.push_back({"e1", "上海甲公司", "", "", "", "中"});
  SUBCASE("a complete service record is valid") {
    CHECK(validate_record(service("r1", "e1", "2024-01-02", "training"), l).empty());
  }
  SUBCASE("missing required fields are each reported") {
    LedgerRecord r{"r1", "service", "", "", {}};
    const auto errors = validate_record(r, l);
    REQUIRE(errors.size() == 5);
    CHECK(errors[0].field == "enterprise");
    CHECK(errors[0].message == "请填写企业名称：每条服务记录都要对应一家服务对象");
    CHECK(errors[1].field == "date");
    CHECK(errors[1].message == "请填写“服务时间”，如 2024-03-05");
    CHECK(errors[2].field == "demand");
    CHECK(errors[2].message == "请填写“服务需求”（企业提出的需求）");
    CHECK(errors[3].field == "category");
    CHECK(errors[4].field == "modes");
  }
  SUBCASE("stored values out of form, unknown fields and a missing 其他 note") {
    LedgerRecord r = service("r1", "e9", "2024-1-2", "consulting");
    r.fields["modes"] = "onsite,other";
    r.fields["cost"] = "1.50";
    r.fields["colour"] = "red";
    r.fields["times"] = "0";
    const auto errors = validate_record(r, l);
    std::vector<std::string> codes;
    for (auto& e : errors) codes.push_back(e.field + ":" + e.code);
    CHECK(codes == std::vector<std::string>{"enterprise:ledger.enterprise_unknown", "date:ledger.date", "category:ledger.choice",
                                            "colour:ledger.unknown_field", "cost:ledger.amount",
                                            "modes_other:ledger.other_missing", "times:ledger.times_zero"});
  }
  SUBCASE("an honour needs its level; a case may stand without an enterprise") {
    LedgerRecord h{"h1", "honour", "e1", "2024-05-01", {{"category", "high_tech"}}};
    const auto errors = validate_record(h, l);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "请填写“级别”");
    LedgerRecord c{"c1", "case", "", "2024-05-01", {{"title", "降本增效案例"}}};
    CHECK(validate_record(c, l).empty());
  }
  SUBCASE("an unknown record type is named") {
    LedgerRecord r{"x", "visit", "e1", "2024-01-01", {}};
    const auto errors = validate_record(r, l);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "ledger.unknown_type");
    CHECK(contains(errors[0].message, "服务记录、证书报告、技术创新成果、荣誉称号、典型案例"));
  }
  SUBCASE("an enterprise: name, size and phone") {
    CHECK(validate_enterprise({"e1", "上海甲公司", "", "", "021-57001234", "微"}).empty());
    const auto errors = validate_enterprise({"e2", " ", "", "", "12", "巨"});
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].message == "请填写企业名称");
    CHECK(errors[1].field == "size");
    CHECK(errors[2].message == "联系电话：电话号码应为 7~15 位数字，如 0731-88888888 或 13800000000");
  }
}

// ---- Counting ----

TEST_CASE("the station fixture counts what each 000 附件3 source names, with the records behind it") {
  const Ledger l = station_ledger();
  CHECK(latest_ledger_year(l) == 2024);
  SUBCASE("12 (1) certificates: one per record, any year") {
    const LedgerCount c = counted({"certificate", "", false, false}, l);
    CHECK(c.count == 5);  // rows 15–19: 甲 2, 乙 1, 丙 1, 䶮𠮷 1 (2023)
    CHECK(c.record_ids == std::vector<std::string>{"r14", "r15", "r16", "r17", "r18"});
    CHECK(c.enterprise_ids == std::vector<std::string>{"e1", "e2", "e4", "e6"});
  }
  SUBCASE("12 (2) quality consulting: 家次 is the sum of 服务次数") {
    const LedgerCount c = counted({"service", "quality_consulting", false, false}, l);
    CHECK(c.count == 12);  // rows 2–4: 甲 2 + 乙 2 + 丁 8
    CHECK(c.record_ids == std::vector<std::string>{"r1", "r2", "r3"});
  }
  SUBCASE("12 (3) training") {
    CHECK(counted({"service", "training", false, false}, l).count == 275);  // rows 5–10: 10 + 15 + 10 + 200 + 10 + 30
  }
  SUBCASE("12 (4) industry-research services") {
    CHECK(counted({"service", "industry_research", false, false}, l).count == 3);  // rows 11, 12: 1 + 2
  }
  SUBCASE("12 (5) achievements: 1个服务对象仅记一次") {
    const LedgerCount c = counted({"achievement", "", true, false}, l);
    CHECK(c.count == 3);  // rows 20–23: 甲 ×2, 乙, 䶮𠮷 → 3 enterprises from 4 records
    CHECK(c.record_ids.size() == 4);
    CHECK(c.enterprise_ids == std::vector<std::string>{"e1", "e2", "e6"});
  }
  SUBCASE("13 SME services per year: 2024 only, 中/小/微 only, unknown size left out and counted") {
    const LedgerCount c = counted({"service", "sme", false, true}, l);
    CHECK(c.year == 2024);
    CHECK(c.year_from_ledger);
    // 甲(中) 2 + 10 + 1 = 13; 乙(小) 2 + 15 + 1 = 18; 丙(微) 10 → 41. 丁 is 大; 戊 has no size
    // (row 9, 1 record); 䶮𠮷(小) served only in 2023 (30 + 2 would make 73).
    CHECK(c.count == 41);
    CHECK(c.unknown_size == 1);
    CHECK(c.enterprise_ids == std::vector<std::string>{"e1", "e2", "e4"});
  }
  SUBCASE("13 with the year given: 2023") {
    const LedgerCount c = counted({"service", "sme", false, true}, l, 2023);
    CHECK(c.count == 32);  // 䶮𠮷(小): rows 10 and 13, 30 + 2
    CHECK_FALSE(c.year_from_ledger);
  }
  SUBCASE("14 cases, with or without an enterprise") {
    CHECK(counted({"case", "", false, false}, l).count == 2);  // rows 28, 29
  }
  SUBCASE("16 honours: 1个服务对象仅记一次") {
    CHECK(counted({"honour", "", true, false}, l).count == 3);  // rows 24–27: 甲 ×2, 丙, 䶮𠮷
  }
  SUBCASE("filters combine: 'training,sme' is SME training; 'a|b' is either category") {
    CHECK(counted({"service", "training,sme", false, false}, l).count == 65);  // 10 + 15 + 10 + 30 (䶮𠮷, any year)
    CHECK(counted({"service", "training|industry_research", false, false}, l).count == 278);  // 275 + 3
    CHECK(counted({"certificate", "testing", false, false}, l).count == 2);  // rows 16, 19
  }
  SUBCASE("enterprises themselves can be counted") {
    CHECK(counted({"enterprise", "", false, false}, l).count == 7);
    const LedgerCount sme = counted({"enterprise", "sme", false, false}, l);
    CHECK(sme.count == 5);  // 甲 中, 乙 小, 丙 微, 䶮𠮷 小, 庚 微; 丁 大; 戊 unknown
    CHECK(sme.unknown_size == 1);
  }
}

TEST_CASE("a source the ledger cannot count is an error that names it") {
  const Ledger l = station_ledger();
  auto bad_filter = count_ledger({"service", "consulting", false, false}, l);
  REQUIRE_FALSE(bad_filter.ok());
  CHECK(bad_filter.error().code == "ledger.source_filter");
  CHECK(contains(bad_filter.error().message, "“consulting”不是“service”记录的类别"));
  auto bad_record = count_ledger({"visit", "", false, false}, l);
  REQUIRE_FALSE(bad_record.ok());
  CHECK(bad_record.error().code == "ledger.source_record");
}

// ---- Scoring from the ledger ----

TEST_CASE("a rubric source the ledger cannot count leaves the criterion unanswered with the reason") {
  auto rb = load_rubric(R"({
    "format": "qis-rubric/1", "id": "src", "version": "1", "title": "来源", "issuer": "测试", "document": "测试", "total": 10,
    "indicators": [{"id": "A", "title": "甲", "max": 10, "children": [
      {"id": "c", "title": "咨询", "max": 5, "rule": {"kind": "count", "unit": "家次", "points": 1,
        "source": {"record": "service", "filter": "consulting"}}},
      {"id": "t", "title": "培训", "max": 5, "rule": {"kind": "count", "unit": "家次", "points": 1,
        "source": {"record": "service", "filter": "training"}}}]}]
  })", "src");
  REQUIRE_MESSAGE(rb.ok(), (rb.ok() ? "" : rb.error().message));
  Assessment a;
  a.ledger.enterprises.push_back({"e1", "甲", "", "", "", "小"});
  a.ledger.records.push_back(service("r1", "e1", "2024-01-01", "training", "3"));
  const ScoreReport rep = score(rb.value(), a);
  const CriterionResult* c = rep.find("c");
  CHECK_FALSE(c->from_ledger);
  CHECK_FALSE(c->answered);
  CHECK(contains(c->explanation, "未作答（台账无法统计：评分表的台账来源筛选条件“consulting”"));
  CHECK(rep.unanswered == std::vector<std::string>{"c"});
  CHECK(rep.find("t")->score == pts(3));  // 3 家次 × 1
  CHECK(rep.errors.empty());
}

TEST_CASE("the station ledger scores 000 附件3 items 12 (1)–(5), 13, 14 and 16 with no answers given") {
  for (const char* id : {"chongming-2024", "songjiang-2024"}) {  // 001 附件3 has the same items, points and caps
    CAPTURE(id);
    const Rubric rb = qis_test::rubric(id);
    Assessment a = qis_test::assessment(rb, "{}");
    a.ledger = station_ledger();
    const ScoreReport rep = score(rb, a);
    struct Expected {
      const char* id;
      double points;
    };
    for (const Expected& e : {Expected{"3.12.1", 2.5},  // 5 份 × 0.5 = 2.5
                              Expected{"3.12.2", 5},    // 12 家次 × 0.5 = 6, capped at 5
                              Expected{"3.12.3", 2},    // 275 家次: ⌊275 / 100⌋ = 2 × 1 = 2
                              Expected{"3.12.4", 3},    // 3 家次 × 1 = 3
                              Expected{"3.12.5", 1.5},  // 3 家 × 0.5 = 1.5
                              Expected{"3.13", 4.1},    // 41 家次 × 0.1 = 4.1
                              Expected{"3.14", 4},      // 2 个 × 2 = 4
                              Expected{"4.16", 1.5}}) { // 3 家 × 0.5 = 1.5
      CAPTURE(e.id);
      const CriterionResult* c = rep.find(e.id);
      REQUIRE(c != nullptr);
      CHECK(c->from_ledger);
      CHECK(c->answered);
      CHECK(c->score == pts(e.points));
      CHECK(c->headroom == c->node->max - pts(e.points));
      CHECK(contains(c->explanation, "来自服务台账："));
    }
    CHECK(rep.find_node("3.12")->score == pts(14));  // 2.5 + 5 + 2 + 3 + 1.5
    CHECK(rep.bonus == pts(1.5));                     // 4.16 only: 4.17 (and 001's 4.18) are answered by hand
    CHECK(rep.total == pts(23.6));                    // 14 + 4.1 + 4 + 1.5
    CHECK_FALSE(rep.find("4.17")->from_ledger);       // no source: the station's own honours are not in the ledger
    CHECK(rep.answered == 8);
    CHECK(rep.errors.empty());
  }
}

TEST_CASE("the explanation lists the enterprises behind the points") {
  const Rubric rb = qis_test::rubric("chongming-2024");
  Assessment a = qis_test::assessment(rb, "{}");
  a.ledger = station_ledger();
  const ScoreReport rep = score(rb, a);
  CHECK(rep.find("3.12.1")->explanation ==
        "来自服务台账：证书报告 5 份（上海甲精密机械有限公司 ×2、上海乙生物科技有限公司、上海丙食品有限公司、"
        "上海䶮\xF0\xA0\xAE\xB7新材料有限公司） → 5 份 × 0.5 = 2.5 分");
  CHECK(rep.find("3.12.2")->explanation ==
        "来自服务台账：质量提升咨询或技术服务 12 家次（上海甲精密机械有限公司 ×2、上海乙生物科技有限公司 ×2、"
        "上海丁汽车零部件股份有限公司 ×8） → 12 家次 × 0.5 = 6，封顶 5 分");
  CHECK(rep.find("3.12.3")->explanation ==
        "来自服务台账：集中宣贯和培训 275 家次（上海甲精密机械有限公司 ×10、上海乙生物科技有限公司 ×15、上海丙食品有限公司 ×10、"
        "上海丁汽车零部件股份有限公司 ×200、上海戊电子有限公司 ×10等 6 家） → 275 家次，每 100 家次 得 1 分（按整数计）：2 × 1 = 2 分");
  CHECK(rep.find("3.12.5")->explanation ==
        "来自服务台账：技术创新成果涉及企业 3 家（上海甲精密机械有限公司、上海乙生物科技有限公司、上海䶮\xF0\xA0\xAE\xB7新材料有限公司；"
        "共 4 条记录，1个服务对象仅记一次） → 3 家 × 0.5 = 1.5 分");
  CHECK(rep.find("3.13")->explanation ==
        "来自服务台账：2024 年（台账中最近的年份）中小微企业服务 41 家次（上海甲精密机械有限公司 ×13、上海乙生物科技有限公司 ×18、"
        "上海丙食品有限公司 ×10）；另有 1 条记录的企业未填规模，未计入 → 41 家次 × 0.1 = 4.1 分");
  CHECK(rep.find("3.14")->explanation ==
        "来自服务台账：典型案例 2 个（上海甲精密机械有限公司、园区计量器具共享降本增效） → 2 个 × 2 = 4 分");
}

TEST_CASE("distinct-enterprise counting is capped: 12 enterprises with achievements score 5, not 6") {
  const Rubric rb = qis_test::rubric("chongming-2024");
  Assessment a = qis_test::assessment(rb, "{}");
  for (int i = 1; i <= 12; ++i) {
    const std::string e = "e" + std::to_string(i);
    a.ledger.enterprises.push_back({e, "企业" + std::to_string(i), "", "", "", "小"});
    // Enterprises 1–3 have two achievements each: still counted once.
    for (int k = 0; k < (i <= 3 ? 2 : 1); ++k)
      a.ledger.records.push_back({"a" + std::to_string(i) + "_" + std::to_string(k), "achievement", e, "2024-05-01",
                                  {{"category", "ip"}, {"title", "专利"}}});
  }
  const ScoreReport rep = score(rb, a);
  const CriterionResult* c = rep.find("3.12.5");
  CHECK(c->score == pts(5));  // 12 家 × 0.5 = 6, capped at 5 (15 records)
  CHECK(c->explanation ==
        "来自服务台账：技术创新成果涉及企业 12 家（企业1、企业2、企业3、企业4、企业5等 12 家；共 15 条记录，1个服务对象仅记一次） → "
        "12 家 × 0.5 = 6，封顶 5 分");
}

TEST_CASE("per-year SME counting is capped at 5: 60 家次 in the year score 5, not 6") {
  const Rubric rb = qis_test::rubric("songjiang-2024");
  Assessment a = qis_test::assessment(rb, "{}");
  a.ledger.enterprises = {{"e1", "甲", "", "", "", "小"}, {"e2", "乙", "", "", "", "大"}};
  a.ledger.records = {service("r1", "e1", "2025-03-01", "training", "60"), service("r2", "e1", "2024-03-01", "training", "40"),
                      service("r3", "e2", "2025-03-01", "training", "90")};
  const CriterionResult* c = score(rb, a).find("3.13");
  CHECK(c->score == pts(5));  // 2025: 甲(小) 60 家次 × 0.1 = 6, capped at 5; 2024's 40 and 乙(大) not counted
  CHECK(contains(c->explanation, "2025 年（台账中最近的年份）中小微企业服务 60 家次（甲 ×60）"));
}

TEST_CASE("a manual answer wins over the ledger; with an empty ledger nothing changes") {
  const Rubric rb = qis_test::rubric("chongming-2024");
  Assessment a = qis_test::assessment(rb, R"({"3.12.1": {"count": 3}})");
  a.ledger = station_ledger();
  const ScoreReport rep = score(rb, a);
  CHECK_FALSE(rep.find("3.12.1")->from_ledger);
  CHECK(rep.find("3.12.1")->score == pts(1.5));  // 3 份 × 0.5 = 1.5, not the ledger's 5 份
  // The ledger's count is named beside the one that counts.
  CHECK(rep.find("3.12.1")->explanation ==
        "3 份 × 0.5 = 1.5；服务台账：证书报告 5 份（上海甲精密机械有限公司 ×2、上海乙生物科技有限公司、上海丙食品有限公司、"
        "上海䶮\xF0\xA0\xAE\xB7新材料有限公司），与手填的 3 份不一致，按手填的数量计分");
  Assessment empty = qis_test::assessment(rb, "{}");
  const ScoreReport none = score(rb, empty);
  CHECK_FALSE(none.find("3.12.1")->from_ledger);
  CHECK(none.find("3.12.1")->explanation == "未作答");
  CHECK(none.answered == 0);
}

TEST_CASE("an override beats the ledger and keeps its reason in the package round trip") {
  const Rubric rb = qis_test::rubric("chongming-2024");
  Assessment a = qis_test::assessment(rb, "{}");
  a.rubric_hash = rb.content_hash;
  a.ledger = station_ledger();
  a.overrides["3.12.1"] = Override{Json{{"count", 8}}, "另有 3 份检验检测报告在台账建立前取得，原件已核对"};
  const ScoreReport rep = score(rb, a);
  const CriterionResult* c = rep.find("3.12.1");
  CHECK_FALSE(c->from_ledger);
  CHECK(c->score == pts(4));  // 8 份 × 0.5 = 4 (the ledger alone: 5 份 → 2.5)
  // Both numbers, and the one that counts.
  CHECK(c->explanation ==
        "人工调整（理由：另有 3 份检验检测报告在台账建立前取得，原件已核对）：8 份 × 0.5 = 4；服务台账：证书报告 5 份（"
        "上海甲精密机械有限公司 ×2、上海乙生物科技有限公司、上海丙食品有限公司、上海䶮\xF0\xA0\xAE\xB7新材料有限公司），"
        "与人工调整的 8 份不一致，按人工调整的数量计分");

  const std::string text = export_package(rb, a);
  auto back = import_package(text, {rb});
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message));
  const Assessment& b = back.value().assessment;
  REQUIRE(b.overrides.count("3.12.1") == 1);
  CHECK(b.overrides.at("3.12.1").reason == "另有 3 份检验检测报告在台账建立前取得，原件已核对");
  CHECK(b.ledger.records.size() == 28);
  CHECK(b.ledger.enterprises.size() == 7);
  CHECK(b.ledger.records[0].fields == a.ledger.records[0].fields);
  CHECK(score(rb, b).find("3.12.1")->explanation == c->explanation);
  CHECK(score(rb, b).total == rep.total);
  CHECK(export_package(rb, b) == text);  // byte-identical
  CHECK(Json::parse(text)["scores"]["criteria"]["3.12.1"] == 4);
  CHECK(Json::parse(text)["scores"]["criteria"]["3.12.2"] == 5);  // from the ledger
}

TEST_CASE("a count typed by hand beside the ledger's says both numbers and which one counts") {
  const Rubric rb = qis_test::rubric("chongming-2024");
  Assessment a = qis_test::assessment(rb, "{}");
  a.ledger = station_ledger();
  a.answers["3.12.1"] = Json{{"count", 25}};
  const ScoreReport rep = score(rb, a);
  const CriterionResult* c = rep.find("3.12.1");
  INFO(c->explanation);
  CHECK_FALSE(c->from_ledger);
  CHECK(c->score == pts(10));  // 25 份 × 0.5 = 12.5, capped at 10: the hand count counts
  CHECK(contains(c->explanation, "25 份 × 0.5 = 12.5"));
  CHECK(contains(c->explanation, "；服务台账：证书报告 5 份（"));
  CHECK(contains(c->explanation, "与手填的 25 份不一致，按手填的数量计分"));
  // The same number as the ledger's: nothing to say.
  a.answers["3.12.1"] = Json{{"count", 5}};
  CHECK_FALSE(contains(score(rb, a).find("3.12.1")->explanation, "服务台账"));
}

TEST_CASE("an override without a reason says so") {
  const Rubric rb = qis_test::rubric("chongming-2024");
  Assessment a = qis_test::assessment(rb, "{}");
  a.overrides["3.14"] = Override{Json{{"count", 1}}, ""};
  CHECK(score(rb, a).find("3.14")->explanation == "人工调整（未说明理由）：1 个 × 2 = 2");
}

// ---- The CLI: qis ledger import / export ----

namespace {

struct Run {
  int code = 0;
  std::string out, err;
};

Run run_cli(const std::string& args, const std::filesystem::path& dir) {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = std::string("\"") + QIS_CLI + "\" " + args + " >\"" + out.string() + "\" 2>\"" + err.string() + "\"";
  const int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = qis_test::read_file(out.string());
  r.err = qis_test::read_file(err.string());
  return r;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("qis-ledger-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

void write(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

std::string empty_package(const Rubric& rb) {
  Assessment a = qis_test::assessment(rb, "{}");
  a.profile["name"] = "松江区九亭镇质量服务站";
  return export_package(rb, a);
}

}  // namespace

TEST_CASE("qis ledger import writes the package with the imported ledger and prints the ledger's points") {
  TempDir dir;
  const Rubric rb = qis_test::rubric("chongming-2024");
  write(dir.file("pkg.json"), empty_package(rb));
  const Run r = run_cli("ledger import \"" + std::string(QIS_FIXTURE_DIR) + "/ledger/station.gb18030.csv\" \"" +
                            dir.file("pkg.json") + "\" -o \"" + dir.file("out.json") + "\"",
                        dir.path);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "编码 GB18030，表头在第 1 行；数据 29 行：导入 29 行，有错误 0 行（另有空行 1 行）"));
  CHECK(contains(r.out, "台账：7 家企业，28 条记录"));
  CHECK(contains(r.out, "3.12.2 （2）质量提升咨询或技术服务：5 / 5"));
  auto back = import_package(qis_test::read_file(dir.file("out.json")), {rb});
  REQUIRE(back.ok());
  CHECK(back.value().assessment.ledger.records.size() == 28);
  CHECK(back.value().assessment.profile.at("name") == "松江区九亭镇质量服务站");
  CHECK(score(rb, back.value().assessment).total == pts(23.6));

  // Export, then import the export: the same ledger.
  const Run e = run_cli("ledger export \"" + dir.file("out.json") + "\" -o \"" + dir.file("ledger.csv") + "\"", dir.path);
  CHECK(e.code == 0);
  CHECK(contains(e.out, "已导出 28 条记录（7 家企业）"));
  const std::string csv = qis_test::read_file(dir.file("ledger.csv"));
  CHECK(csv.rfind("\xEF\xBB\xBF序号,", 0) == 0);
  auto again = import_ledger_csv(csv);
  REQUIRE(again.ok());
  CHECK(export_ledger_csv(again.value().ledger) == csv);
}

TEST_CASE("qis ledger import with a bad row writes nothing unless --keep-good, and exits 1 either way") {
  TempDir dir;
  const Rubric rb = qis_test::rubric("chongming-2024");
  const std::string pkg = empty_package(rb);
  write(dir.file("pkg.json"), pkg);
  const std::string broken = std::string(QIS_FIXTURE_DIR) + "/ledger/broken.csv";
  const Run r = run_cli("ledger import \"" + broken + "\" \"" + dir.file("pkg.json") + "\"", dir.path);
  CHECK(r.code == 1);
  CHECK(contains(r.err, "第 3 行，“服务时间”：“服务时间”“2024-02-30”不是有效日期"));
  CHECK(contains(r.err, "第 6 行，“企业规模”：企业“上海甲公司”的企业规模“小”与第 2 行填写的“中”不一致"));
  CHECK(contains(r.err, "未写入任何文件：请修正以上 8 行后重新导入，或加 --keep-good 只导入正确的行"));
  CHECK(qis_test::read_file(dir.file("pkg.json")) == pkg);  // untouched

  const Run k = run_cli("ledger import \"" + broken + "\" \"" + dir.file("pkg.json") + "\" --keep-good", dir.path);
  CHECK(k.code == 1);
  CHECK(contains(k.out, "台账：2 家企业，2 条记录；已写入 " + dir.file("pkg.json")));
  auto back = import_package(qis_test::read_file(dir.file("pkg.json")), {rb});
  REQUIRE(back.ok());
  CHECK(back.value().assessment.ledger.records.size() == 2);
}

TEST_CASE("qis ledger reports usage errors with exit code 2 and unreadable files with exit code 1") {
  TempDir dir;
  CHECK(run_cli("ledger export x.json", dir.path).code == 2);  // -o is required
  CHECK(run_cli("ledger import a.csv", dir.path).code == 2);
  CHECK(run_cli("ledger import a.csv b.json --frobnicate", dir.path).code == 2);
  const Run missing = run_cli("ledger import \"" + dir.file("nope.csv") + "\" \"" + dir.file("nope.json") + "\"", dir.path);
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "无法读取文件"));
}
