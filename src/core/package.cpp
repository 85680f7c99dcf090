#include "package.h"
#include "procedure_checks.h"
#include "text_encoding.h"

#include <algorithm>
#include <cstdint>

#include "json_reader.h"
#include "profile.h"
#include "safe_text.h"

namespace qis {
namespace {

constexpr int kMaxPackageDepth = 64;

Json milli_json(Milli m) {
  if (m % kMilli == 0) return Json(m / kMilli);
  return Json(static_cast<double>(m) / 1000.0);
}

Json node_scores(const NodeResult& n) {
  Json j = {{"id", n.node->id}, {"title", n.node->title}, {"score", milli_json(n.score)}, {"max", milli_json(n.node->max)}};
  if (!n.children.empty()) {
    Json kids = Json::array();
    for (auto& c : n.children) kids.push_back(node_scores(c));
    j["children"] = kids;
  }
  return j;
}

// A number beyond range inside an answer stops the parse; say which criterion it was for. Ids
// hold dots ("2.3.1"), so the path is matched against the rubrics' criteria, longest id first.
Error name_criterion(Error e, const std::vector<Rubric>& rubrics) {
  if (e.code != "package.number_range") return e;
  for (const char* section : {"answers.", "overrides."}) {
    if (e.where.rfind(section, 0) != 0) continue;
    const std::string rest = e.where.substr(std::char_traits<char>::length(section));
    const Node* best = nullptr;
    for (auto& rb : rubrics)
      for (const Node* c : rb.criteria()) {
        const std::string& id = c->id;
        const bool match = rest.rfind(id, 0) == 0 && (rest.size() == id.size() || rest[id.size()] == '.' || rest[id.size()] == '[');
        if (match && (!best || id.size() > best->id.size())) best = c;
      }
    if (best)
      e.message = "数据包内容有误：“" + best->title + "”（" + best->id + "）的答案中，" +
                  e.message.substr(e.message.find("数值")) + "当前草稿未受影响。";
  }
  return e;
}

// At most `n` code points of valid UTF-8 `s`, with "…" when cut: a value quoted in a message.
std::string clip(const std::string& s, std::size_t n) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && points++ == n) return s.substr(0, i) + "…";
  return s;
}

// assessment_year: absent or null (not set), else a whole number within the years a package may
// name. Read by hand rather than with JsonReader::int_or so that the message can say which years
// and what the file holds ("2025" in quotes is the usual slip).
int read_assessment_year(const Json& j) {
  if (!j.contains("assessment_year") || j.at("assessment_year").is_null()) return 0;
  const Json& y = j.at("assessment_year");
  // Unsigned apart: a whole number beyond int64 must not wrap into range.
  if (y.is_number_unsigned()) {
    const auto v = y.get<std::uint64_t>();
    if (v >= static_cast<std::uint64_t>(kMinAssessmentYear) && v <= static_cast<std::uint64_t>(kMaxAssessmentYear))
      return static_cast<int>(v);
  } else if (y.is_number_integer()) {
    const auto v = y.get<std::int64_t>();
    if (v >= kMinAssessmentYear && v <= kMaxAssessmentYear) return static_cast<int>(v);
  }
  const std::string held = y.is_string()   ? "文字“" + clip(y.get<std::string>(), 20) + "”"
                           : y.is_object() ? "一个对象"
                           : y.is_array()  ? "一个列表"
                                           : " " + y.dump();
  throw LoadFailure{Error{"package.assessment_year",
                          "评价年度（assessment_year）应为 " + std::to_string(kMinAssessmentYear) + " 至 " +
                              std::to_string(kMaxAssessmentYear) + " 之间的整数年份（如 2025），文件中为" + held +
                              "。请改为正确的年份；不指定评价年度时可删除该字段（位置：assessment_year）",
                          "assessment_year"}};
}

