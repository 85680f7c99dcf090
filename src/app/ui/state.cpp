#include "state.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "base64.h"
#include "bundle.h"
#include "bundled.h"
#include "merge.h"
#include "package.h"
#include "platform.h"
#include "procedure.h"
#include "procedure_checks.h"
#include "profile.h"
#include "sha256.h"
#include "verify.h"
#include "widgets.h"

namespace qis::ui {
namespace {

constexpr const char* kDraftPrefix = "qis.draft.";
constexpr const char* kExportedPrefix = "qis.exported.";
constexpr const char* kBlobPrefix = "qis.blob.";
constexpr const char* kEmbedSetting = "qis.setting.embed_evidence";
constexpr std::size_t kMaxStoredBlob = 1u << 20;  // files up to 1 MB are kept as base64, for embedding
// Every change is written at the end of the frame that made it, and the page commits it to disk
// at once (web/store.js), so a killed browser loses nothing that was on screen.
constexpr double kSaveDelay = 0.0;
constexpr double kRetryAfterFailure = 5.0;  // seconds before a failed write is tried again

platform::Platform& P() { return *state().platform; }

double g_now = 0;  // the frame time autosave_tick last saw

std::string new_id() {
  static unsigned counter = 0;
  std::string now = P().now_iso();
  return sha256_hex(now + std::to_string(++counter) + std::to_string(std::clock())).substr(0, 12);
}

void rescore() {
  Draft& d = *state().draft;
  d.report = score(*d.rubric, d.a, P().today());
}

}  // namespace

AppState& state() {
  static AppState s;
  return s;
}

const Rubric* find_rubric(const std::string& id) {
  auto& s = state();
  for (auto& r : s.rubrics)
    if (r.id == id) return &r;
  const BundledRubric* bundled = find_bundled_rubric(id);
  if (bundled == nullptr) return nullptr;
  auto loaded = load_bundled_rubric(*bundled);
  if (!loaded) {
    show_message("内置评价表加载失败：" + loaded.error().message, true);
    return nullptr;
  }
  if (s.rubrics.capacity() < kBundledRubricCount) s.rubrics.reserve(kBundledRubricCount);  // before any pointer is taken
  s.rubrics.push_back(std::move(loaded).value());
  return &s.rubrics.back();
}

const std::vector<Rubric>& all_rubrics() {
  auto& s = state();
  if (s.rubrics.size() < kBundledRubricCount)
    for (std::size_t i = 0; i < kBundledRubricCount; ++i) find_rubric(kBundledRubrics[i].id);
  return s.rubrics;
}

const std::vector<Rubric>& rubrics_for(std::string_view package_text) {
  auto& s = state();
  if (s.rubrics.size() == kBundledRubricCount) return s.rubrics;  // all loaded: nothing to look up
  // Only the top-level "rubric" object is built; the rest (a ledger of thousands of records) is
  // read past without being kept.
  const Json j = Json::parse(
      package_text,
      [](int depth, Json::parse_event_t event, Json& parsed) {
        return !(event == Json::parse_event_t::key && depth == 1 && parsed != "rubric");
      },
      false);
  if (j.is_object() && j.contains("rubric") && j["rubric"].is_object()) {
    const Json& named = j["rubric"];
    if (named.contains("id") && named["id"].is_string() && find_rubric(named["id"].get<std::string>()) != nullptr)
      return s.rubrics;
  }
  return all_rubrics();
}

void show_message(const std::string& text, bool error) { state().message = {text, error}; }

void new_draft(const Rubric& rubric) {
  Draft d;
  d.key = kDraftPrefix + new_id();
  d.rubric = &rubric;
  d.a.rubric_id = rubric.id;
  d.a.rubric_version = rubric.version;
  d.a.rubric_hash = rubric.content_hash;
  d.a.created = d.a.modified = P().now_iso();
  state().draft = std::move(d);
  rescore();
  state().draft->dirty = true;
  flush_draft();
  state().screen = Screen::Profile;
  state().selected.clear();
  state().drafts_stale = true;
  show_message("已新建自我评价草稿：" + rubric.title + "。填写内容会自动保存在本浏览器中。");
}

void open_draft(const std::string& key) {
  auto text = P().storage_get(key);
  if (!text) {
    show_message("找不到这份草稿，可能已被删除。", true);
    state().drafts_stale = true;
    return;
  }
  auto imported = import_package(*text, rubrics_for(*text));
  if (!imported) {
    show_message("无法打开草稿：" + imported.error().message, true);
    return;
  }
  Draft d;
  d.key = key;
  d.rubric = imported.value().rubric;
  d.a = std::move(imported.value().assessment);
  d.exported_at = P().storage_get(kExportedPrefix + key.substr(std::string(kDraftPrefix).size())).value_or("");
  d.saved_at = d.a.modified;
  d.base = *text;
  state().draft = std::move(d);
  rescore();
  state().screen = Screen::Items;
  state().selected.clear();
  // A draft saved by an older version opens migrated; it is written in the new format at the
  // next change, so until then the stored draft stays exactly as it was.
  show_message(imported.value().notice);
}

void delete_draft(const std::string& key) {
  if (state().draft && state().draft->key == key) state().draft.reset();
  P().storage_remove(key);
  P().storage_remove(kExportedPrefix + key.substr(std::string(kDraftPrefix).size()));
  state().drafts_stale = true;
  show_message("草稿已删除。");
}

void close_draft() {
  flush_draft();
  if (state().draft && state().draft->dirty && !state().draft->save_error.empty()) {
    // Closing would throw away what could not be saved: stay, and say what to do.
    show_message("最近的修改未能保存到本浏览器，留在本页以免丢失：" + state().draft->save_error +
                     "请先点“导出数据包”保存一份文件，或腾出空间后再离开。",
                 true);
    return;
  }
  state().draft.reset();
  state().screen = Screen::Start;
  state().drafts_stale = true;
  P().set_unsaved_changes(false);
  show_message("");
}

void refresh_draft_list() {
  auto& s = state();
  s.drafts.clear();
  for (const std::string& key : P().storage_keys(kDraftPrefix)) {
    DraftSummary ds;
    ds.key = key;
    auto text = P().storage_get(key);
    auto imported = text ? import_package(*text, rubrics_for(*text)) : Result<ImportedPackage>(Error{"", "草稿为空", ""});
    if (!imported) {
      ds.error = imported.error().message;
      ds.station = "（无法读取）";
    } else {
      const auto& pkg = imported.value();
      auto it = pkg.assessment.profile.find("name");
      ds.station = it == pkg.assessment.profile.end() || it->second.empty() ? "（未填写单位名称）" : it->second;
      ds.rubric_id = pkg.rubric->id;
      ds.rubric_title = pkg.rubric->short_title;
      ds.modified = pkg.assessment.modified.substr(0, 16);
      std::replace(ds.modified.begin(), ds.modified.end(), 'T', ' ');
      const ScoreReport rep = score(*pkg.rubric, pkg.assessment, P().today());
      ds.score = score_text_short(score_figures(rep));
    }
    s.drafts.push_back(std::move(ds));
  }
  std::sort(s.drafts.begin(), s.drafts.end(),
            [](const DraftSummary& x, const DraftSummary& y) { return x.modified > y.modified; });
  s.drafts_stale = false;
}

void mark_changed() {
  Draft& d = *state().draft;
  d.a.modified = P().now_iso();
  d.opened_from.clear();
  d.dirty = true;
  d.changed_since_export = true;
  d.changed_at = -1;  // stamped by autosave_tick with the frame time
  rescore();
  P().set_unsaved_changes(true);
  P().request_redraw(kSaveDelay + 0.05);
}

void flush_draft() {
  auto& s = state();
  if (!s.draft || !s.draft->dirty) return;
  Draft& d = *s.draft;
  std::string text = export_package(*d.rubric, d.a, P().today());
  auto r = P().storage_set_from(d.key, text, d.base);  // another tab merges what changed since d.base
  if (r) {
    d.dirty = false;
    d.saved_at = P().now_iso();
    d.save_error.clear();
    d.base = std::move(text);
  } else {
    // Nothing already stored is touched: the previous save of this draft stays as it was.
    d.save_error = r.reason.empty() ? "浏览器存储空间已满，最近的修改尚未保存。请立即导出数据包备份，并删除不需要的草稿或附件。" : r.reason;
    d.retry_at = g_now + kRetryAfterFailure;
  }
  s.drafts_stale = true;
}

void autosave_tick(double now) {
  auto& s = state();
  g_now = now;
  if (!s.draft || !s.draft->dirty) return;
  if (s.draft->changed_at < 0) s.draft->changed_at = now;
  if (!s.draft->save_error.empty() && now < s.draft->retry_at) {
    P().request_redraw(s.draft->retry_at - now + 0.02);  // a failed write waits before the next try
    return;
  }
  if (now - s.draft->changed_at >= kSaveDelay) flush_draft();
  else P().request_redraw(kSaveDelay - (now - s.draft->changed_at) + 0.02);
}

std::string draft_package_bytes(int* embedded, int* not_kept) {
  auto& s = state();
  Draft& d = *s.draft;
  Assessment copy = d.a;
  int in = 0, out = 0;
  for (auto& e : copy.evidence) {
    e.data_base64.clear();
    if (!s.embed_evidence) continue;
    if (auto blob = P().storage_get(kBlobPrefix + e.sha256)) {
      e.data_base64 = *blob;
      ++in;
    } else {
      ++out;
    }
  }
  if (embedded) *embedded = in;
  if (not_kept) *not_kept = out;
  return export_package(*d.rubric, copy, P().today());
}

void export_draft() {
  auto& s = state();
  if (!s.draft) return;
  Draft& d = *s.draft;
  int embedded = 0, missing = 0;
  const std::string bytes = draft_package_bytes(&embedded, &missing);
  const std::string today = P().today();
  const std::string name = package_file_name(*d.rubric, d.a, today);
  P().download(name, bytes, "application/json");
  d.exported_at = P().now_iso();
  d.changed_since_export = false;
  P().storage_set(kExportedPrefix + d.key.substr(std::string(kDraftPrefix).size()), d.exported_at);
  P().set_unsaved_changes(false);
  std::string msg = "已导出数据包：" + name;
  if (s.embed_evidence) msg += "（嵌入附件 " + std::to_string(embedded) + " 个" + (missing ? "，" + std::to_string(missing) + " 个较大的附件未嵌入：要连同附件一起提交，请用“导出提交包”" : "") + "）";
  const auto lacking = missing_materials(*d.rubric, d.a);
  if (!lacking.empty()) msg += "。数据包已注明缺少 " + std::to_string(lacking.size()) + " 项必备材料";
  show_message(msg);
}

namespace {

// Opens a package as the draft stored under `key`: a new key keeps every other draft, an existing
// one is replaced (the user chose it).
void import_as_draft(const std::string& name, const std::string& bytes, const std::string& key) {
  auto imported = import_package(bytes, all_rubrics());
  if (!imported) {
    show_message("无法打开“" + name + "”：" + imported.error().message, true);
    return;
  }
  flush_draft();
  const bool replacing = !key.empty();
  Draft d;
  d.key = replacing ? key : kDraftPrefix + new_id();
  d.rubric = imported.value().rubric;
  d.a = std::move(imported.value().assessment);
  // Embedded files go to the local file store so they can be embedded again on export.
  int files_not_kept = 0;
  for (auto& e : d.a.evidence) {
    if (!e.data_base64.empty()) {
      auto raw = base64_decode(e.data_base64);
      const bool valid = raw && sha256_hex(*raw) == e.sha256;
      const bool kept = valid && e.data_base64.size() <= kMaxStoredBlob * 4 / 3 + 4 &&
                        P().storage_set(kBlobPrefix + e.sha256, e.data_base64).ok;
      if (!kept && !P().file_kept(e.sha256)) ++files_not_kept;
    }
    e.data_base64.clear();
  }
  if (replacing) P().storage_remove(kExportedPrefix + d.key.substr(std::string(kDraftPrefix).size()));
  d.opened_from = name;
  state().draft = std::move(d);
  rescore();
  state().draft->dirty = true;
  flush_draft();
  state().screen = Screen::Dashboard;
  state().drafts_stale = true;
  if (!state().draft->save_error.empty()) {
    // Nothing was written: say so, rather than that it was saved.
    show_message("已打开数据包“" + name + "”，但未能保存到本浏览器：" + state().draft->save_error +
                     "关闭或刷新页面前，请先腾出空间（首页删除不用的草稿），本页会自动重试保存。" +
                     (replacing ? "原有草稿仍是替换前的内容。" : ""),
                 true);
    return;
  }
  std::string files_note;
  if (files_not_kept > 0)
    files_note = std::to_string(files_not_kept) + " 个嵌入的附件未能保存到本浏览器（空间不足或文件较大），导出时只记录其摘要；"
                 "请保留原数据包文件。";
  show_message("已打开数据包“" + name + "”，" +
               (replacing ? std::string("已替换原有的同一单位、同一评价表的草稿。") : std::string("作为新的草稿保存；原有草稿未受影响。")) +
               files_note + imported.value().notice);
}

std::string station_of(const Assessment& a) {
  auto it = a.profile.find("name");
  return it == a.profile.end() ? "" : it->second;
}

}  // namespace

void import_package_file(const std::string& name, const std::string& bytes) {
  auto imported = import_package(bytes, all_rubrics());
  if (!imported) {
    show_message("无法打开“" + name + "”：" + imported.error().message, true);
    return;
  }
  // One draft per station and rubric: a package of one already stored asks before a second appears.
  const std::string station = station_of(imported.value().assessment);
  if (!station.empty()) {
    flush_draft();
    refresh_draft_list();
    for (auto& ds : state().drafts)
      if (ds.error.empty() && ds.station == station && ds.rubric_id == imported.value().rubric->id) {
        state().pending_import = PendingImport{name, bytes, ds.key, station, ds.rubric_title, ds.modified};
        return;
      }
  }
  import_as_draft(name, bytes, "");
}

void resolve_pending_import(ImportChoice choice) {
  auto& s = state();
  if (!s.pending_import) return;
  const PendingImport pending = std::move(*s.pending_import);
  s.pending_import.reset();
  switch (choice) {
    case ImportChoice::Replace:
      if (s.draft && s.draft->key == pending.existing_key) s.draft.reset();  // its content is replaced below
      import_as_draft(pending.name, pending.bytes, pending.existing_key);
      break;
    case ImportChoice::KeepBoth: import_as_draft(pending.name, pending.bytes, ""); break;
    case ImportChoice::Cancel: show_message("未打开“" + pending.name + "”，原有草稿未受影响。"); break;
  }
}

void set_embed_evidence(bool on) {
  state().embed_evidence = on;
  P().storage_set(kEmbedSetting, on ? "1" : "0");
}

void load_settings() { state().embed_evidence = P().storage_get(kEmbedSetting).value_or("0") == "1"; }

std::optional<std::string> stored_evidence_base64(const std::string& sha256) { return P().storage_get(kBlobPrefix + sha256); }

std::string storage_space_text(bool* low) {
  const platform::StorageSpace space = P().storage_space();
  if (low) *low = false;
  if (!space.files_kept) return "此浏览器只能在本机保存 1 MB 以内的附件；较大的文件只记录摘要，提交时需另行提供原文件。";
  if (!space.known) return "";
  const long long free_bytes = std::max<long long>(0, space.quota - space.usage);
  if (low) *low = free_bytes < (200ll << 20);
  return "本浏览器还可保存约 " + human_size(free_bytes) + " 的附件（已用 " + human_size(space.usage) + "）。";
}

bool evidence_at_hand(const EvidenceItem& e) {
  if (!e.data_base64.empty() || P().file_kept(e.sha256)) return true;
  return !P().storage_keys(kBlobPrefix + e.sha256).empty();
}

void attach_evidence(const std::string& target, const platform::OpenedFile& file) {
  auto& s = state();
  if (!s.draft) return;
  Draft& d = *s.draft;
  // A large file arrives without its bytes: the page hashed it and keeps it itself.
  const bool by_host = file.bytes.empty() && !file.sha256.empty();
  const std::string hash = by_host ? file.sha256 : sha256_hex(file.bytes);
  for (auto& e : d.a.evidence)
    if (e.sha256 == hash) {  // the same file again: cite it rather than store it twice
      if (std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end()) e.criteria.push_back(target);
      mark_changed();
      show_message("“" + file.name + "”已在附件中，已关联到本项。");
      return;
    }
  if (d.a.evidence.size() >= kMaxEvidenceItems) {  // what a package may carry (package.h)
    show_message("附件已有 " + std::to_string(d.a.evidence.size()) + " 个，达到上限，未添加“" + file.name +
                     "”。请把同类材料合并为一个文件（如多页扫描合成一个 PDF）后再添加。",
                 true);
    return;
  }
  EvidenceItem e;
  e.id = "ev-" + hash.substr(0, 12);
  e.name = file.name;
  e.type = file.type;
  e.size = static_cast<std::int64_t>(by_host ? file.size : file.bytes.size());
  e.sha256 = hash;
  e.criteria.push_back(target);
  std::string kept_note;
  if (by_host) {
    if (!file.kept) kept_note = file.keep_error;
  } else if (file.bytes.size() <= kMaxStoredBlob) {
    if (!P().storage_set(kBlobPrefix + hash, base64_encode(file.bytes))) kept_note = "浏览器存储空间不足";
  } else {
    kept_note = "此浏览器不能在本机保存较大的文件";
  }
  if (!kept_note.empty()) e.note = kept_note + "：仅记录了文件摘要，提交时请随数据包另行提供原文件";
  d.a.evidence.push_back(std::move(e));
  mark_changed();
  if (!kept_note.empty())
    show_message("已添加附件“" + file.name + "”的摘要（SHA-256 " + hash.substr(0, 16) + "…），但文件本身未能保存在本浏览器：" +
                     kept_note + "。草稿中其他内容不受影响。",
                 true);
  else
    show_message("已添加附件“" + file.name + "”（" + human_size(e.size) + "，已保存在本浏览器），SHA-256：" + hash.substr(0, 16) + "…");
}

void detach_evidence(const std::string& evidence_id, const std::string& target) {
  Draft& d = *state().draft;
  for (auto it = d.a.evidence.begin(); it != d.a.evidence.end(); ++it) {
    if (it->id != evidence_id) continue;
    it->criteria.erase(std::remove(it->criteria.begin(), it->criteria.end(), target), it->criteria.end());
    if (it->criteria.empty()) d.a.evidence.erase(it);  // the stored bytes may be shared: leave them
    mark_changed();
    return;
  }
}

void cite_evidence(const std::string& evidence_id, const std::string& target) {
  Draft& d = *state().draft;
  for (auto& e : d.a.evidence)
    if (e.id == evidence_id && std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end()) {
      e.criteria.push_back(target);
      mark_changed();
    }
}

std::size_t package_size_estimate() {
  auto& s = state();
  if (!s.draft) return 0;
  std::size_t size = export_package(*s.draft->rubric, s.draft->a).size();
  if (s.embed_evidence)
    for (auto& e : s.draft->a.evidence)
      if (e.size <= static_cast<std::int64_t>(kMaxStoredBlob)) size += static_cast<std::size_t>(e.size) * 4 / 3 + 20;
  return size;
}

// ---- Submission bundle ----

void export_bundle() {
  auto& s = state();
  if (!s.draft) return;
  Draft& d = *s.draft;
  flush_draft();
  Assessment copy = d.a;
  for (auto& e : copy.evidence) e.data_base64.clear();  // the files travel beside the package
  const std::string today = P().today();
  const std::string package = export_package(*d.rubric, copy, today);
  const std::vector<std::string> paths = bundle_paths(copy);
  std::vector<platform::BundleItem> files;
  std::vector<std::string> absent;
  for (std::size_t i = 0; i < copy.evidence.size(); ++i) {
    const EvidenceItem& e = copy.evidence[i];
    if (!evidence_at_hand(e)) absent.push_back(e.name);
    files.push_back({paths[i], e.sha256, e.name, e.size});
  }
  if (!absent.empty()) {
    std::string names;
    for (std::size_t i = 0; i < absent.size() && i < 5; ++i) names += (i ? "、" : "") + ("“" + absent[i] + "”");
    show_message("有 " + std::to_string(absent.size()) + " 个附件的文件不在本浏览器中（只记录了摘要），无法放入提交包：" + names +
                     (absent.size() > 5 ? " 等" : "") + "。请在相应的项中删除后重新添加这些文件，或改用“导出数据包”并另行提交原文件。",
                 true);
    return;
  }
  std::string name = package_file_name(*d.rubric, d.a, today);
  if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) name.resize(name.size() - 5);
  name += ".zip";
  s.bundle_pending = name;
  P().save_bundle(name, package, files);
  show_message("正在生成提交包“" + name + "”：逐个读取并核对 " + std::to_string(files.size()) + " 个附件…");
}

