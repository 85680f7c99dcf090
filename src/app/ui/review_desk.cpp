#include "review_desk.h"

#include <algorithm>
#include <cstdlib>

#include "bundle.h"
#include "documents.h"
#include "ledger_count.h"
#include "merge.h"
#include "names.h"
#include "package.h"
#include "platform.h"
#include "rules.h"
#include "sha256.h"
#include "state.h"

namespace qis::ui {
namespace {

constexpr const char* kReviewPackagePrefix = "qis.reviewpkg.";  // packages opened for review
constexpr const char* kReviewPrefix = "qis.review.";            // this browser's expert's review per package hash
constexpr const char* kPanelPrefix = "qis.panel.";              // panel work per package hash
constexpr std::size_t kMaxStoredPackage = 2u << 20;  // larger packages are opened again by hand

platform::Platform& P() { return *state().platform; }

}  // namespace

std::string station_name(const ReviewPackage& p) {
  auto it = p.assessment.profile.find("name");
  return it == p.assessment.profile.end() || it->second.empty() ? p.name : it->second;
}

namespace {

Json bundle_files_json(const std::vector<BundleFile>& files) {
  Json list = Json::array();
  for (const auto& f : files)
    list.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256},
                    {"refused", f.refused ? f.refused->message : std::string()}});
  return list;
}

std::vector<BundleFile> bundle_files_from(const Json& list) {
  std::vector<BundleFile> files;
  if (!list.is_array()) return files;
  for (const auto& e : list) {
    if (!e.is_object()) continue;
    BundleFile f;
    f.path = e.value("path", std::string());
    f.size = e.value("size", std::int64_t{0});
    f.sha256 = e.value("sha256", std::string());
    const std::string refused = e.value("refused", std::string());
    if (!refused.empty()) f.refused = Error{"bundle.read", refused, f.path};
    files.push_back(std::move(f));
  }
  return files;
}

}  // namespace

namespace {

long next_opened() {
  long n = 0;
  for (auto& p : state().reviews.packages) n = std::max(n, p.opened);
  return n + 1;
}

// Where a package is kept: by its hash, and for a bundle by the files it came with too, so that
// the same package in a good and in an altered bundle are two rows, each judged by its own files.
std::string storage_key_for(const std::string& hash, const std::vector<BundleFile>* bundle) {
  if (bundle == nullptr) return kReviewPackagePrefix + hash;
  return kReviewPackagePrefix + hash + "." + sha256_hex(bundle_files_json(*bundle).dump()).substr(0, 16);
}

// The panel this workspace keeps for the package, merged again; none while its reviews do not merge.
std::optional<Panel> stored_panel(const ReviewPackage& p) {
  auto saved = P().storage_get(kPanelPrefix + p.hash);
  if (!saved || !p.rubric) return std::nullopt;
  auto file = read_panel(*saved, all_rubrics());
  if (!file || file.value().package_hash != p.hash) return std::nullopt;
  auto merged = merge_panel(*p.rubric, p.assessment, p.hash, file.value().reviews, file.value().options, P().today());
  if (!merged) return std::nullopt;
  return std::move(merged).value();
}

void add_package(const std::string& name, const std::string& bytes, const std::vector<BundleFile>* bundle, long opened) {
  auto& s = state();
  ReviewPackage p;
  p.name = name;
  p.bytes = bytes;
  p.hash = package_hash(bytes);
  p.storage_key = storage_key_for(p.hash, bundle);
  p.opened = opened;
  if (bundle != nullptr) {
    p.from_bundle = true;
    p.bundle_files = *bundle;
  }
  const ReviewPackage* same_package = nullptr;
  for (auto& existing : s.reviews.packages) {
    if (existing.storage_key == p.storage_key) {
      show_message("“" + name + "”已经打开过（内容相同）。");
      return;
    }
    if (existing.hash == p.hash && !same_package) same_package = &existing;
  }
  const std::string same_name = same_package ? same_package->name : "";
  auto imported = import_package(bytes, all_rubrics());
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
    // Imported once: verified from the package already read (before its assessment moves here),
    // by its bundle's files when it came in one.
    p.verify = p.from_bundle ? verify_bundle(imported.value(), p.hash, p.bundle_files) : verify_imported(imported.value(), p.hash);
    p.rubric = imported.value().rubric;
    p.assessment = std::move(imported.value().assessment);
    p.self = score(*p.rubric, p.assessment, P().today());
    if (p.from_bundle) p.bundle_checks = bundle_entry_checks(p.assessment, p.bundle_files);
    p.panel = stored_panel(p);
  }
  // Kept so the workspace is there again after a reload (a large package with embedded files is
  // not: such files belong in a bundle, whose files the page keeps apart).
  if (p.error.empty() && bytes.size() <= kMaxStoredPackage) {
    Json entry = {{"name", name}, {"bytes", bytes}, {"opened", opened}};
    if (p.from_bundle) entry["bundle"] = bundle_files_json(p.bundle_files);
    if (!P().storage_set(p.storage_key, entry.dump(-1, ' ', false, Json::error_handler_t::replace)))
      show_message("“" + name + "”已打开，但浏览器存储空间不足，未能保存副本：重新加载页面后需再次打开该数据包。评审意见仍会保存。", true);
  }
  if (!same_name.empty() && p.verify) {
    // Two copies of one package with different files: both results stay, neither replaces the other.
    show_message("“" + name + "”中的数据包与已打开的“" + same_name + "”相同，按此提交包中的文件另行核对：" +
                     (p.verify->ok() ? std::string("全部一致。") : std::string("发现问题，见列表。")) +
                     "两份核对结果都保留在列表中；同一数据包只能排名一次，排名前请关闭其中一份。",
                 !p.verify->ok());
  }
  s.reviews.packages.push_back(std::move(p));
  s.reviewing = true;
}

}  // namespace

