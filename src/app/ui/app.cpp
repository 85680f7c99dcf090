// The app: shared state, the top bar, files arriving from the page, autosave, and which screen
// to draw. Each screen lives in its own file (screens.h).
#include "app.h"

#include <string>

#include "bundled.h"
#include "fonts.h"
#include "imgui.h"
#include "package.h"
#include "platform.h"
#include "procedure.h"
#include "screens.h"
#include "state.h"
#include "test_hooks.h"
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

// Text size (小/中/大), right-aligned on the current line, remembered across visits.
void font_size_control() {
  AppState& s = state();
  const float w = ImGui::CalcTextSize("字号 小 中 大").x + ImGui::GetStyle().FramePadding.x * 6 + ImGui::GetStyle().ItemSpacing.x * 3;
  const float x = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w;
  const float y = ImGui::GetCursorPosY();
  ImGui::SetCursorPos(ImVec2(x, y));
  ImGui::TextColored(kColorMuted, "字号");
  const char* labels[] = {"小", "中", "大"};
  const float scales[] = {0.875f, 1.0f, 1.25f};
  for (int i = 0; i < 3; ++i) {
    ImGui::SameLine();
    if (ImGui::SmallButton(labels[i])) {
      fonts_set_scale(scales[i]);
      s.platform->storage_set("qis.setting.font_scale", std::to_string(scales[i]));
    }
  }
  ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, y));
}

void message_banner() {
  AppState& s = state();
  if (s.message.text.empty()) return;
  text_wrapped_colored(s.message.error ? kColorError : kColorOk, s.message.text);
  testhooks::label_last_item(s.message.text);
  ImGui::SameLine();
  if (ImGui::SmallButton("知道了")) s.message = {};
}

