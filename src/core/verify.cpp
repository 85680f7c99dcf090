#include "verify.h"

#include <map>
#include <set>

#include "base64.h"
#include "evaluator_detail.h"
#include "procedure.h"
#include "procedure_checks.h"
#include "scoring.h"
#include "sha256.h"

namespace qis {
using detail::pts;
using detail::pts;

using detail::json_milli;
using detail::profile_value;

namespace {
constexpr const char* kTampered = "，可能被篡改或评分表版本不一致";
}  // namespace

std::string package_hash(std::string_view package_bytes) { return sha256_hex(package_bytes); }

std::string printed_hash_prefix(std::string_view typed) {
  std::string h;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return "";
    h += c;
  }
  return h.size() >= 16 && h.size() <= 64 ? h : "";
}

namespace {
constexpr std::string_view kMaterialPrefix = "material:";  // how evidence cites a required material

const Material* material_of(const Rubric& rubric, const std::string& id) {
  const std::string_view bare = std::string_view(id).substr(id.rfind(kMaterialPrefix, 0) == 0 ? kMaterialPrefix.size() : 0);
  for (auto& m : rubric.materials)
    if (m.id == bare) return &m;
  return nullptr;
}
}  // namespace

std::string target_label(const Rubric& rubric, const std::string& id) {
  if (const Node* n = rubric.find(id)) return "“" + n->title + "”（" + id + "）";
  for (auto& g : rubric.gates)
    if (g.id == id) return "申报条件 " + g.clause + "（" + id + "）";
  if (const Material* m = material_of(rubric, id))
    return "申请材料“" + m->title + "”" + (m->clause.empty() ? std::string() : "（" + m->clause + "）");
  return "“" + id + "”";
}

std::string verify_status(const VerifyReport& r) {
  std::string s;
  if (r.findings_total > 0) s = std::to_string(r.findings_total) + " 项问题";
  if (!r.incomplete.empty()) s += (s.empty() ? "" : "；") + std::string("缺 ") + std::to_string(r.incomplete.size()) + " 项必备材料";
  if (s.empty()) s = "校验通过";
  if (!r.evidence_unchecked.empty()) s += "（" + std::to_string(r.evidence_unchecked.size()) + " 个附件未随附，未核对）";
  return s;
}

namespace {

// The findings of one report: identical ones once, at most kMaxFindingsPerCriterion per group
// (a criterion the rubric knows, or "" for the package as a whole and for ids it does not know),
// the rest counted. Memory and output stay bounded by the rubric's size whatever the file holds.
class Findings {
 public:
  Findings(const Rubric& rubric, VerifyReport& rep) : rubric_(rubric), rep_(rep) {}

  std::string group(const std::string& id) const {
    if (id.empty()) return id;
    if (const Node* n = rubric_.find(id)) return n->id;
    for (auto& g : rubric_.gates)
      if (g.id == id) return id;
    if (const Material* m = material_of(rubric_, id)) return m->id;
    return "";
  }

  // False (and counted) when the group already lists as many as it may: the caller need not
  // build the message.
  bool room(const std::string& group_id) {
    if (listed_[group_id] < kMaxFindingsPerCriterion) return true;
    ++more_[group_id];
    ++rep_.findings_total;
    return false;
  }

  void add(const std::string& code, const std::string& id, const std::string& message) {
    const std::string g = group(id);
    if (!room(g)) return;
    if (!seen_.insert(code + '\n' + g + '\n' + message).second) return;
    if (listed_[g]++ == 0) order_.push_back(g);
    ++rep_.findings_total;
    rep_.findings.push_back({code, g, message});
  }

  // One verify.more_findings per group that had more than it lists.
  void finish() {
    for (auto& g : order_)
      if (auto it = more_.find(g); it != more_.end())
        rep_.findings.push_back({"verify.more_findings", g,
                                 "另有 " + std::to_string(it->second) + " 处问题未逐一列出（每个细项最多列出 " +
                                     std::to_string(kMaxFindingsPerCriterion) + " 个）；请申报单位核对后重新导出数据包"});
  }

 private:
  const Rubric& rubric_;
  VerifyReport& rep_;
  std::map<std::string, int> listed_;
  std::map<std::string, std::size_t> more_;
  std::set<std::string> seen_;
  std::vector<std::string> order_;
};

}  // namespace

Result<VerifyReport> verify_package(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                    const EvidenceLookup& lookup) {
  EvidenceFileLookup files;
  if (lookup)
    files = [&](const EvidenceItem& e) {
      EvidenceFile f;
      const std::optional<std::string> bytes = lookup(e);
      if (!bytes) return f;
      f.found = true;
      f.size = static_cast<std::int64_t>(bytes->size());
      if (f.size == e.size) f.sha256 = sha256_hex(*bytes);
      return f;
    };
  return verify_package(package_bytes, rubrics, files);
}

Result<VerifyReport> verify_package(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                    const EvidenceFileLookup& lookup) {
  auto imported = import_package(package_bytes, rubrics);
  if (!imported) return imported.error();
  return verify_imported(imported.value(), package_hash(package_bytes), lookup);
}

