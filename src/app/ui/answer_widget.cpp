// The answer widget: the input each rule kind needs, refusing an invalid value with its reason.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

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

void show_widget_error(const std::string& id, const std::string& message) { widget_errors()[id] = message; }

}  // namespace qis::ui
