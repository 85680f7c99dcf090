// The browser platform. Every EM_JS and EMSCRIPTEN_KEEPALIVE of the app lives in this file:
//  - Platform methods are thin EM_JS calls into web/page.js and web/ime.js (window.qisPage);
//  - the page calls back through the extern "C" qis_wasm_* exports at the end, wrapped in
//    js_install() as qisPage.wasm so page code never touches wasm memory.
//
// Buffer ownership across the boundary:
//  - C++ -> JS: strings are NUL-terminated UTF-8 and bytes are (pointer, length), borrowed for the
//    call only; JS copies them (UTF8ToString, HEAPU8.slice) before returning.
//  - JS -> C++ arguments (qis_wasm_*): JS allocates with _malloc, C++ copies during the call, JS frees.
//  - JS -> C++ return values (js_storage_get, ...): JS allocates with _malloc, C++ copies the
//    string and free()s it (take_js_string). A null pointer means "no value".
//
// Clipboard: ImGui's clipboard is a C++ string. SetClipboardTextFn also hands the text to the page
// (ime.js: the `copy` event during Ctrl/Cmd+C, else navigator.clipboard.writeText); a `paste` event
// replaces the string and replays Ctrl/Cmd+V to ImGui, so ImGui's own paste logic (selection,
// filters, one undo step) applies to the browser's clipboard text, Chinese included.
#include <emscripten.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"  // the active InputText's buffer, for the test hook window.qis.textInput()
#include "bundle.h"
#include "fonts.h"
#include "platform.h"
#include "sha256.h"
#include "ui/evidence.h"
#include "semantics.h"
#include "test_hooks.h"
#include "ui/app.h"