VerifyReport verify_imported(const ImportedPackage& pkg, const std::string& package_sha256, const EvidenceFileLookup& lookup) {
  const Rubric& rb = *pkg.rubric;
  VerifyReport rep;
  rep.rubric = &rb;
  rep.package_hash = package_sha256;
  rep.station = profile_value(pkg.assessment, "name");
  rep.migrated_from = pkg.migrated_from;
  rep.notice = pkg.notice;
  rep.text_warnings = pkg.text_warnings;
  const ScoreReport sr = score(rb, pkg.assessment);
  rep.computed_total = sr.total;
  Findings findings(rb, rep);
  auto add = [&](const std::string& code, const std::string& criterion, const std::string& message) {
    findings.add(code, criterion, message);
  };

  // Scores: the file's record against a recomputation from its answers.
  const Json& stored = pkg.stored_scores;
  if (!stored.is_object()) {
    add("verify.scores_missing", "",
        "数据包中没有保存得分（scores），无法核对得分是否被改动；请申报单位用本工具重新导出数据包");
  } else {
    if (!stored.contains("total")) {
      add("verify.total_mismatch", "", "总分：数据包没有记录总分，按答案重新计算为 " + pts(sr.total) + kTampered);
    } else if (auto t = json_milli(stored.at("total")); !t) {
      add("verify.total_mismatch", "", "总分：数据包记录的总分无法读取，按答案重新计算为 " + pts(sr.total) + kTampered);
    } else {
      rep.stored_total = *t;
      if (*t != sr.total)
        add("verify.total_mismatch", "",
            "总分：数据包记录为 " + pts(*t) + "，按答案重新计算为 " + pts(sr.total) + kTampered);
    }
    const Json* crit = stored.contains("criteria") && stored.at("criteria").is_object() ? &stored.at("criteria") : nullptr;
    if (!crit) {
      add("verify.score_missing", "", "数据包没有记录各细项得分" + std::string(kTampered));
    } else {
      for (auto& c : sr.criteria) {
        const std::string& id = c.node->id;
        const std::string label = target_label(rb, id);
        if (!crit->contains(id)) {
          add("verify.score_missing", id,
              label + "：数据包没有记录该项得分，按答案重新计算为 " + pts(c.score) + kTampered);
        } else if (auto v = json_milli(crit->at(id)); !v) {
          add("verify.score_mismatch", id,
              label + "：数据包记录的得分无法读取，按答案重新计算为 " + pts(c.score) + kTampered);
        } else if (*v != c.score) {
          add("verify.score_mismatch", id,
              label + "：数据包记录的得分为 " + pts(*v) + "，按答案重新计算为 " + pts(c.score) + kTampered);
        }
      }
      for (auto it = crit->begin(); it != crit->end(); ++it) {
        const Node* n = rb.find(it.key());
        if ((!n || !n->is_criterion()) && findings.room(findings.group(it.key())))
          add("verify.score_unknown", it.key(),
              "数据包记录了评分表中没有的细项“" + it.key() + "”的得分" + std::string(kTampered));
      }
    }
  }
  for (auto& e : sr.errors)
    add("verify.answer_invalid", e.where, e.message + "（该项按 0 分计，请申报单位更正后重新导出）");

  // Required materials missing: the station's omission, not tampering, but the package is incomplete.
  for (auto& e : material_missing_findings(*pkg.rubric, pkg.assessment)) rep.incomplete.push_back({e.code, e.where, e.message});

  // Evidence: every manifest entry's bytes against its recorded size and SHA-256.
  for (const EvidenceItem& e : pkg.assessment.evidence) {
    ++rep.evidence_entries;
    auto flag = [&](const std::string& code, const std::string& what) {
      const std::string file = "证明材料“" + e.name + "”";
      if (e.criteria.empty()) add(code, "", file + what);
      for (auto& id : e.criteria)
        if (findings.room(findings.group(id))) add(code, id, target_label(rb, id) + "的" + file + what);
    };
    std::optional<std::int64_t> size;
    std::string hash;
    if (!e.data_base64.empty()) {
      const std::optional<std::string> bytes = base64_decode(e.data_base64);
      if (!bytes) {
        flag("verify.evidence_base64", "：内嵌数据不是有效的 base64，文件已损坏；请申报单位重新导出数据包");
        continue;
      }
      size = static_cast<std::int64_t>(bytes->size());
      if (*size == e.size) hash = sha256_hex(*bytes);
    } else if (lookup) {
      const EvidenceFile f = lookup(e);
      if (f.refused) {
        flag(f.refused->code, f.refused->message);
        continue;
      }
      if (!f.found) {
        flag("verify.evidence_missing", "：材料目录中找不到该文件；请向申报单位索取，或确认 --evidence 指定的目录");
        continue;
      }
      size = f.size;
      hash = f.sha256;
    } else {
      rep.evidence_unchecked.push_back(e.name);
      continue;
    }
    ++rep.evidence_checked;
    if (*size != e.size)
      flag("verify.evidence_size", "：大小为 " + std::to_string(*size) + " 字节，与清单记录的 " + std::to_string(e.size) +
                                       " 字节不符，内容已被改动或不是同一文件");
    else if (hash != e.sha256)
      flag("verify.evidence_hash", "：SHA-256 与清单记录不一致，内容已被改动或不是同一文件");
  }
  findings.finish();
  return rep;
}

}  // namespace qis