// What the station is told when a qis-package/1 file is opened: the year it was scored with is
// now its 评价年度, so its per-year counts stay what they were when a later record is added.
std::string migration_notice(int latest_year, int assessment_year) {
  std::string s = std::string("此文件为旧版格式（qis-package/1），已按新版格式（") + kPackageFormat + "）打开：";
  if (assessment_year != 0)
    s += "评价年度按台账中最近的年份定为 " + std::to_string(assessment_year) + " 年，按年度统计的项目得分不变。";
  else if (latest_year == 0)
    s += "台账中没有注明日期的记录，评价年度暂未设定。";
  else
    s += "台账中最近的年份为 " + std::to_string(latest_year) + " 年，不在 " + std::to_string(kMinAssessmentYear) + " 至 " +
         std::to_string(kMaxAssessmentYear) + " 年之间（日期可能有误），评价年度暂未设定，按年度统计的项目仍按该年份计算。";
  return s + "再次保存或导出时将使用新版格式。";
}

// A profile field's label: the common form's, the rubric's own, else its key.
std::string profile_label(const Rubric& rubric, const std::string& key) {
  for (auto& f : profile_fields())
    if (key == f.id) return f.label;
  for (auto& f : rubric.profile_fields)
    if (key == f.id) return f.label;
  return key;
}

std::string criterion_label(const Rubric& rubric, const std::string& id) {
  const Node* n = rubric.find(id);
  return n ? "“" + n->title + "”（" + id + "）" : "“" + one_line_text(id) + "”";
}

}  // namespace

std::vector<Error> package_text_warnings(const Rubric& rubric, const Assessment& a) {
  std::vector<Error> out;
  std::size_t more = 0;
  auto check = [&](const std::string& text, const std::string& what, const std::string& where) {
    const TextChanges c = document_text_changes(text);
    if (c.count == 0) return;
    if (out.size() == kMaxTextWarnings) {
      ++more;
      return;
    }
    out.push_back({"package.text_normalised",
                   what + "含 " + std::to_string(c.count) + " 个不能原样打印的字符（第一个是 " + describe_text_change(c) +
                       "）。打印的文书和 Word 文档中已作替换，数据包本身未改动；如非有意，请申报单位在本工具中修改后重新导出。",
                   where});
  };
  for (auto& [key, value] : a.profile) check(value, "单位信息“" + profile_label(rubric, key) + "”", "profile." + key);
  for (auto& [id, note] : a.notes) check(note, criterion_label(rubric, id) + "的自评说明", "notes." + id);
  for (auto& [id, ov] : a.overrides) check(ov.reason, criterion_label(rubric, id) + "手工填写数量的理由", "overrides." + id + ".reason");
  for (std::size_t i = 0; i < a.evidence.size(); ++i) {
    const EvidenceItem& e = a.evidence[i];
    const std::string where = "evidence[" + std::to_string(i) + "]";
    check(e.name, "证明材料的文件名“" + one_line_text(e.name) + "”", where + ".name");
    check(e.note, "证明材料“" + one_line_text(e.name) + "”的说明", where + ".note");
  }
  if (more > 0)
    out.push_back({"package.text_normalised",
                   "另有 " + std::to_string(more) + " 处文字含不能原样打印的字符，未逐一列出（最多列出 " +
                       std::to_string(kMaxTextWarnings) + " 处）；打印的文书和 Word 文档中均已作替换，数据包本身未改动。",
                   ""});
  return out;
}

Json assessment_to_json(const Assessment& a) {
  Json j;
  j["profile"] = a.profile;
  Json answers = Json::object();
  for (auto& [k, v] : a.answers) answers[k] = v;
  j["answers"] = answers;
  j["notes"] = a.notes;
  j["gates"] = a.gates;
  Json ov = Json::object();
  for (auto& [k, v] : a.overrides) ov[k] = {{"answer", v.answer}, {"reason", v.reason}};
  j["overrides"] = ov;
  Json ev = Json::array();
  for (auto& e : a.evidence) {
    Json x = {{"id", e.id}, {"name", e.name}, {"type", e.type}, {"size", e.size}, {"sha256", e.sha256}, {"criteria", e.criteria}};
    if (!e.data_base64.empty()) x["data_base64"] = e.data_base64;
    if (!e.note.empty()) x["note"] = e.note;
    ev.push_back(x);
  }
  j["evidence"] = ev;
  Json ents = Json::array();
  for (auto& e : a.ledger.enterprises)
    ents.push_back({{"id", e.id}, {"name", e.name}, {"address", e.address}, {"contact", e.contact}, {"phone", e.phone}, {"size", e.size}});
  Json recs = Json::array();
  for (auto& r : a.ledger.records)
    recs.push_back({{"id", r.id}, {"type", r.type}, {"enterprise", r.enterprise_id}, {"date", r.date}, {"fields", r.fields}});
  j["ledger"] = {{"enterprises", ents}, {"records", recs}};
  if (a.assessment_year != 0) j["assessment_year"] = a.assessment_year;  // omitted when not set, as in /1
  j["created"] = a.created;
  j["modified"] = a.modified;
  return j;
}