// ---- What the host reports later ----

namespace {

// "单位地址", "1.2 制度建设", or the JSON pointer where no label is known.
std::string place_label(const Rubric& rubric, const std::string& pointer) {
  auto part = [&](std::size_t n) {
    std::size_t start = 1;
    for (std::size_t i = 0; i < n; ++i) start = pointer.find('/', start) + 1;
    const std::size_t end = pointer.find('/', start);
    return start == 0 ? std::string() : pointer.substr(start, end == std::string::npos ? std::string::npos : end - start);
  };
  const std::string top = part(0), id = part(1);
  if (top == "profile") {
    for (const auto& f : profile_fields())
      if (id == f.id) return f.label;
    for (const auto& f : rubric.profile_fields)
      if (id == f.id) return f.label;
    return "单位信息";
  }
  if ((top == "answers" || top == "notes" || top == "overrides") && !id.empty()) return target_label(rubric, id);
  if (top == "gates" && !id.empty()) return target_label(rubric, id);
  if (top == "evidence") return "附件";
  if (top == "ledger") return "服务台账";
  if (top == "assessment_year") return "评价年度";
  return pointer;
}

// Another tab saved this draft: its edits are merged into what this tab shows (and saved back
// when this tab had edits of its own); where both changed the same thing, the other tab's wins
// and this tab says so. `their_base`: what that tab's write was made from (its d.base, passed on by
// web/store.js), so only what it changed since is taken; without it, what this tab last saved or
// merged. That is no common ancestor when this tab saved again before the other tab's write
// arrived: the other tab never had those edits, and they would be taken for its deletions (a
// field typed in one tab while the other typed in another field was lost that way).
// "（“值”）" for the first conflict whose kept value is short text or a number, else "".
std::string conflict_value_text(const MergeResult& m) {
  if (m.conflicts.empty()) return "";
  const Json::json_pointer at(m.conflicts.front());
  if (!m.merged.contains(at)) return "";  // removed, or inside the evidence list (ids, not indexes)
  const Json& v = m.merged.at(at);
  std::string text = v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
  if (text.empty() || text.size() > 60) return "";
  return "（“" + text + "”）";
}

void merge_other_tab(const std::string& theirs_text, const std::optional<std::string>& their_base) {
  Draft& d = *state().draft;
  const std::string mine_text = export_package(*d.rubric, d.a, P().today());
  if (theirs_text == mine_text) {
    d.base = theirs_text;
    return;
  }
  Json base = Json::parse(their_base.value_or(d.base), nullptr, false);
  const Json mine = Json::parse(mine_text, nullptr, false);
  const Json theirs = Json::parse(theirs_text, nullptr, false);
  if (theirs.is_discarded() || mine.is_discarded()) return;
  if (base.is_discarded()) base = Json::object();
  const MergeResult m = merge3(base, mine, theirs, {{"modified"}, {"scores"}, true});
  auto imported = import_package(m.merged.dump(), state().rubrics);  // the draft's rubric is loaded
  if (!imported || imported.value().rubric != d.rubric) {
    show_message("另一个标签页修改了这份草稿，但无法与本页的内容合并（" +
                     (imported ? std::string("评价表不同") : imported.error().message) + "）。本页内容未变；请只在一个标签页中编辑。",
                 true);
    return;
  }
  d.a = std::move(imported.value().assessment);
  rescore();
  d.base = theirs_text;
  state().drafts_stale = true;
  if (export_package(*d.rubric, d.a, P().today()) != theirs_text) {
    d.dirty = true;  // this tab's own edits, merged: written back at once (the other tab then takes them)
    flush_draft();
  }
  if (!m.conflicts.empty()) {
    std::string places;
    for (std::size_t i = 0; i < m.conflicts.size() && i < 3; ++i)
      places += (i ? "、" : "") + ("“" + place_label(*d.rubric, m.conflicts[i]) + "”");
    show_message("另一个标签页同时修改了" + places + (m.conflicts.size() > 3 ? " 等" : "") + "：两个标签页都采用" +
                     (m.mine_won ? "本页较新的内容" : "那边较新的内容") + conflict_value_text(m) + "，请核对。两个标签页中的其他修改都已保留。",
                 true);
  } else {
    // A calm notice never hides an unread warning (a conflict just reported, a failed save).
    if (!state().message.error) show_message("已载入另一个标签页中对这份草稿的修改，两边的修改都已保留。");
  }
}

}  // namespace

