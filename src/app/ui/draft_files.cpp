// A draft leaving and entering as a file: the package export, the submission bundle, and a
// package opened as a draft (asking first when the station already has one).
#include "procedure_checks.h"
#include "state.h"

#include "base64.h"
#include "bundle.h"
#include "package.h"
#include "platform.h"
#include "procedure.h"
#include "sha256.h"
#include "widgets.h"
#include "state_detail.h"

namespace qis::ui {

using namespace detail;

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

}  // namespace qis::ui
