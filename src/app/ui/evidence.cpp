#include "evidence.h"

#include <algorithm>
#include <optional>
#include <set>

#include "base64.h"
#include "imgui.h"
#include "platform.h"
#include "rank.h"
#include "review.h"
#include "safe_text.h"
#include "sha256.h"
#include "state.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

bool starts_with(std::string_view s, std::string_view head) { return s.substr(0, head.size()) == head; }

// The file's base64: embedded in the package, else kept in this browser when it was attached.
std::optional<std::string> base64_of(const EvidenceItem& e) {
  if (!e.data_base64.empty()) return e.data_base64;
  return stored_evidence_base64(e.sha256);
}

}  // namespace

std::string viewable_type(std::string_view b) {
  if (starts_with(b, "%PDF-")) return "application/pdf";
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts_with(b, "\xff\xd8\xff")) return "image/jpeg";
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return "image/gif";
  if (b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  if (starts_with(b, "BM")) return "image/bmp";
  return "";
}

void open_evidence(const EvidenceItem& e, EvidenceAction action) {
  auto& s = state();
  auto text = base64_of(e);
  if (!text && s.platform->file_kept(e.sha256)) {
    // Kept by the page (a large file, or one from a submission bundle): checked and shown there.
    s.platform->open_kept_file(e.sha256, e.name, action == EvidenceAction::View);
    show_message("正在核对“" + e.name + "”的 SHA-256…");
    return;
  }
  if (!text) {
    show_message("“" + e.name + "”的文件不在此处：数据包只记录了它的摘要（SHA-256）。请向申报单位索取原文件。", true);
    return;
  }
  auto bytes = base64_decode(*text);
  if (!bytes) {
    show_message("“" + e.name + "”的嵌入内容已损坏（不是有效的 base64），未打开。请向申报单位索取原文件。", true);
    return;
  }
  // Checked every time, not only on opening the package: what is shown is what the station signed.
  const std::string hash = sha256_hex(*bytes);
  if (hash != e.sha256 || static_cast<std::int64_t>(bytes->size()) != e.size) {
    show_message("“" + e.name + "”与数据包记录的摘要不一致（记录 SHA-256 " + e.sha256.substr(0, 16) + "…，实际 " +
                     hash.substr(0, 16) + "…；记录 " + std::to_string(e.size) + " 字节，实际 " + std::to_string(bytes->size()) +
                     " 字节），文件可能被改动，未打开。请向申报单位核实。",
                 true);
    return;
  }
  const std::string type = viewable_type(*bytes);
  if (action == EvidenceAction::View && !type.empty()) {
    s.platform->open_in_viewer(e.name, *bytes, type);
    show_message("已在新标签页中打开“" + e.name + "”（SHA-256 核对一致）。");
    return;
  }
  s.platform->download(e.name, *bytes, type.empty() ? (e.type.empty() ? "application/octet-stream" : e.type) : type);
  show_message(action == EvidenceAction::View ? "浏览器不能直接显示“" + e.name + "”这类文件，已下载，请用相应的软件打开（SHA-256 核对一致）。"
                                              : "已保存“" + e.name + "”（SHA-256 核对一致）。");
}

// Whether the file's bytes can be had, asked every frame: kept files are remembered (they are
// never removed from the store).
static bool file_at_hand(const EvidenceItem& e) {
  static std::set<std::string> kept;
  if (kept.count(e.sha256)) return true;
  if (!evidence_at_hand(e)) return false;
  kept.insert(e.sha256);
  return true;
}

std::string evidence_unavailable(const EvidenceItem& e, const BundleEntryCheck* check) {
  if (check && e.data_base64.empty()) {
    if (check->status == "size" || check->status == "altered")
      return "提交包中有此文件，但其内容与数据包记录的 SHA-256 不一致（已被改动），不予打开；请向申报单位核实";
    if (check->status == "missing") return "提交包中没有此文件，数据包只记录了它的摘要；请向申报单位索取";
    if (check->status == "refused") return "提交包中的此文件无法读取，未打开；请向申报单位重新索取提交包";
    if (!file_at_hand(e)) return "提交包中的此文件未能保存在本浏览器中，请再次打开该提交包";
    return "";
  }
  return file_at_hand(e) ? "" : "文件未随数据包提供，只有摘要";
}