Assessment assessment_from_json(const Json& j) {
  JsonReader r(j, "", "package");
  Assessment a;
  auto string_map = [&](const char* key, std::map<std::string, std::string>& out) {
    if (const Json* o = r.object_opt(key))
      for (auto it = o->begin(); it != o->end(); ++it) {
        if (!it.value().is_string()) r.child(key).fail("type", "“" + it.key() + "”应为文字");
        out[it.key()] = it.value().get<std::string>();
      }
  };
  string_map("profile", a.profile);
  string_map("notes", a.notes);
  if (const Json* o = r.object_opt("answers"))
    for (auto it = o->begin(); it != o->end(); ++it) a.answers[it.key()] = it.value();
  if (const Json* o = r.object_opt("gates"))
    for (auto it = o->begin(); it != o->end(); ++it) {
      if (!it.value().is_boolean()) r.child("gates").fail("type", "条件“" + it.key() + "”应为 true 或 false");
      a.gates[it.key()] = it.value().get<bool>();
    }
  if (const Json* o = r.object_opt("overrides"))
    for (auto it = o->begin(); it != o->end(); ++it) {
      JsonReader ov = r.at(it.value(), "overrides." + it.key());
      ov.only_keys({"answer", "reason"});
      if (!ov.has("answer")) ov.fail("missing_field", "缺少 answer");
      a.overrides[it.key()] = Override{it.value().at("answer"), ov.str("reason")};
    }
  if (const Json* arr = r.array_opt("evidence")) {
    // A real station attaches tens to hundreds of files; a hundred thousand entries is a crafted
    // file that would make every screen listing them unusable.
    if (arr->size() > kMaxEvidenceItems)
      r.fail("too_many_evidence", "数据包中有 " + std::to_string(arr->size()) + " 个附件条目，超过上限 " +
                                      std::to_string(kMaxEvidenceItems) +
                                      " 个，未打开。这不是本工具正常导出的数据包；请向申报单位索取原始文件，或把附件合并后重新导出。");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader e = r.at((*arr)[i], "evidence[" + std::to_string(i) + "]");
      e.only_keys({"id", "name", "type", "size", "sha256", "criteria", "data_base64", "note"});
      EvidenceItem item;
      item.id = e.str("id");
      item.name = e.str("name");
      item.type = e.str_or("type", "");
      const Json& sz = e.json().contains("size") ? e.json().at("size") : Json();
      if (!sz.is_number_integer() || sz.get<std::int64_t>() < 0) e.fail("size", "size 应为非负整数（字节数）");
      item.size = sz.get<std::int64_t>();
      item.sha256 = e.str("sha256");
      if (item.sha256.size() != 64 || item.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        e.fail("sha256", "sha256 应为 64 位小写十六进制");
      if (const Json* c = e.array_opt("criteria"))
        for (auto& x : *c) {
          if (!x.is_string()) e.fail("type", "criteria 应为文字列表");
          item.criteria.push_back(x.get<std::string>());
        }
      item.data_base64 = e.str_or("data_base64", "");
      item.note = e.str_or("note", "");
      a.evidence.push_back(std::move(item));
    }
  }
  if (r.object_opt("ledger")) {
    JsonReader l = r.child("ledger");
    l.only_keys({"enterprises", "records"});
    if (const Json* arr = l.array_opt("enterprises"))
      for (std::size_t i = 0; i < arr->size(); ++i) {
        JsonReader e = l.at((*arr)[i], "ledger.enterprises[" + std::to_string(i) + "]");
        e.only_keys({"id", "name", "address", "contact", "phone", "size"});
        a.ledger.enterprises.push_back({e.str("id"), e.str("name"), e.str_or("address", ""), e.str_or("contact", ""),
                                        e.str_or("phone", ""), e.str_or("size", "")});
      }
    if (const Json* arr = l.array_opt("records"))
      for (std::size_t i = 0; i < arr->size(); ++i) {
        JsonReader e = l.at((*arr)[i], "ledger.records[" + std::to_string(i) + "]");
        e.only_keys({"id", "type", "enterprise", "date", "fields"});
        LedgerRecord rec{e.str("id"), e.str("type"), e.str_or("enterprise", ""), e.str_or("date", ""), {}};
        if (const Json* f = e.object_opt("fields"))
          for (auto it = f->begin(); it != f->end(); ++it)
            if (it.value().is_string()) rec.fields[it.key()] = it.value().get<std::string>();
        a.ledger.records.push_back(std::move(rec));
      }
  }
  a.assessment_year = read_assessment_year(j);
  a.created = r.str_or("created", "");
  a.modified = r.str_or("modified", "");
  return a;
}

