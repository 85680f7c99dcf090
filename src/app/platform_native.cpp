// The in-memory platform: what the UI sees when it runs outside a browser (native tests).
// Storage is a sorted map, downloads and printed pages are recorded, files are injected by tests.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "platform.h"
#include "sha256.h"

namespace qis::platform {

Platform& platform_instance() {
  static MemoryPlatform platform;
  return platform;
}

std::optional<std::string> MemoryPlatform::storage_get(const std::string& key) {
  auto it = std::lower_bound(storage_.begin(), storage_.end(), key,
                             [](const auto& kv, const std::string& k) { return kv.first < k; });
  if (it == storage_.end() || it->first != key) return std::nullopt;
  return it->second;
}

StoreResult MemoryPlatform::storage_set(const std::string& key, const std::string& value) {
  auto it = std::lower_bound(storage_.begin(), storage_.end(), key,
                             [](const auto& kv, const std::string& k) { return kv.first < k; });
  const bool exists = it != storage_.end() && it->first == key;
  if (quota_ > 0) {
    std::size_t used = 0;
    for (const auto& [k, v] : storage_) used += k.size() + v.size();
    if (exists) used -= it->first.size() + it->second.size();
    if (used + key.size() + value.size() > quota_)
      return {false, "浏览器存储空间已满，草稿未能保存。请导出文件备份，或删除不用的草稿后重试。"};
  }
  if (exists) it->second = value;
  else storage_.insert(it, {key, value});
  return {};
}

void MemoryPlatform::storage_remove(const std::string& key) {
  storage_.erase(std::remove_if(storage_.begin(), storage_.end(), [&](const auto& kv) { return kv.first == key; }),
                 storage_.end());
}

std::vector<std::string> MemoryPlatform::storage_keys(const std::string& prefix) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : storage_)
    if (k.compare(0, prefix.size(), prefix) == 0) keys.push_back(k);
  return keys;
}

void MemoryPlatform::request_persistent_storage() { persistent_requested = true; }

void MemoryPlatform::on_page_hide(std::function<void()> fn) { page_hide_.push_back(std::move(fn)); }

void MemoryPlatform::set_unsaved_changes(bool value) { unsaved = value; }

void MemoryPlatform::download(const std::string& filename, const std::string& bytes, const std::string& mime) {
  downloads.push_back({filename, bytes, mime});
}

void MemoryPlatform::download_zip(const std::string& filename, const std::vector<std::pair<std::string, std::string>>& parts,
                                  const std::string& mime) {
  zip_downloads.push_back({filename, mime, parts});
}

void MemoryPlatform::open_in_viewer(const std::string& filename, const std::string& bytes, const std::string& mime) {
  viewed.push_back({filename, bytes, mime});
}

void MemoryPlatform::open_files(const std::string& purpose, const std::string& accept) {
  last_open_purpose = purpose;
  last_open_accept = accept;
}

std::vector<OpenedFile> MemoryPlatform::take_opened_files() {
  std::vector<OpenedFile> out;
  out.swap(opened_);
  return out;
}

std::optional<std::string> MemoryPlatform::url_param(const std::string& name) {
  for (const auto& [k, v] : url_params)
    if (k == name) return v;
  return std::nullopt;
}

std::string MemoryPlatform::today() { return fixed_today; }

std::string MemoryPlatform::now_iso() { return fixed_now; }

void MemoryPlatform::set_summary(const std::string& text) { summary = text; }

void MemoryPlatform::print_html(const std::string& html) { printed.push_back(html); }

void MemoryPlatform::request_redraw(double) {
  if (wake_) wake_();  // no clock here: a delayed redraw is due at once
}

std::optional<std::string> MemoryPlatform::read_asset(const std::string& name) {
  if (asset_dir.empty() || name.find("..") != std::string::npos) return std::nullopt;
  std::ifstream in(asset_dir + "/" + name, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// No text rendering in memory: a page that cannot draw glyphs uses the bundled font files.
std::optional<GlyphImage> MemoryPlatform::render_glyph(char32_t, float) { return std::nullopt; }

void MemoryPlatform::show_fatal_error(const std::string& message) { fatal_error = message; }

void MemoryPlatform::bind_imgui() {}

void MemoryPlatform::after_frame() {}

void MemoryPlatform::set_wake_handler(std::function<void()> fn) { wake_ = std::move(fn); }

void MemoryPlatform::deliver_file(const std::string& purpose, const std::string& name, const std::string& bytes,
                                  const std::string& type) {
  OpenedFile f;
  f.purpose = purpose;
  f.name = name;
  f.type = type;
  f.bytes = bytes;
  f.size = bytes.size();
  opened_.push_back(std::move(f));
  if (wake_) wake_();
}

void MemoryPlatform::simulate_page_hide() {
  for (auto& fn : page_hide_) fn();
}

void MemoryPlatform::set_storage_quota(std::size_t bytes) { quota_ = bytes; }

StorageSpace MemoryPlatform::storage_space() {
  StorageSpace space;
  space.files_kept = true;
  if (quota_ > 0) {
    space.known = true;
    space.quota = static_cast<std::int64_t>(quota_);
    for (const auto& [k, v] : storage_) space.usage += static_cast<std::int64_t>(k.size() + v.size());
  }
  return space;
}

bool MemoryPlatform::file_kept(const std::string& sha256) {
  for (const auto& [h, bytes] : kept_)
    if (h == sha256) return true;
  return false;
}

void MemoryPlatform::keep_file(const std::string& sha256, const std::string& bytes) {
  if (!file_kept(sha256)) kept_.emplace_back(sha256, bytes);
}

void MemoryPlatform::open_kept_file(const std::string& sha256, const std::string& filename, bool view) {
  const std::string* bytes = nullptr;
  for (const auto& [h, b] : kept_)
    if (h == sha256) bytes = &b;
  std::string status = "missing";
  if (bytes != nullptr) {
    if (sha256_hex(*bytes) != sha256) {
      status = "altered";
    } else if (view) {
      status = "viewed";
      viewed.push_back({filename, *bytes, ""});
    } else {
      status = "saved";
      downloads.push_back({filename, *bytes, ""});
    }
  }
  simulate_event("kept-file", "{\"sha256\":\"" + sha256 + "\",\"status\":\"" + status + "\"}");
}

void MemoryPlatform::save_bundle(const std::string& filename, const std::string& package_bytes,
                                 const std::vector<BundleItem>& files) {
  Bundle b{filename, package_bytes, {}};
  for (const auto& f : files) {
    const std::string* bytes = nullptr;
    for (const auto& [h, data] : kept_)
      if (h == f.sha256) bytes = &data;
    if (bytes == nullptr || sha256_hex(*bytes) != f.sha256) {
      simulate_event("bundle-saved", "{\"ok\":false,\"message\":\"missing\"}");
      return;
    }
    b.files.emplace_back(f.path, *bytes);
  }
  bundles.push_back(std::move(b));
  simulate_event("bundle-saved", "{\"ok\":true,\"files\":" + std::to_string(files.size()) + "}");
}

void MemoryPlatform::set_event_handler(std::function<void(const std::string&, const std::string&)> fn) {
  event_ = std::move(fn);
}

void MemoryPlatform::simulate_event(const std::string& kind, const std::string& json) {
  if (event_) event_(kind, json);
}

}  // namespace qis::platform
