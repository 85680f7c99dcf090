// The item editor: the indicator tree on the left; on the right the exact official wording of
// the selected criterion, the input its rule kind needs, notes, evidence and the live reason.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "evidence.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.h"
#include "rules.h"
#include "safe_text.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

bool g_drawer_picked = false;  // a criterion was chosen in the tree this frame

std::map<std::string, std::string>& widget_errors() {
  static std::map<std::string, std::string> errors;
  return errors;
}

// Where the widget's answers go: the station's draft, or an expert's review.
const AnswerSink* g_sink = nullptr;

// Stores `candidate` as the answer if it is valid (or a graded answer still being filled in);
// otherwise keeps the previous answer and shows why at the widget.
void try_commit(const Node& n, const Json& candidate) {
  if (!is_in_progress(n, candidate)) {
    if (auto err = validate_answer(n, candidate)) {
      const std::string prefix = "“" + n.title + "”（" + n.id + "）：";
      widget_errors()[n.id] = err->message.rfind(prefix, 0) == 0 ? err->message.substr(prefix.size()) : err->message;
      return;
    }
  }
  widget_errors().erase(n.id);
  (*g_sink)(candidate);
}

double to_double(Milli m) { return static_cast<double>(m) / 1000.0; }

void muted(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped(text);
  ImGui::PopStyleColor();
}

// A field's label goes to its right, or above it when the line has no room for it (phones):
// returns the label to pass to the widget.
std::string field_label(const std::string& label) {
  const std::size_t hidden = label.find("##");
  const std::string shown = label.substr(0, hidden);
  const float room = ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 9.0f - ImGui::GetStyle().ItemInnerSpacing.x;
  if (shown.empty() || ImGui::CalcTextSize(shown.c_str()).x <= room) return label;
  text_wrapped(shown);
  return "##" + label;
}

// A number field; returns true with `out` set when the user changed it.
bool number_input(const char* label, double current, double step, double& out) {
  double v = current;
  const std::string shown = field_label(label);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  const bool changed = ImGui::InputDouble(shown.c_str(), &v, step, step * 5, "%.10g");
  semantics::field_last(std::string(label).substr(0, std::string(label).find("##")), format_milli(static_cast<Milli>(std::llround(v * 1000))));
  if (changed) out = v;
  return changed;
}

bool count_input(const char* label, long long current, long long& out) {
  long long v = current;
  const std::string shown = field_label(label);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  const long long one = 1, ten = 10;
  const bool changed = ImGui::InputScalar(shown.c_str(), ImGuiDataType_S64, &v, &one, &ten);
  semantics::field_last(std::string(label).substr(0, std::string(label).find("##")), std::to_string(v));
  if (changed) out = v;
  return changed;
}

Json number_json(double v) {
  const double r = std::round(v);
  if (std::fabs(v - r) < 1e-9 && std::fabs(r) < 1e15) return Json(static_cast<long long>(r));
  return Json(v);
}

