// Everything the app needs from its host (the browser page, or memory in native tests), behind
// one neutral interface. No ImGui, SDL or emscripten types appear here; the web implementation
// (platform_web.cpp + web/*.js) and the in-memory stand-in (platform_native.cpp) implement it.
//
// Buffers: every argument is borrowed for the duration of the call (the implementation copies what
// it keeps); every result is returned by value and owned by the caller. Nothing here is thread-safe
// (the app has one thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qis::platform {

// One file of a submission bundle the host unpacked (a .zip): where it was, and what was read.
struct BundleFileRead {
  std::string path;       // inside the zip, e.g. "evidence/营业执照.pdf"
  std::int64_t size = 0;  // bytes read
  std::string sha256;     // of the bytes read; the host kept the file under it (file_kept())
  std::string refused;    // why it could not be read (Chinese), "" when it was
};

// A file the user picked with open_files() or dropped onto the page.
struct OpenedFile {
  std::string purpose;    // the tag given to open_files(), or "drop" for files dropped on the page
  std::string name;       // file name as the browser reports it (no directories)
  std::string type;       // MIME type as the browser reports it; often empty for .json/.qis files
  std::string bytes;      // the whole content, binary-safe; empty when the host kept the file
  std::size_t size = 0;   // the file's size (bytes.size() when the bytes are here)
  // Evidence larger than the app should hold: the host hashed the file and kept it itself.
  std::string sha256;     // set when the host computed the digest
  bool kept = false;      // the host keeps the file under sha256 (open_kept_file, save_bundle)
  std::string keep_error; // why it could not be kept (Chinese), when sha256 is set and !kept
  // A submission bundle (.zip): `bytes` is its package.json and `bundle_files` the other files.
  bool bundle = false;
  std::string bundle_error;  // the bundle was refused before anything was read (Chinese)
  std::vector<BundleFileRead> bundle_files;
  int not_kept = 0;          // bundle files the host had no room to keep
};

// A file the host keeps, for a bundle being written: its path in the zip and what it must be.
struct BundleItem {
  std::string path, sha256, name;
  std::int64_t size = 0;
};

// What the host's storage holds and allows, as last estimated.
struct StorageSpace {
  bool known = false;        // the browser told its quota
  std::int64_t usage = 0, quota = 0;
  bool files_kept = false;   // large files can be kept (IndexedDB); false: only small values
};

// One character drawn by the page with the system's fonts (font_source.cpp asks for it).
struct GlyphImage {
  float advance = 0.0f;        // pen advance, device pixels
  int width = 0, height = 0;   // the bitmap's size (0 for a space)
  int left = 0, top = 0;       // the bitmap's top-left corner relative to the pen on the baseline
  std::string alpha;           // width * height coverage bytes, row by row
  bool missing = false;        // no font of the system has this character
};

// The outcome of a storage write; `reason` is a Chinese sentence for the user when !ok.
struct StoreResult {
  bool ok = true;
  std::string reason;
  explicit operator bool() const { return ok; }
};

class Platform {
 public:
  virtual ~Platform() = default;

  // ---- Storage (browser: an in-memory mirror of IndexedDB, web/store.js; values are JSON text) ----
  // The stored value, or nullopt if the key is absent or storage is unavailable.
  virtual std::optional<std::string> storage_get(const std::string& key) = 0;
  // Stores the value (UTF-8 text, no NUL); fails with a reason when the quota is exceeded or
  // storage is blocked (private mode, site data disabled).
  virtual StoreResult storage_set(const std::string& key, const std::string& value) = 0;
  // The same for a value made from `base` (what this tab last wrote there, or took from another
  // tab's write) and this tab's edits since: other tabs of the page are told both, so they merge
  // just those edits. Hosts without other tabs only store the value.
  virtual StoreResult storage_set_from(const std::string& key, const std::string& value, const std::string& /*base*/) {
    return storage_set(key, value);
  }
  // Removes the key (no-op if absent).
  virtual void storage_remove(const std::string& key) = 0;
  // Every stored key starting with `prefix`, sorted.
  virtual std::vector<std::string> storage_keys(const std::string& prefix) = 0;
  // Asks the browser not to evict this site's storage (navigator.storage.persist); fire and forget.
  virtual void request_persistent_storage() = 0;
  // The quota and what is used, as the host last estimated it.
  virtual StorageSpace storage_space() = 0;

