#include "semantics.h"

#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui_internal.h"

namespace qis::semantics {
namespace {

struct Node {
  ImGuiID id = 0;          // the widget's id; 0 for texts and headings
  Role role = Role::None;  // None until ImGui or a describing call says what it is
  std::string name;
  std::string value;       // a text field's or a combo's value
  const char* input_mode = nullptr;  // a text field's keyboard on phones (field_last)
  ImRect rect;
  float font = 0;          // px of the font it was drawn with
  int level = 0;           // headings and tree items
  signed char checked = -1;   // checkboxes and radio buttons: 0/1
  signed char selected = -1;  // tree items
  signed char expanded = -1;  // tree items and tree nodes with children
  bool disabled = false;
  int group = -1;          // index into Frame::groups
  int row = -1, col = -1;  // the table cell it is in (a table group)
  bool header = false;     // in a table's header row
};

struct GroupRec {
  std::string key;   // stable across frames: kind + name (a dialog: its window id)
  std::string role;  // "tree", "radiogroup", "table", "dialog", "group"
  std::string name;
  int parent = -1;
};

struct Frame {
  std::vector<Node> nodes;
  std::unordered_map<ImGuiID, std::size_t> by_id;
  std::vector<GroupRec> groups;
  std::vector<int> stack;  // open explicit groups
  std::unordered_map<ImGuiID, int> dialogs;  // popup window id -> group index
  std::unordered_map<ImGuiID, int> tables;   // table id -> group index
};

struct Recorder {
  Frame current, last;
  std::vector<std::pair<std::string, bool>> say;  // announcements not yet taken
  std::string taken_nodes;  // the nodes and groups JSON last taken
  ImGuiID taken_focus = 0, taken_edit = 0;
  ImGuiID request_id = 0;
  Action request_action = Action::Focus;
  int request_frames = 0;   // frames the request has waited for its widget
  bool want_frame = false;
};

Recorder& rec() {
  static Recorder r;
  return r;
}

// The part of an ImGui label that is shown ("名称##id" -> "名称"; "###id" hides nothing after it).
std::string visible_part(const char* label) {
  std::string s(label ? label : "");
  const std::size_t hash = s.find("##");
  return hash == std::string::npos ? s : s.substr(0, hash);
}

// Tooltips are read from the item they belong to, not as nodes of their own.
bool in_tooltip(const ImGuiContext& g) {
  return g.CurrentWindow && (g.CurrentWindow->RootWindow->Flags & ImGuiWindowFlags_Tooltip);
}

// The explicit group or popup a node recorded now belongs to (-1: none).
int outer_group(Frame& f) {
  if (!f.stack.empty()) return f.stack.back();
  ImGuiContext& g = *GImGui;
  ImGuiWindow* root = g.CurrentWindow ? g.CurrentWindow->RootWindow : nullptr;
  if (!root || !(root->Flags & ImGuiWindowFlags_Popup)) return -1;
  auto it = f.dialogs.find(root->ID);
  if (it != f.dialogs.end()) return it->second;
  const bool modal = (root->Flags & ImGuiWindowFlags_Modal) != 0;
  // Popups are named "标题##id" (modals) or by ImGui ("##Popup_…", "##Combo_…").
  std::string name = visible_part(root->Name);
  f.groups.push_back({"d" + std::to_string(root->ID), modal ? "dialog" : "group", name, -1});
  const int index = static_cast<int>(f.groups.size()) - 1;
  f.dialogs[root->ID] = index;
  return index;
}

// The group of a node recorded now: the ImGui table it is in (its cell noted in `n`), else the
// explicit group or popup. A table becomes a table for screen readers once it has a header row;
// tables without one only lay things out and stay plain.
int current_group(Frame& f, Node* n = nullptr) {
  const int outer = outer_group(f);
  ImGuiContext& g = *GImGui;
  ImGuiTable* table = g.CurrentTable;
  if (!table || table->InnerWindow != g.CurrentWindow || !f.stack.empty()) return outer;
  int index;
  if (auto it = f.tables.find(table->ID); it != f.tables.end()) {
    index = it->second;
  } else {
    f.groups.push_back({"t" + std::to_string(table->ID), "", "", outer});
    index = static_cast<int>(f.groups.size()) - 1;
    f.tables[table->ID] = index;
  }
  if (n) {
    n->row = ImGui::TableGetRowIndex();
    n->col = ImGui::TableGetColumnIndex();
    n->header = (table->RowFlags & ImGuiTableRowFlags_Headers) != 0;
    if (n->header) f.groups[static_cast<std::size_t>(index)].role = "table";
  }
  return index;
}

Node* last_node() {
  ImGuiContext& g = *GImGui;
  Frame& f = rec().current;
  auto it = f.by_id.find(g.LastItemData.ID);
  if (g.LastItemData.ID == 0 || it == f.by_id.end()) return nullptr;
  return &f.nodes[it->second];
}

// The last widget is a checkbox or radio button named `name` (a "##id" suffix dropped).
void toggle_last(Role role, const std::string& name, bool on) {
  if (Node* n = last_node()) {
    n->role = role;
    n->name = name.substr(0, name.find("##"));
    n->checked = on ? 1 : 0;
  }
}

// The last widget is a text field or combo box named `name`, holding `value`.
void valued_last(Role role, const std::string& name, const std::string& value) {
  if (Node* n = last_node()) {
    n->role = role;
    n->name = name;
    n->value = value;
  }
}

void add_text_node(Role role, const std::string& text, int level, const ImRect& rect) {
  ImGuiContext& g = *GImGui;
  if (text.empty() || in_tooltip(g)) return;
  Frame& f = rec().current;
  Node n;
  n.role = role;
  n.name = text;
  n.rect = rect;
  n.font = g.FontSize;
  n.level = level;
  n.group = current_group(f, &n);
  f.nodes.push_back(std::move(n));
}

// Page requests are carried out while their widget is submitted (its window, focus scope and
// nav layer are current then, as ImGui's own focus calls expect).
void serve_request(ImGuiID id) {
  Recorder& r = rec();
  if (r.request_id == 0 || r.request_id != id) return;
  ImGuiContext& g = *GImGui;
  ImGuiWindow* window = g.CurrentWindow;
  ImGui::FocusWindow(window->RootWindow);
  ImGui::SetFocusID(id, window);
  g.NavCursorVisible = true;
  g.NavHighlightItemUnderNav = true;
  ImGui::ScrollToRectEx(window, g.LastItemData.NavRect, ImGuiScrollFlags_KeepVisibleEdgeY);
  if (r.request_action == Action::Activate) ImGui::ActivateItemByID(id);
  r.request_id = 0;
  r.want_frame = true;  // the activation happens in the next frame
}

// A JSON string (invalid UTF-8 replaced, as the page's JSON.parse needs it).
void append_escaped(std::string& out, const std::string& s) {
  out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const char* role_name(Role r) {
  switch (r) {
    case Role::Button: return "button";
    case Role::Checkbox: return "checkbox";
    case Role::Radio: return "radio";
    case Role::TextBox: return "textbox";
    case Role::TreeItem: return "treeitem";
    case Role::Combo: return "combobox";
    case Role::Heading: return "heading";
    case Role::Text: return "text";
    case Role::None: break;
  }
  return "";
}

void append_number(std::string& out, const char* key, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ",\"%s\":%.0f", key, static_cast<double>(v));
  out += buf;
}

std::string nodes_json(const Frame& f) {
  std::string out = "\"groups\":[";
  for (std::size_t i = 0; i < f.groups.size(); ++i) {
    const GroupRec& gr = f.groups[i];
    if (i) out += ',';
    out += "{\"k\":";
    append_escaped(out, gr.key);
    out += ",\"r\":\"" + gr.role + "\",\"n\":";
    append_escaped(out, gr.name);
    if (gr.parent >= 0) out += ",\"p\":" + std::to_string(gr.parent);
    out += '}';
  }
  out += "],\"nodes\":[";
  // Texts have no id: their key is their text and its occurrence on the screen.
  std::unordered_map<std::string, int> seen;
  bool first = true;
  for (const Node& n : f.nodes) {
    if (n.role == Role::None || n.name.empty()) continue;
    if (!first) out += ',';
    first = false;
    out += "{\"k\":";
    if (n.id != 0) {
      out += '"' + std::to_string(n.id) + '"';
    } else {
      const std::string base = std::string(role_name(n.role)) + ":" + n.name;
      append_escaped(out, base + "#" + std::to_string(seen[base]++));
    }
    if (n.id != 0) out += ",\"id\":" + std::to_string(n.id);
    out += ",\"r\":\"";
    out += role_name(n.role);
    out += "\",\"n\":";
    append_escaped(out, n.name);
    if (!n.value.empty() || n.role == Role::TextBox) {
      out += ",\"v\":";
      append_escaped(out, n.value);
    }
    if (n.input_mode) {
      out += ",\"m\":";
      append_escaped(out, n.input_mode);
    }
    append_number(out, "x", n.rect.Min.x);
    append_number(out, "y", n.rect.Min.y);
    append_number(out, "w", n.rect.GetWidth());
    append_number(out, "h", n.rect.GetHeight());
    if (n.font > 0) append_number(out, "f", n.font);
    if (n.level > 0) out += ",\"l\":" + std::to_string(n.level);
    if (n.checked >= 0) out += ",\"c\":" + std::to_string(n.checked);
    if (n.selected >= 0) out += ",\"s\":" + std::to_string(n.selected);
    if (n.expanded >= 0) out += ",\"e\":" + std::to_string(n.expanded);
    if (n.disabled) out += ",\"d\":1";
    if (n.group >= 0) out += ",\"g\":" + std::to_string(n.group);
    if (n.row >= 0) out += ",\"row\":" + std::to_string(n.row) + ",\"col\":" + std::to_string(n.col);
    if (n.header) out += ",\"hd\":1";
    out += '}';
  }
  out += ']';
  return out;
}

}  // namespace

void item_add(ImGuiID id, const ImRect& rect) {
  ImGuiContext& g = *GImGui;
  if (id == 0 || in_tooltip(g)) return;
  Frame& f = rec().current;
  Node n;
  n.id = id;
  n.rect = rect;
  n.font = g.FontSize;
  n.disabled = (g.LastItemData.ItemFlags & ImGuiItemFlags_Disabled) != 0;
  n.group = current_group(f, &n);
  if (n.header) {  // a column header (ImGui reports no label for it): the column's name
    const char* column = ImGui::TableGetColumnName(n.col);
    n.name = column ? visible_part(column) : std::string();
    n.role = Role::Text;
  }
  auto [it, fresh] = f.by_id.emplace(id, f.nodes.size());
  if (fresh) f.nodes.push_back(std::move(n));
  else f.nodes[it->second] = std::move(n);  // the same id twice: the later one is what is shown
  serve_request(id);
}

void item_info(ImGuiID id, const char* label, int flags) {
  Frame& f = rec().current;
  auto it = f.by_id.find(id);
  if (it == f.by_id.end()) return;
  Node& n = f.nodes[it->second];
  // A child window reports itself as an item of its parent: it is a region, not a widget.
  if (label && ImGui::FindWindowByName(label)) {
    f.nodes[it->second].name.clear();
    return;
  }
  if (n.name.empty()) n.name = visible_part(label);
  if (n.role != Role::None) return;  // already described
  if (flags & ImGuiItemStatusFlags_Checkable) {
    n.role = Role::Checkbox;
    n.checked = (flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
  } else if (flags & ImGuiItemStatusFlags_Inputable) {
    n.role = Role::TextBox;
  } else {
    n.role = Role::Button;
    if (flags & ImGuiItemStatusFlags_Openable) n.expanded = (flags & ImGuiItemStatusFlags_Opened) ? 1 : 0;
  }
}

void name_last(const std::string& name) {
  if (Node* n = last_node()) {
    n->name = name.substr(0, name.find("##"));
    if (n->role == Role::None) n->role = Role::Button;
  }
}

void radio_last(const std::string& name, bool selected) { toggle_last(Role::Radio, name, selected); }

void checkbox_last(const std::string& name, bool checked) { toggle_last(Role::Checkbox, name, checked); }

void field_last(const std::string& name, const std::string& value, const char* input_mode) {
  valued_last(Role::TextBox, name, value);
  if (Node* n = last_node()) n->input_mode = input_mode;
}

void value_last(const std::string& value) {
  if (Node* n = last_node()) n->value = value;
}

void tree_item_last(const std::string& name, int level, bool selected, int expanded) {
  if (Node* n = last_node()) {
    n->role = Role::TreeItem;
    n->name = name;
    n->level = level;
    n->selected = selected ? 1 : 0;
    n->expanded = static_cast<signed char>(expanded);
  }
}

void combo_last(const std::string& name, const std::string& value) { valued_last(Role::Combo, name, value); }

void text_last(const std::string& text) {
  add_text_node(Role::Text, text, 0, GImGui->LastItemData.Rect);
}

void heading_last(const std::string& text, int level) {
  add_text_node(Role::Heading, text, level, GImGui->LastItemData.Rect);
}

void heading_virtual(const std::string& text, int level) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  add_text_node(Role::Heading, text, level, ImRect(at, ImVec2(at.x + 1, at.y + 1)));
}

void begin_group(Group kind, const std::string& name) {
  Frame& f = rec().current;
  const char* role = kind == Group::Tree ? "tree" : kind == Group::RadioGroup ? "radiogroup" : "table";
  const int parent = current_group(f);
  f.groups.push_back({std::string(role) + ":" + name, role, name, parent});
  f.stack.push_back(static_cast<int>(f.groups.size()) - 1);
}

void end_group() {
  Frame& f = rec().current;
  if (!f.stack.empty()) f.stack.pop_back();
}

void announce(const std::string& text, bool assertive) {
  if (!text.empty()) rec().say.emplace_back(text, assertive);
}

void frame_end() {
  Recorder& r = rec();
  r.last = std::move(r.current);
  r.current = Frame{};
  // A request whose widget was not drawn (it scrolled away, the screen changed): dropped after a
  // few frames rather than kept to surprise the user later.
  if (r.request_id != 0 && ++r.request_frames > 3) r.request_id = 0;
}

bool wants_frame() {
  Recorder& r = rec();
  return std::exchange(r.want_frame, false) || r.request_id != 0;
}

std::string take_changes() {
  Recorder& r = rec();
  const ImGuiContext& g = *GImGui;
  const ImGuiID focus = g.NavCursorVisible ? g.NavId : 0;
  const ImGuiID edit = g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID ? g.ActiveId : 0;
  std::string nodes = nodes_json(r.last);
  if (nodes == r.taken_nodes && focus == r.taken_focus && edit == r.taken_edit && r.say.empty()) return {};
  std::string out = "{";
  if (nodes != r.taken_nodes) {
    out += nodes + ",";
    r.taken_nodes = std::move(nodes);
  }
  out += "\"focus\":" + std::to_string(focus) + ",\"edit\":" + std::to_string(edit) + ",\"say\":[";
  for (std::size_t i = 0; i < r.say.size(); ++i) {
    if (i) out += ',';
    out += "{\"t\":";
    append_escaped(out, r.say[i].first);
    out += r.say[i].second ? ",\"a\":1}" : "}";
  }
  out += "]}";
  r.say.clear();
  r.taken_focus = focus;
  r.taken_edit = edit;
  return out;
}

void request(ImGuiID id, Action action) {
  Recorder& r = rec();
  r.request_id = id;
  r.request_action = action;
  r.request_frames = 0;
}

}  // namespace qis::semantics