void answer_widget_impl(const Node& n, const Json* answer) {
  const Rule& r = *n.rule;
  Json cur = answer ? *answer : Json::object();
  switch (r.kind) {
    case RuleKind::Checklist: {
      Json checked = cur.contains("checked") && cur["checked"].is_array() ? cur["checked"] : Json::array();
      for (auto& o : r.options) {
        bool on = std::find(checked.begin(), checked.end(), Json(o.id)) != checked.end();
        // A short id is the document's own enumeration ("1", "a"); a longer one is internal.
        const std::string label = (o.id.size() <= 3 ? "(" + o.id + ") " : std::string()) + o.text + "（" + format_milli(o.points) + " 分）";
        ImGui::PushID(o.id.c_str());
        const bool toggled = ImGui::Checkbox("##c", &on);
        semantics::checkbox_last(label, on);
        if (toggled) {
          Json next = cur;
          Json list = Json::array();
          for (auto& x : r.options) {
            const bool was = std::find(checked.begin(), checked.end(), Json(x.id)) != checked.end();
            if (x.id == o.id ? on : was) list.push_back(x.id);
          }
          next["checked"] = list;
          try_commit(n, next);
        }
        ImGui::SameLine();
        label_wrapped(label);
        ImGui::PopID();
      }
      if (r.extra_allowed) {
        long long extra = cur.contains("extra") && cur["extra"].is_number_integer() ? cur["extra"].get<long long>() : 0, v;
        if (count_input((r.extra_text + "（每项 " + format_milli(r.extra_points) + " 分）").c_str(), extra, v)) {
          Json next = cur;
          if (!next.contains("checked")) next["checked"] = Json::array();
          next["extra"] = v;
          try_commit(n, next);
        }
      }
      if (!answer && small_button("以上均不符合（0 分）")) try_commit(n, Json{{"checked", Json::array()}});
      break;
    }
    case RuleKind::Count: {
      const bool has = cur.contains("count") && cur["count"].is_number_integer();
      long long c = has ? cur["count"].get<long long>() : 0, v;
      const std::string label = "数量（" + r.unit + "）";
      if (has) {
        if (count_input(label.c_str(), c, v)) try_commit(n, Json{{"count", v}});
      } else {
        // Unanswered: an empty field, not a 0 that reads as an answer beside “未作答”.
        std::string typed;
        const std::string shown = field_label(label);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
        const bool edited = ImGui::InputTextWithHint(shown.c_str(), "未作答", &typed, ImGuiInputTextFlags_CharsDecimal);
        semantics::field_last(label + "（未作答）", typed);
        if (edited) {
          char* end = nullptr;
          const long long parsed = std::strtoll(typed.c_str(), &end, 10);
          if (!typed.empty() && end && *end == '\0') try_commit(n, Json{{"count", parsed}});
        }
      }
      if (!answer) {
        same_line_if_fits(button_width("填 0"));
        if (small_button("填 0")) try_commit(n, Json{{"count", 0}});
      }
      std::string rule = r.per == kMilli ? "每 1 " + r.unit + " 得 " + format_milli(r.points) + " 分"
                                         : "每 " + format_milli(r.per) + " " + r.unit + " 得 " + format_milli(r.points) + " 分（按整数计）";
      muted(rule + "，最高 " + format_milli(n.max) + " 分");
      break;
    }
    case RuleKind::Levels: {
      const int chosen = cur.contains("level") && cur["level"].is_number_integer() ? cur["level"].get<int>() : -1;
      semantics::begin_group(semantics::Group::RadioGroup, "评分档次");
      for (std::size_t i = 0; i < r.levels.size(); ++i) {
        const Level& l = r.levels[i];
        ImGui::PushID(static_cast<int>(i));
        const std::string pts = l.is_range() ? format_milli(l.min) + "~" + format_milli(l.max) + " 分" : format_milli(l.min) + " 分";
        const std::string level_text = l.text + "【" + pts + "】" + (l.implied ? "（原文未列此档）" : "");
        const bool picked = ImGui::RadioButton("##lv", chosen == static_cast<int>(i));
        semantics::radio_last(level_text, chosen == static_cast<int>(i));
        if (picked) {
          Json next{{"level", i}};
          if (l.is_range()) next["value"] = number_json(to_double(l.max));
          try_commit(n, next);
        }
        ImGui::SameLine();
        label_wrapped(level_text);
        if (chosen == static_cast<int>(i) && l.is_range()) {
          ImGui::Indent();
          double out;
          const double v = cur.contains("value") && cur["value"].is_number() ? cur["value"].get<double>() : to_double(l.max);
          if (number_input(("评分（" + pts + "）").c_str(), v, to_double(r.step), out))
            try_commit(n, Json{{"level", i}, {"value", number_json(out)}});
          ImGui::Unindent();
        }
        ImGui::PopID();
      }
      semantics::end_group();
      break;
    }
    case RuleKind::Judgment: {
      double out;
      const double v = cur.contains("value") && cur["value"].is_number() ? cur["value"].get<double>() : 0.0;
      const std::string label = "评分（" + format_milli(r.min) + "~" + format_milli(r.max) + " 分）";
      if (number_input(label.c_str(), v, to_double(r.step), out)) try_commit(n, Json{{"value", number_json(out)}});
      if (!answer) {
        same_line_if_fits(button_width("确认 0 分"));
        if (small_button("确认 0 分")) try_commit(n, Json{{"value", 0}});
      }
      ImGui::TextColored(kColorMuted, "步长 %s 分", format_milli(r.step).c_str());
      break;
    }
    case RuleKind::GradedItems: {
      Json items = cur.contains("items") && cur["items"].is_object() ? cur["items"] : Json::object();
      muted("每项 " + format_milli(r.item_points) + " 分。完整：" + r.full_text + "；不充分：" + r.partial.text + "（" +
            format_milli(r.partial.min) + "~" + format_milli(r.partial.max) + " 分）；缺少：" + r.missing_text + "（扣 " +
            format_milli(r.missing_deduct) + " 分）。");
      // Phones: each sub-item's text above its three choices, not a squeezed second column.
      const bool table = !narrow();
      if (!table || ImGui::BeginTable("graded", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        if (table) {
          ImGui::TableSetupColumn("子项", ImGuiTableColumnFlags_WidthStretch, 1.0f);
          ImGui::TableSetupColumn("评定", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        }
        for (auto& o : r.options) {
          ImGui::PushID(o.id.c_str());
          if (table) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
          } else {
            ImGui::Separator();
          }
          text_wrapped(o.text);
          if (table) ImGui::TableNextColumn();
          const std::string st = items.contains(o.id) && items[o.id].contains("state") ? items[o.id]["state"].get<std::string>() : "";
          auto set = [&](Json item) {
            Json next = cur;
            next["items"][o.id] = item;
            try_commit(n, next);
          };
          if (radio_flow("完整", st == "full", true)) set({{"state", "full"}});
          if (radio_flow("不充分", st == "partial", false)) set({{"state", "partial"}, {"value", number_json(to_double(r.partial.max))}});
          if (radio_flow("缺少", st == "missing", false)) set({{"state", "missing"}});
          if (st == "partial") {
            double out;
            const double v = items[o.id].contains("value") && items[o.id]["value"].is_number() ? items[o.id]["value"].get<double>() : 0;
            if (number_input("分", v, to_double(r.step), out)) set({{"state", "partial"}, {"value", number_json(out)}});
          }
          ImGui::PopID();
        }
        if (table) ImGui::EndTable();
      }
      break;
    }
    case RuleKind::Bands: {
      double out;
      const double v = cur.contains("value") && cur["value"].is_number() ? cur["value"].get<double>() : 0.0;
      const std::string label = r.value_label + "（" + r.value_unit + "）";
      if (number_input(label.c_str(), v, 1.0, out)) {
        Json next{{"value", number_json(out)}};
        // The band the scoring places the value in (bands may exclude their lower bound).
        if (auto m = to_milli(out)) {
          const Band& b = band_for(r, *m);
          if (b.points.is_range()) next["judgment"] = number_json(to_double(b.points.max));
        }
        try_commit(n, next);
      }
      for (auto& b : r.bands) {
        const std::string pts = b.points.is_range() ? format_milli(b.points.min) + "~" + format_milli(b.points.max) + " 分"
                                                    : format_milli(b.points.min) + " 分";
        ImGui::Bullet();
        text_wrapped(b.points.text + " → " + pts);
      }
      if (cur.contains("judgment")) {
        double j = cur["judgment"].is_number() ? cur["judgment"].get<double>() : 0;
        if (number_input("该档评分", j, to_double(r.step), out)) {
          Json next = cur;
          next["judgment"] = number_json(out);
          try_commit(n, next);
        }
      }
      break;
    }
    case RuleKind::Highest: {
      Json sel = cur.contains("selected") && cur["selected"].is_array() ? cur["selected"] : Json::array();
      for (auto& o : r.options) {
        bool on = std::find(sel.begin(), sel.end(), Json(o.id)) != sel.end();
        ImGui::PushID(o.id.c_str());
        if (checkbox_wrapped(o.text + "（" + format_milli(o.points) + " 分）", &on)) {
          Json list = Json::array();
          for (auto& x : r.options) {
            const bool was = std::find(sel.begin(), sel.end(), Json(x.id)) != sel.end();
            if (x.id == o.id ? on : was) list.push_back(x.id);
          }
          try_commit(n, Json{{"selected", list}});
        }
        ImGui::PopID();
      }
      if (!answer && small_button("均未获得（0 分）")) try_commit(n, Json{{"selected", Json::array()}});
      muted("可多选，按最高等级计分。");
      break;
    }
    case RuleKind::CategoryCounts: {
      Json counts = cur.contains("counts") && cur["counts"].is_object() ? cur["counts"] : Json::object();
      for (auto& o : r.options) {
        ImGui::PushID(o.id.c_str());
        long long c = counts.contains(o.id) && counts[o.id].is_number_integer() ? counts[o.id].get<long long>() : 0, v;
        if (count_input((o.text + "（" + r.unit + "）").c_str(), c, v)) {
          Json next = Json{{"counts", counts}};
          next["counts"][o.id] = v;
          try_commit(n, next);
        }
        ImGui::PopID();
      }
      muted("每 " + format_milli(r.per) + " " + r.unit + " 得 " + format_milli(r.points) + " 分，每类最高 " + format_milli(r.cap_each) +
            " 分，合计最高 " + format_milli(n.max) + " 分。");
      if (!answer && small_button("均为 0")) try_commit(n, Json{{"counts", Json::object()}});
      break;
    }
    case RuleKind::YesNo: {
      const int v = cur.contains("yes") && cur["yes"].is_boolean() ? (cur["yes"].get<bool>() ? 1 : 2) : 0;
      const std::string yes = "符合（" + format_milli(r.points) + " 分）";
      semantics::begin_group(semantics::Group::RadioGroup, "是否符合");
      const bool picked_yes = ImGui::RadioButton(yes.c_str(), v == 1);
      semantics::radio_last(yes, v == 1);
      if (picked_yes) try_commit(n, Json{{"yes", true}});
      same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize("不符合（0 分）").x + ImGui::GetStyle().ItemInnerSpacing.x);
      const bool picked_no = ImGui::RadioButton("不符合（0 分）", v == 2);
      semantics::radio_last("不符合（0 分）", v == 2);
      semantics::end_group();
      if (picked_no) try_commit(n, Json{{"yes", false}});
      break;
    }
  }
}

}  // namespace