void add_review_package(const std::string& name, const std::string& bytes, const std::vector<BundleFile>* bundle) {
  add_package(name, bytes, bundle, next_opened());
}

void close_review_package(int index) {
  auto& r = state().reviews;
  const std::size_t i = static_cast<std::size_t>(index);
  if (i >= r.packages.size()) return;
  // The expert's review and the panel stay in storage: opening the same file again continues them.
  P().storage_remove(r.packages[i].storage_key);
  r.packages.erase(r.packages.begin() + index);
  r.open = -1;
  r.panel = -1;
}

int stored_review_packages() {
  int n = 0;
  for (auto& key : P().storage_keys(kReviewPackagePrefix)) {
    bool open = false;
    for (auto& p : state().reviews.packages) open |= p.storage_key == key;
    n += open ? 0 : 1;
  }
  return n;
}

void reopen_review_packages() {
  struct Stored {
    std::string key;
    Json entry;
  };
  std::vector<Stored> stored;
  for (auto& key : P().storage_keys(kReviewPackagePrefix)) {
    bool open = false;
    for (auto& p : state().reviews.packages) open |= p.storage_key == key;
    if (open) continue;
    auto value = P().storage_get(key);
    if (!value) continue;
    Json entry = Json::parse(*value, nullptr, false);
    if (!entry.is_object() || !entry.contains("name") || !entry.contains("bytes") || !entry["bytes"].is_string()) {
      P().storage_remove(key);  // written by this app only; a damaged copy is not worth keeping
      continue;
    }
    stored.push_back({key, std::move(entry)});
  }
  // In the order they were first opened, whatever order storage lists its keys in.
  const auto opened = [](const Json& e) { return e.contains("opened") && e["opened"].is_number_integer() ? e["opened"].get<long>() : 0L; };
  std::stable_sort(stored.begin(), stored.end(), [&](const Stored& a, const Stored& b) { return opened(a.entry) < opened(b.entry); });
  for (auto& [key, entry] : stored) {
    const std::string bytes = entry["bytes"].get<std::string>();
    const long order = opened(entry) > 0 ? opened(entry) : next_opened();
    std::optional<std::vector<BundleFile>> files;
    if (entry.contains("bundle")) files = bundle_files_from(entry["bundle"]);
    add_package(entry.value("name", std::string(files ? "提交包.zip" : "数据包.json")), bytes, files ? &*files : nullptr, order);
    // Kept under an older key (one per package hash): now under the package's own key only.
    if (key != storage_key_for(package_hash(bytes), files ? &*files : nullptr)) P().storage_remove(key);
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
    if (!person_key(r.expert.name).empty() && same_person(r.expert.name, review.expert.name))
      return "专家“" + r.expert.name + "”的评审意见已经加入" +
             (r.expert.name == review.expert.name ? std::string() : "（“" + review.expert.name + "”与之只差空格或不可见字符）") +
             "。同一位专家只能计一次；如需替换，请先移除原来的评审意见。";
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
    auto file = read_panel(*saved, all_rubrics());
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
    auto file = read_panel(bytes, all_rubrics());
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
  auto review = import_review(bytes, all_rubrics());
  if (!review) return show_message("“" + name + "”无法作为评审意见读取：" + review.error().message, true);
  if (auto why = add_review(w, p, std::move(review).value(), name); !why.empty()) return show_message(why, true);
  panel_changed();
  show_message("已加入“" + name + "”。");
}

bool add_own_review_to_panel() {
  auto& r = state().reviews;
  const ReviewPackage& p = panel_package();
  auto saved = P().storage_get(kReviewPrefix + p.hash);
  if (!saved) return false;
  auto review = import_review(*saved, all_rubrics());
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
  ReviewPackage& p = panel_package();
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
  // The ranking takes the panel as merged here (every copy of this package shares it).
  for (auto& other : state().reviews.packages)
    if (other.hash == p.hash) other.panel = w.merged;
}

void start_review(int index) {
  auto& r = state().reviews;
  ReviewPackage& p = r.packages[static_cast<std::size_t>(index)];
  r.open = index;
  r.review = new_review(*p.rubric, p.assessment, p.bytes, r.who, P().today());
  // A review begun earlier for the same package (same bytes) continues where it was left.
  r.review_base.clear();
  if (auto saved = P().storage_get(kReviewPrefix + p.hash)) {
    auto back = import_review(*saved, all_rubrics());
    if (back && back.value().package_hash == p.hash) {
      r.review = std::move(back).value();
      if (r.who.name.empty()) r.who = r.review.expert;
      r.review_base = *saved;
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
  std::string text = export_review(r.review);
  // Another tab merges what changed since review_base (as for drafts, state.cpp merge_other_tab).
  if (auto saved = P().storage_set_from(kReviewPrefix + p.hash, text, r.review_base)) r.review_base = std::move(text);
  else show_message("评审意见未能保存到浏览器：" + saved.reason + "请先导出评审意见文件保存。", true);
}

void review_desk_changed(const std::string& key, const std::string& value, const std::optional<std::string>& their_base) {
  auto& r = state().reviews;
  // A panel changed in another tab: the ranking follows it.
  if (key.rfind(kPanelPrefix, 0) == 0)
    for (auto& p : r.packages)
      if (key == kPanelPrefix + p.hash) p.panel = stored_panel(p);
  if (value.empty()) return;
  // The review open here was saved by another tab: both tabs' scores are kept; the same
  // criterion scored differently in both takes the other tab's, and this tab says so.
  if (r.open >= 0 && key == kReviewPrefix + r.packages[static_cast<std::size_t>(r.open)].hash) {
    const std::string mine_text = export_review(r.review);
    if (mine_text == value) return;
    // Merged against what that tab's write was made from: this tab's last save is no common
    // ancestor when it saved again before the other tab's write arrived.
    Json base = Json::parse(their_base.value_or(r.review_base), nullptr, false);
    const Json mine = Json::parse(mine_text, nullptr, false), theirs = Json::parse(value, nullptr, false);
    if (mine.is_discarded() || theirs.is_discarded()) return;
    MergeOptions options;
    options.conflicts_to_newer = true;  // both tabs pick the same side, so they end on one value
    const MergeResult m = merge3(base.is_discarded() ? Json::object() : base, mine, theirs, options);
    auto merged = import_review(m.merged.dump(), all_rubrics());
    if (!merged) return show_message("另一个标签页修改了这份评审意见，但无法合并：" + merged.error().message, true);
    r.review = std::move(merged).value();
    r.review_base = value;
    review_changed();
    if (m.conflicts.empty()) {
      // A calm notice never hides an unread warning (a conflict just reported).
      if (!state().message.error) show_message("已载入另一个标签页中对这份评审意见的修改，两边的修改都已保留。");
    } else {
      show_message(std::string("另一个标签页同时修改了同一项的评分：两个标签页都采用") + (m.mine_won ? "本页的评分" : "那边的评分") +
                       "，请核对。",
                   true);
    }
    return;
  }
  // The panel shown here was changed in another tab: shown as saved there.
  if (r.panel >= 0 && key == kPanelPrefix + panel_package().hash) {
    open_panel(r.panel);
    show_message("专家组汇总已在另一个标签页中修改，本页已显示修改后的内容。");
  }
}

}  // namespace qis::ui

// ---- Accepting the self-score, printing a review in progress ----

namespace qis::ui {

std::optional<Json> self_answer(const ReviewPackage& p, const Node& n) {
  const Assessment& a = p.assessment;
  if (auto o = a.overrides.find(n.id); o != a.overrides.end()) return o->second.answer;
  if (auto it = a.answers.find(n.id); it != a.answers.end() && !it->second.is_null()) {
    if (is_in_progress(n, it->second) || validate_answer(n, it->second)) return std::nullopt;  // nothing to agree with
    return it->second;
  }
  // The count the station's ledger supplies, as scoring takes it (scoring.cpp count_from_ledger).
  if (n.rule && n.rule->source && n.rule->kind == RuleKind::Count && !a.ledger.empty())
    if (auto counted = count_ledger(*n.rule->source, a.ledger, a.assessment_year))
      return Json{{"count", counted.value().count}};
  return std::nullopt;
}

bool reviewed(const std::string& id) {
  const auto& items = state().reviews.review.items;
  auto it = items.find(id);
  return it != items.end() && !it->second.answer.is_null();
}

namespace {

bool take_self_answer(const ReviewPackage& p, const Node& n) {
  auto answer = self_answer(p, n);
  if (!answer) return false;
  state().reviews.review.items[n.id].answer = std::move(*answer);
  return true;
}

}  // namespace

bool agree_with_self(const Node& n) {
  auto& r = state().reviews;
  if (!take_self_answer(r.packages[static_cast<std::size_t>(r.open)], n)) return false;
  review_changed();
  return true;
}

Unreviewed unreviewed_criteria() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  Unreviewed u;
  for (const Node* n : p.rubric->criteria()) {
    if (reviewed(n->id)) continue;
    (self_answer(p, *n) ? u.agreeable : u.unanswered_by_station).push_back(n);
  }
  return u;
}

int agree_with_self_for_rest() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  int n = 0;
  for (const Node* node : unreviewed_criteria().agreeable) n += take_self_answer(p, *node) ? 1 : 0;
  review_changed();
  return n;
}

namespace {

// The 评分表's panel of one review still in progress: the criteria scored so far, each as the
// merge would give it for one expert (rounded half up to 0.1); the others are left out and print
// blank. The core's merge refuses an unfinished review, rightly: this is a working sheet.
Panel review_in_progress(const ReviewPackage& p, const Review& review, const ScoreReport& expert, const std::string& why) {
  Panel panel;
  panel.rubric = p.rubric;
  panel.package_hash = p.hash;
  panel.station = station_name(p);
  panel.reviews = {review};
  panel.self_total = p.self.total;
  int scored = 0;
  for (auto& c : expert.criteria) {
    auto item = review.items.find(c.node->id);
    if (item == review.items.end() || item->second.answer.is_null() || !c.answered || c.error) continue;
    PanelCriterion pc;
    pc.node = c.node;
    const CriterionResult* self = p.self.find(c.node->id);
    pc.self = self ? self->score : 0;
    pc.scores = {c.score};
    pc.comments = {item->second.comment};
    pc.computed = pc.result = (c.score + 50) / 100 * 100;  // scores are not negative
    (c.node->bonus ? panel.bonus : panel.base) += pc.result;
    panel.criteria.push_back(std::move(pc));
    ++scored;
  }
  panel.total = panel.base + panel.bonus;
  panel.outcome = "专家评分尚未完成，暂无结论";
  const std::size_t all = p.rubric->criteria().size();
  panel.warnings.push_back(Error{"review.in_progress",
                                 "本评分表为评分过程中的工作稿：已评 " + std::to_string(scored) + " / " + std::to_string(all) +
                                     " 项，空白为尚未评分的细项，合计只含已评各项。" + why,
                                 ""});
  return panel;
}

}  // namespace

void review_document(DocumentKind kind, bool docx) {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  DocumentInput in;
  in.rubric = p.rubric;
  in.assessment = &p.assessment;
  in.package_hash = p.hash;  // the file opened, as the paper must name it
  in.today = P().today();
  if (kind != DocumentKind::ScoreSheet && kind != DocumentKind::Report) {
    // The station's own documents, as submitted: dated when the station last changed the package.
    in.date = station_document_date(p.assessment);
    output_document(kind, in, docx, station_name(p));
    return;
  }
  in.date = in.today;
  auto merged = merge_panel(*p.rubric, p.assessment, p.hash, {r.review}, PanelOptions{}, in.today);
  std::optional<Panel> partial;
  if (merged) {
    in.panel = &merged.value();
  } else if (kind == DocumentKind::ScoreSheet) {
    partial = review_in_progress(p, r.review, r.expert, "尚不能作为正式评分：" + merged.error().message);
    in.panel = &*partial;
  }
  output_document(kind, in, docx, station_name(p));
  if (merged) show_message(std::string(docx ? "已下载 Word 文档" : "已生成文档") + "（含本专家评分）。");
  else if (partial) show_message("已生成评分表工作稿：含本专家已评的各项，未评的细项留空。" + merged.error().message);
  else show_message("已生成文档。专家评分尚未完成，评价报告按自评得分生成：" + merged.error().message);
}

bool has_own_review(const ReviewPackage& p) { return P().storage_get(kReviewPrefix + p.hash).has_value(); }

std::vector<Error> open_review_problems() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  const auto name = p.assessment.profile.find("name");
  return review_problems(*p.rubric, r.review, p.hash, p.self, name == p.assessment.profile.end() ? "" : name->second);
}