Json package_json(const Rubric& rubric, const Assessment& a, const std::string& today) {
  Json j = assessment_to_json(a);
  j["format"] = kPackageFormat;
  j["app"] = {{"name", "qis"}, {"version", QIS_VERSION}};
  j["rubric"] = {{"id", rubric.id}, {"version", rubric.version}, {"hash", rubric.content_hash}, {"title", rubric.title}};
  const ScoreReport rep = score(rubric, a, today);
  Json crit = Json::object();
  for (auto& c : rep.criteria) crit[c.node->id] = milli_json(c.score);
  Json inds = Json::array();
  for (auto& n : rep.tree) inds.push_back(node_scores(n));
  j["scores"] = {{"note", "仅供参考：读取方会根据答案重新计算"},
                 {"total", milli_json(rep.total)},
                 {"base", milli_json(rep.base)},
                 {"bonus", milli_json(rep.bonus)},
                 {"max", milli_json(rep.max)},
                 {"bonus_max", milli_json(rep.bonus_max)},
                 {"outcome", rep.outcome_text()},
                 {"eligible", rep.eligible},
                 {"answered", rep.answered},
                 {"criteria", crit},
                 {"indicators", inds}};
  // Required materials not attached when exported (procedure.h); absent when none is missing.
  const std::vector<std::string> missing = missing_materials(rubric, a);
  if (!missing.empty()) j["scores"]["materials_missing"] = missing;
  return j;
}

std::string export_package(const Rubric& rubric, const Assessment& a, const std::string& today) {
  return package_json(rubric, a, today).dump(1, '\t', false, Json::error_handler_t::replace) + "\n";
}