  // ---- Files the host keeps by SHA-256 (evidence of any size) ----
  virtual bool file_kept(const std::string& sha256) = 0;
  // Checks the kept file against `sha256` and shows it (view: the browser's viewer where it can
  // show the type, else a download) or saves it as `filename`. Asynchronous: the outcome arrives
  // as the host event "kept-file" {sha256, name, status: viewed|saved|missing|altered}.
  virtual void open_kept_file(const std::string& sha256, const std::string& filename, bool view) = 0;
  // Writes a submission bundle (package.json + `files`, each read from where the host keeps it and
  // checked against its digest) and offers it as a download. Outcome: the host event
  // "bundle-saved" {ok, message?, files, bytes}.
  virtual void save_bundle(const std::string& filename, const std::string& package_bytes,
                           const std::vector<BundleItem>& files) = 0;
  // `fn(kind, json)` receives what the host reports later: "changed" {key, value} (another tab
  // wrote a key; value null when removed), "write-failed" {keys, reason}, "kept-file", "bundle-saved".
  virtual void set_event_handler(std::function<void(const std::string& kind, const std::string& json)> fn) = 0;

  // ---- Page lifecycle ----
  // `fn` runs when the page is hidden or unloaded (visibilitychange/pagehide): flush drafts there.
  virtual void on_page_hide(std::function<void()> fn) = 0;
  // While true, closing or reloading the tab asks the user to confirm (beforeunload).
  virtual void set_unsaved_changes(bool unsaved) = 0;

  // ---- Files ----
  // Offers `bytes` to the user as a download named `filename` (Blob + <a download>).
  virtual void download(const std::string& filename, const std::string& bytes, const std::string& mime) = 0;
  // Offers a zip of `parts` (path in the zip, bytes; stored, in this order) as a download named
  // `filename`: a .docx from docx.h's parts. The page zips them (web/bundle.js, page.zipParts).
  virtual void download_zip(const std::string& filename, const std::vector<std::pair<std::string, std::string>>& parts,
                            const std::string& mime) = 0;
  // Shows `bytes` in a new tab with the browser's own viewer for `mime` (PDF, images): a Blob URL
  // of that type. Call it from a click (popup blockers); where no tab can be opened, the file is
  // offered as a download named `filename` instead.
  virtual void open_in_viewer(const std::string& filename, const std::string& bytes, const std::string& mime) = 0;
  // Opens the browser's file picker (multiple files); results arrive later via take_opened_files().
  // `accept` is the <input accept> filter, e.g. ".json,.qis" or "image/*,.pdf" ("" = any file).
  virtual void open_files(const std::string& purpose, const std::string& accept) = 0;
  // Files picked or dropped since the last call, oldest first; the queue is emptied.
  virtual std::vector<OpenedFile> take_opened_files() = 0;

  // ---- Page and time ----
  // The value of ?name=... in the page URL, decoded, or nullopt.
  virtual std::optional<std::string> url_param(const std::string& name) = 0;
  // Today's local date as YYYY-MM-DD.
  virtual std::string today() = 0;
  // The current local time as ISO 8601 with offset, e.g. 2024-05-01T14:03:00+08:00.
  virtual std::string now_iso() = 0;
  // Replaces the screen-reader summary (<div id="summary" aria-live="polite">) with plain text.
  virtual void set_summary(const std::string& text) = 0;
  // Prints a complete HTML document through the browser (hidden iframe; "Save as PDF" works).
  virtual void print_html(const std::string& html) = 0;
  // Asks for a frame after `after_seconds` even if no input arrives (timers, debounced saves).
  virtual void request_redraw(double after_seconds = 0.0) = 0;

  // ---- Used by main.cpp only ----
  // The bytes of a file shipped next to the app (the fonts); nullopt if it did not load.
  virtual std::optional<std::string> read_asset(const std::string& name) = 0;
  // `codepoint` drawn with the system's fonts at `em_pixels` device pixels per em, or nullopt
  // where the host cannot draw text (native tests; a page that loaded the bundled font instead).
  virtual std::optional<GlyphImage> render_glyph(char32_t codepoint, float em_pixels) = 0;
  // Shows a blocking error message in place of the app (e.g. no WebGL2 context).
  virtual void show_fatal_error(const std::string& message) = 0;
  // Records a named point in time (performance.mark in the browser) for the start-up figures of
  // scripts/bench.sh; no-op elsewhere.
  virtual void mark_time(const char* name) { (void)name; }
  // Connects ImGui's clipboard and IME hooks to the page; call once after the ImGui backends.
  virtual void bind_imgui() = 0;
  // Tells the page what the frame just drawn needs (text field active/hovered, caret position).
  virtual void after_frame() = 0;
  // `fn` runs whenever a frame is needed that no SDL event announces: text from the IME overlay,
  // a paste, files, another tab's storage change, a request_redraw() falling due.
  virtual void set_wake_handler(std::function<void()> fn) = 0;
};

