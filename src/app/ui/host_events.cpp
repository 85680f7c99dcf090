// What the host reports after the fact: another tab's write (merged into the open draft or
// review), a failed write, a kept file opened, a bundle written.
#include "state.h"

#include "merge.h"
#include "package.h"
#include "platform.h"
#include "profile.h"
#include "widgets.h"
#include "state_detail.h"

namespace qis::ui {

using namespace detail;

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
