// The item editor: the indicator tree on the left; on the right the exact official wording of
// the selected criterion, the input its rule kind needs, notes, evidence and the live reason.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "criterion_editor.h"
#include "evidence.h"
#include "ledger_count.h"
#include "report.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "platform.h"
#include "rules.h"
#include "safe_text.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "test_hooks.h"
#include "undo.h"
#include "widgets.h"

namespace qis::ui {
namespace {

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


// A count the ledger supplies: the ledger's number, the one typed by hand when there is one, and
// which of them counts, said in words; a hand count that overrides the records keeps its reason.
void ledger_count_section(const Node& n) {
  Draft& d = *state().draft;
  const std::string& unit = n.rule->unit;
  heading("服务台账计数");
  const auto counted = count_ledger(*n.rule->source, d.a.ledger, d.a.assessment_year);
  if (!counted) {
    text_wrapped_colored(kColorError, "台账无法统计：" + counted.error().message);
    return;
  }
  const long long ledger = counted.value().count;
  text_wrapped("台账统计：" + describe_ledger_count(*n.rule->source, counted.value(), d.a.ledger, unit));
  static std::string reason, typed;
  static std::string typed_for;  // the criterion the count field was filled for
  const auto it = d.a.answers.find(n.id);
  const auto ov = d.a.overrides.find(n.id);
  const auto count_of = [](const Json& a) { return a.contains("count") && a["count"].is_number_integer() ? a["count"].get<long long>() : -1; };
  const auto reason_field = [&] {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##ov_reason", "调整理由（必填，如：台账漏记 3 家，见附件）", &reason);
    semantics::field_last("调整理由（必填）", reason);
  };
  if (ov != d.a.overrides.end()) {
    text_wrapped_colored(kColorWarn, "计分采用人工调整的 " + std::to_string(count_of(ov->second.answer)) + " " + unit + "，台账为 " +
                                         std::to_string(ledger) + " " + unit + "。理由：" + ov->second.reason);
    if (small_button("取消人工调整，按台账计分")) {
      d.a.overrides.erase(n.id);
      mark_changed();
      offer_undo("已取消人工调整，“" + screen_label(n) + "”改按台账的 " + std::to_string(ledger) + " " + unit + "计分。");
    }
  } else if (it != d.a.answers.end() && count_of(it->second) >= 0) {
    const long long hand = count_of(it->second);
    if (hand == ledger) {
      text_wrapped_colored(kColorMuted, "手填数量与台账一致（" + std::to_string(ledger) + " " + unit + "）。");
      return;
    }
    text_wrapped_colored(kColorWarn, "手填 " + std::to_string(hand) + " " + unit + "，台账统计为 " + std::to_string(ledger) + " " + unit +
                                         "，二者不一致：现按手填的 " + std::to_string(hand) + " " + unit +
                                         "计分。以手填数量替代台账记录须说明理由（评审时核对），否则请改按台账计分。");
    reason_field();
    if (small_button("保留手填数量并记录理由")) {
      if (reason.empty()) {
        show_widget_error(n.id, "请先填写调整理由");
      } else {
        d.a.overrides[n.id] = Override{it->second, reason};
        d.a.answers.erase(n.id);
        forget_widget_error(n.id);
        reason.clear();
        mark_changed();
      }
    }
    same_line_if_fits(button_width("改按台账计分"));
    if (small_button("改按台账计分")) {
      d.a.answers.erase(n.id);
      forget_widget_error(n.id);
      mark_changed();
      offer_undo("已清除手填的 " + std::to_string(hand) + " " + unit + "，“" + screen_label(n) + "”改按台账的 " + std::to_string(ledger) + " " +
                 unit + "计分。");
    }
  } else {
    text_wrapped_colored(kColorMuted, "计分采用台账的 " + std::to_string(ledger) + " " + unit + "。台账有遗漏或误记时，可人工调整：");
    if (typed_for != n.id) {
      typed = std::to_string(ledger);
      typed_for = n.id;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    ImGui::InputText(("调整后的数量（" + unit + "）##ov_count").c_str(), &typed);
    semantics::field_last("调整后的数量", typed);
    reason_field();
    if (small_button("按此数量计分")) {
      char* end = nullptr;
      const long long count = std::strtoll(typed.c_str(), &end, 10);
      const Json answer{{"count", count}};
      if (typed.empty() || !end || *end != '\0') show_widget_error(n.id, "调整后的数量“" + typed + "”不是整数，请改正");
      else if (reason.empty()) show_widget_error(n.id, "人工调整须填写理由");
      else if (auto err = validate_answer(n, answer)) show_widget_error(n.id, err->message);
      else {
        d.a.overrides[n.id] = Override{answer, reason};
        forget_widget_error(n.id);
        reason.clear();
        mark_changed();
      }
    }
  }
}

}  // namespace

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

  const auto draw_tree = [&] { draw_criterion_tree(d.report, s.selected); };
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
  editor_pager(criteria, index, s.selected, draw_tree);

  draw_official_text(n);

  heading("作答");
  auto it = d.a.answers.find(n.id);
  answer_widget(
      n, it == d.a.answers.end() ? nullptr : &it->second,
      [&](const Json& answer) {
        d.a.answers[n.id] = answer;
        mark_changed();
      },
      [&] {
        d.a.answers.erase(n.id);
        mark_changed();
      });
  if (it != d.a.answers.end()) {
    if (small_button("清除本项答案")) {
      d.a.answers.erase(n.id);
      forget_widget_error(n.id);
      mark_changed();
      offer_undo("已清除“" + screen_label(n) + "”的答案。");
    }
  }
  if (res) {
    ImGui::Spacing();
    const std::string line = "得分 " + score_of(res->score, n.max) + "：" + res->explanation;
    text_wrapped_colored(res->error ? kColorError : res->answered ? kColorOk : kColorMuted, line);
  }

  if (n.rule->source && n.rule->kind == RuleKind::Count && !d.a.ledger.empty()) ledger_count_section(n);

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
