// Station profile and the eligibility conditions (gates): the fields the chosen rubric's own forms
// ask for, with its labels and hints (its "procedure" section), and its conditions only.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "ledger.h"
#include "platform.h"
#include "procedure.h"
#include "profile.h"
#include "profile_choices.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "widgets.h"

namespace qis::ui {
namespace {

// `ask`: how the rubric's form words the field (label, hint, clause), or null for the generic one.
void profile_field(const ProfileField& f, const ProfileAsk* ask) {
  Draft& d = *state().draft;
  ImGui::PushID(f.id);
  std::string value = d.a.profile.count(f.id) ? d.a.profile.at(f.id) : std::string();
  const std::string label = ask && !ask->label.empty() ? ask->label : std::string(f.label);
  text_line(label);
  std::string help = ask && !ask->hint.empty() ? ask->hint : f.hint;
  if (ask && !ask->clause.empty()) help += (help.empty() ? "" : "（") + std::string("依据 ") + ask->clause + (help.empty() ? "" : "）");
  if (!help.empty()) help_marker(help);
  bool changed = false;
  const float width = ImGui::GetContentRegionAvail().x;
  switch (f.kind) {
    case FieldKind::Multiline:
      ImGui::SetNextItemWidth(width);
      changed = ImGui::InputTextMultiline((std::string("##") + f.id).c_str(), &value, ImVec2(width, ImGui::GetTextLineHeight() * 4.5f));
      semantics::field_last(label, value);
      break;
    case FieldKind::YesNo: {
      int choice = value == "是" ? 1 : value == "否" ? 2 : 0;
      changed |= ImGui::RadioButton("是", &choice, 1);
      semantics::radio_last(label + "：是", choice == 1);
      ImGui::SameLine();
      changed |= ImGui::RadioButton("否", &choice, 2);
      semantics::radio_last(label + "：否", choice == 2);
      if (changed) value = choice == 1 ? "是" : "否";
      break;
    }
    default:
      ImGui::SetNextItemWidth(width);
      changed = ImGui::InputTextWithHint((std::string("##") + f.id).c_str(), f.hint, &value);
      semantics::field_last(label, value, f.kind == FieldKind::Phone ? "tel" : f.kind == FieldKind::Email ? "email" : nullptr);
      break;
  }
  if (changed) {
    // Typing is never blocked: the text is kept as typed and the problem shown beside it.
    d.a.profile[f.id] = value;
    mark_changed();
  }
  if (auto problem = check_profile_value(f, value)) text_wrapped_colored(kColorError, *problem);
  if (std::string(f.id) == "operation_start" && !value.empty() && !check_profile_value(f, value)) {
    const int months = months_between(value, state().platform->today());
    if (months < 0) {
      text_wrapped_colored(kColorError, "投入运营日期晚于今天，请核对。");
    } else {
      // Only what the chosen rubric says about time in operation; its gates show their own verdict.
      const int need = d.rubric->min_operation_months;
      std::string info = "已运营 " + std::to_string(months) + " 个月。";
      if (need > 0)
        info += months >= need ? "满 " + std::to_string(need) + " 个月，可开展自我评价。"
                               : "本评价表要求投入运营满 " + std::to_string(need) + " 个月后开展自我评价。";
      text_wrapped_colored(need > 0 && months < need ? kColorWarn : kColorMuted, info);
    }
  }
  ImGui::Spacing();
  ImGui::PopID();
}

// A field the rubric itself declares (松江 项目级别: choose one; 武汉 第九条 服务内容: tick any).
void rubric_profile_field(const RubricProfileField& f) {
  Draft& d = *state().draft;
  ImGui::PushID(f.id.c_str());
  const std::string value = d.a.profile.count(f.id) ? d.a.profile.at(f.id) : std::string();
  text_line(f.label);
  std::string help = f.hint;
  if (!f.clause.empty()) help += (help.empty() ? "依据 " : "（依据 ") + f.clause + (help.empty() ? "" : "）");
  if (!help.empty()) help_marker(help);
  std::vector<std::string> chosen;
  for (const ProfileChoice* c : chosen_options(f, value)) chosen.push_back(c->id);
  bool changed = false;
  for (const ProfileChoice& o : f.options) {
    ImGui::PushID(o.id.c_str());
    const bool was = std::find(chosen.begin(), chosen.end(), o.id) != chosen.end();
    if (f.checklist) {
      bool on = was;
      if (checkbox_wrapped(o.text, &on)) {
        if (on) chosen.push_back(o.id);
        else chosen.erase(std::remove(chosen.begin(), chosen.end(), o.id), chosen.end());
        changed = true;
      }
    } else if (radio_flow(o.text, was, &o == &f.options.front())) {
      chosen = {o.id};
      changed = true;
    }
    ImGui::PopID();
  }
  if (changed) {
    d.a.profile[f.id] = store_choices(f, chosen);
    mark_changed();
  }
  if (auto problem = check_profile_value(f, d.a.profile.count(f.id) ? d.a.profile.at(f.id) : std::string()))
    text_wrapped_colored(kColorError, *problem);
  if (f.checklist) ImGui::TextColored(kColorMuted, "已选 %zu 项", chosen.size());
  ImGui::Spacing();
  ImGui::PopID();
}

void gate_row(const GateResult& g) {
  Draft& d = *state().draft;
  ImGui::PushID(g.gate->id.c_str());
  ImGui::Bullet();
  ImGui::SameLine();
  text_wrappedf("%s %s", g.gate->clause.c_str(), g.gate->text.c_str());
  ImGui::Indent();
  if (g.gate->min_operation_months > 0 && d.a.profile.count("operation_start") && !d.a.profile.at("operation_start").empty() &&
      months_between(d.a.profile.at("operation_start"), state().platform->today()) >= 0) {
    text_wrapped_colored(g.state == GateState::Met ? kColorOk : kColorError, "根据投入运营日期自动判断：" + g.reason);
  } else {
    int choice = d.a.gates.count(g.gate->id) ? (d.a.gates.at(g.gate->id) ? 1 : 2) : 0;
    bool changed = ImGui::RadioButton("符合", &choice, 1);
    semantics::radio_last("符合", choice == 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("不符合", &choice, 2);
    semantics::radio_last("不符合", choice == 2);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("未确认", &choice, 0);
    semantics::radio_last("未确认", choice == 0);
    if (changed) {
      if (choice == 0) d.a.gates.erase(g.gate->id);
      else d.a.gates[g.gate->id] = choice == 1;
      mark_changed();
    }
    if (g.gate->min_operation_months > 0) ImGui::TextColored(kColorMuted, "填写上方“投入运营日期”后自动判断。");
  }
  draw_evidence_list(g.gate->id.c_str());
  ImGui::Unindent();
  ImGui::PopID();
}

// "2025" → 2025; anything but four digits → -1.
int four_digit_year(const std::string& text) {
  if (text.size() != 4) return -1;
  int year = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    year = year * 10 + (c - '0');
  }
  return year;
}

// 评价年度: the year per-year ledger counts are taken from. Typed as text and applied only when it
// is a year (or emptied), so "20" on the way to "2025" never rescores the draft.
void assessment_year_field() {
  Draft& d = *state().draft;
  static std::string text, for_draft;
  static int shown = -1;
  // Set again from the draft when another draft opens or the year changed elsewhere (a migration).
  if (for_draft != d.key || shown != d.a.assessment_year) {
    text = d.a.assessment_year ? std::to_string(d.a.assessment_year) : "";
    for_draft = d.key;
    shown = d.a.assessment_year;
  }
  bool per_year = false;
  for (const Node* n : d.rubric->criteria()) per_year |= n->rule && n->rule->source && n->rule->source->per_year;
  text_line("评价年度");
  help_marker("本次评价对应的年度。台账中按年度统计的项目（如“年度服务中小企业家次”）只计该年度的记录。");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  const bool edited = ImGui::InputTextWithHint("##assessment_year", "如 2025", &text, ImGuiInputTextFlags_CharsDecimal);
  semantics::field_last("评价年度", text, "numeric");
  // A year counts as soon as it is typed; an emptied field only when it is left empty, so
  // replacing one year by another never passes through "not set".
  const int year = text.empty() ? 0 : four_digit_year(text);
  if (((edited && year != 0) || (ImGui::IsItemDeactivatedAfterEdit() && year == 0)) && year != d.a.assessment_year &&
      (year == 0 || valid_assessment_year(year))) {
    d.a.assessment_year = year;
    shown = year;
    mark_changed();
  }
  if (!text.empty() && !valid_assessment_year(four_digit_year(text)))
    text_wrapped_colored(kColorError, "评价年度应为 " + std::to_string(kMinAssessmentYear) + " 至 " + std::to_string(kMaxAssessmentYear) +
                                          " 之间的四位年份，如 2025；当前仍按 " +
                                          (d.a.assessment_year ? std::to_string(d.a.assessment_year) + " 年" : "未设定") + "计算。");
  if (per_year && d.a.assessment_year == 0) {
    const int latest = latest_ledger_year(d.a.ledger);
    text_wrapped_colored(kColorWarn, latest ? "未填写：按年度统计的项目暂按台账中最近的年份（" + std::to_string(latest) +
                                                  " 年）计算，录入下一年度的记录后会随之改变。请填写本次评价的年度。"
                                            : "未填写：按年度统计的项目将按台账中最近的年份计算。请填写本次评价的年度。");
  }
}

}  // namespace

void draw_profile_screen() {
  Draft& d = *state().draft;
  heading("单位信息");
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped("以下为本评价表的申报（申请）表所需填写的内容。可按任意顺序填写，随时自动保存。");
  ImGui::PopStyleColor();
  ImGui::BeginChild("profile", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
  focus_region();
  assessment_year_field();
  ImGui::Spacing();
  const float column = ImGui::GetContentRegionAvail().x;
  ImGui::PushItemWidth(column);
  // The rubric's own fields in its form's order; every field where its file names none.
  std::vector<std::pair<const ProfileField*, const ProfileAsk*>> fields;
  for (const ProfileAsk& ask : d.rubric->procedure.profile)
    for (const ProfileField& f : profile_fields())
      if (ask.field == f.id) fields.push_back({&f, &ask});
  if (fields.empty())
    for (const ProfileField& f : profile_fields()) fields.push_back({&f, nullptr});
  // Short fields two to a row, long texts full width.
  if (ImGui::BeginTable("short", narrow() ? 1 : 2, ImGuiTableFlags_SizingStretchSame)) {
    for (auto& [f, ask] : fields)
      if (f->kind != FieldKind::Multiline) {
        ImGui::TableNextColumn();
        profile_field(*f, ask);
      }
    ImGui::EndTable();
  }
  for (auto& [f, ask] : fields)
    if (f->kind == FieldKind::Multiline) profile_field(*f, ask);
  for (const RubricProfileField& f : d.rubric->profile_fields) rubric_profile_field(f);
  ImGui::PopItemWidth();

  if (!d.rubric->gate_groups.empty()) {
    heading("申报条件");
    for (auto& grp : d.report.groups) {
      ImGui::PushID(grp.group->id.c_str());
      text_wrappedf("%s（%s）", grp.group->title.c_str(), grp.group->clause.c_str());
      if (grp.state == GateState::Met) text_wrapped_colored(kColorOk, "✓ " + grp.group->pass_text);
      else if (grp.state == GateState::Failed) text_wrapped_colored(kColorError, "✗ " + grp.group->fail_text);
      else ImGui::TextColored(kColorMuted, "尚有条件未确认。");
      for (auto& g : d.report.gates)
        if (g.gate->group == grp.group->id) gate_row(g);
      ImGui::Spacing();
      ImGui::PopID();
    }
    if (!d.rubric->naming.empty()) {
      heading("命名格式");
      for (auto& n : d.rubric->naming) {
        std::string name = n.format;
        auto fill = [&](const char* key, const char* field, const char* placeholder) {
          const std::string v = d.a.profile.count(field) && !d.a.profile.at(field).empty() ? d.a.profile.at(field) : placeholder;
          for (std::size_t at; (at = name.find(key)) != std::string::npos;) name.replace(at, std::string(key).size(), v);
        };
        fill("{district}", "district", "（行政区名）");
        fill("{industry}", "industry", "（产业/区域）");
        ImGui::BulletText("%s（%s）：%s", n.level.c_str(), n.clause.c_str(), name.c_str());
      }
    }
  }
  ImGui::EndChild();
}

}  // namespace qis::ui
