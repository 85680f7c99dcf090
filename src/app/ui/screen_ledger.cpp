// The service ledger (服务情况登记表, 一企一档): import the stations' Excel CSV with a preview of
// every bad row, see the points the ledger supplies, search, sort, edit and delete records with
// undo, and one enterprise's records at a time.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "csv.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "ledger.h"
#include "ledger_csv.h"
#include "platform.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "test_hooks.h"
#include "undo.h"
#include "widgets.h"

namespace qis::ui {
namespace {

struct LedgerUi {
  std::optional<LedgerImport> preview;  // a CSV read but not yet committed
  std::string preview_name;
  std::string search;
  int type_filter = 0;                  // 0 = all, else index + 1 in ledger_record_types()
  std::string enterprise_filter;        // enterprise id, "" = all
  int editing = -1;                     // record index in the edit popup
  LedgerRecord draft_record;
  std::vector<FieldError> edit_errors;
  int counter = 0;
};

LedgerUi& ui() {
  static LedgerUi u;
  return u;
}

Ledger& ledger() { return state().draft->a.ledger; }


std::string enterprise_name(const std::string& id) {
  for (auto& e : ledger().enterprises)
    if (e.id == id) return e.name;
  return id;
}

std::string record_summary(const LedgerRecord& r) {
  const LedgerRecordType* t = find_record_type(r.type);
  std::string out;
  if (!t) return out;
  for (auto& f : t->fields) {
    if (std::string(f.id) == "date") continue;
    auto it = r.fields.find(f.id);
    if (it == r.fields.end() || it->second.empty()) continue;
    const std::string v = f.choices.empty() ? it->second : ledger_choice_labels(f, it->second);
    out += (out.empty() ? "" : "；") + std::string(f.label) + "：" + v;
    if (out.size() > 160) break;
  }
  return out;
}

std::string unique_id(const char* prefix) {
  for (;;) {
    std::string id = std::string(prefix) + std::to_string(++ui().counter + static_cast<int>(ledger().records.size()));
    bool used = false;
    for (auto& r : ledger().records) used |= r.id == id;
    for (auto& e : ledger().enterprises) used |= e.id == id;
    if (!used) return id;
  }
}

// Adds the previewed good rows to the ledger: enterprises matched by name, records appended.
void commit_preview() {
  LedgerImport& imp = *ui().preview;
  std::map<std::string, std::string> id_of;  // imported enterprise id -> ledger id
  for (auto& e : imp.ledger.enterprises) {
    auto same = std::find_if(ledger().enterprises.begin(), ledger().enterprises.end(),
                             [&](const Enterprise& x) { return x.name == e.name; });
    if (same != ledger().enterprises.end()) {
      id_of[e.id] = same->id;
    } else {
      Enterprise copy = e;
      copy.id = unique_id("e");
      id_of[e.id] = copy.id;
      ledger().enterprises.push_back(copy);
    }
  }
  for (auto& r : imp.ledger.records) {
    LedgerRecord copy = r;
    copy.id = unique_id("r");
    copy.enterprise_id = id_of.count(r.enterprise_id) ? id_of[r.enterprise_id] : r.enterprise_id;
    ledger().records.push_back(copy);
  }
  show_message("已从“" + ui().preview_name + "”导入 " + std::to_string(imp.imported) + " 行" +
               (imp.failed ? "；" + std::to_string(imp.failed) + " 行有误，未导入" : "") + "。可点“撤销”恢复。");
  ui().preview.reset();
  mark_changed();
}

void preview_panel() {
  LedgerImport& imp = *ui().preview;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1.0f, 0.98f, 0.92f, 1.0f));
  ImGui::BeginChild("preview", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 9), ImGuiChildFlags_Borders | ImGuiChildFlags_NavFlattened);
  text_wrapped_colored(kColorAccent, "导入预览：“" + ui().preview_name + "”（" + imp.encoding + "）共 " + std::to_string(imp.rows) +
                                         " 行，可导入 " + std::to_string(imp.imported) + " 行，有误 " + std::to_string(imp.failed) + " 行");
  for (auto& w : imp.warnings) text_wrapped_colored(kColorWarn, w);
  for (std::size_t i = 0; i < imp.errors.size() && i < 50; ++i) text_wrapped_colored(kColorError, format_row_error(imp.errors[i]));
  if (ImGui::Button(("导入有效的 " + std::to_string(imp.imported) + " 行").c_str())) commit_preview();
  ImGui::SameLine();
  if (ImGui::Button("取消导入")) ui().preview.reset();
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

