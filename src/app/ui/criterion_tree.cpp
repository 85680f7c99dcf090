// The indicator tree (a panel beside the editor, or a drawer on phones) and the editor's pager
// header, shared by the item screen and the review screen.
#include <algorithm>
#include <string>

#include "criterion_editor.h"
#include "imgui.h"
#include "report.h"
#include "semantics.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

bool g_drawer_picked = false;  // a criterion was chosen in the tree this frame
bool g_tree_hidden = false;    // medium layout: the tree panel hidden with 隐藏目录

void tree_node(const NodeResult& nr, const ScoreReport& report, std::string& selected, int level = 1) {
  const Node& n = *nr.node;
  ImGui::PushID(n.id.c_str());
  const std::string score = score_of(nr.score, n.max);
  if (!n.is_criterion()) {
    const std::string label = n.title + "  " + score + "  (" + std::to_string(nr.answered) + "/" + std::to_string(nr.criteria) + ")";
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    const bool open = ImGui::TreeNodeEx("##n", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", label.c_str());
    semantics::tree_item_last(label, level, false, open ? 1 : 0);
    if (open) {
      for (auto& c : nr.children) tree_node(c, report, selected, level + 1);
      ImGui::TreePop();
    }
  } else {
    const CriterionResult* c = report.find(n.id);
    const bool done = c && c->answered && !c->error;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float r = ImGui::GetFontSize() * 0.22f, cy = p.y + ImGui::GetTextLineHeight() * 0.5f + 1;
    if (c && c->error) dl->AddCircleFilled(ImVec2(p.x + r + 2, cy), r, IM_COL32(200, 40, 40, 255));
    else if (done) dl->AddCircleFilled(ImVec2(p.x + r + 2, cy), r, IM_COL32(50, 150, 80, 255));
    else dl->AddCircle(ImVec2(p.x + r + 2, cy), r, IM_COL32(150, 150, 160, 255), 0, 1.5f);
    ImGui::Indent(r * 2 + 8);
    const std::string label = screen_label(n) + "  " + score;  // one number: 崇明 “1) 制度建设” is “1.1 制度建设”
    if (selectable_wrapped(label, selected == n.id)) {
      selected = n.id;
      g_drawer_picked = true;
    }
    semantics::tree_item_last(label + (c && c->error ? "，有错误" : done ? "，已作答" : "，未作答"), level, selected == n.id, -1);
    if (selected == n.id && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY(0.3f);
    ImGui::Unindent(r * 2 + 8);
  }
  ImGui::PopID();
}

}  // namespace

void tree_beside_editor(const std::function<void()>& draw_tree) {
  if (narrow() || (layout() == Layout::Medium && g_tree_hidden)) return;
  const float avail = ImGui::GetContentRegionAvail().x;
  float left = std::max(avail * 0.36f, ImGui::GetFontSize() * 14);
  if (layout() == Layout::Medium) left = std::min(left, avail * 0.45f);
  // NavFlattened: Tab walks from the toolbar through the tree into the editor and back.
  ImGui::BeginChild("tree", ImVec2(left, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_ResizeX | ImGuiChildFlags_NavFlattened);
  focus_region();
  ImGui::SetScrollX(0.0f);  // keyboard focus on a long entry must not scroll the tree sideways
  draw_tree();
  ImGui::EndChild();
  ImGui::SameLine();
}

void tree_button(const std::function<void()>& draw_tree) {
  if (layout() == Layout::Wide) return;
  const char* label = narrow() ? "目录" : g_tree_hidden ? "显示目录" : "隐藏目录";
  if (flow_button(label)) {
    if (narrow()) ImGui::OpenPopup("drawer");
    else g_tree_hidden = !g_tree_hidden;
  }
  if (!narrow()) return;
  // The drawer: from the left edge, most of the screen's width, the whole height.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, ImGui::GetFontSize() * 24), vp->WorkSize.y));
  if (ImGui::BeginPopup("drawer", ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
    if (ImGui::Button("关闭目录")) ImGui::CloseCurrentPopup();
    ImGui::Separator();
    ImGui::BeginChild("drawer_tree", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
    g_drawer_picked = false;
    draw_tree();
    ImGui::EndChild();
    if (g_drawer_picked) ImGui::CloseCurrentPopup();  // a criterion was chosen: show it
    ImGui::EndPopup();
  }
}

void draw_criterion_tree(const ScoreReport& report, std::string& selected) {
  semantics::begin_group(semantics::Group::Tree, "评价指标目录");
  for (auto& nr : report.tree) tree_node(nr, report, selected);
  semantics::end_group();
}

void editor_pager(const std::vector<const Node*>& criteria, std::size_t index, std::string& selected,
                  const std::function<void()>& draw_tree) {
  if (ImGui::Button("← 上一项") && index > 0) selected = criteria[index - 1]->id;
  ImGui::SameLine();
  if (ImGui::Button("下一项 →") && index + 1 < criteria.size()) selected = criteria[index + 1]->id;
  tree_button(draw_tree);
  const std::string position = "第 " + std::to_string(index + 1) + " / " + std::to_string(criteria.size()) + " 项" +
                               (narrow() ? "" : "（PageUp / PageDown 切换）");
  same_line_if_fits(ImGui::CalcTextSize(position.c_str()).x);
  ImGui::TextColored(kColorMuted, "%s", position.c_str());
  testhooks::label_last_item("position " + criteria[index]->id);
}

}  // namespace qis::ui