void host_event(const std::string& kind, const std::string& json) {
  auto& s = state();
  const Json j = Json::parse(json, nullptr, false);
  if (!j.is_object()) return;
  if (kind == "changed") {
    const std::string key = j.value("key", std::string());
    if (key.rfind(kDraftPrefix, 0) == 0) s.drafts_stale = true;
    // What the other tab made the value from ("" for a value new there: all of it is its own).
    std::optional<std::string> their_base;
    if (j.contains("base") && j["base"].is_string()) their_base = j["base"].get<std::string>();
    if (!s.draft || key != s.draft->key) {
      review_desk_changed(key, j.contains("value") && j["value"].is_string() ? j["value"].get<std::string>() : std::string(),
                          their_base);
      return;
    }
    if (!j.contains("value") || !j["value"].is_string()) {
      show_message("这份草稿已在另一个标签页中删除。本页的内容仍在，继续编辑会重新保存；不需要时请回首页。", true);
      s.draft->base.clear();
      return;
    }
    merge_other_tab(j["value"].get<std::string>(), their_base);
  } else if (kind == "write-failed") {
    const std::string reason = j.value("reason", std::string("浏览器未能保存数据。"));
    if (!j.contains("keys") || !j["keys"].is_array()) return;
    for (const auto& k : j["keys"]) {
      if (!k.is_string()) continue;
      const std::string key = k.get<std::string>();
      if (key.rfind(kDraftPrefix, 0) != 0) continue;
      if (!s.draft) {
        // A draft closed just before its last write failed: opened again from what did not reach
        // the disk, so nothing typed is lost.
        const Json values = j.value("values", Json::object());
        if (!values.contains(key) || !values[key].is_string()) continue;
        auto imported = import_package(values[key].get<std::string>(), all_rubrics());
        if (!imported) continue;
        Draft d;
        d.key = key;
        d.rubric = imported.value().rubric;
        d.a = std::move(imported.value().assessment);
        s.draft = std::move(d);
        rescore();
        s.screen = Screen::Profile;
      } else if (key != s.draft->key) {
        continue;
      }
      // What the page took for saved did not reach the disk: keep it here, try again later.
      Draft& d = *s.draft;
      d.dirty = true;
      d.save_error = reason;
      d.retry_at = g_now + kRetryAfterFailure;
      P().set_unsaved_changes(true);
      show_message(!d.opened_from.empty()
                       ? "已打开数据包“" + d.opened_from + "”，但未能作为草稿保存到本浏览器：" + reason +
                             "关闭或刷新页面会丢失，请先腾出空间（首页删除不用的草稿），本页会自动重试保存。"
                       : "最近的修改未能保存到本浏览器：" + reason + "本页内容仍在，请勿关闭页面，先导出数据包备份；腾出空间后会自动重试保存。",
                   true);
    }
  } else if (kind == "kept-file") {
    const std::string name = j.value("name", std::string("附件"));
    const std::string status = j.value("status", std::string());
    if (status == "viewed") show_message("已在新标签页中打开“" + name + "”（SHA-256 核对一致）。");
    else if (status == "saved") show_message("已保存“" + name + "”（SHA-256 核对一致）。");
    else if (status == "downloaded")
      show_message("浏览器不能直接显示“" + name + "”这类文件，已下载，请用相应的软件打开（SHA-256 核对一致）。");
    else if (status == "altered")
      show_message("本浏览器中保存的“" + name + "”与记录的摘要不一致，文件可能已损坏，未打开。请重新获取原文件。", true);
    else show_message("“" + name + "”的文件不在本浏览器中。请重新添加或向申报单位索取原文件。", true);
  } else if (kind == "bundle-saved") {
    if (j.value("ok", false)) {
      if (s.draft) {
        s.draft->exported_at = P().now_iso();
        s.draft->changed_since_export = false;
        P().storage_set(kExportedPrefix + s.draft->key.substr(std::string(kDraftPrefix).size()), s.draft->exported_at);
        P().set_unsaved_changes(false);
      }
      show_message("已导出提交包“" + s.bundle_pending + "”：数据包和 " + std::to_string(j.value("files", 0)) + " 个附件（共 " +
                   human_size(static_cast<long long>(j.value("bytes", 0.0))) + "），每个附件已核对 SHA-256。提交这一个文件即可。");
    } else {
      show_message(j.value("message", std::string("导出提交包失败，请重试。")), true);
    }
  }
}

}  // namespace qis::ui