const std::vector<DeskRanking>& desk_rankings(const std::vector<std::string>& prefer_newest) {
  const auto& packages = state().reviews.packages;
  const std::string today = P().today();
  // Ranked again only when something it depends on changed, not every frame.
  std::string key = today;
  for (auto& id : prefer_newest) key += "|" + id;
  for (auto& p : packages) {
    key += "|" + p.storage_key;
    if (p.panel) {
      key += ":" + std::to_string(p.panel->total) + panel_method_name(p.panel->options.method);
      for (auto& rev : p.panel->reviews) key += "," + rev.expert.name;
    }
  }
  static std::string cached_key;
  static std::vector<DeskRanking> cached;
  if (key == cached_key) return cached;
  std::vector<DeskRanking> out;
  std::vector<const Rubric*> order;  // rubrics in the order their first package was opened
  for (auto& p : packages)
    if (p.error.empty() && std::find(order.begin(), order.end(), p.rubric) == order.end()) order.push_back(p.rubric);
  for (const Rubric* rubric : order) {
    std::vector<RankEntry> entries;
    for (auto& p : packages) {
      if (!p.error.empty() || p.rubric != rubric) continue;
      // The same inputs as `qis rank --panel`: the package, its verification and its panel.
      RankInput in{p.name, p.hash, p.rubric, p.assessment, p.panel, p.verify ? &*p.verify : nullptr};
      entries.push_back(rank_entry(in, today));
      if (p.panel) entries.back().row.panel_origin = "本页专家组汇总";
    }
    const int n = static_cast<int>(entries.size());
    const bool newest = std::find(prefer_newest.begin(), prefer_newest.end(), rubric->id) != prefer_newest.end();
    out.push_back({rubric, n, rank_entries(std::move(entries), RankOptions{newest})});
  }
  cached_key = std::move(key);
  cached = std::move(out);
  return cached;
}

}  // namespace qis::ui
