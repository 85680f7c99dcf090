#include "documents.h"

#include <algorithm>

#include "docx.h"
#include "imgui.h"
#include "platform.h"
#include "state.h"
#include "widgets.h"

namespace qis::ui {

namespace {
const char* kDocxMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
ImVec2 g_popup_at;        // under the button that opened the documents popup
std::string g_popup_open;  // opened from inside a menu: opened at begin_documents_popup()'s level
}

void output_document(DocumentKind kind, const DocumentInput& in, bool docx, const std::string& station) {
  const std::string title = document_title(*in.rubric, kind);
  if (docx) {
    state().platform->download_zip(station + "-" + title + ".docx", render_document_docx_parts(kind, in), kDocxMime);
    show_message("已下载“" + title + "”的 Word 文档（.docx），可在 Word 或 WPS 中修改、打印后盖章。");
  } else {
    state().platform->print_html(render_document(kind, in));
    show_message("已生成“" + title + "”，可在打印对话框中打印或另存为 PDF。");
  }
}

void document_rows(const Rubric& rubric, const std::vector<DocumentKind>& kinds, const std::string& id,
                   const std::function<void(DocumentKind, bool)>& chosen, const std::function<bool(DocumentKind)>& enabled) {
  for (DocumentKind kind : kinds) {
    const std::string name = document_kind_name(kind);
    const bool on = !enabled || enabled(kind);
    ImGui::BeginDisabled(!on);
    // Each document on a line of its own; Word follows it where the line has room.
    const bool print = flow_button_wrapped("打印" + document_title(rubric, kind) + "##" + id + "-" + name, true);
    const bool word = flow_button(("Word 文档##" + id + "x-" + name).c_str());
    ImGui::EndDisabled();
    if (print || word) chosen(kind, word);
  }
}

void open_documents_popup(const char* id) {
  g_popup_at = ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y);
  g_popup_open = id;
}

bool begin_documents_popup(const char* id) {
  if (g_popup_open == id) {
    ImGui::OpenPopup(id);
    g_popup_open.clear();
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = std::min(ImGui::GetFontSize() * 34, vp->WorkSize.x - 16);
  // Kept inside the screen from the first frame, so a click lands where the popup was drawn.
  const float x = std::max(vp->WorkPos.x + 8, std::min(g_popup_at.x, vp->WorkPos.x + vp->WorkSize.x - width - 8));
  ImGui::SetNextWindowPos(ImVec2(x, g_popup_at.y), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  return ImGui::BeginPopup(id);
}

std::string station_document_date(const Assessment& a) { return a.modified.size() >= 10 ? a.modified.substr(0, 10) : ""; }

}  // namespace qis::ui