// The platform of this build: the browser page in the web app, MemoryPlatform natively.
Platform& platform_instance();

// The in-memory stand-in (platform_native.cpp): storage in a map, downloads and printed pages
// recorded, files injected by tests. Used by native tests of the UI and by the test of itself.
class MemoryPlatform final : public Platform {
 public:
  struct Download {
    std::string filename, bytes, mime;
  };

  std::optional<std::string> storage_get(const std::string& key) override;
  StoreResult storage_set(const std::string& key, const std::string& value) override;
  void storage_remove(const std::string& key) override;
  std::vector<std::string> storage_keys(const std::string& prefix) override;
  void request_persistent_storage() override;
  StorageSpace storage_space() override;
  bool file_kept(const std::string& sha256) override;
  void open_kept_file(const std::string& sha256, const std::string& filename, bool view) override;
  void save_bundle(const std::string& filename, const std::string& package_bytes,
                   const std::vector<BundleItem>& files) override;
  void set_event_handler(std::function<void(const std::string& kind, const std::string& json)> fn) override;
  void on_page_hide(std::function<void()> fn) override;
  void set_unsaved_changes(bool unsaved) override;
  void download(const std::string& filename, const std::string& bytes, const std::string& mime) override;
  void download_zip(const std::string& filename, const std::vector<std::pair<std::string, std::string>>& parts,
                    const std::string& mime) override;
  void open_in_viewer(const std::string& filename, const std::string& bytes, const std::string& mime) override;
  void open_files(const std::string& purpose, const std::string& accept) override;
  std::vector<OpenedFile> take_opened_files() override;
  std::optional<std::string> url_param(const std::string& name) override;
  std::string today() override;
  std::string now_iso() override;
  void set_summary(const std::string& text) override;
  void print_html(const std::string& html) override;
  void request_redraw(double after_seconds = 0.0) override;
  std::optional<std::string> read_asset(const std::string& name) override;
  std::optional<GlyphImage> render_glyph(char32_t codepoint, float em_pixels) override;
  void show_fatal_error(const std::string& message) override;
  void bind_imgui() override;
  void after_frame() override;
  void set_wake_handler(std::function<void()> fn) override;

  // ---- Test controls ----
  // Queues a file as if the user had picked it for `purpose` (or dropped it: purpose "drop").
  void deliver_file(const std::string& purpose, const std::string& name, const std::string& bytes,
                    const std::string& type = "");
  // Runs the on_page_hide() callbacks, as the browser would when the tab is hidden.
  void simulate_page_hide();
  // Makes storage_set() fail once the total stored size (keys + values) would exceed `bytes`.
  void set_storage_quota(std::size_t bytes);
  // Keeps a file as the browser's file store would (file_kept, open_kept_file, save_bundle).
  void keep_file(const std::string& sha256, const std::string& bytes);
  // Delivers a host event to the handler, as the page would (another tab's write, a failure).
  void simulate_event(const std::string& kind, const std::string& json);

  struct Bundle {
    std::string filename, package;
    std::vector<std::pair<std::string, std::string>> files;  // path, bytes
  };
  std::vector<Bundle> bundles;              // every save_bundle() that succeeded

  std::vector<Download> downloads;          // every download(), oldest first
  struct ZipDownload {
    std::string filename, mime;
    std::vector<std::pair<std::string, std::string>> parts;
  };
  std::vector<ZipDownload> zip_downloads;   // every download_zip(), oldest first
  std::vector<Download> viewed;             // every open_in_viewer(), oldest first
  std::vector<std::string> printed;         // every print_html() document
  std::string summary;                      // the last set_summary() text
  std::string last_open_purpose;            // purpose of the last open_files()
  std::string last_open_accept;             // accept filter of the last open_files()
  bool unsaved = false;                     // the last set_unsaved_changes() value
  bool persistent_requested = false;        // request_persistent_storage() was called
  std::string fatal_error;                  // the last show_fatal_error() message
  std::vector<std::pair<std::string, std::string>> url_params;  // what url_param() answers
  std::string fixed_today = "2024-01-01";   // what today() answers
  std::string fixed_now = "2024-01-01T09:00:00+08:00";  // what now_iso() answers
  std::string asset_dir;                    // read_asset() reads files from here when set

 private:
  std::vector<std::pair<std::string, std::string>> storage_;  // sorted by key
  std::vector<OpenedFile> opened_;
  std::vector<std::function<void()>> page_hide_;
  std::function<void()> wake_;
  std::function<void(const std::string&, const std::string&)> event_;
  std::vector<std::pair<std::string, std::string>> kept_;  // sha256, bytes
  std::size_t quota_ = 0;  // 0 = unlimited
};

}  // namespace qis::platform