void edit_popup() {
  if (ui().editing < 0) return;
  ImGui::OpenPopup("编辑记录");
  if (ImGui::BeginPopupModal("编辑记录", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    LedgerRecord& r = ui().draft_record;
    const LedgerRecordType* t = find_record_type(r.type);
    ImGui::Text("%s · %s", t ? t->label : r.type.c_str(), enterprise_name(r.enterprise_id).c_str());
    if (t)
      for (auto& f : t->fields) {
        std::string& v = std::string(f.id) == "date" ? r.date : r.fields[f.id];
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22);
        ImGui::InputText((std::string(f.label) + "##" + f.id).c_str(), &v);
        semantics::value_last(v);
      }
    for (auto& e : ui().edit_errors) text_wrapped_colored(kColorError, e.message);
    if (ImGui::Button("保存")) {
      ui().edit_errors = validate_record(r, ledger());
      if (ui().edit_errors.empty()) {
            ledger().records[static_cast<std::size_t>(ui().editing)] = r;
        ui().editing = -1;
        mark_changed();
        ImGui::CloseCurrentPopup();
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("取消")) {
      ui().editing = -1;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}


}  // namespace

void ledger_csv_arrived(const std::string& name, const std::string& bytes) {
  auto imp = import_ledger_csv(bytes);
  if (!imp) {
    show_message("无法读取“" + name + "”：" + imp.error().message, true);
    return;
  }
  ui().preview = std::move(imp).value();
  ui().preview_name = name;
  state().screen = Screen::Ledger;
}

void draw_ledger_screen() {
  AppState& s = state();
  Draft& d = *s.draft;
  heading("服务台账（服务情况登记表，一企一档）");
  focus_region();
  if (ImGui::Button("导入 CSV…")) s.platform->open_files("ledger-csv", ".csv,text/csv");
  // An empty ledger: the same file with its column names only, to fill in Excel and import.
  if (ledger().records.empty() && ledger().enterprises.empty()) {
    if (flow_button("下载 CSV 模板")) s.platform->download("服务台账模板.csv", export_ledger_csv(Ledger{}), "text/csv");
  } else if (flow_button("导出 CSV")) {
    s.platform->download("服务台账.csv", export_ledger_csv(ledger()), "text/csv");
  }
  // The app's undo (Ctrl+Z): ledger edits are steps of the draft's one history.
  ImGui::BeginDisabled(!can_undo());
  if (flow_button("撤销")) undo();
  ImGui::EndDisabled();
  // New record for the enterprise chosen in the filter (一企一档) or a new enterprise typed here.
  if (flow_button("新增服务记录")) ImGui::OpenPopup("new-record");
  if (ImGui::BeginPopup("new-record")) {
    static std::string company;
    ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 16, ImGui::GetMainViewport()->WorkSize.x - ImGui::GetFontSize() * 3));
    ImGui::InputTextWithHint("##new_company", "企业名称", &company);
    semantics::field_last("企业名称", company);
    if (ImGui::Button("添加") && !company.empty()) {
        std::string id;
      for (auto& e : ledger().enterprises)
        if (e.name == company) id = e.id;
      if (id.empty()) {
        Enterprise e;
        e.id = id = unique_id("e");
        e.name = company;
        ledger().enterprises.push_back(e);
      }
      LedgerRecord r;
      r.id = unique_id("r");
      r.type = kRecordService;
      r.enterprise_id = id;
      r.date = state().platform->today();
      ledger().records.push_back(r);
      ui().editing = static_cast<int>(ledger().records.size()) - 1;
      ui().draft_record = r;
      ui().edit_errors.clear();
      mark_changed();
      company.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  note_after("企业 " + std::to_string(ledger().enterprises.size()) + " 家，记录 " + std::to_string(ledger().records.size()) +
             " 条。Excel 另存的 CSV（UTF-8 或 GBK）均可导入。");
  if (ui().preview) preview_panel();

  // The points the ledger supplies.
  bool any = false;
  for (auto& c : d.report.criteria)
    if (c.node->rule && c.node->rule->source && !d.a.ledger.records.empty()) {  // nothing is computed from no records
      if (!any) text_line("由台账计算的得分：");
      any = true;
      const std::string line = c.node->id + " " + c.node->title + "：" + score_of(c.score, c.node->max) + "  " + c.explanation;
      text_wrapped_colored(c.from_ledger ? kColorOk : kColorMuted, line);
    }

  // Filters: search, record type, one enterprise (一企一档).
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  ImGui::InputTextWithHint("##ledger_search", "搜索企业或内容", &ui().search);
  semantics::field_last("搜索企业或内容", ui().search);
  same_line_if_fits(ImGui::GetFontSize() * 8);
  const auto& types = ledger_record_types();
  std::string type_label = ui().type_filter == 0 ? "全部类型" : types[static_cast<std::size_t>(ui().type_filter - 1)].label;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  const bool types_open = ImGui::BeginCombo("##type", type_label.c_str());
  semantics::combo_last("记录类型", type_label);
  if (types_open) {
    if (ImGui::Selectable("全部类型", ui().type_filter == 0)) ui().type_filter = 0;
    for (std::size_t i = 0; i < types.size(); ++i)
      if (ImGui::Selectable(types[i].label, ui().type_filter == static_cast<int>(i) + 1)) ui().type_filter = static_cast<int>(i) + 1;
    ImGui::EndCombo();
  }
  same_line_if_fits(ImGui::GetFontSize() * 12);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  const std::string ent_label = ui().enterprise_filter.empty() ? "全部企业" : enterprise_name(ui().enterprise_filter);
  const bool enterprises_open = ImGui::BeginCombo("##enterprise", ent_label.c_str());
  semantics::combo_last("企业", ent_label);
  if (enterprises_open) {
    if (ImGui::Selectable("全部企业", ui().enterprise_filter.empty())) ui().enterprise_filter.clear();
    for (auto& e : ledger().enterprises)
      if (ImGui::Selectable((e.name + "##" + e.id).c_str(), ui().enterprise_filter == e.id)) ui().enterprise_filter = e.id;
    ImGui::EndCombo();
  }

  // Enterprise names by id, once per frame: the table below looks them up for every row.
  std::unordered_map<std::string, std::string> names;
  for (auto& e : ledger().enterprises) names.emplace(e.id, e.name);
  auto name_of = [&](const std::string& id) -> const std::string& {
    auto it = names.find(id);
    return it == names.end() ? id : it->second;
  };
  std::vector<int> rows;
  rows.reserve(ledger().records.size());
  for (std::size_t i = 0; i < ledger().records.size(); ++i) {
    const LedgerRecord& r = ledger().records[i];
    if (ui().type_filter && r.type != types[static_cast<std::size_t>(ui().type_filter - 1)].id) continue;
    if (!ui().enterprise_filter.empty() && r.enterprise_id != ui().enterprise_filter) continue;
    if (!ui().search.empty()) {
      std::string hay = name_of(r.enterprise_id) + r.date;
      for (auto& [k, v] : r.fields) hay += v;
      if (hay.find(ui().search) == std::string::npos) continue;
    }
    rows.push_back(static_cast<int>(i));
  }

  int remove = -1;
  // Phones: the columns keep readable widths and the table scrolls sideways.
  const bool scroll_x = narrow();
  const float em = ImGui::GetFontSize();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Sortable |
                                ImGuiTableFlags_ScrollY |
                                (scroll_x ? ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit : ImGuiTableFlags_SizingStretchProp);
  if (ImGui::BeginTable("records", 5, flags, ImVec2(0, 0))) {
    ImGui::TableSetupScrollFreeze(scroll_x ? 1 : 0, 1);
    ImGui::TableSetupColumn("企业", ImGuiTableColumnFlags_DefaultSort, scroll_x ? em * 7 : 2.0f);
    ImGui::TableSetupColumn("类型", 0, scroll_x ? em * 4 : 1.0f);
    ImGui::TableSetupColumn("日期", 0, scroll_x ? em * 5 : 1.1f);
    ImGui::TableSetupColumn("内容", ImGuiTableColumnFlags_NoSort, scroll_x ? em * 14 : 5.0f);
    ImGui::TableSetupColumn("操作", ImGuiTableColumnFlags_NoSort, scroll_x ? em * 5 : 1.2f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsCount > 0) {
      const int col = sort->Specs[0].ColumnIndex;
      const bool asc = sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
      // Keys computed once, then sorted: cheap enough to redo every frame for 10,000 records.
      std::vector<std::pair<std::string, int>> keyed;
      keyed.reserve(rows.size());
      for (int i : rows) {
        const LedgerRecord& rec = ledger().records[static_cast<std::size_t>(i)];
        keyed.emplace_back(col == 0 ? name_of(rec.enterprise_id) : col == 1 ? rec.type : rec.date, i);
      }
      std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) { return asc ? x.first < y.first : y.first < x.first; });
      for (std::size_t k = 0; k < keyed.size(); ++k) rows[k] = keyed[k].second;
    }
    ImGuiListClipper clipper;  // only the visible rows are drawn: smooth with 10,000 records
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step())
      for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
        const int i = rows[static_cast<std::size_t>(k)];
        const LedgerRecord& r = ledger().records[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text_line(name_of(r.enterprise_id));
        ImGui::TableNextColumn();
        const LedgerRecordType* t = find_record_type(r.type);
        text_line(t ? t->label : r.type);
        ImGui::TableNextColumn();
        text_line(r.date);
        ImGui::TableNextColumn();
        text_line(record_summary(r));
        ImGui::TableNextColumn();
        if (small_button("编辑")) {
          ui().editing = i;
          ui().draft_record = r;
          ui().edit_errors.clear();
        }
        ImGui::SameLine();
        if (small_button("删除")) remove = i;
        ImGui::PopID();
      }
    ImGui::EndTable();
  }
  if (remove >= 0) {
    ledger().records.erase(ledger().records.begin() + remove);
    mark_changed();
    offer_undo("已删除一条记录。");
  }
  edit_popup();
}

}  // namespace qis::ui