void evidence_buttons(const EvidenceItem& e, const BundleEntryCheck* check) {
  const std::string why = evidence_unavailable(e, check);
  ImGui::BeginDisabled(!why.empty());
  if (small_button("打开")) open_evidence(e, EvidenceAction::View);
  testhooks::label_last_item("open " + e.name);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", why.empty() ? "PDF 和图片在新标签页中用浏览器查看；其他文件下载后用相应软件打开" : why.c_str());
  ImGui::SameLine();
  if (small_button("保存")) open_evidence(e, EvidenceAction::Save);
  testhooks::label_last_item("save " + e.name);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", why.empty() ? ("以原文件名“" + e.name + "”保存").c_str() : why.c_str());
  ImGui::EndDisabled();
}

float evidence_buttons_width() { return button_width("打开") + ImGui::GetStyle().ItemSpacing.x + button_width("保存"); }

void evidence_row(const EvidenceItem& e, const BundleEntryCheck* check) {
  ImGui::PushID(e.id.c_str());
  ImGui::Bullet();
  ImGui::SameLine();
  // The name as the terminal shows it: a line break or bidi control in it is a visible U+FFFD.
  text_wrapped(qis::one_line_text(e.name) + "  " + human_size(e.size) + "  SHA-256 " + e.sha256.substr(0, 16) + "…");
  testhooks::label_last_item("evidence " + e.name + " " + e.sha256);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("SHA-256：%s\n类型：%s", e.sha256.c_str(), e.type.empty() ? "未知" : e.type.c_str());
  same_line_if_fits(evidence_buttons_width());
  evidence_buttons(e, check);
  // What is wrong with a bundle's file is said on the page, not only in a tooltip.
  if (check && check->status != "ok" && check->status != "embedded") {
    const std::string why = "“" + e.name + "”：" + evidence_unavailable(e, check);
    ImGui::Indent();
    text_wrapped_colored(kColorError, why);
    testhooks::label_last_item("evidence status " + why);
    ImGui::Unindent();
  }
  ImGui::PopID();
}

void evidence_overview(const Assessment& a, const Rubric& rubric, const std::vector<BundleEntryCheck>* checks) {
  const std::string label = "全部附件（" + std::to_string(a.evidence.size()) + " 个）";
  ImGui::BeginDisabled(a.evidence.empty());
  same_line_if_fits(button_width(label.c_str()));
  if (ImGui::Button((label + "##evidence").c_str())) ImGui::OpenPopup("evidence_overview");
  ImGui::EndDisabled();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * (narrow() ? 0.95f : 0.7f), 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x, vp->WorkSize.y * 0.8f));
  if (!ImGui::BeginPopup("evidence_overview")) return;
  heading("申报单位提交的附件");
  // Counted when the popup opens and drawn a page at a time: a frame's work does not grow with
  // the number of files.
  constexpr std::size_t kPage = 50;
  static int here = 0;
  static std::size_t page = 0;
  if (ImGui::IsWindowAppearing()) {
    here = 0;
    for (std::size_t i = 0; i < a.evidence.size(); ++i)
      here += evidence_unavailable(a.evidence[i], checks && i < checks->size() ? &(*checks)[i] : nullptr).empty() ? 1 : 0;
    page = 0;
  }
  text_wrapped_colored(kColorMuted, std::to_string(a.evidence.size()) + " 个附件，其中 " + std::to_string(here) +
                                        " 个的文件在此（随数据包嵌入或来自提交包），可直接打开；打开前核对 SHA-256。PDF 和图片在新标签页中打开，其他文件下载。");
  const std::size_t pages = (a.evidence.size() + kPage - 1) / kPage;
  page = std::min(page, pages ? pages - 1 : 0);
  if (pages > 1) {
    ImGui::BeginDisabled(page == 0);
    if (small_button("上一页##evidence")) --page;
    ImGui::EndDisabled();
    ImGui::SameLine();
    text_line("第 " + std::to_string(page + 1) + " / " + std::to_string(pages) + " 页");
    ImGui::SameLine();
    ImGui::BeginDisabled(page + 1 >= pages);
    if (small_button("下一页##evidence")) ++page;
    ImGui::EndDisabled();
  }
  for (std::size_t i = page * kPage; i < a.evidence.size() && i < (page + 1) * kPage; ++i) {
    const EvidenceItem& e = a.evidence[i];
    evidence_row(e, checks && i < checks->size() ? &(*checks)[i] : nullptr);
    std::string targets;
    for (auto& t : e.criteria) targets += (targets.empty() ? "" : "、") + target_label(rubric, t);
    ImGui::Indent();
    text_wrapped_colored(kColorMuted, "用于：" + (targets.empty() ? std::string("（未关联）") : targets));
    if (!e.note.empty()) text_wrapped_colored(kColorWarn, e.note);
    ImGui::Unindent();
  }
  if (ImGui::Button("关闭##evidence")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace qis::ui