namespace {

// ---- C++ -> JS ----

EM_JS(void, js_install, (), {
  const toC = (s) => {
    if (s === null || s === undefined) return 0;
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
  };
  const withC = (strings, fn) => {
    const ptrs = strings.map(toC);
    try { return fn(...ptrs); } finally { ptrs.forEach((p) => _free(p)); }
  };
  Module.qisToC = toC;
  window.qisPage.wasm = {
    text: (s) => withC([s], (p) => _qis_wasm_text(p)),
    key: (name, down) => withC([name], (p) => _qis_wasm_key(p, down ? 1 : 0)),
    mods: (ctrl, shift, alt, meta) => _qis_wasm_modifiers(ctrl ? 1 : 0, shift ? 1 : 0, alt ? 1 : 0, meta ? 1 : 0),
    paste: (s) => withC([s], (p) => _qis_wasm_paste(p)),
    file: (purpose, name, type, bytes, meta) => {
      const data = _malloc(bytes.length || 1);
      HEAPU8.set(bytes, data);
      try {
        withC([purpose, name, type, JSON.stringify(meta || {})],
          (p, n, t, m) => _qis_wasm_file(p, n, t, data, bytes.length, m));
      } finally {
        _free(data);
      }
    },
    event: (kind, json) => withC([kind, json], (k, j) => _qis_wasm_event(k, j)),
    // An incremental SHA-256 in wasm memory: update(Uint8Array)..., then end() -> hex (frees it).
    sha: () => {
      const h = _qis_wasm_sha_begin();
      return {
        update: (bytes) => {
          const p = _malloc(bytes.length || 1);
          HEAPU8.set(bytes, p);
          _qis_wasm_sha_update(h, p, bytes.length);
          _free(p);
        },
        end: () => UTF8ToString(_qis_wasm_sha_end(h)),
      };
    },
    // '' when a bundle's central directory passes src/core/bundle.h's checks, else the message.
    checkBundle: (json, size) => withC([json], (j) => UTF8ToString(_qis_wasm_check_bundle(j, size))),
    // {bundle path: declared size} of the evidence a bundle with this package.json should hold.
    bundleFiles: (bytes) => {
      const p = _malloc(bytes.length || 1);
      HEAPU8.set(bytes, p);
      try { return JSON.parse(UTF8ToString(_qis_wasm_bundle_files(p, bytes.length))); } finally { _free(p); }
    },
    // The type the browser's viewer can show, from a file's first bytes ('' = save it instead).
    viewableType: (head) => {
      const p = _malloc(head.length || 1);
      HEAPU8.set(head, p);
      try { return UTF8ToString(_qis_wasm_viewable_type(p, head.length)); } finally { _free(p); }
    },
    semanticsAction: (id, action) => _qis_wasm_semantics_action(id >>> 0, action),
    wake: () => _qis_wasm_wake(),
    pageHide: () => _qis_wasm_page_hide(),
    frameNow: () => _qis_wasm_frame_now(),
    frames: () => _qis_wasm_frames(),
    snapshot: () => UTF8ToString(_qis_wasm_snapshot()),
    textInput: () => UTF8ToString(_qis_wasm_text_input()),
    items: () => UTF8ToString(_qis_wasm_items()),
    missingGlyphs: (s) => (s === undefined
      ? JSON.parse(UTF8ToString(_qis_wasm_missing_glyphs(0)))
      : withC([s], (p) => UTF8ToString(_qis_wasm_missing_glyphs(p)))),
    fontsFromSystem: () => _qis_wasm_fonts_from_system() !== 0,
  };
});

EM_JS(char*, js_storage_get, (const char* key), { return Module.qisToC(window.qisPage.storageGet(UTF8ToString(key))); });
EM_JS(char*, js_storage_set, (const char* key, const char* value), {
  return Module.qisToC(window.qisPage.storageSet(UTF8ToString(key), UTF8ToString(value)));
});
EM_JS(char*, js_storage_set_from, (const char* key, const char* value, const char* base), {
  return Module.qisToC(window.qisPage.storageSet(UTF8ToString(key), UTF8ToString(value), UTF8ToString(base)));
});
EM_JS(void, js_storage_remove, (const char* key), { window.qisPage.storageRemove(UTF8ToString(key)); });
EM_JS(char*, js_storage_keys, (const char* prefix), {
  return Module.qisToC(JSON.stringify(window.qisPage.storageKeys(UTF8ToString(prefix))));
});
EM_JS(void, js_request_persistent_storage, (), { window.qisPage.requestPersistentStorage(); });
EM_JS(char*, js_storage_space, (), { return Module.qisToC(JSON.stringify(window.qisPage.storageSpace())); });
EM_JS(int, js_file_kept, (const char* sha), { return window.qisPage.fileKept(UTF8ToString(sha)) ? 1 : 0; });
EM_JS(void, js_open_kept, (const char* sha, const char* name, int view), {
  window.qisPage.openKept(UTF8ToString(sha), UTF8ToString(name), view !== 0);
});
EM_JS(void, js_save_bundle, (const char* name, const char* data, size_t size, const char* files), {
  window.qisPage.saveBundle(UTF8ToString(name), HEAPU8.slice(data, data + size), JSON.parse(UTF8ToString(files)));
});
EM_JS(void, js_set_unsaved, (int unsaved), { window.qisPage.setUnsaved(unsaved !== 0); });
EM_JS(void, js_download, (const char* name, const char* data, size_t size, const char* mime), {
  window.qisPage.download(UTF8ToString(name), HEAPU8.slice(data, data + size), UTF8ToString(mime));
});
// `data`: the parts' bytes one after another; `index`: JSON [{name, size}] in the same order.
EM_JS(void, js_download_zip, (const char* name, const char* data, const char* index, const char* mime), {
  let at = data;
  const parts = JSON.parse(UTF8ToString(index)).map((p) => {
    const bytes = HEAPU8.slice(at, at + p.size);
    at += p.size;
    return { name: p.name, bytes: bytes };
  });
  window.qisPage.download(UTF8ToString(name), window.qisPage.zipParts(parts), UTF8ToString(mime));
});
EM_JS(void, js_open_in_viewer, (const char* name, const char* data, size_t size, const char* mime), {
  window.qisPage.openInViewer(UTF8ToString(name), HEAPU8.slice(data, data + size), UTF8ToString(mime));
});
EM_JS(void, js_open_files, (const char* purpose, const char* accept), {
  window.qisPage.openFiles(UTF8ToString(purpose), UTF8ToString(accept));
});
EM_JS(char*, js_url_param, (const char* name), { return Module.qisToC(window.qisPage.urlParam(UTF8ToString(name))); });
EM_JS(char*, js_today, (), { return Module.qisToC(window.qisPage.today()); });
EM_JS(char*, js_now_iso, (), { return Module.qisToC(window.qisPage.nowIso()); });
EM_JS(void, js_set_summary, (const char* text), { window.qisPage.setSummary(UTF8ToString(text)); });
EM_JS(void, js_print_html, (const char* html), { window.qisPage.printHtml(UTF8ToString(html)); });
EM_JS(void, js_fatal, (const char* text), { window.qisPage.fatal(UTF8ToString(text)); });
// Moves the page's copy of an asset into wasm memory (JS allocates; the caller frees).
EM_JS(unsigned char*, js_take_asset, (const char* name, size_t* size), {
  const key = UTF8ToString(name);
  const bytes = window.qisPage.assets[key];
  if (!bytes) return 0;
  delete window.qisPage.assets[key];
  const p = _malloc(bytes.length || 1);
  HEAPU8.set(bytes, p);
  HEAPU32[size >> 2] = bytes.length;
  return p;
});
// One glyph from web/glyphs.js, packed for C++: int32 advance×64, width, height, left, top,
// missing, then width×height alpha bytes (JS allocates; the caller frees).
EM_JS(unsigned char*, js_render_glyph, (unsigned int codepoint, float em_pixels), {
  const g = window.qisPage.glyphs.render(codepoint, em_pixels);
  const n = g.missing ? 0 : g.width * g.height;
  const p = _malloc(24 + n);
  HEAP32.set([Math.round(g.advance * 64), g.missing ? 0 : g.width, g.missing ? 0 : g.height, g.left, g.top,
              g.missing ? 1 : 0], p >> 2);
  if (n) HEAPU8.set(g.alpha, p + 24);
  return p;
});
EM_JS(void, js_mark, (const char* name), { performance.mark(UTF8ToString(name)); });
EM_JS(void, js_clipboard_write, (const char* text), { window.qisPage.clipboardWrite(UTF8ToString(text)); });
EM_JS(void, js_text_state, (int want, int hover, float x, float y, float h), {
  window.qisPage.onTextState(want !== 0, hover !== 0, x, y, h);
});
EM_JS(void, js_wake_after, (double ms), { setTimeout(() => window.qisPage.wasm.wake(), ms); });
// The frame's semantics for web/semantics.js; `ms`: what recording and serialising them cost.
EM_JS(void, js_semantics, (const char* json, double ms), {
  if (window.qisPage.semantics) window.qisPage.semantics.update(UTF8ToString(json), ms);
});
EM_JS(void, js_first_frame, (), { window.qisPage.firstFrame(); });
EM_JS(int, js_is_mac, (), { return window.qisPage.isMac ? 1 : 0; });

std::optional<std::string> take_js_string(char* p) {
  if (p == nullptr) return std::nullopt;
  std::string s(p);
  std::free(p);
  return s;
}

// ---- The platform ----

class WebPlatform final : public qis::platform::Platform {
 public:
  std::optional<std::string> storage_get(const std::string& key) override {
    return take_js_string(js_storage_get(key.c_str()));
  }
  qis::platform::StoreResult storage_set(const std::string& key, const std::string& value) override {
    std::string reason = take_js_string(js_storage_set(key.c_str(), value.c_str())).value_or("");
    return {reason.empty(), reason};
  }
  qis::platform::StoreResult storage_set_from(const std::string& key, const std::string& value, const std::string& base) override {
    std::string reason = take_js_string(js_storage_set_from(key.c_str(), value.c_str(), base.c_str())).value_or("");
    return {reason.empty(), reason};
  }
  void storage_remove(const std::string& key) override { js_storage_remove(key.c_str()); }
  std::vector<std::string> storage_keys(const std::string& prefix) override {
    auto parsed = nlohmann::json::parse(take_js_string(js_storage_keys(prefix.c_str())).value_or("[]"), nullptr, false);
    std::vector<std::string> keys;
    if (parsed.is_array())
      for (const auto& k : parsed)
        if (k.is_string()) keys.push_back(k.get<std::string>());
    return keys;
  }
  void request_persistent_storage() override { js_request_persistent_storage(); }
  qis::platform::StorageSpace storage_space() override {
    qis::platform::StorageSpace space;
    const auto j = nlohmann::json::parse(take_js_string(js_storage_space()).value_or("{}"), nullptr, false);
    if (!j.is_object()) return space;
    space.known = j.value("known", false);
    space.usage = static_cast<std::int64_t>(j.value("usage", 0.0));
    space.quota = static_cast<std::int64_t>(j.value("quota", 0.0));
    space.files_kept = j.value("mode", std::string()) == "idb";
    return space;
  }
  bool file_kept(const std::string& sha256) override { return js_file_kept(sha256.c_str()) != 0; }
  void open_kept_file(const std::string& sha256, const std::string& filename, bool view) override {
    js_open_kept(sha256.c_str(), filename.c_str(), view ? 1 : 0);
  }
  void save_bundle(const std::string& filename, const std::string& package_bytes,
                   const std::vector<qis::platform::BundleItem>& files) override {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : files)
      list.push_back({{"path", f.path}, {"sha256", f.sha256}, {"name", f.name}, {"size", f.size}});
    js_save_bundle(filename.c_str(), package_bytes.data(), package_bytes.size(),
                   list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  void set_event_handler(std::function<void(const std::string&, const std::string&)> fn) override {
    event_ = std::move(fn);
  }
  void on_page_hide(std::function<void()> fn) override { page_hide_.push_back(std::move(fn)); }
  void set_unsaved_changes(bool unsaved) override { js_set_unsaved(unsaved ? 1 : 0); }
  void download(const std::string& filename, const std::string& bytes, const std::string& mime) override {
    js_download(filename.c_str(), bytes.data(), bytes.size(), mime.c_str());
  }
  void download_zip(const std::string& filename, const std::vector<std::pair<std::string, std::string>>& parts,
                    const std::string& mime) override {
    std::string data;
    nlohmann::json index = nlohmann::json::array();
    for (const auto& [name, bytes] : parts) {
      data += bytes;
      index.push_back({{"name", name}, {"size", bytes.size()}});
    }
    js_download_zip(filename.c_str(), data.data(), index.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str(),
                    mime.c_str());
  }
  void open_in_viewer(const std::string& filename, const std::string& bytes, const std::string& mime) override {
    js_open_in_viewer(filename.c_str(), bytes.data(), bytes.size(), mime.c_str());
  }
  void open_files(const std::string& purpose, const std::string& accept) override {
    js_open_files(purpose.c_str(), accept.c_str());
  }
  std::vector<qis::platform::OpenedFile> take_opened_files() override {
    std::vector<qis::platform::OpenedFile> out;
    out.swap(opened_);
    return out;
  }
  std::optional<std::string> url_param(const std::string& name) override {
    return take_js_string(js_url_param(name.c_str()));
  }
  std::string today() override { return take_js_string(js_today()).value_or(""); }
  std::string now_iso() override { return take_js_string(js_now_iso()).value_or(""); }
  void set_summary(const std::string& text) override { js_set_summary(text.c_str()); }
  void print_html(const std::string& html) override { js_print_html(html.c_str()); }
  void request_redraw(double after_seconds) override {
    if (after_seconds <= 0.0) wake();
    else js_wake_after(after_seconds * 1000.0);
  }

  std::optional<std::string> read_asset(const std::string& name) override {
    size_t size = 0;
    unsigned char* p = js_take_asset(name.c_str(), &size);
    if (p == nullptr) return std::nullopt;
    std::string bytes(reinterpret_cast<const char*>(p), size);
    std::free(p);
    return bytes;
  }
  std::optional<qis::platform::GlyphImage> render_glyph(char32_t codepoint, float em_pixels) override {
    unsigned char* p = js_render_glyph(static_cast<unsigned int>(codepoint), em_pixels);
    if (p == nullptr) return std::nullopt;
    int header[6];
    std::memcpy(header, p, sizeof header);
    qis::platform::GlyphImage g;
    g.advance = static_cast<float>(header[0]) / 64.0f;
    g.width = header[1];
    g.height = header[2];
    g.left = header[3];
    g.top = header[4];
    g.missing = header[5] != 0;
    g.alpha.assign(reinterpret_cast<const char*>(p) + sizeof header, static_cast<std::size_t>(g.width * g.height));
    std::free(p);
    return g;
  }
  void show_fatal_error(const std::string& message) override { js_fatal(message.c_str()); }
  void mark_time(const char* name) override { js_mark(name); }

  void bind_imgui() override {
    js_install();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigMacOSXBehaviors = js_is_mac() != 0;  // Cmd+C/V/Z and Option+arrows, as Mac users expect
    ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
    pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) {
      web().clipboard_ = text;
      js_clipboard_write(text);
    };
    pio.Platform_GetClipboardTextFn = [](ImGuiContext*) -> const char* { return web().clipboard_.c_str(); };
    pio.Platform_ClipboardUserData = nullptr;
    // ImGui reports where the caret of the active text field is; ime.js puts the overlay there.
    pio.Platform_SetImeDataFn = [](ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) { web().ime_ = *data; };
  }

