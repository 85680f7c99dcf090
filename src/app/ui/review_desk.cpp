// The evaluator's desk: the packages opened for review (verified on opening, kept across a
// reload) and their ranking as `qis rank --panel` gives it.
#include "review_desk.h"

#include <algorithm>

#include "bundle.h"
#include "package.h"
#include "platform.h"
#include "sha256.h"
#include "review_desk_detail.h"
#include "state.h"

namespace qis::ui {

namespace detail {

std::optional<Panel> stored_panel(const ReviewPackage& p) {
  auto saved = P().storage_get(kPanelPrefix + p.hash);
  if (!saved || !p.rubric) return std::nullopt;
  auto file = read_panel(*saved, all_rubrics());
  if (!file || file.value().package_hash != p.hash) return std::nullopt;
  auto merged = merge_panel(*p.rubric, p.assessment, p.hash, file.value().reviews, file.value().options, P().today());
  if (!merged) return std::nullopt;
  return std::move(merged).value();
}

}  // namespace detail

using namespace detail;

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
