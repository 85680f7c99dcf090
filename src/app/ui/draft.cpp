// The draft's lifecycle: new, open, close, delete, the list of stored drafts, and the autosave
// that writes every change through to the browser's storage.
#include "state.h"

#include <algorithm>

#include "package.h"
#include "platform.h"
#include "widgets.h"
#include "state_detail.h"

namespace qis::ui {

using namespace detail;

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

}  // namespace qis::ui