void answer_widget(const Node& n, const Json* answer, const AnswerSink& sink) {
  g_sink = &sink;
  answer_widget_impl(n, answer);
  if (auto e = widget_errors().find(n.id); e != widget_errors().end()) text_wrapped_colored(kColorError, "未接受：" + e->second);
  g_sink = nullptr;
}

void forget_widget_error(const std::string& id) { widget_errors().erase(id); }

namespace {

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

void attach_button(const char* target) {
  if (small_button("添加附件…")) state().platform->open_files(std::string("evidence:") + target, "");
  if (ImGui::IsItemHovered()) {
    const std::string space = storage_space_text();
    ImGui::SetTooltip("扫描件、照片等，任意大小，可一次选多个；文件保存在本浏览器中，导出提交包时一并打包。%s%s",
                      space.empty() ? "" : "\n", space.c_str());
  }
  Draft& d = *state().draft;
  bool any_other = false;
  for (auto& e : d.a.evidence) any_other |= std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end();
  if (any_other) {
    same_line_if_fits(button_width("引用已有附件…"));
    if (small_button("引用已有附件…")) ImGui::OpenPopup("cite");
    if (ImGui::BeginPopup("cite")) {
      for (auto& e : d.a.evidence)
        if (std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end() && ImGui::Selectable(qis::one_line_text(e.name).c_str())) {
          cite_evidence(e.id, target);
          break;
        }
      ImGui::EndPopup();
    }
  }
}

}  // namespace