Result<ImportedPackage> import_package(std::string_view text, const std::vector<Rubric>& rubrics) {
  // Named as what it is: the UTF-8 check below would call it GBK, or the JSON parser not JSON.
  if (const std::string kind = utf16_kind(text); !kind.empty()) return utf16_error("package", "文件", kind);
  auto parsed = parse_json_limited(text, kMaxPackageBytes, kMaxPackageDepth, "package", "文件");
  if (!parsed) return name_criterion(parsed.error(), rubrics);
  const Json& j = parsed.value();
  if (!j.is_object() || !j.contains("format") || !j.at("format").is_string())
    return Error{"package.not_package", "这不是本工具导出的评价数据包（缺少 format 字段）。请选择以 .json 结尾、由“导出”生成的文件。", ""};
  const std::string format = j.at("format").get<std::string>();
  if (format.rfind("qis-package/", 0) != 0)
    return Error{"package.not_package", "这不是本工具导出的评价数据包（格式为“" + format + "”）。", ""};
  const std::string ver = format.substr(12);
  const bool v1 = ver == "1";  // before 评价年度: read, then migrated below
  if (!v1 && ver != std::to_string(kPackageFormatVersion)) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };  // ::isdigit(char) is undefined above 0x7F
    bool newer = !ver.empty() && std::all_of(ver.begin(), ver.end(), digit) && ver.size() < 6 &&
                 std::stoi(ver) > kPackageFormatVersion;
    return Error{"package.format_version",
                 newer ? "此文件由更新版本的工具导出（" + format + "），当前工具只能读取 " + kPackageFormat +
                             "。请升级到最新版本后再打开；当前草稿未受影响。"
                       : "不支持的数据包格式版本“" + format + "”。",
                 "format"};
  }
  try {
    JsonReader r(j, "", "package");
    // "signature": the station's, checked by src/trust (qis verify), not part of the assessment.
    if (v1)
      r.only_keys({"format", "app", "rubric", "profile", "answers", "notes", "gates", "overrides", "evidence", "ledger",
                   "created", "modified", "scores", "signature"});
    else
      r.only_keys({"format", "app", "rubric", "profile", "answers", "notes", "gates", "overrides", "evidence", "ledger",
                   "assessment_year", "created", "modified", "scores", "signature"});
    JsonReader rr = r.child("rubric");
    const std::string id = rr.str("id"), version = rr.str("version"), hash = rr.str_or("hash", "");
    const Rubric* rubric = nullptr;
    for (auto& rb : rubrics)
      if (rb.id == id) rubric = &rb;
    if (!rubric)
      return Error{"package.unknown_rubric", "数据包使用的评分表“" + id + "”不在本工具中。请确认工具版本，或联系发放评分表的单位。", "rubric.id"};
    if (rubric->version != version)
      return Error{"package.rubric_version",
                   "数据包按评分表“" + rubric->short_title + "”的 " + version + " 版填写，本工具内置的是 " + rubric->version +
                       " 版。分值规则可能不同，不能直接打开；请使用相同版本的工具，或按新版评分表重新填写。当前草稿未受影响。",
                   "rubric.version"};
    const bool earlier_file = !hash.empty() && hash != rubric->content_hash &&
                              std::find(rubric->earlier_hashes.begin(), rubric->earlier_hashes.end(), hash) !=
                                  rubric->earlier_hashes.end();
    if (!hash.empty() && hash != rubric->content_hash && !earlier_file)
      return Error{"package.rubric_hash",
                   "数据包记录的评分表内容与本工具内置的“" + rubric->short_title + "” " + version +
                       " 版不一致（可能被修改过）。请使用生成该数据包的同一版本工具核对。",
                   "rubric.hash"};
    ImportedPackage out;
    out.assessment = assessment_from_json(j);
    out.assessment.rubric_id = rubric->id;
    out.assessment.rubric_version = rubric->version;
    out.assessment.rubric_hash = rubric->content_hash;
    out.rubric = rubric;
    if (j.contains("scores")) out.stored_scores = j.at("scores");
    out.text_warnings = package_text_warnings(*rubric, out.assessment);
    if (earlier_file)
      out.notice = "此数据包按本工具较早发布的“" + rubric->short_title + "”文件填写；已按现行文件（" + rubric->version +
                   " 版，含此后对个别条款理解的修订）重新计算得分，填写内容全部保留。再次导出即按现行文件保存。";
    if (v1) {
      // /1 counted per-year sources in the ledger's latest year: that year becomes the 评价年度,
      // so the score is the one the file was made with, and stays so when later records come.
      const int latest = latest_ledger_year(out.assessment.ledger);
      out.assessment.assessment_year = valid_assessment_year(latest) ? latest : 0;
      out.migrated_from = 1;
      out.notice = migration_notice(latest, out.assessment.assessment_year) + (out.notice.empty() ? "" : " " + out.notice);
    }
    return out;
  } catch (const LoadFailure& f) {
    Error e = f.error;
    e.message = "数据包内容有误：" + e.message + "。当前草稿未受影响。";
    return e;
  }
}

std::string package_file_name(const Rubric& rubric, const Assessment& a, const std::string& date) {
  auto it = a.profile.find("name");
  std::string name = it == a.profile.end() || it->second.empty() ? "未命名单位" : it->second;
  for (char& c : name)
    if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' ||
        static_cast<unsigned char>(c) < 0x20)
      c = '_';
  return name + "-" + rubric.id + "-" + date + ".json";
}

}  // namespace qis
