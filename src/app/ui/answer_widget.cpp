// The answer widget: the input each rule kind needs, refusing an invalid value with its reason.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "criterion_editor.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "rules.h"
#include "semantics.h"
#include "widgets.h"

namespace qis::ui {
namespace {

std::map<std::string, std::string>& widget_errors() {
  static std::map<std::string, std::string> errors;
  return errors;
}

// Where the widget's answers go: the station's draft, or an expert's review.
const AnswerSink* g_sink = nullptr;
const std::function<void()>* g_clear = nullptr;  // removes the answer (none: it cannot be removed here)
const Json* g_answer = nullptr;  // the criterion's stored answer, if any
bool g_has_answer = false;  // the criterion being drawn has a stored answer

// What a number field holds: the text exactly as typed, and the stored value it was typed over.
// When the stored value changes elsewhere (undo, another screen) the field shows that instead.
struct TypedText {
  std::string text;
  std::string shown_for;
  // While the field has the keys: the criterion's answer and the field's stored text when it got
  // them. Typing passes through valid values ("6" on the way to "6.3"); when the text ends up
  // refused, the answer goes back to this one, so no value on the way is left behind unsaid.
  bool editing = false;
  std::optional<Json> answer_before;
  std::string shown_before;
};
std::map<ImGuiID, TypedText>& typed_texts() {
  static std::map<ImGuiID, TypedText> texts;
  return texts;
}
// The field whose parsed value is being committed this frame, and what it showed before.
TypedText* g_typing = nullptr;
std::string g_typing_was;

void refuse(const Node& n, const std::string& typed, const std::string& why) {
  widget_errors()[n.id] = "“" + typed + "”" + why;
}

// The text in `t` is refused: the answer returns to what it was when the field got the keys.
void take_back(TypedText& t) {
  if (!t.editing) return;
  const std::optional<Json> now = g_answer ? std::optional<Json>(*g_answer) : std::nullopt;
  if (now == t.answer_before) return;
  if (t.answer_before) (*g_sink)(*t.answer_before);
  else if (g_clear && *g_clear) (*g_clear)();
  else return;
  t.shown_for = t.shown_before;
}

// Stores `candidate` as the answer if it is valid (or an answer still being filled in);
// otherwise keeps the previous answer and shows why at the widget.
void try_commit(const Node& n, const Json& candidate) {
  TypedText* typing = std::exchange(g_typing, nullptr);
  if (!is_in_progress(n, candidate)) {
    if (auto err = validate_answer(n, candidate)) {
      const std::string prefix = "“" + n.title + "”（" + n.id + "）：";
      const std::string why = err->message.rfind(prefix, 0) == 0 ? err->message.substr(prefix.size()) : err->message;
      if (typing) {
        typing->shown_for = g_typing_was;  // the stored value did not change
        refuse(n, typing->text, "：" + why);
        take_back(*typing);
      } else {
        widget_errors()[n.id] = why;
      }
      return;
    }
  }
  widget_errors().erase(n.id);
  (*g_sink)(candidate);
}

// After label_wrapped(): the label was clicked, which picks or ticks its widget as an HTML <label> does.
bool label_clicked() { return ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left); }

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

std::string number_text(double v) { return format_milli(static_cast<Milli>(std::llround(v * 1000))); }

// The number in `typed`, or the reason it is none: digits with at most one point and three
// decimals (points are kept to the thousandth); full-width digits from a Chinese keyboard count.
std::optional<double> parse_number(const std::string& typed, bool integer, std::string& why) {
  std::string t;
  for (std::size_t i = 0; i < typed.size();) {
    const unsigned char c = static_cast<unsigned char>(typed[i]);
    // Full-width ０-９ (EF BC 90-99), ． (EF BC 8E), － (EF BC 8D).
    if (c == 0xEF && i + 2 < typed.size() && static_cast<unsigned char>(typed[i + 1]) == 0xBC) {
      const unsigned char d = static_cast<unsigned char>(typed[i + 2]);
      if (d >= 0x90 && d <= 0x99) t += static_cast<char>('0' + (d - 0x90));
      else if (d == 0x8E) t += '.';
      else if (d == 0x8D) t += '-';
      else t += typed.substr(i, 3);
      i += 3;
      continue;
    }
    if (c != ' ') t += typed[i];
    ++i;
  }
  if (t.empty()) {
    why = "为空：请填写数字" + std::string(g_has_answer ? "；要去掉本项答案请用“清除本项答案”" : "");
    return std::nullopt;
  }
  std::size_t at = (t[0] == '-' || t[0] == '+') ? 1 : 0, digits = 0, decimals = 0, points = 0;
  for (std::size_t i = at; i < t.size(); ++i) {
    if (t[i] == '.') ++points;
    else if (t[i] >= '0' && t[i] <= '9') ++(points ? decimals : digits);
    else {
      why = "不是数字：请只填数字" + std::string(integer ? "" : "和小数点");
      return std::nullopt;
    }
  }
  if (points > 1 || digits + decimals == 0) {
    why = "不是数字：请只填数字" + std::string(integer ? "" : "和一个小数点");
    return std::nullopt;
  }
  if (digits > 12) {
    why = "太大：请核对位数";
    return std::nullopt;
  }
  const double v = std::strtod(t.c_str(), nullptr);
  if (integer && std::fabs(v - std::round(v)) > 1e-9) {
    why = "不是整数：数量须填整数，请改正";
    return std::nullopt;
  }
  if (decimals > 3 && std::fabs(v * 1000 - std::round(v * 1000)) > 1e-6) {
    why = "的小数位太多：最多保留 3 位小数，请改正";
    return std::nullopt;
  }
  return v;
}

// A number field showing exactly what was typed. Returns true with `out` set when the user typed
// a number; anything else is refused at the widget (not rounded, not cut) and stays in the field
// until corrected. `current`: the stored value, none when not answered yet (an empty field).
bool typed_number(const Node& n, const std::string& label, std::optional<double> current, bool integer, double& out,
                  const char* hint = "") {
  const std::string name = label.substr(0, label.find("##"));
  TypedText& t = typed_texts()[ImGui::GetID(label.c_str())];
  const std::string stored = current ? number_text(*current) : std::string();
  if (t.shown_for != stored) t = TypedText{stored, stored, false, std::nullopt, std::string()};  // changed elsewhere: show it
  const std::string shown = field_label(label);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  const bool edited = ImGui::InputTextWithHint(shown.c_str(), hint, &t.text);
  semantics::field_last(name, t.text, integer ? "numeric" : "decimal");
  if (ImGui::IsItemActivated()) {
    t.editing = true;
    t.answer_before = g_answer ? std::optional<Json>(*g_answer) : std::nullopt;
    t.shown_before = t.shown_for;
  }
  if (ImGui::IsItemDeactivated()) t.editing = false;
  if (!edited) return false;
  std::string why;
  const auto v = parse_number(t.text, integer, why);
  if (!v) {
    refuse(n, t.text, why);
    take_back(t);
    return false;
  }
  g_typing = &t;
  g_typing_was = t.shown_for;
  t.shown_for = integer ? std::to_string(std::llround(*v)) : number_text(*v);
  out = *v;
  return true;
}

bool number_input(const Node& n, const std::string& label, std::optional<double> current, double& out, const char* hint = "") {
  return typed_number(n, label, current, false, out, hint);
}

bool count_input(const Node& n, const std::string& label, std::optional<long long> current, long long& out,
                 const char* hint = "") {
  double v = 0;
  if (!typed_number(n, label, current ? std::optional<double>(static_cast<double>(*current)) : std::nullopt, true, v, hint))
    return false;
  out = std::llround(v);
  return true;
}

std::optional<double> number_at(const Json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j.at(key).is_number()) return j.at(key).get<double>();
  return std::nullopt;
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
        bool toggled = ImGui::Checkbox("##c", &on);
        semantics::checkbox_last(label, on);
        ImGui::SameLine();
        label_wrapped(label);
        if (label_clicked() && !toggled) {  // a click on the label ticks its box
          on = !on;
          toggled = true;
        }
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
        ImGui::PopID();
      }
      if (r.extra_allowed) {
        long long extra = cur.contains("extra") && cur["extra"].is_number_integer() ? cur["extra"].get<long long>() : 0, v;
        if (count_input(n, r.extra_text + "（每项 " + format_milli(r.extra_points) + " 分）", extra, v)) {
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
      long long v;
      // Unanswered: an empty field, not a 0 that reads as an answer beside “未作答”.
      if (count_input(n, "数量（" + r.unit + "）", has ? std::optional<long long>(cur["count"].get<long long>()) : std::nullopt, v, "未作答"))
        try_commit(n, Json{{"count", v}});
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
        bool picked = ImGui::RadioButton("##lv", chosen == static_cast<int>(i));
        semantics::radio_last(level_text, chosen == static_cast<int>(i));
        ImGui::SameLine();
        label_wrapped(level_text);
        picked |= label_clicked();  // a click on the label picks its band
        // A range's score is entered, never assumed.
        if (picked && chosen != static_cast<int>(i)) try_commit(n, Json{{"level", i}});
        if (chosen == static_cast<int>(i) && l.is_range()) {
          ImGui::Indent();
          double out;
          if (number_input(n, "评分（" + pts + "）", number_at(cur, "value"), out, "请填写评分"))
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
      const std::string label = "评分（" + format_milli(r.min) + "~" + format_milli(r.max) + " 分）";
      if (number_input(n, label, number_at(cur, "value"), out, "未作答")) try_commit(n, Json{{"value", number_json(out)}});
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
          if (radio_flow("不充分", st == "partial", false)) set({{"state", "partial"}});  // its score is entered, never assumed
          if (radio_flow("缺少", st == "missing", false)) set({{"state", "missing"}});
          if (st == "partial") {
            double out;
            if (number_input(n, "分（" + format_milli(r.partial.min) + "~" + format_milli(r.partial.max) + "）", number_at(items[o.id], "value"),
                             out, "请填写"))
              set({{"state", "partial"}, {"value", number_json(out)}});
          }
          ImGui::PopID();
        }
        if (table) ImGui::EndTable();
      }
      break;
    }
    case RuleKind::Bands: {
      double out;
      const std::optional<double> value = number_at(cur, "value");
      const auto band_of = [&](double v) -> const Band* {
        const auto m = to_milli(v);
        return m && *m >= r.value_min && *m <= r.value_max ? &band_for(r, *m) : nullptr;
      };
      if (number_input(n, r.value_label + "（" + r.value_unit + "）", value, out, "未作答")) {
        Json next{{"value", number_json(out)}};
        // The score judged within a band stays only while the value stays in that band; a band
        // that is a range then asks for its score instead of assuming one.
        const Band* now = band_of(out);
        if (cur.contains("judgment") && value && now && now == band_of(*value) && now->points.is_range()) next["judgment"] = cur["judgment"];
        try_commit(n, next);
      }
      for (auto& b : r.bands) {
        const std::string pts = b.points.is_range() ? format_milli(b.points.min) + "~" + format_milli(b.points.max) + " 分"
                                                    : format_milli(b.points.min) + " 分";
        ImGui::Bullet();
        text_wrapped(b.points.text + " → " + pts);
      }
      if (const Band* b = value ? band_of(*value) : nullptr; b && b->points.is_range()) {
        const std::string label = "该档评分（" + format_milli(b->points.min) + "~" + format_milli(b->points.max) + " 分）";
        if (number_input(n, label, number_at(cur, "judgment"), out, "请填写评分")) {
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
        if (count_input(n, o.text + "（" + r.unit + "）", c, v)) {
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

void answer_widget(const Node& n, const Json* answer, const AnswerSink& sink, const std::function<void()>& clear) {
  g_sink = &sink;
  g_clear = &clear;
  g_answer = answer;
  g_has_answer = answer != nullptr;
  answer_widget_impl(n, answer);
  // Which value counts meanwhile is said too: nothing changes without a word.
  if (auto e = widget_errors().find(n.id); e != widget_errors().end())
    text_wrapped_colored(kColorError, "未接受：" + e->second + (answer ? "。本项仍按已保存的答案计分，改正后才保存。" : "。本项仍未作答，改正后才保存。"));
  g_sink = nullptr;
  g_clear = nullptr;
  g_answer = nullptr;
}

void forget_all_widget_errors() { widget_errors().clear(); }

void forget_widget_error(const std::string& id) { widget_errors().erase(id); }

void show_widget_error(const std::string& id, const std::string& message) { widget_errors()[id] = message; }

}  // namespace qis::ui