namespace {
bool g_tree_hidden = false;  // medium layout: the tree panel hidden with 隐藏目录
}

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

void draw_official_text(const Node& n) {
  ImGui::PushStyleColor(ImGuiCol_Text, kColorAccent);
  text_wrappedf("%s（%s 分）%s", screen_label(n).c_str(), format_milli(n.max).c_str(), n.bonus ? " · 加分项" : "");  // one number, as in the tree
  if (n.title_by_tool) ImGui::TextColored(kColorMuted, "（%s）", kToolTitleNote);
  ImGui::PopStyleColor();
  if (!n.clause.empty()) ImGui::TextColored(kColorMuted, "出处：%s", n.clause.c_str());
  if (!n.requirement.empty()) {
    text_line("内容要求：");
    ImGui::SameLine();
    text_wrapped(n.requirement);
  }
  text_line("评分标准（原文）：");
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.97f, 0.96f, 0.90f, 1.0f));
  const ImGuiStyle& st = ImGui::GetStyle();
  const float wrap = ImGui::GetContentRegionAvail().x - st.WindowPadding.x * 2 - st.ChildBorderSize * 2;
  const float text_h = ImGui::CalcTextSize(wrap_text(n.text, wrap).c_str()).y + st.WindowPadding.y * 2 + 4;
  ImGui::BeginChild("official", ImVec2(0, text_h), ImGuiChildFlags_Borders | ImGuiChildFlags_NavFlattened);
  text_wrapped(n.text);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (!n.note.empty()) text_wrapped_colored(kColorMuted, "说明（本工具采用的读法）：" + n.note);
}