  void after_frame() override {
    const ImGuiIO& io = ImGui::GetIO();
    const bool want = ime_.WantVisible || io.WantTextInput;
    const bool hover = ImGui::GetMouseCursor() == ImGuiMouseCursor_TextInput;
    js_text_state(want ? 1 : 0, hover ? 1 : 0, ime_.InputPos.x, ime_.InputPos.y, ime_.InputLineHeight);
    const double started = emscripten_get_now();
    const std::string semantics = qis::semantics::take_changes();
    if (!semantics.empty()) js_semantics(semantics.c_str(), emscripten_get_now() - started);
    if (!first_frame_done_) {
      first_frame_done_ = true;
      js_mark("qis-first-frame");
      js_first_frame();
    }
  }

  void set_wake_handler(std::function<void()> fn) override { wake_ = std::move(fn); }

  static WebPlatform& web() {
    static WebPlatform platform;
    return platform;
  }

  // ---- Called by the qis_wasm_* exports ----
  void wake() {
    if (wake_) wake_();
  }
  void host_event(const char* kind, const char* json) {
    if (event_) event_(kind, json);
    wake();
  }
  void page_hidden() {
    for (auto& fn : page_hide_) fn();
  }
  void add_file(qis::platform::OpenedFile file) {
    opened_.push_back(std::move(file));
    wake();
  }
  void set_modifiers(bool ctrl, bool shift, bool alt, bool super) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, super);
    ctrl_ = ctrl;
    super_ = super;
    wake();
  }
  // Puts the browser's clipboard text into ImGui's and replays the paste shortcut.
  void paste(const char* text) {
    clipboard_ = text;
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey shortcut = io.ConfigMacOSXBehaviors ? ImGuiMod_Super : ImGuiMod_Ctrl;
    const bool held = io.ConfigMacOSXBehaviors ? super_ : ctrl_;
    io.AddKeyEvent(shortcut, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(shortcut, held);
    wake();
  }
  // {"active":bool,"text":"...","cursor":n} for the text field being edited (test hook).
  const char* text_input_json() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiInputTextState* st = ImGui::GetInputTextState(g.ActiveId);
    nlohmann::json j = {{"active", st != nullptr}};
    if (st != nullptr) {
      const std::string utf8(st->TextA.Data, static_cast<std::size_t>(st->TextLen));
      j["text"] = utf8;
      // ImGui 1.92 keeps the caret as a byte offset; the hook reports characters, as before.
      const int caret = std::clamp(st->GetCursorPos(), 0, st->TextLen);
      j["cursor"] = ImTextCountCharsFromUtf8(st->TextA.Data, st->TextA.Data + caret);
    }
    text_input_json_ = j.dump();
    return text_input_json_.c_str();
  }
  // With text: the characters of `utf8` no font can draw. Without: every character drawn
  // since start without a glyph, as a JSON array of code points.
  const char* missing_glyphs(const char* utf8) {
    if (utf8 == nullptr) {
      missing_glyphs_ = nlohmann::json(qis::fonts_missing_codepoints()).dump();
    } else {
      missing_glyphs_ = qis::fonts_missing_in(utf8);
    }
    return missing_glyphs_.c_str();
  }

 private:
  std::vector<qis::platform::OpenedFile> opened_;
  std::vector<std::function<void()>> page_hide_;
  std::string clipboard_;
  std::string text_input_json_;
  std::string missing_glyphs_;
  std::function<void()> wake_;
  std::function<void(const std::string&, const std::string&)> event_;
  ImGuiPlatformImeData ime_{};
  bool ctrl_ = false;
  bool super_ = false;
  bool first_frame_done_ = false;
};

