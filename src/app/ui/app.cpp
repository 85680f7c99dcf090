// The app: shared state, the top bar, files arriving from the page, autosave, and which screen
// to draw. Each screen lives in its own file (screens.h).
#include "app.h"

#include <algorithm>
#include <string>

#include "bundled.h"
#include "fonts.h"
#include "imgui.h"
#include "imgui_internal.h"  // the input events ImGui processed this frame
#include "package.h"
#include "platform.h"
#include "procedure.h"
#include "procedure_checks.h"
#include "semantics.h"
#include "screens.h"
#include "state.h"
#include "test_hooks.h"
#include "touch.h"
#include "undo.h"
#include "widgets.h"

namespace qis::ui {
namespace {

void apply_style() {
  ImGui::StyleColorsLight();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 0.0f;
  st.ChildRounding = 6.0f;
  st.FrameRounding = 4.0f;
  st.FramePadding = ImVec2(8.0f, 5.0f);
  st.ItemSpacing = ImVec2(10.0f, 8.0f);
  st.WindowPadding = ImVec2(16.0f, 12.0f);
  st.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
  st.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  st.Colors[ImGuiCol_FrameBg] = ImVec4(0.91f, 0.92f, 0.95f, 1.0f);
  st.Colors[ImGuiCol_FrameBgHovered] = ImVec4(0.86f, 0.89f, 0.96f, 1.0f);
  st.FrameBorderSize = 1.0f;
  st.Colors[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.85f, 1.0f);
}

}  // namespace

namespace {
constexpr float kScales[] = {0.875f, 1.0f, 1.25f};
const char* const kScaleLabels[] = {"小", "中", "大"};

void set_font_scale(float scale) {
  fonts_set_scale(scale);
  state().platform->storage_set("qis.setting.font_scale", std::to_string(scale));
}

float font_size_control_width() {
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImGui::CalcTextSize("字号 小 中 大").x + st.FramePadding.x * 6 + st.ItemSpacing.x * 3;
}

void font_size_buttons() {
  ImGui::TextColored(kColorMuted, "字号");
  for (int i = 0; i < 3; ++i) {
    ImGui::SameLine();
    if (small_button(kScaleLabels[i])) set_font_scale(kScales[i]);
  }
}
}  // namespace

// Text size (小/中/大), after the last item, right-aligned on its line, or on the next line when
// the line has no room left; remembered across visits.
void font_size_control() {
  const float w = font_size_control_width();
  same_line_if_fits(w);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
  font_size_buttons();
}

void message_banner() {
  AppState& s = state();
  // A screen reader says each new message once, errors at once (an assertive live region).
  static std::string announced;
  if (s.message.text != announced) {
    semantics::announce(s.message.text, s.message.error);
    announced = s.message.text;
  }
  if (s.message.text.empty()) return;
  // The text wraps short of the right edge, so 知道了 fits beside its last line.
  float button = button_width("知道了") + ImGui::GetStyle().ItemSpacing.x;
  if (undo_offered(s.message.text)) button += button_width("撤销") + ImGui::GetStyle().ItemSpacing.x;
  ImGui::PushStyleColor(ImGuiCol_Text, s.message.error ? kColorError : kColorOk);
  text_wrapped(s.message.text, ImGui::GetContentRegionAvail().x - button);
  ImGui::PopStyleColor();
  testhooks::label_last_item(s.message.text);
  ImGui::SameLine();
  // After a destructive action the banner offers to take it back (Ctrl+Z does the same).
  if (undo_offered(s.message.text)) {
    if (small_button("撤销")) undo();
    ImGui::SameLine();
  }
  if (small_button("知道了")) s.message = {};
}

namespace {

bool ends_with(const std::string& s, const char* tail) {
  const std::string t(tail);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// Files picked or dropped since the last frame: packages to open, evidence to attach.
void take_files() {
  AppState& s = state();
  // Several files at once (the page hands them over one per frame): each one's message is kept
  // while they keep arriving, so the banner names them all, not only the last.
  static std::vector<Message> said;
  static std::size_t files_in_batch = 0;
  static double last_arrival = -10;
  static int last_frame = -10;
  const auto note = [&] {
    if (!s.message.text.empty() && (said.empty() || said.back().text != s.message.text)) said.push_back(s.message);
  };
  auto opened = s.platform->take_opened_files();
  if (opened.empty()) return;
  // One batch: files arriving within a few frames and a second of each other (a later pick or
  // drop is a new batch: its own message stands alone).
  const double now = ImGui::GetTime();
  const int frame = ImGui::GetFrameCount();
  if (now - last_arrival > 1.0 || frame - last_frame > 3) {
    said.clear();
    files_in_batch = 0;
  }
  last_arrival = now;
  last_frame = frame;
  files_in_batch += opened.size();
  const Message before = s.message;
  s.message = {};
  for (auto& f : opened) {
    note();  // what the previous file said
    s.message = {};
    if (f.bundle) {  // a submission bundle (.zip), unpacked and hashed by the page
      if (!f.bundle_error.empty()) {
        show_message(f.bundle_error, true);
        continue;
      }
      std::vector<BundleFile> files;
      for (auto& b : f.bundle_files) {
        BundleFile x{b.path, b.size, b.sha256, std::nullopt};
        if (!b.refused.empty()) x.refused = Error{"bundle.read", b.refused, b.path};
        files.push_back(std::move(x));
      }
      if (f.not_kept > 0)
        show_message(std::to_string(f.not_kept) + " 个附件因浏览器存储空间不足未能保存在本机，核对结果不受影响，但这些文件需从提交包中另行打开。", true);
      if (f.purpose == "review" || (f.purpose == "drop" && s.reviewing)) add_review_package(f.name, f.bytes, &files);
      else import_package_file(f.name, f.bytes);  // a station continuing from its own bundle
      continue;
    }
    if (f.purpose == "ledger-csv" || (s.draft && (ends_with(f.name, ".csv") || ends_with(f.name, ".CSV")))) {
      if (s.draft) ledger_csv_arrived(f.name, f.bytes);
    } else if (f.purpose == "review" || (f.purpose == "drop" && s.reviewing && s.reviews.panel < 0)) {
      add_review_package(f.name, f.bytes);  // dropped on the evaluator workspace: a package to verify
    } else if (f.purpose == "panel" || (f.purpose == "drop" && s.reviewing)) {
      add_panel_file(f.name, f.bytes);      // dropped on a panel: an expert's review (or a panel file)
    } else if (f.purpose.rfind("evidence:", 0) == 0) {
      if (s.draft) attach_evidence(f.purpose.substr(9), f);
    } else if (f.purpose == "package" || ends_with(f.name, ".json") || ends_with(f.name, ".JSON")) {
      // An expert's review or a panel dropped on the start page belongs on the evaluator's side.
      if (!open_expert_file(f.name, f.bytes)) import_package_file(f.name, f.bytes);
    } else if (s.draft && s.screen == Screen::Items && !s.selected.empty()) {
      attach_evidence(s.selected, f);  // dropped on the item editor: evidence for that item
    } else if (s.draft) {
      show_message("要添加佐证材料，请先在“逐项评分”中选中一项，再把文件拖到页面上。", true);
    } else {
      show_message("“" + f.name + "”不是数据包。只能打开本工具导出的 .json 数据包。", true);
    }
  }
  note();
  if (said.empty()) s.message = before;
  else if (said.size() == 1) s.message = said.front();
  else {
    // Problems first: one unread warning must not hide behind a list of successes.
    std::vector<Message> shown = said;
    std::stable_sort(shown.begin(), shown.end(), [](const Message& a, const Message& b) { return a.error > b.error; });
    std::string text = "已处理 " + std::to_string(files_in_batch) + " 个文件：";
    bool error = false;
    for (auto& m : shown) {
      text += m.text;
      error |= m.error;
    }
    show_message(text, error);
  }
}

struct ScreenTab {
  const char* label;
  Screen screen;
};
constexpr ScreenTab kTabs[] = {{"单位信息", Screen::Profile},   {"逐项评分", Screen::Items},  {"得分总览", Screen::Dashboard},
                               {"提交材料", Screen::Materials}, {"服务台账", Screen::Ledger}};

void tab(const char* label, Screen screen) {
  AppState& s = state();
  const bool active = s.screen == screen;
  if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (flow_button(label)) s.screen = screen;
  if (active) semantics::name_last(std::string(label) + "（当前页）");
  if (active) ImGui::PopStyleColor();
}

// A package leaving with a required material missing: say which, and let the station choose.
void export_confirmation() {
  AppState& s = state();
  if (!ImGui::BeginPopupModal("导出前确认", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const auto lacking = missing_materials(*s.draft->rubric, s.draft->a);
  // Auto-sized, so the text wraps at a width chosen here: the screen's, up to about 28 characters.
  const float width = std::min(ImGui::GetMainViewport()->WorkSize.x - ImGui::GetFontSize() * 3, ImGui::GetFontSize() * 20);
  text_line("还缺 " + std::to_string(lacking.size()) + " 项必备材料：");
  for (const std::string& id : lacking)
    for (const auto& m : s.draft->rubric->materials)
      if (m.id == id) {
        ImGui::Bullet();
        text_wrapped(m.title, width - ImGui::GetStyle().IndentSpacing);
      }
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped("仍可导出，数据包会注明缺少的材料，评审方会看到。", width);
  ImGui::PopStyleColor();
  if (ImGui::Button("返回补齐材料")) {
    s.screen = Screen::Materials;
    ImGui::CloseCurrentPopup();
  }
  if (flow_button("仍然导出")) {
    if (s.export_as_bundle) export_bundle();
    else export_draft();
    ImGui::CloseCurrentPopup();
  }
  if (flow_button("取消") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// 导出数据包 (the package JSON) or 导出提交包 (bundle: a .zip with every evidence file); with a
// required material missing, the confirmation asks first.
void start_export(bool bundle) {
  AppState& s = state();
  Draft& d = *s.draft;
  s.export_as_bundle = bundle;
  if (!missing_materials(*d.rubric, d.a).empty()) ImGui::OpenPopup("导出前确认");
  else if (bundle) export_bundle();
  else export_draft();
}

constexpr const char* kBundleTip = "一个 .zip 文件：数据包和全部附件的原文件（任意大小），每个文件写入前核对 SHA-256。\n"
                                   "提交这一个文件，评审方打开即可逐一核对和查看附件。";

void embed_checkbox() {
  AppState& s = state();
  bool embed = s.embed_evidence;
  if (ImGui::Checkbox("嵌入附件", &embed)) set_embed_evidence(embed);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("勾选后，导出的数据包里带上附件文件本身（1 MB 以内的），评审专家打开数据包即可查看，\n"
                      "并可核对它们的 SHA-256；不勾选时只记录文件名、大小和 SHA-256，原文件需另行提交。\n"
                      "数据包约 %s。此选项会记住。",
                      human_size(static_cast<long long>(package_size_estimate())).c_str());
}

std::string save_status(const Draft& d) {
  return !d.save_error.empty() ? "未保存" : d.dirty ? "正在保存…" : "已自动保存 " + (d.saved_at.size() >= 19 ? d.saved_at.substr(11, 8) : d.saved_at);
}

std::string station_line(const Draft& d) {
  auto it = d.a.profile.find("name");
  const std::string station = it == d.a.profile.end() || it->second.empty() ? "（未填写单位名称）" : it->second;
  return station + " · " + d.rubric->title + " " + d.rubric->version;
}

// The total, labelled for the tests (the frame that shows a new total is measured).
void total_text(const Draft& d) {
  const std::string total = "得分 " + score_text_short(score_figures(d.report));
  ImGui::TextColored(kColorAccent, "%s", total.c_str());
  testhooks::label_last_item(total);
  semantics::text_last(total);
}

// Phones: one row with the menu, the total and 导出数据包; everything else in the menu.
void narrow_top_bar() {
  AppState& s = state();
  Draft& d = *s.draft;
  bool export_bundle_asked = false;  // from the menu; its confirmation opens outside the menu
  if (ImGui::Button("菜单")) ImGui::OpenPopup("menu");
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x - 16, vp->WorkSize.y * 0.9f));
  if (ImGui::BeginPopup("menu")) {
    for (const ScreenTab& t : kTabs)
      if (ImGui::Selectable(t.label, s.screen == t.screen)) s.screen = t.screen;
    ImGui::Separator();
    embed_checkbox();
    font_size_buttons();
    ImGui::TextColored(d.save_error.empty() ? kColorMuted : kColorError, "%s", save_status(d).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    text_wrapped(station_line(d), ImGui::GetFontSize() * 16);
    ImGui::PopStyleColor();
    if (ImGui::Selectable("导出提交包（含附件）")) export_bundle_asked = true;
    ImGui::Separator();
    if (ImGui::Selectable("← 首页")) {
      ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
      close_draft();
      return;
    }
    ImGui::EndPopup();
  }
  for (const ScreenTab& t : kTabs)
    if (s.screen == t.screen) {
      ImGui::SameLine();
      ImGui::TextColored(kColorMuted, "%s", t.label);
    }
  const float export_w = button_width("导出数据包");
  const std::string total = "得分 " + score_text_short(score_figures(d.report));
  same_line_if_fits(ImGui::CalcTextSize(total.c_str()).x + ImGui::GetStyle().ItemSpacing.x + export_w);
  total_text(d);
  ImGui::SameLine();
  if (ImGui::Button("导出数据包")) start_export(false);
  if (export_bundle_asked) start_export(true);
  export_confirmation();
}

void top_bar() {
  AppState& s = state();
  Draft& d = *s.draft;
  if (narrow()) {
    focus_region();
    narrow_top_bar();
    if (!s.draft) return;  // 首页 from the menu
  } else {
    focus_region();
    if (ImGui::Button("← 首页")) {
      close_draft();
      return;
    }
    for (const ScreenTab& t : kTabs) tab(t.label, t.screen);
    if (flow_button("导出数据包")) start_export(false);
    if (flow_button("导出提交包")) start_export(true);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kBundleTip);
    export_confirmation();
    same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize("嵌入附件").x + ImGui::GetStyle().ItemInnerSpacing.x);
    embed_checkbox();
    const std::string total = "得分 " + score_text_short(score_figures(d.report));
    same_line_if_fits(ImGui::CalcTextSize(total.c_str()).x);
    total_text(d);
    const std::string saved = save_status(d);
    same_line_if_fits(ImGui::CalcTextSize(saved.c_str()).x);
    ImGui::TextColored(d.save_error.empty() ? kColorMuted : kColorError, "%s", saved.c_str());

    // Second line: who and which rubric, then the text size, clear of each other.
    ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
    text_wrapped(station_line(d), ImGui::GetContentRegionAvail().x - font_size_control_width() - ImGui::GetStyle().ItemSpacing.x);
    ImGui::PopStyleColor();
    font_size_control();
  }
  if (!d.save_error.empty()) text_wrapped_colored(kColorError, d.save_error);
  if (d.changed_since_export && d.exported_at.empty() && d.report.answered >= 5)
    text_wrapped_colored(kColorWarn, "提示：草稿只保存在本浏览器中，清理浏览器数据会丢失。建议随时点“导出数据包”保存一份文件。");
  ImGui::Separator();
}

void update_summary() {
  AppState& s = state();
  std::string text;
  if (!s.draft) {
    text = "质量基础设施“一站式”服务自我评价：首页，共 " + std::to_string(kBundledRubricCount) + " 个评价表可选。";
  } else {
    const ScoreReport& r = s.draft->report;
    text = s.draft->rubric->title + "：得分 " + score_text(score_figures(r)) + "，已作答 " +
           std::to_string(r.answered) + " / " + std::to_string(r.criteria.size()) + " 项。结论：" + r.outcome_text();
  }
  if (text != s.last_summary) {
    s.platform->set_summary(text);
    s.last_summary = text;
  }
}

}  // namespace

namespace {
// What the frame's first windows show that a widget drawn later can change: the score, the
// screen, the selection. Compared before and after a pass.
std::string fingerprint() {
  const AppState& s = state();
  std::string f = std::to_string(static_cast<int>(s.screen)) + "|" + s.selected + "|" + (s.reviewing ? "r" : "") + "|" + s.message.text;
  if (s.draft) f += "|" + std::to_string(s.draft->report.total) + "|" + std::to_string(s.draft->report.answered) + "|" + s.draft->a.modified;
  f += "|" + std::to_string(s.reviews.expert.total) + "|" + s.reviews.selected + "|" + std::to_string(s.reviews.open) + "|" + std::to_string(s.reviews.panel);
  return f;
}
std::string g_fingerprint;   // at the start of the pass
bool g_changed = false;      // the pass changed it
}  // namespace

void app_init(platform::Platform& platform) {
  AppState& s = state();
  s.platform = &platform;
  s.preselected_rubric = platform.url_param("rubric").value_or("");
  if (!s.preselected_rubric.empty() && !find_bundled_rubric(s.preselected_rubric))
    show_message("链接指定的评价表“" + s.preselected_rubric + "”不存在，请从下方列表中选择。", true);
  platform.request_persistent_storage();
  platform.on_page_hide([] { flush_draft(); });
  // Reports from the page (another tab's write, a failed write, ...) wait for the next frame, so
  // state changes only between frames.
  platform.set_event_handler([](const std::string& kind, const std::string& json) {
    state().host_events.emplace_back(kind, json);
  });
  if (auto size = platform.storage_get("qis.setting.font_scale")) fonts_set_scale(std::stof(*size));
  load_settings();
  apply_style();
  // Ctrl+Tab moves between the screen's regions (focus_region), not ImGui's window list.
  ImGui::GetCurrentContext()->ConfigNavWindowingKeyNext = ImGuiKey_None;
  ImGui::GetCurrentContext()->ConfigNavWindowingKeyPrev = ImGuiKey_None;
  testhooks::enable();
}

void app_frame() {
  AppState& s = state();
  auto events = std::move(s.host_events);
  s.host_events.clear();
  for (auto& [kind, json] : events) host_event(kind, json);
  undo_frame_begin();
  g_fingerprint = fingerprint();
  take_files();
  undo_record();
  autosave_tick(ImGui::GetTime());

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  update_layout(vp->WorkSize.x, fonts_scale());
  static std::string shown_screen;
  const std::string screen = std::to_string(static_cast<int>(s.screen)) + (s.draft ? s.draft->key : "") + (s.reviewing ? "r" : "") +
                             std::to_string(s.reviews.open) + std::to_string(s.reviews.panel);
  focus_regions_new_frame(screen != shown_screen);
  shown_screen = screen;
  touch_new_frame();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowPadding = narrow() ? ImVec2(8.0f, 8.0f) : ImVec2(16.0f, 12.0f);
  // Touch screens: every control at least 40 CSS px tall, with room between them for a finger.
  const float touch_pad = std::max(5.0f, (40.0f - ImGui::GetFontSize()) * 0.5f);
  st.FramePadding = touch_seen() ? ImVec2(10.0f, touch_pad) : ImVec2(8.0f, 5.0f);
  st.ItemSpacing = touch_seen() ? ImVec2(10.0f, 10.0f) : ImVec2(10.0f, 8.0f);
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("qis", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (s.reviewing) {
    draw_review_screen();
    ImGui::End();
    update_summary();
    g_changed = fingerprint() != g_fingerprint;
    testhooks::frame_end();
    return;
  }
  undo_keys();
  if (s.draft) top_bar();
  message_banner();
  if (s.draft)
    for (const ScreenTab& t : kTabs)
      if (t.screen == s.screen) semantics::heading_virtual(t.label, 1);
  if (!s.draft) {
    ImGui::BeginChild("start", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
    focus_region();
    draw_start_screen();
    ImGui::EndChild();
  } else {
    switch (s.screen) {
      case Screen::Start:
      case Screen::Profile: draw_profile_screen(); break;
      case Screen::Materials: draw_materials_screen(); break;
      case Screen::Items: draw_items_screen(); break;
      case Screen::Ledger: draw_ledger_screen(); break;
      case Screen::Dashboard:
        ImGui::BeginChild("dash", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
        focus_region();
        draw_dashboard_screen();
        ImGui::EndChild();
        break;
    }
  }
  draw_reopen_dialog();
  ImGui::End();
  undo_record();
  update_summary();
  g_changed = fingerprint() != g_fingerprint;
  testhooks::frame_end();
}


bool app_wants_another_pass() {
  if (g_changed) return true;  // e.g. text that arrived outside ImGui's queue changed the total
  if (semantics::wants_frame()) return true;  // a screen reader's activation is carried out next pass
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!g.InputEventsQueue.empty()) return true;  // a click's release trickled to the next frame
  // A move only changes hover, a wheel only scrolls (applied before anything is drawn).
  for (const ImGuiInputEvent& e : g.InputEventsTrail)
    if (e.Type != ImGuiInputEventType_MousePos && e.Type != ImGuiInputEventType_MouseWheel && e.Type != ImGuiInputEventType_Focus) return true;
  return false;
}

const char* app_snapshot() {
  AppState& s = state();
  if (!s.draft) s.snapshot = "{}";  // no draft open
  else s.snapshot = export_package(*s.draft->rubric, s.draft->a, s.platform->today());
  return s.snapshot.c_str();
}

}  // namespace qis::ui
