#include "state.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "base64.h"
#include "bundled.h"
#include "package.h"
#include "platform.h"
#include "procedure.h"
#include "sha256.h"

namespace qis::ui {
namespace {

constexpr const char* kDraftPrefix = "qis.draft.";
constexpr const char* kExportedPrefix = "qis.exported.";
constexpr const char* kBlobPrefix = "qis.blob.";
constexpr const char* kEmbedSetting = "qis.setting.embed_evidence";
constexpr std::size_t kMaxStoredBlob = 1u << 20;  // files up to 1 MB are kept for embedding
// Every change is written at the end of the frame that made it, so closing the tab at any moment
// loses nothing (one localStorage write per edit; drafts are small).
constexpr double kSaveDelay = 0.0;

platform::Platform& P() { return *state().platform; }

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
  for (auto& r : state().rubrics)
    if (r.id == id) return &r;
  return nullptr;
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
  auto imported = import_package(*text, state().rubrics);
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
    auto imported = text ? import_package(*text, s.rubrics) : Result<ImportedPackage>(Error{"", "草稿为空", ""});
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
  auto r = P().storage_set(d.key, export_package(*d.rubric, d.a, P().today()));
  if (r) {
    d.dirty = false;
    d.saved_at = P().now_iso();
    d.save_error.clear();
  } else {
    // Nothing already stored is touched: the previous save of this draft stays as it was.
    d.save_error = r.reason.empty() ? "浏览器存储空间已满，最近的修改尚未保存。请立即导出数据包备份，并删除不需要的草稿或附件。" : r.reason;
  }
  s.drafts_stale = true;
}

void autosave_tick(double now) {
  auto& s = state();
  if (!s.draft || !s.draft->dirty) return;
  if (s.draft->changed_at < 0) s.draft->changed_at = now;
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
  if (s.embed_evidence) msg += "（嵌入附件 " + std::to_string(embedded) + " 个" + (missing ? "，" + std::to_string(missing) + " 个较大的附件仅记录摘要" : "") + "）";
  const auto lacking = missing_materials(*d.rubric, d.a);
  if (!lacking.empty()) msg += "。数据包已注明缺少 " + std::to_string(lacking.size()) + " 项必备材料";
  show_message(msg);
}

namespace {

// Opens a package as the draft stored under `key`: a new key keeps every other draft, an existing
// one is replaced (the user chose it).
void import_as_draft(const std::string& name, const std::string& bytes, const std::string& key) {
  auto imported = import_package(bytes, state().rubrics);
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
  for (auto& e : d.a.evidence) {
    if (!e.data_base64.empty() && e.data_base64.size() <= kMaxStoredBlob * 4 / 3 + 4) {
      auto raw = base64_decode(e.data_base64);
      if (raw && sha256_hex(*raw) == e.sha256) P().storage_set(kBlobPrefix + e.sha256, e.data_base64);
    }
    e.data_base64.clear();
  }
  if (replacing) P().storage_remove(kExportedPrefix + d.key.substr(std::string(kDraftPrefix).size()));
  state().draft = std::move(d);
  rescore();
  state().draft->dirty = true;
  flush_draft();
  state().screen = Screen::Dashboard;
  state().drafts_stale = true;
  show_message("已打开数据包“" + name + "”，" +
               (replacing ? std::string("已替换原有的同一单位、同一评价表的草稿。") : std::string("作为新的草稿保存；原有草稿未受影响。")) +
               imported.value().notice);
}

std::string station_of(const Assessment& a) {
  auto it = a.profile.find("name");
  return it == a.profile.end() ? "" : it->second;
}

}  // namespace

void import_package_file(const std::string& name, const std::string& bytes) {
  auto imported = import_package(bytes, state().rubrics);
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

void attach_evidence(const std::string& target, const platform::OpenedFile& file) {
  auto& s = state();
  if (!s.draft) return;
  Draft& d = *s.draft;
  const std::string hash = sha256_hex(file.bytes);
  for (auto& e : d.a.evidence)
    if (e.sha256 == hash) {  // the same file again: cite it rather than store it twice
      if (std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end()) e.criteria.push_back(target);
      mark_changed();
      show_message("“" + file.name + "”已在附件中，已关联到本项。");
      return;
    }
  EvidenceItem e;
  e.id = "ev-" + hash.substr(0, 12);
  e.name = file.name;
  e.type = file.type;
  e.size = static_cast<std::int64_t>(file.bytes.size());
  e.sha256 = hash;
  e.criteria.push_back(target);
  if (file.bytes.size() <= kMaxStoredBlob) {
    if (!P().storage_set(kBlobPrefix + hash, base64_encode(file.bytes)))
      e.note = "浏览器存储空间不足，仅记录文件摘要";
  } else {
    e.note = "文件超过 1 MB，仅记录文件摘要；提交时请随数据包一并提供原文件";
  }
  d.a.evidence.push_back(std::move(e));
  mark_changed();
  show_message("已添加附件“" + file.name + "”，SHA-256：" + hash.substr(0, 16) + "…");
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

}  // namespace qis::ui
