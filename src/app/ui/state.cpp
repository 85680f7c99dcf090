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
constexpr const char* kReviewPackagePrefix = "qis.reviewpkg.";  // packages opened for review
constexpr const char* kPanelPrefix = "qis.panel.";              // panel work per package hash
constexpr std::size_t kMaxStoredPackage = 2u << 20;  // larger packages are opened again by hand
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

void import_package_file(const std::string& name, const std::string& bytes) {
  auto imported = import_package(bytes, state().rubrics);
  if (!imported) {
    show_message("无法打开“" + name + "”：" + imported.error().message, true);
    return;
  }
  flush_draft();
  Draft d;
  d.key = kDraftPrefix + new_id();
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
  state().draft = std::move(d);
  rescore();
  state().draft->dirty = true;
  flush_draft();
  state().screen = Screen::Dashboard;
  state().drafts_stale = true;
  show_message("已打开数据包“" + name + "”，作为新的草稿保存；原有草稿未受影响。" + imported.value().notice);
}

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

void add_review_package(const std::string& name, const std::string& bytes) {
  auto& s = state();
  ReviewPackage p;
  p.name = name;
  p.bytes = bytes;
  p.hash = package_hash(bytes);
  for (auto& existing : s.reviews.packages)
    if (existing.hash == p.hash) {
      show_message("“" + name + "”已经打开过（内容相同）。");
      return;
    }
  auto imported = import_package(bytes, s.rubrics);
  if (!imported && imported.error().code == "package.not_package") {
    // An expert's file opened here by mistake: say where it belongs instead of listing it as broken.
    const Json head = Json::parse(bytes, nullptr, false);
    const std::string format = head.is_object() && head.contains("format") && head["format"].is_string()
                                   ? head["format"].get<std::string>() : "";
    if (format.rfind("qis-review/", 0) == 0 || format.rfind("qis-panel/", 0) == 0) {
      show_message("“" + name + "”是" + (format[4] == 'r' ? "专家评审意见" : "专家组汇总") +
                       "，不是数据包。请先打开对应的数据包，点“专家组汇总”，再在那里添加该文件。",
                   true);
      return;
    }
  }
  if (!imported) {
    p.error = imported.error().message;
  } else {
    p.rubric = imported.value().rubric;
    p.assessment = std::move(imported.value().assessment);
    p.self = score(*p.rubric, p.assessment, P().today());
    auto v = verify_package(bytes, s.rubrics);
    if (v) p.verify = std::move(v).value();
    else p.error = v.error().message;
  }
  // Kept so the workspace is there again after a reload (a large package with embedded files is
  // not: the browser's storage holds a few megabytes per site).
  if (p.error.empty() && bytes.size() <= kMaxStoredPackage) {
    const Json entry = {{"name", name}, {"bytes", bytes}};
    if (!P().storage_set(kReviewPackagePrefix + p.hash, entry.dump(-1, ' ', false, Json::error_handler_t::replace)))
      show_message("“" + name + "”已打开，但浏览器存储空间不足，未能保存副本：重新加载页面后需再次打开该数据包。评审意见仍会保存。", true);
  }
  s.reviews.packages.push_back(std::move(p));
  s.reviewing = true;
}

void close_review_package(int index) {
  auto& r = state().reviews;
  const std::size_t i = static_cast<std::size_t>(index);
  if (i >= r.packages.size()) return;
  // The expert's review and the panel stay in storage: opening the same file again continues them.
  P().storage_remove(kReviewPackagePrefix + r.packages[i].hash);
  r.packages.erase(r.packages.begin() + index);
  r.open = -1;
  r.panel = -1;
}

int stored_review_packages() {
  int n = 0;
  for (auto& key : P().storage_keys(kReviewPackagePrefix)) {
    const std::string hash = key.substr(std::char_traits<char>::length(kReviewPackagePrefix));
    bool open = false;
    for (auto& p : state().reviews.packages) open |= p.hash == hash;
    n += open ? 0 : 1;
  }
  return n;
}