void draw_evidence_list(const char* target) {
  Draft& d = *state().draft;
  ImGui::PushID(target);
  std::string remove_id;
  // Drawn rows are bounded, whatever a draft holds: the rest are counted.
  constexpr int kShown = 50;
  int cited = 0;
  for (auto& e : d.a.evidence) {
    if (std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end()) continue;
    if (++cited > kShown) continue;
    ImGui::PushID(e.id.c_str());
    ImGui::Bullet();
    ImGui::SameLine();
    // The name as the terminal shows it: a line break or bidi control in it is a visible U+FFFD.
    text_wrapped(qis::one_line_text(e.name) + "  " + human_size(e.size) + "  SHA-256 " + e.sha256.substr(0, 16) + "…");
    testhooks::label_last_item("evidence " + e.name + " " + e.sha256);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("SHA-256：%s\n类型：%s\n%s", e.sha256.c_str(), e.type.c_str(), e.note.c_str());
    same_line_if_fits(evidence_buttons_width() + ImGui::GetStyle().ItemSpacing.x + button_width("移除"));
    evidence_buttons(e);
    ImGui::SameLine();
    if (small_button("移除")) remove_id = e.id;
    if (!e.note.empty()) text_wrapped_colored(kColorWarn, "  " + e.note);
    ImGui::PopID();
  }
  if (cited > kShown)
    text_wrapped_colored(kColorMuted, "另有 " + std::to_string(cited - kShown) + " 个附件用于本项，未在此列出（每项最多列出 " + std::to_string(kShown) + " 个）；多个同类文件请合并为一个（如多页扫描合成一个 PDF）。");
  if (!remove_id.empty()) detach_evidence(remove_id, target);
  attach_button(target);
  ImGui::PopID();
}