// DOM KeyboardEvent.key -> ImGuiKey, for the keys ime.js forwards while a text field is edited
// and the keys web/semantics.js forwards from a focused node of the semantics layer.
ImGuiKey key_from_dom(const std::string& k) {
  static const std::pair<const char*, ImGuiKey> named[] = {
      {"Backspace", ImGuiKey_Backspace}, {"Delete", ImGuiKey_Delete},     {"ArrowLeft", ImGuiKey_LeftArrow},
      {"ArrowRight", ImGuiKey_RightArrow}, {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow},
      {"Home", ImGuiKey_Home},           {"End", ImGuiKey_End},           {"PageUp", ImGuiKey_PageUp},
      {"PageDown", ImGuiKey_PageDown},   {"Enter", ImGuiKey_Enter},       {"Tab", ImGuiKey_Tab},
      {"Escape", ImGuiKey_Escape},       {"Insert", ImGuiKey_Insert},     {" ", ImGuiKey_Space},
      {"F6", ImGuiKey_F6},
  };
  for (const auto& [dom, key] : named)
    if (k == dom) return key;
  if (k.size() == 1 && k[0] >= 'a' && k[0] <= 'z') return static_cast<ImGuiKey>(ImGuiKey_A + (k[0] - 'a'));
  return ImGuiKey_None;
}