void reopen_review_packages() {
  for (auto& key : P().storage_keys(kReviewPackagePrefix)) {
    auto value = P().storage_get(key);
    if (!value) continue;
    Json entry = Json::parse(*value, nullptr, false);
    if (!entry.is_object() || !entry.contains("name") || !entry.contains("bytes") || !entry["bytes"].is_string()) {
      P().storage_remove(key);  // written by this app only; a damaged copy is not worth keeping
      continue;
    }
    const std::string bytes = entry["bytes"].get<std::string>();
    const std::string hash = package_hash(bytes);
    bool open = false;
    for (auto& p : state().reviews.packages) open |= p.hash == hash;
    if (!open) add_review_package(entry.value("name", std::string("数据包.json")), bytes);
  }
  state().reviewing = true;
}

// ---- Panel ----

namespace {

Json milli_number(Milli m) { return m % kMilli == 0 ? Json(m / kMilli) : Json(static_cast<double>(m) / 1000.0); }

ReviewPackage& panel_package() {
  auto& r = state().reviews;
  return r.packages[static_cast<std::size_t>(r.panel)];
}

// The panel in the shape of a qis-panel/1 file without results, so read_panel() reads it back.
std::string panel_work_json(const ReviewPackage& p, const PanelWork& w) {
  Json overrides = Json::array();
  for (auto& o : w.overrides) overrides.push_back({{"criterion", o.criterion}, {"value", milli_number(o.value)}, {"reason", o.reason}});
  Json reviews = Json::array();
  for (auto& r : w.reviews) reviews.push_back(review_json(r));
  auto name = p.assessment.profile.find("name");
  const Json j = {{"format", kPanelFormat},
                  {"package", {{"sha256", p.hash}, {"name", name == p.assessment.profile.end() ? p.name : name->second}}},
                  {"rubric", {{"id", p.rubric->id}, {"version", p.rubric->version}}},
                  {"method", panel_method_name(w.method)},
                  {"overrides", overrides},
                  {"reviews", reviews}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Panel> merge_work(const ReviewPackage& p, const PanelWork& w, const std::vector<PanelOverride>& overrides) {
  return merge_panel(*p.rubric, p.assessment, p.hash, w.reviews, PanelOptions{w.method, overrides}, P().today());
}

// Adds a review after checking it belongs to this package and is not there already.
std::string add_review(PanelWork& w, const ReviewPackage& p, Review review, const std::string& origin) {
  if (review.package_hash != p.hash)
    return "“" + origin + "”是对另一个数据包的评审意见（数据包指纹不一致），不能并入本数据包的专家组汇总。请确认该专家评审的是同一份数据包文件。";
  for (auto& r : w.reviews) {
    if (review_json(r) == review_json(review)) return "“" + origin + "”已经加入（内容相同）。";
    if (!r.expert.name.empty() && r.expert.name == review.expert.name)
      return "专家“" + r.expert.name + "”的评审意见已经加入。同一位专家只能计一次；如需替换，请先移除原来的评审意见。";
  }
  w.reviews.push_back(std::move(review));
  return "";
}

}  // namespace

void open_panel(int index) {
  auto& r = state().reviews;
  r.panel = index;
  r.open = -1;
  r.work = PanelWork{};
  const ReviewPackage& p = panel_package();
  if (auto saved = P().storage_get(kPanelPrefix + p.hash)) {
    auto file = read_panel(*saved, state().rubrics);
    if (file && file.value().package_hash == p.hash) {
      r.work.reviews = std::move(file.value().reviews);
      r.work.method = file.value().options.method;
      r.work.overrides = std::move(file.value().options.overrides);
    }
  }
  panel_changed();
}

void add_panel_file(const std::string& name, const std::string& bytes) {
  auto& r = state().reviews;
  if (r.panel < 0) return;
  const ReviewPackage& p = panel_package();
  PanelWork& w = r.work;
  const Json head = Json::parse(bytes, nullptr, false);
  const bool is_panel = head.is_object() && head.contains("format") && head["format"].is_string() &&
                        head["format"].get<std::string>().rfind("qis-panel/", 0) == 0;
  if (is_panel) {
    auto file = read_panel(bytes, state().rubrics);
    if (!file) return show_message("“" + name + "”无法读取：" + file.error().message, true);
    if (file.value().package_hash != p.hash)
      return show_message("“" + name + "”是另一个数据包的专家组汇总，不能用于本数据包。", true);
    std::vector<std::string> refused;
    for (auto& rev : file.value().reviews)
      if (auto why = add_review(w, p, rev, name + "（" + rev.expert.name + "）"); !why.empty()) refused.push_back(why);
    w.method = file.value().options.method;
    w.overrides = file.value().options.overrides;
    panel_changed();
    std::string text = "已读取专家组汇总“" + name + "”：汇总方法和组长调整按该文件设置。";
    for (auto& x : refused) text += x;
    return show_message(text, !refused.empty());
  }
  auto review = import_review(bytes, state().rubrics);
  if (!review) return show_message("“" + name + "”无法作为评审意见读取：" + review.error().message, true);
  if (auto why = add_review(w, p, std::move(review).value(), name); !why.empty()) return show_message(why, true);
  panel_changed();
  show_message("已加入“" + name + "”。");
}

bool add_own_review_to_panel() {
  auto& r = state().reviews;
  const ReviewPackage& p = panel_package();
  auto saved = P().storage_get("qis.review." + p.hash);
  if (!saved) return false;
  auto review = import_review(*saved, state().rubrics);
  if (!review) return false;
  if (auto why = add_review(r.work, p, std::move(review).value(), "本机专家的评审意见"); !why.empty()) {
    show_message(why, true);
    return false;
  }
  panel_changed();
  show_message("已加入本机专家的评审意见。");
  return true;
}

void remove_panel_review(std::size_t index) {
  auto& w = state().reviews.work;
  if (index >= w.reviews.size()) return;
  w.reviews.erase(w.reviews.begin() + static_cast<std::ptrdiff_t>(index));
  panel_changed();
}

std::string set_panel_override(const std::string& criterion, const std::string& value, const std::string& reason) {
  auto& w = state().reviews.work;
  std::vector<PanelOverride> next;
  for (auto& o : w.overrides)
    if (o.criterion != criterion) next.push_back(o);
  const bool remove = value.empty() && reason.empty();
  if (!remove) {
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    auto milli = value.empty() || *end != '\0' ? std::nullopt : to_milli(v);
    if (!milli) return "请输入分值（数字，如 8.5）。";
    next.push_back({criterion, *milli, reason});
    // The core checks range, step and reason; a refused value leaves the panel as it was.
    auto merged = merge_work(panel_package(), w, next);
    if (!merged && merged.error().code.rfind("panel.override", 0) == 0) return merged.error().message;
  }
  w.overrides = std::move(next);
  panel_changed();
  return "";
}

void panel_changed() {
  auto& w = state().reviews.work;
  const ReviewPackage& p = panel_package();
  auto merged = merge_work(p, w, w.overrides);
  if (merged) {
    w.merged = std::move(merged).value();
    w.error.clear();
  } else {
    w.merged.reset();
    w.error = merged.error().message;
  }
  if (auto saved = P().storage_set(kPanelPrefix + p.hash, panel_work_json(p, w)); !saved)
    show_message("专家组汇总未能保存到浏览器：" + saved.reason + "请导出专家组汇总文件保存。", true);
}

void start_review(int index) {
  auto& r = state().reviews;
  ReviewPackage& p = r.packages[static_cast<std::size_t>(index)];
  r.open = index;
  r.review = new_review(*p.rubric, p.assessment, p.bytes, r.who, P().today());
  // A review begun earlier for the same package (same bytes) continues where it was left.
  if (auto saved = P().storage_get("qis.review." + p.hash)) {
    auto back = import_review(*saved, state().rubrics);
    if (back && back.value().package_hash == p.hash) {
      r.review = std::move(back).value();
      if (r.who.name.empty()) r.who = r.review.expert;
    }
  }
  r.selected.clear();
  review_changed();
}

void review_changed() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  r.review.expert = r.who;
  r.expert = score_review(*p.rubric, r.review);
  // Written through like a draft, so an evaluator's scoring survives a reload or a closed tab.
  P().storage_set("qis.review." + p.hash, export_review(r.review));
}

}  // namespace qis::ui