void draw_items_screen() {
  AppState& s = state();
  Draft& d = *s.draft;
  const auto criteria = d.rubric->criteria();
  if (criteria.empty()) return;
  if (s.selected.empty() || !d.rubric->find(s.selected)) s.selected = criteria.front()->id;
  std::size_t index = 0;
  for (std::size_t i = 0; i < criteria.size(); ++i)
    if (criteria[i]->id == s.selected) index = i;

  // Next/previous from the keyboard when no text field has the keys.
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput) {
    if ((ImGui::IsKeyPressed(ImGuiKey_PageDown) || (io.KeyAlt && ImGui::IsKeyPressed(ImGuiKey_DownArrow))) && index + 1 < criteria.size())
      s.selected = criteria[++index]->id;
    if ((ImGui::IsKeyPressed(ImGuiKey_PageUp) || (io.KeyAlt && ImGui::IsKeyPressed(ImGuiKey_UpArrow))) && index > 0)
      s.selected = criteria[--index]->id;
  }

  const auto draw_tree = [&] {
    semantics::begin_group(semantics::Group::Tree, "评价指标目录");
    for (auto& nr : d.report.tree) tree_node(nr, d.report, s.selected);
    semantics::end_group();
  };
  tree_beside_editor(draw_tree);

  // A criterion opens at its top, whichever way it was reached (tree, buttons, keys).
  static std::string shown;
  if (shown != s.selected) ImGui::SetNextWindowScroll(ImVec2(0.0f, 0.0f));
  ImGui::BeginChild("editor", ImVec2(0, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_NavFlattened);
  focus_region();
  shown = s.selected;
  const Node& n = *criteria[index];
  const CriterionResult* res = d.report.find(n.id);
  ImGui::PushID(n.id.c_str());
  if (ImGui::Button("← 上一项") && index > 0) s.selected = criteria[index - 1]->id;
  ImGui::SameLine();
  if (ImGui::Button("下一项 →") && index + 1 < criteria.size()) s.selected = criteria[index + 1]->id;
  tree_button(draw_tree);
  const std::string position = "第 " + std::to_string(index + 1) + " / " + std::to_string(criteria.size()) + " 项" +
                               (narrow() ? "" : "（PageUp / PageDown 切换）");
  same_line_if_fits(ImGui::CalcTextSize(position.c_str()).x);
  ImGui::TextColored(kColorMuted, "%s", position.c_str());

  draw_official_text(n);

  heading("作答");
  auto it = d.a.answers.find(n.id);
  answer_widget(n, it == d.a.answers.end() ? nullptr : &it->second, [&](const Json& answer) {
    d.a.answers[n.id] = answer;
    mark_changed();
  });
  if (it != d.a.answers.end()) {
    if (small_button("清除本项答案")) {
      d.a.answers.erase(n.id);
      widget_errors().erase(n.id);
      mark_changed();
    }
  }
  if (res) {
    ImGui::Spacing();
    const std::string line = "得分 " + score_of(res->score, n.max) + "：" + res->explanation;
    text_wrapped_colored(res->error ? kColorError : res->answered ? kColorOk : kColorMuted, line);
  }

  // A count the ledger supplies can be adjusted by hand, with the reason kept in the package.
  if (n.rule->source && !d.a.ledger.empty()) {
    heading("人工调整台账计数");
    auto ov = d.a.overrides.find(n.id);
    static std::string reason;
    static long long count = 0;
    if (ov != d.a.overrides.end()) {
      text_wrapped_colored(kColorWarn, "已人工调整：" + ov->second.answer.dump() + "，理由：" + ov->second.reason);
      if (small_button("取消人工调整，按台账计分")) {
        d.a.overrides.erase(n.id);
        mark_changed();
      }
    } else if (n.rule->kind == RuleKind::Count) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
      ImGui::InputScalar("调整后的数量##ov_count", ImGuiDataType_S64, &count);
      semantics::field_last("调整后的数量", std::to_string(count));
      ImGui::InputTextWithHint("##ov_reason", "调整理由（必填）", &reason);
      semantics::field_last("调整理由（必填）", reason);
      if (small_button("按此数量计分")) {
        Json answer{{"count", count}};
        if (reason.empty()) widget_errors()[n.id] = "人工调整须填写理由";
        else if (auto err = validate_answer(n, answer)) widget_errors()[n.id] = err->message;
        else {
          d.a.overrides[n.id] = Override{answer, reason};
          widget_errors().erase(n.id);
          reason.clear();
          mark_changed();
        }
      }
    }
  }

  heading("备注");
  std::string note = d.a.notes.count(n.id) ? d.a.notes.at(n.id) : std::string();
  const bool note_edited = ImGui::InputTextMultiline("##note", &note, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
  semantics::field_last("备注", note);
  if (note_edited) {
    if (note.empty()) d.a.notes.erase(n.id);
    else d.a.notes[n.id] = note;
    mark_changed();
  }
  heading("佐证材料");
  draw_evidence_list(n.id.c_str());
  ImGui::PopID();
  ImGui::EndChild();
}

}  // namespace qis::ui