namespace {

bool ends_with(const std::string& s, const char* tail) {
  const std::string t(tail);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// Files picked or dropped since the last frame: packages to open, evidence to attach.
void take_files() {
  AppState& s = state();
  for (auto& f : s.platform->take_opened_files()) {
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
      import_package_file(f.name, f.bytes);
    } else if (s.draft && s.screen == Screen::Items && !s.selected.empty()) {
      attach_evidence(s.selected, f);  // dropped on the item editor: evidence for that item
    } else if (s.draft) {
      show_message("要添加佐证材料，请先在“逐项评分”中选中一项，再把文件拖到页面上。", true);
    } else {
      show_message("“" + f.name + "”不是数据包。只能打开本工具导出的 .json 数据包。", true);
    }
  }
}

void tab(const char* label, Screen screen) {
  AppState& s = state();
  const bool active = s.screen == screen;
  if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (ImGui::Button(label)) s.screen = screen;
  if (active) ImGui::PopStyleColor();
  ImGui::SameLine();
}

// A package leaving with a required material missing: say which, and let the station choose.
void export_confirmation() {
  AppState& s = state();
  if (!ImGui::BeginPopupModal("导出前确认", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const auto lacking = missing_materials(*s.draft->rubric, s.draft->a);
  ImGui::TextUnformatted(("还缺 " + std::to_string(lacking.size()) + " 项必备材料：").c_str());
  for (const std::string& id : lacking)
    for (const auto& m : s.draft->rubric->materials)
      if (m.id == id) ImGui::BulletText("%s", m.title.c_str());
  ImGui::TextColored(kColorMuted, "仍可导出，数据包会注明缺少的材料，评审方会看到。");
  if (ImGui::Button("返回补齐材料")) {
    s.screen = Screen::Materials;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("仍然导出")) {
    if (s.export_as_bundle) export_bundle();
    else export_draft();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("取消") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void top_bar() {
  AppState& s = state();
  Draft& d = *s.draft;
  if (ImGui::Button("← 首页")) {
    close_draft();
    return;
  }
  ImGui::SameLine();
  tab("单位信息", Screen::Profile);
  tab("逐项评分", Screen::Items);
  tab("得分总览", Screen::Dashboard);
  tab("提交材料", Screen::Materials);
  tab("服务台账", Screen::Ledger);
  if (ImGui::Button("导出数据包")) {
    s.export_as_bundle = false;
    if (missing_materials(*d.rubric, d.a).empty()) export_draft();
    else ImGui::OpenPopup("导出前确认");
  }
  ImGui::SameLine();
  if (ImGui::Button("导出提交包")) {
    s.export_as_bundle = true;
    if (missing_materials(*d.rubric, d.a).empty()) export_bundle();
    else ImGui::OpenPopup("导出前确认");
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("一个 .zip 文件：数据包和全部附件的原文件（任意大小），每个文件写入前核对 SHA-256。\n"
                      "提交这一个文件，评审方打开即可逐一核对和查看附件。");
  export_confirmation();
  ImGui::SameLine();
  bool embed = s.embed_evidence;
  if (ImGui::Checkbox("嵌入附件", &embed)) set_embed_evidence(embed);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("勾选后，导出的数据包里带上附件文件本身（1 MB 以内的），评审专家打开数据包即可查看，\n"
                      "并可核对它们的 SHA-256；不勾选时只记录文件名、大小和 SHA-256，原文件需另行提交。\n"
                      "数据包约 %s。此选项会记住。",
                      human_size(static_cast<long long>(package_size_estimate())).c_str());
  ImGui::SameLine();
  const std::string total = "得分 " + score_text_short(score_figures(d.report));
  ImGui::TextColored(kColorAccent, "%s", total.c_str());
  ImGui::SameLine();
  const std::string saved = !d.save_error.empty() ? "未保存" : d.dirty ? "正在保存…" : "已自动保存 " + (d.saved_at.size() >= 19 ? d.saved_at.substr(11, 8) : d.saved_at);
  ImGui::TextColored(d.save_error.empty() ? kColorMuted : kColorError, "%s", saved.c_str());

  font_size_control();  // right end of the second line, clear of the tabs
  auto it = d.a.profile.find("name");
  const std::string station = it == d.a.profile.end() || it->second.empty() ? "（未填写单位名称）" : it->second;
  ImGui::TextColored(kColorMuted, "%s · %s %s", station.c_str(), d.rubric->title.c_str(), d.rubric->version.c_str());
  if (!d.save_error.empty()) text_wrapped_colored(kColorError, d.save_error);
  if (d.changed_since_export && d.exported_at.empty() && d.report.answered >= 5)
    text_wrapped_colored(kColorWarn, "提示：草稿只保存在本浏览器中，清理浏览器数据会丢失。建议随时点“导出数据包”保存一份文件。");
  ImGui::Separator();
}

void update_summary() {
  AppState& s = state();
  std::string text;
  if (!s.draft) {
    text = "质量基础设施“一站式”服务自我评价：首页，共 " + std::to_string(s.rubrics.size()) + " 个评价表可选。";
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

void app_init(platform::Platform& platform) {
  AppState& s = state();
  s.platform = &platform;
  std::vector<Error> errors;
  s.rubrics = load_bundled_rubrics(&errors);
  for (auto& e : errors) show_message("内置评价表加载失败：" + e.message, true);
  s.preselected_rubric = platform.url_param("rubric").value_or("");
  if (!s.preselected_rubric.empty() && !find_rubric(s.preselected_rubric))
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
  testhooks::enable();
}

void app_frame() {
  AppState& s = state();
  auto events = std::move(s.host_events);
  s.host_events.clear();
  for (auto& [kind, json] : events) host_event(kind, json);
  take_files();
  autosave_tick(ImGui::GetTime());

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("qis", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (s.reviewing) {
    draw_review_screen();
    ImGui::End();
    update_summary();
    testhooks::frame_end();
    return;
  }
  if (s.draft) top_bar();
  message_banner();
  if (!s.draft) {
    ImGui::BeginChild("start", ImVec2(0, 0));
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
        ImGui::BeginChild("dash", ImVec2(0, 0));
        draw_dashboard_screen();
        ImGui::EndChild();
        break;
    }
  }
  draw_reopen_dialog();
  ImGui::End();
  update_summary();
  testhooks::frame_end();
}

const char* app_snapshot() {
  AppState& s = state();
  if (!s.draft) s.snapshot = "{}";  // no draft open
  else s.snapshot = export_package(*s.draft->rubric, s.draft->a, s.platform->today());
  return s.snapshot.c_str();
}

}  // namespace qis::ui