// A zip entry's name as the page sends it: the text, or where the bytes are not UTF-8 their hex
// (`hex_key`), so the core judges the bytes the zip holds, as the CLI does.
std::string zip_name(const nlohmann::json& e, const char* key, const char* hex_key) {
  const std::string hex = e.value(hex_key, std::string());
  if (hex.empty()) return e.value(key, std::string());
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::strtol(hex.substr(i, 2).c_str(), nullptr, 16));
  return bytes;
}

}  // namespace

namespace qis::platform {

Platform& platform_instance() { return WebPlatform::web(); }

}  // namespace qis::platform

// ---- JS -> C++ (window.qisPage.wasm) ----
extern "C" {

// Committed text from the IME overlay (never the pinyin pre-edit).
EMSCRIPTEN_KEEPALIVE void qis_wasm_text(const char* utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  WebPlatform::web().wake();
}

// An editing key pressed or released in the overlay; returns 0 if the key is not one ImGui knows.
EMSCRIPTEN_KEEPALIVE int qis_wasm_key(const char* dom_key, int down) {
  const ImGuiKey key = key_from_dom(dom_key);
  if (key == ImGuiKey_None) return 0;
  ImGui::GetIO().AddKeyEvent(key, down != 0);
  WebPlatform::web().wake();
  return 1;
}

// A node of the semantics layer (web/semantics.js) was focused (action 0) or activated (1) by a
// screen reader, Tab or a click through the accessibility API: the same widget is focused or
// pressed in the next frame.
EMSCRIPTEN_KEEPALIVE void qis_wasm_semantics_action(unsigned id, int action) {
  qis::semantics::request(id, action == 1 ? qis::semantics::Action::Activate : qis::semantics::Action::Focus);
  WebPlatform::web().wake();
}

// The modifier keys' state with each overlay key event (SDL does not see them then).
EMSCRIPTEN_KEEPALIVE void qis_wasm_modifiers(int ctrl, int shift, int alt, int super) {
  WebPlatform::web().set_modifiers(ctrl != 0, shift != 0, alt != 0, super != 0);
}

// The text of a browser `paste` event in the overlay.
EMSCRIPTEN_KEEPALIVE void qis_wasm_paste(const char* utf8) { WebPlatform::web().paste(utf8); }

// A file picked or dropped; every buffer is borrowed for the call and copied. `meta` (JSON) carries
// what the page found out itself: {size, sha256, kept, keep_error} for evidence it kept, and
// {bundle, bundle_error, files: [{path, size, sha256, refused}], not_kept} for a bundle it unpacked.
EMSCRIPTEN_KEEPALIVE void qis_wasm_file(const char* purpose, const char* name, const char* type,
                                        const unsigned char* data, size_t size, const char* meta) {
  qis::platform::OpenedFile f;
  f.purpose = purpose;
  f.name = name;
  f.type = type;
  f.bytes.assign(reinterpret_cast<const char*>(data), size);
  f.size = size;
  const auto m = nlohmann::json::parse(meta, nullptr, false);
  if (m.is_object()) {
    f.size = static_cast<std::size_t>(m.value("size", static_cast<double>(size)));
    f.sha256 = m.value("sha256", std::string());
    f.kept = m.value("kept", false);
    f.keep_error = m.value("keep_error", std::string());
    f.bundle = m.value("bundle", false);
    f.bundle_error = m.value("bundle_error", std::string());
    f.not_kept = m.value("not_kept", 0);
    if (m.contains("files") && m["files"].is_array())
      for (const auto& e : m["files"])
        if (e.is_object())
          f.bundle_files.push_back({e.value("path", std::string()), static_cast<std::int64_t>(e.value("size", 0.0)),
                                    e.value("sha256", std::string()), e.value("refused", std::string())});
  }
  WebPlatform::web().add_file(std::move(f));
}

// Something the page reports later (store.js, bundle.js): another tab's write, a failed write,
// a kept file opened, a bundle written.
EMSCRIPTEN_KEEPALIVE void qis_wasm_event(const char* kind, const char* json) { WebPlatform::web().host_event(kind, json); }

// Incremental SHA-256 for the page's hashing of large files (qisPage.hashBlob).
EMSCRIPTEN_KEEPALIVE void* qis_wasm_sha_begin() { return new qis::Sha256(); }
EMSCRIPTEN_KEEPALIVE void qis_wasm_sha_update(void* h, const unsigned char* data, size_t size) {
  static_cast<qis::Sha256*>(h)->update(data, size);
}
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_sha_end(void* h) {
  static std::string hex;
  auto* sha = static_cast<qis::Sha256*>(h);
  hex = sha->hex_digest();
  delete sha;
  return hex.c_str();
}

// A bundle's central directory and local headers (JSON list of entries: the directory's fields,
// then local_name and data_offset) checked before anything is inflated: "" or the Chinese message
// (src/core/bundle.h).
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_check_bundle(const char* entries_json, double bundle_bytes) {
  static std::string message;
  std::vector<qis::ZipEntryInfo> entries;
  std::vector<qis::ZipLocalInfo> local;
  const auto j = nlohmann::json::parse(entries_json, nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_object()) {
        entries.push_back({zip_name(e, "name", "name_hex"), e.value("method", 0),
                           static_cast<std::uint64_t>(e.value("compressed", 0.0)),
                           static_cast<std::uint64_t>(e.value("uncompressed", 0.0)), e.value("encrypted", false),
                           e.value("utf8", true)});
        local.push_back({zip_name(e, "local_name", "local_name_hex"), static_cast<std::uint64_t>(e.value("data_offset", 0.0))});
      }
  auto problem = qis::check_bundle_directory(entries, static_cast<std::uint64_t>(bundle_bytes));
  if (!problem) problem = qis::check_local_headers(entries, local);
  message = problem ? problem->message : "";
  return message.c_str();
}

// The files a bundle with this package.json should hold: {"evidence/a.pdf": declared size, …}.
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_bundle_files(const unsigned char* package, size_t size) {
  static std::string out;
  out = nlohmann::json(qis::bundle_expected_files(std::string_view(reinterpret_cast<const char*>(package), size))).dump();
  return out.c_str();
}

// The content type the browser's viewer can show for a file starting with these bytes.
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_viewable_type(const unsigned char* head, size_t size) {
  static std::string type;
  type = qis::ui::viewable_type(std::string_view(reinterpret_cast<const char*>(head), size));
  return type.c_str();
}

// Something on the page changed that SDL did not see: draw a frame.
EMSCRIPTEN_KEEPALIVE void qis_wasm_wake() { WebPlatform::web().wake(); }

// The page is being hidden or unloaded: run the UI's flush callbacks now, synchronously.
EMSCRIPTEN_KEEPALIVE void qis_wasm_page_hide() { WebPlatform::web().page_hidden(); }

// window.qis.snapshot(): the UI's JSON (owned by the UI, valid until its next call).
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_snapshot() { return qis::ui::app_snapshot(); }

// window.qis.items(): the labelled widgets of the last frame with their rectangles (test_hooks.h).
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_items() { return qis::testhooks::items_json(); }

// window.qis.textInput(): the text field being edited, as JSON (valid until the next call).
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_text_input() { return WebPlatform::web().text_input_json(); }

// window.qis.missingGlyphs(text): characters of `text` no font can draw; without text (null),
// the code points drawn without a glyph since start as JSON (valid until the next call).
EMSCRIPTEN_KEEPALIVE const char* qis_wasm_missing_glyphs(const char* utf8) {
  return WebPlatform::web().missing_glyphs(utf8);
}

// window.qis.fontsFromSystem(): 1 when glyphs come from the system's fonts, 0 for the bundled font.
EMSCRIPTEN_KEEPALIVE int qis_wasm_fonts_from_system() { return qis::fonts_from_system() ? 1 : 0; }

}  // extern "C"
