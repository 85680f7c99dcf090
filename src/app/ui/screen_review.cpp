// The evaluator workspace: open submitted packages (each verified on opening), rank them, and
// score one as a panel member beside the station's self-score and evidence; export the review
// and print every document of the package's rubric (or download it as .docx).
#include <algorithm>
#include <set>
#include <string>

#include "evaluation_book.h"
#include "imgui.h"
#include "documents.h"
#include "criterion_editor.h"
#include "evidence.h"
#include "imgui_stdlib.h"
#include "platform.h"
#include "procedure_checks.h"
#include "report.h"
#include "screens.h"
#include "semantics.h"
#include "state.h"
#include "test_hooks.h"
#include "widgets.h"

namespace qis::ui {
namespace {

std::string verify_text(const ReviewPackage& p) {
  if (!p.error.empty()) return "无法打开";
  return p.verify ? verify_status(*p.verify) : "";
}

ImVec4 verify_color(const ReviewPackage& p) {
  if (!p.error.empty() || !p.verify || !p.verify->ok()) return kColorError;
  return p.verify->incomplete.empty() ? kColorOk : kColorWarn;
}

// Set by 查看排名: the list scrolls to the first ranking on the next frame.
bool g_jump_to_rankings = false;
// Rubric ids whose evaluator chose to rank a station's newest package when it sent several.
std::vector<std::string> g_rank_newest;

// One table per rubric: scores of different rubrics are not comparable, and each rubric ranks
// by its own rules (崇明 at most two selected, 武汉 第十九条 tiers). The rows, and the CSV, are what
// `qis rank --panel` gives for the same files: a panel merged here counts, and a package whose
// verification found problems is listed with the reason, not ranked.
void ranking_table(const DeskRanking& d) {
  const Rubric& rubric = *d.rubric;
  int from_panel = 0;
  if (d.result)
    for (auto& row : d.result.value().rows) from_panel += row.from_panel ? 1 : 0;
  const std::string basis = from_panel == 0 ? "按自评得分，读取方重新计算"
                                            : std::to_string(from_panel) + " 个按本页的专家组汇总，" +
                                                  std::to_string(d.packages - from_panel) + " 个按自评得分";
  const std::string title = "排名：" + rubric.short_title + "（" + basis + "）";
  ImGui::Spacing();
  text_wrapped_colored(kColorAccent, title);  // findable by the tests, unlike heading()
  testhooks::label_last_item(title);
  ImGui::Separator();
  if (!d.result) {
    text_wrapped_colored(kColorError, d.result.error().message);
    if (d.result.error().code == "rank.duplicate_station" &&
        std::find(g_rank_newest.begin(), g_rank_newest.end(), rubric.id) == g_rank_newest.end() &&
        ImGui::Button(("采用最新的一份排名##" + rubric.id).c_str()))
      g_rank_newest.push_back(rubric.id);
    return;
  }
  const RankResult& rk = d.result.value();
  // Fixed columns fit their content; the name and the conclusion share the rest and wrap inside
  // their own column, so a long name never runs into the score.
  // Phones: one column, each row's cells under one another (TableNextColumn starts a new row).
  const bool one = narrow();
  const ImGuiTableFlags flags = one ? ImGuiTableFlags_SizingStretchProp
                                    : ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersInnerV |
                                          ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable(("rank " + rubric.id).c_str(), one ? 1 : 6, flags)) {
    ImGui::TableSetupColumn("名次", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("单位名称", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("得分", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("等次 / 金额", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("结论", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("核对结果", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    if (!one) ImGui::TableHeadersRow();
    for (auto& row : rk.rows) {
      ImGui::TableNextRow();
      // A row whose file does not support its score is tinted, whichever column the eye is on.
      if (row.findings > 0) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(250, 215, 215, 200));
      // A basic condition unconfirmed, or a tie the panel must decide: the eye is drawn there too.
      else if (row.unconfirmed || row.needs_decision) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(255, 236, 179, 200));
      ImGui::TableNextColumn();
      text_line(row.rank ? rank_text(row) : "—");
      testhooks::label_last_item("rank place " + row.name + " " + (row.rank ? rank_text(row) : "—"));
      ImGui::TableNextColumn();
      text_wrapped(row.name);
      testhooks::label_last_item("rank name " + row.name);
      ImGui::TableNextColumn();
      text_line(format_milli(row.score) + (row.from_panel ? " 专家组" : " 自评"));
      testhooks::label_last_item("rank score " + row.name + " " + format_milli(row.score) + (row.from_panel ? " panel" : " self"));
      if (row.from_panel && ImGui::IsItemHovered()) ImGui::SetTooltip("专家组汇总：%s 位专家，%s", std::to_string(row.panel_experts.size()).c_str(), row.panel_method.c_str());
      ImGui::TableNextColumn();
      const std::string tier = row.needs_decision ? tier_text(row)
                               : row.tier.empty() ? (row.selected ? "入选" : "")
                                                  : row.tier + " " + format_milli(row.amount) + " 万元";
      if (row.needs_decision) ImGui::TextColored(kColorWarn, "%s", tier.c_str());
      else text_line(tier);
      testhooks::label_last_item("rank tier " + row.name + " " + tier);
      ImGui::TableNextColumn();
      text_wrapped(row.conclusion);
      testhooks::label_last_item("rank conclusion " + row.name + " " + row.conclusion);
      ImGui::TableNextColumn();
      text_wrapped_colored(row.findings > 0 ? kColorError : row.status.rfind("校验通过", 0) == 0 ? kColorOk : kColorWarn, row.status);
      testhooks::label_last_item("rank status " + row.name + " " + row.status);
      if (one) ImGui::Separator();
    }
    ImGui::EndTable();
  }
  for (auto& n : rk.notes) {
    text_wrapped_colored(kColorMuted, n);
    testhooks::label_last_item(n);
  }
  if (ImGui::Button(("导出排名 CSV##" + rubric.id).c_str()))
    state().platform->download("排名-" + rk.rubric->id + ".csv", rank_csv(rk), "text/csv");
  ImGui::SameLine();
  // Every criterion × expert × station of this rubric's panels, and the ranking (qis rank --xlsx).
  if (ImGui::Button(("导出评审汇总 Excel##" + rubric.id).c_str())) {
    BookRound round{rubric.short_title.empty() ? rubric.title : rubric.short_title, {}, {}, {&rk}};
    for (const ReviewPackage& p : state().reviews.packages)
      if (p.rubric == rk.rubric && p.panel) round.panels.push_back(&*p.panel);
    state().platform->download_zip("评审汇总-" + rk.rubric->id + ".xlsx", xlsx_parts(evaluation_sheets({round})),
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }
  testhooks::label_last_item("export workbook " + rubric.id);
}

void rankings() {
  bool first = true;
  for (const DeskRanking& d : desk_rankings(g_rank_newest)) {
    if (d.packages < 2) continue;  // one package is not a ranking
    if (first && g_jump_to_rankings) {
      ImGui::Dummy(ImVec2(0, 0));  // a line here: after a table the "previous line" is the table's top
      ImGui::SetScrollHereY(0.0f);
      g_jump_to_rankings = false;
    }
    first = false;
    ranking_table(d);
  }
}

// "共 12 个数据包：9 个校验通过，2 个有问题，1 个缺必备材料", as qis verify sums up a folder.
std::string desk_summary() {
  int all = 0, passed = 0, problems = 0, incomplete = 0, broken = 0;
  for (auto& p : state().reviews.packages) {
    ++all;
    if (!p.error.empty() || !p.verify) ++broken;
    else if (!p.verify->ok()) ++problems;
    else if (!p.verify->incomplete.empty()) ++incomplete;
    else ++passed;
  }
  std::string s = "共 " + std::to_string(all) + " 个数据包：" + std::to_string(passed) + " 个校验通过，" +
                  std::to_string(problems) + " 个有问题";
  if (incomplete) s += "，" + std::to_string(incomplete) + " 个缺必备材料";
  if (broken) s += "，" + std::to_string(broken) + " 个无法打开";
  return s;
}

// Which packages the list shows: a province opens dozens at once.
enum class Show { All, Problems, Incomplete, Passed };
Show g_show = Show::All;
const Rubric* g_show_rubric = nullptr;  // nullptr: every rubric

bool shown_in_list(const ReviewPackage& p) {
  if (g_show_rubric && p.rubric != g_show_rubric) return false;
  const bool problems = !p.error.empty() || !p.verify || !p.verify->ok();
  switch (g_show) {
    case Show::Problems: return problems;
    case Show::Incomplete: return !problems && !p.verify->incomplete.empty();
    case Show::Passed: return !problems && p.verify->incomplete.empty();
    default: return true;
  }
}

// 显示：全部 / 有问题 / 缺必备材料 / 校验通过, and a rubric when packages of several are open.
void list_filter() {
  text_line("显示：");
  const std::pair<Show, const char*> choices[] = {
      {Show::All, "全部##show"}, {Show::Problems, "有问题##show"}, {Show::Incomplete, "缺必备材料##show"}, {Show::Passed, "校验通过##show"}};
  for (auto& [show, label] : choices)
    if (radio_flow(label, g_show == show, false)) g_show = show;
  std::vector<const Rubric*> rubrics;
  for (auto& p : state().reviews.packages)
    if (p.rubric && std::find(rubrics.begin(), rubrics.end(), p.rubric) == rubrics.end()) rubrics.push_back(p.rubric);
  if (rubrics.size() < 2) {
    g_show_rubric = nullptr;
    return;
  }
  if (radio_flow("全部评分表##rubric", g_show_rubric == nullptr, true)) g_show_rubric = nullptr;
  for (const Rubric* r : rubrics)
    if (radio_flow(r->short_title + "##rubric", g_show_rubric == r, false)) g_show_rubric = r;
}

// The required materials a package lacks, in one line instead of one sentence each.
std::string missing_materials_line(const ReviewPackage& p) {
  std::string names;
  for (auto& f : p.verify->incomplete) {
    std::string label = target_label(*p.rubric, f.criterion);  // 申请材料“相关制度”（6.2 d)）: the prefix once, below
    if (label.rfind("申请材料", 0) == 0) label.erase(0, std::char_traits<char>::length("申请材料"));
    names += (names.empty() ? "" : "、") + label;
  }
  return "缺 " + std::to_string(p.verify->incomplete.size()) + " 项必备申请材料：" + names +
         "；请向申报单位索取后再评审（这不是篡改，而是材料不全）。";
}

void package_list() {
  auto& s = state();
  auto& r = s.reviews;
  heading("专家评审：已打开的数据包");
  text_wrappedf("每个数据包打开时都会校验：得分按答案重新计算并与文件中记录的得分比对，嵌入的附件和提交包（.zip）中的文件核对 SHA-256。");
  const std::string summary = desk_summary();
  text_wrapped_colored(kColorAccent, summary);
  testhooks::label_last_item(summary);
  if (ImGui::Button("再打开数据包…")) s.platform->open_files("review", ".json,.zip,application/json,application/zip");
  int ranked_rubrics = 0;
  for (const DeskRanking& d : desk_rankings(g_rank_newest)) ranked_rubrics += d.packages >= 2 ? 1 : 0;
  if (ranked_rubrics > 0) {
    const std::string jump = "查看排名（" + std::to_string(ranked_rubrics) + " 个评分表）↓";
    ImGui::SameLine();
    if (ImGui::Button(jump.c_str())) g_jump_to_rankings = true;
  }
  // The stamped paper names its package by SHA-256: typed (or scanned from the QR code) here, the
  // list says which opened file it is.
  static std::string typed;
  // As wide as its hint, so the hint is read whole; a short hint where even a line is narrower.
  const char* hint = "核对纸质材料：输入其上的 SHA-256（至少前 16 位）";
  const float hint_width = ImGui::CalcTextSize(hint).x + ImGui::GetStyle().FramePadding.x * 2 + 2;
  same_line_if_fits(hint_width);
  if (hint_width > ImGui::GetContentRegionAvail().x) hint = "纸质材料上的 SHA-256";
  ImGui::SetNextItemWidth(std::min(hint_width, ImGui::GetContentRegionAvail().x));
  ImGui::InputTextWithHint("##paper_hash", hint, &typed);
  semantics::field_last("核对纸质材料：输入其上的 SHA-256（至少前 16 位）", typed);
  std::string paper = printed_hash_prefix(typed);
  if (paper.empty() && typed.find_first_not_of(" -\t") != std::string::npos) {
    text_wrapped_colored(kColorError, "SHA-256 应为 16 至 64 位十六进制数字（0-9、a-f），请对照纸质材料核对。");
  } else if (!paper.empty()) {
    bool any = false;
    for (auto& p : r.packages) any |= p.error.empty() && p.hash.compare(0, paper.size(), paper) == 0;
    if (!any) text_wrapped_colored(kColorError, "已打开的数据包中没有与该 SHA-256 对应的文件：纸质材料与提交的数据包不一致，请向申报单位核实。");
  }
  list_filter();
  // Phones: one column, each package's cells under one another (TableNextColumn starts a new row).
  const bool one = narrow();
  if (ImGui::BeginTable("packages", one ? 1 : 5,
                        one ? ImGuiTableFlags_SizingStretchProp : ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    if (!one) {
      for (const char* h : {"单位名称", "评价表", "自评得分", "校验", "操作"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
    }
    int close = -1;
    for (std::size_t i = 0; i < r.packages.size(); ++i) {
      const ReviewPackage& p = r.packages[i];
      if (!shown_in_list(p)) continue;
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string station = station_name(p);
      text_wrapped(station);
      testhooks::label_last_item("package " + station);
      text_wrapped_colored(kColorMuted, p.name);  // the file: two copies of one package differ by it
      ImGui::TableNextColumn();
      text_wrapped(p.rubric ? p.rubric->short_title : p.name);
      ImGui::TableNextColumn();
      if (p.rubric) text_line(score_text_short(score_figures(p.self)));
      ImGui::TableNextColumn();
      text_wrapped_colored(verify_color(p), verify_text(p));
      if (!p.error.empty()) text_wrapped_colored(kColorError, p.error);
      if (!paper.empty() && p.error.empty()) {
        const bool same = p.hash.compare(0, paper.size(), paper) == 0;
        text_wrapped_colored(same ? kColorOk : kColorMuted, same ? "✓ 与纸质材料上的 SHA-256 一致" : "与纸质材料上的 SHA-256 不一致");
      }
      if (p.verify && p.from_bundle) {
        // What the bundle carried, checked file by file against the package's digests.
        const std::string files =
            p.verify->ok() ? "提交包：" + std::to_string(p.verify->evidence_checked) + " / " +
                                 std::to_string(p.verify->evidence_entries) + " 个附件与清单一致（已核对 SHA-256）"
                           : "提交包：已核对 " + std::to_string(p.verify->evidence_checked) + " / " +
                                 std::to_string(p.verify->evidence_entries) + " 个附件，问题见下";
        text_wrapped_colored(p.verify->ok() ? kColorOk : kColorWarn, files);
        testhooks::label_last_item(files);
      }
      if (p.verify) {
        // A few findings here; the review and panel screens list every one.
        constexpr std::size_t kListed = 3;
        for (std::size_t k = 0; k < p.verify->findings.size() && k < kListed; ++k)
          text_wrapped_colored(kColorError, p.verify->findings[k].message);
        if (p.verify->findings.size() > kListed)
          text_wrapped_colored(kColorError, "另有 " + std::to_string(p.verify->findings.size() - kListed) + " 条，点“评审”可查看全部。");
        if (!p.verify->incomplete.empty()) text_wrapped_colored(kColorWarn, missing_materials_line(p));
        if (!p.verify->notice.empty()) text_wrapped_colored(kColorMuted, p.verify->notice);
      }
      ImGui::TableNextColumn();
      if (p.error.empty() && small_button("评审")) start_review(static_cast<int>(i));
      if (p.error.empty()) {
        ImGui::SameLine();
        if (small_button("专家组汇总")) open_panel(static_cast<int>(i));
      }
      ImGui::SameLine();
      if (small_button("关闭")) close = static_cast<int>(i);
      if (one) ImGui::Separator();
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (close >= 0) close_review_package(close);  // after the loop: the list must not change while drawn
  }
  rankings();
}

// 其余各项同意自评: the button, and the confirmation that says how many criteria it sets.
void agree_with_rest() {
  const Unreviewed u = unreviewed_criteria();
  const int n = static_cast<int>(u.agreeable.size());
  ImGui::BeginDisabled(n == 0);
  same_line_if_fits(button_width("其余各项同意自评…"));
  if (ImGui::Button("其余各项同意自评…")) ImGui::OpenPopup("confirm_agree");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", n == 0 ? "没有可同意自评的未评细项" : "把尚未评分的各项设为与申报单位自评相同，设置前会先确认");
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 30, ImGui::GetMainViewport()->WorkSize.x - 16), 0));
  if (ImGui::BeginPopupModal("confirm_agree", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    heading("其余各项同意自评");
    const std::string what = "将把尚未评分的 " + std::to_string(n) + " 项设为与申报单位的自评相同（专家评分 = 自评得分）。已评分的各项不变。";
    text_wrapped_colored(kColorAccent, what);
    if (!u.unanswered_by_station.empty())
      text_wrapped_colored(kColorWarn, "另有 " + std::to_string(u.unanswered_by_station.size()) +
                                           " 项申报单位未作答，没有可同意的自评，请逐项评分。");
    const ReviewPackage& p = state().reviews.packages[static_cast<std::size_t>(state().reviews.open)];
    if (p.verify && !p.verify->ok())
      text_wrapped_colored(kColorError, "注意：该数据包核对发现 " + std::to_string(p.verify->findings_total) +
                                            " 项问题（得分或附件与申报单位导出时不一致）。同意自评即采用申报单位的答案，请先核实。");
    text_wrappedf("设置后仍可逐项修改。");
    if (ImGui::Button(("确定，设置 " + std::to_string(n) + " 项").c_str())) {
      const int set = agree_with_self_for_rest();
      show_message("已将 " + std::to_string(set) + " 项设为同意自评。");
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("取消##agree")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

bool g_ask_export = false;  // 导出评审意见 found problems: the dialog opens outside the menu

std::string review_file_name(const ReviewPackage& p, bool incomplete) {
  const auto& who = state().reviews.who;
  return station_name(p) + "-评审意见-" + (who.name.empty() ? "专家" : who.name) + (incomplete ? "-未完成" : "") + ".json";
}

// A review `qis review` would refuse: the list, 返回修改, or a working copy whose name says 未完成
// (a panel and `qis review` refuse it all the same).
void export_review_dialog(const ReviewPackage& p) {
  if (g_ask_export) {
    ImGui::OpenPopup("export_review");
    g_ask_export = false;
  }
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 34, ImGui::GetMainViewport()->WorkSize.x - 16), 0));
  if (!ImGui::BeginPopupModal("export_review", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
  const std::vector<Error> problems = open_review_problems();
  const std::string head = "评审意见尚未完成，不能用于专家组汇总（" + std::to_string(problems.size()) + " 个问题）";
  text_wrapped_colored(kColorError, head);
  testhooks::label_last_item(head);
  constexpr std::size_t kListed = 8;
  for (std::size_t i = 0; i < problems.size() && i < kListed; ++i) {
    ImGui::Bullet();
    ImGui::SameLine();
    text_wrapped(problems[i].message);
    testhooks::label_last_item("export problem " + problems[i].code + " " + problems[i].message);
  }
  if (problems.size() > kListed) text_wrapped_colored(kColorMuted, "另有 " + std::to_string(problems.size() - kListed) + " 个问题。");
  text_wrapped_colored(kColorMuted, "这与 qis review 的核对相同。请返回修改；如只需保存进度，可导出未完成稿：文件名标明“未完成”，专家组汇总和 qis review 都不会采用。");
  if (ImGui::Button("返回修改##export")) ImGui::CloseCurrentPopup();
  ImGui::SameLine();
  if (ImGui::Button("导出未完成稿")) {
    state().platform->download(review_file_name(p, true), export_review(state().reviews.review), "application/json");
    show_message("已导出评审意见未完成稿（文件名标明“未完成”）：尚有 " + std::to_string(problems.size()) +
                     " 个问题，专家组汇总不会采用此文件；完成后请重新导出。",
                 true);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

// 同意自评 on a package whose verification found problems asks once per package and visit.
std::set<std::string> g_agree_acknowledged;
std::string g_agree_pending;  // the criterion waiting for that answer

void review_toolbar(ReviewPackage& p) {
  auto& s = state();
  auto& r = s.reviews;
  focus_region();
  if (ImGui::Button("← 返回数据包列表")) {
    r.open = -1;
    return;
  }
  // Phones: the less used actions in a menu; a wider screen shows them in the row.
  const bool menu = narrow();
  if (menu && flow_button("更多…")) ImGui::OpenPopup("review_actions");
  if (!menu || ImGui::BeginPopup("review_actions")) {
    const auto action = [&](const char* label) { return menu ? ImGui::Selectable(label) : flow_button(label); };
    if (action("导出评审意见")) {
      // The checks of `qis review`: a review it would refuse is not exported as a success.
      if (open_review_problems().empty()) {
        s.platform->download(review_file_name(p, false), export_review(r.review), "application/json");
        show_message("已导出评审意见。");
      } else {
        g_ask_export = true;
      }
    }
    if (action("打印评分表")) review_document(DocumentKind::ScoreSheet);
    if (action("生成评价报告")) review_document(DocumentKind::Report);
    if (action("全部文档（打印 / Word）…")) open_documents_popup("review_documents");
    const bool panel = action("专家组汇总##from_review");
    if (menu) ImGui::EndPopup();
    if (panel) {
      open_panel(r.open);
      return;
    }
  }
  export_review_dialog(p);
  // Every document the package's rubric defines, the station's as submitted and the panel's with
  // this expert's work, each naming the file opened.
  if (begin_documents_popup("review_documents")) {
    text_wrapped_colored(kColorMuted, "本数据包的文档（末尾印有其 SHA-256 与二维码）");
    document_rows(*p.rubric, rubric_documents(*p.rubric), "rdoc", [](DocumentKind kind, bool docx) {
      review_document(kind, docx);
      ImGui::CloseCurrentPopup();
    });
    ImGui::EndPopup();
  }
  const std::string scores = "自评 " + score_text_short(score_figures(p.self)) + " · 专家 " + score_text_short(score_figures(r.expert));
  same_line_if_fits(std::min(ImGui::CalcTextSize(scores.c_str()).x, ImGui::GetFontSize() * 12));
  text_wrapped_colored(kColorAccent, scores);
}

void review_editor() {
  auto& s = state();
  auto& r = s.reviews;
  ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  review_toolbar(p);
  if (r.open < 0 || r.panel >= 0) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kColorMuted);
  text_wrapped(station_name(p) + " · " + p.rubric->title);
  ImGui::PopStyleColor();
  // Beside the station's name where the line has room: the tree and the editor keep their height.
  if (const float w = verification_banner_width(p); w > 0) same_line_if_fits(w);
  verification_banner(p);

  // The expert: three fields in a row; on a phone one under another, folded away once named.
  const bool row = !narrow();
  static bool fold_open = true;
  if (!row) {
    ImGui::SetNextItemOpen(fold_open || r.who.name.empty());
    fold_open = ImGui::CollapsingHeader(("专家：" + (r.who.name.empty() ? std::string("（请填写姓名）") : r.who.name) + "##who").c_str());
  }
  bool who_changed = false;
  if (row || fold_open) {
    const float field = row ? ImGui::GetContentRegionAvail().x / 3.0f - 8 : ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(field);
    who_changed |= ImGui::InputTextWithHint("##expert_name", "专家姓名", &r.who.name);
    semantics::field_last("专家姓名", r.who.name);
    if (row) ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    who_changed |= ImGui::InputTextWithHint("##expert_title", "职称或职务", &r.who.title);
    semantics::field_last("职称或职务", r.who.title);
    if (row) ImGui::SameLine();
    ImGui::SetNextItemWidth(field);
    who_changed |= ImGui::InputTextWithHint("##expert_unit", "工作单位", &r.who.unit);
    semantics::field_last("工作单位", r.who.unit);
  }
  if (who_changed) review_changed();

  const auto criteria = p.rubric->criteria();
  if (r.selected.empty() || !p.rubric->find(r.selected)) r.selected = criteria.front()->id;
  std::size_t index = 0, done = 0;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    if (criteria[i]->id == r.selected) index = i;
    done += reviewed(criteria[i]->id) ? 1 : 0;
  }
  const std::string progress = "已评 " + std::to_string(done) + " / " + std::to_string(criteria.size()) + " 项";
  ImGui::TextColored(done == criteria.size() ? kColorOk : kColorAccent, "%s", progress.c_str());
  testhooks::label_last_item(progress);
  agree_with_rest();
  evidence_overview(p.assessment, *p.rubric, &p.bundle_checks);
  ImGui::Separator();

  // Next/previous from the keyboard when no text field has the keys, as in the item editor.
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) {
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown) && index + 1 < criteria.size()) r.selected = criteria[++index]->id;
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp) && index > 0) r.selected = criteria[--index]->id;
  }

  // A criterion whose deviation still lacks its reason is not done: the tree marks it as an error,
  // as `qis review` refuses it.
  const ScoreReport tree_report = review_tree_report();
  const auto draw_tree = [&] { draw_criterion_tree(tree_report, r.selected); };
  tree_beside_editor(draw_tree);
  // A criterion opens at its top, whichever way it was reached (tree, buttons, keys).
  if (r.shown != r.selected) {
    ImGui::SetNextWindowScroll(ImVec2(0.0f, 0.0f));
    remember_review_position();  // the review reopens here
  }
  ImGui::BeginChild("editor", ImVec2(0, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_NavFlattened);
  focus_region();
  const Node* n = p.rubric->find(r.selected);
  r.shown = r.selected;
  ImGui::PushID(n->id.c_str());
  editor_pager(criteria, index, r.selected, draw_tree);
  draw_official_text(*n);

  heading("申报单位自评");
  const CriterionResult* self = p.self.find(n->id);
  text_wrapped_colored(kColorMuted, "自评 " + score_of(self->score, n->max) + "：" + self->explanation);
  if (p.verify)
    for (auto& f : p.verify->findings)
      if (f.criterion == n->id) {
        text_wrapped_colored(kColorError, "核对发现：" + f.message);
        testhooks::label_last_item("criterion finding " + f.message);
      }
  if (auto note = p.assessment.notes.find(n->id); note != p.assessment.notes.end())
    text_wrappedf("备注：%s", note->second.c_str());
  for (std::size_t i = 0; i < p.assessment.evidence.size(); ++i) {
    const EvidenceItem& e = p.assessment.evidence[i];
    if (std::find(e.criteria.begin(), e.criteria.end(), n->id) != e.criteria.end())
      evidence_row(e, i < p.bundle_checks.size() ? &p.bundle_checks[i] : nullptr);
  }

  heading("专家评分");
  const bool agreeable = self_answer(p, *n).has_value();
  ImGui::BeginDisabled(!agreeable);
  if (ImGui::Button("同意自评")) {
    if (p.verify && !p.verify->ok() && !g_agree_acknowledged.count(p.hash)) {
      g_agree_pending = n->id;
      ImGui::OpenPopup("confirm_agree_one");
    } else {
      agree_with_self(*n);
      forget_widget_error(n->id);
    }
  }
  ImGui::EndDisabled();
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 30, ImGui::GetMainViewport()->WorkSize.x - 16), 0));
  if (ImGui::BeginPopupModal("confirm_agree_one", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
    const std::string warn = "该数据包核对发现 " + std::to_string(p.verify ? p.verify->findings_total : 0) +
                             " 项问题（得分或附件与申报单位导出时不一致）。同意自评即采用申报单位的答案作为专家评分，请先核实。";
    text_wrapped_colored(kColorError, warn);
    testhooks::label_last_item(warn);
    if (ImGui::Button("已核实，同意自评")) {
      g_agree_acknowledged.insert(p.hash);
      if (const Node* pending = p.rubric->find(g_agree_pending)) {
        agree_with_self(*pending);
        forget_widget_error(pending->id);
      }
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("取消##agree_one")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", agreeable ? "专家评分取申报单位的答案，与自评得分相同" : "申报单位未作答，请按评分标准评分");
  auto found = r.review.items.find(n->id);
  const Json* current = found == r.review.items.end() || found->second.answer.is_null() ? nullptr : &found->second.answer;
  answer_widget(*n, current, [&](const Json& answer) {
    r.review.items[n->id].answer = answer;
    review_changed();
  });
  const CriterionResult* mine = r.expert.find(n->id);
  if (mine) text_wrapped_colored(mine->answered ? kColorOk : kColorMuted, "专家评分 " + score_of(mine->score, n->max) + "：" + mine->explanation);
  if (current) {
    ReviewItem& item = r.review.items[n->id];
    for (auto& d : review_deviations(*p.rubric, r.review, p.self))
      if (d.node == n) {
        text_wrapped_colored(kColorWarn, "与自评相差 " + format_milli(d.expert > d.self ? d.expert - d.self : d.self - d.expert) +
                                             " 分，超过允许偏差 " + format_milli(d.margin) + " 分：须填写理由。");
        const bool reason_edited = ImGui::InputTextMultiline("##deviation", &item.deviation_reason, ImVec2(-1, ImGui::GetTextLineHeight() * 2.5f));
        semantics::field_last("偏差理由", item.deviation_reason);
        if (reason_edited) review_changed();
      }
    text_line("评语");
    const bool comment_edited = ImGui::InputTextMultiline("##comment", &item.comment, ImVec2(-1, ImGui::GetTextLineHeight() * 3));
    semantics::field_last("评语", item.comment);
    if (comment_edited) review_changed();
  } else {
    ImGui::TextColored(kColorMuted, "评分后可填写评语。");
  }
  ImGui::PopID();
  ImGui::EndChild();
}
}  // namespace

namespace {

// The banner's one line, or "" when verification found nothing to say.
std::string verification_head(const ReviewPackage& p) {
  if (!p.verify || (p.verify->ok() && p.verify->incomplete.empty())) return "";
  const int missing = static_cast<int>(p.verify->incomplete.size());
  std::string head = p.verify->ok() ? "" : "核对发现 " + std::to_string(p.verify->findings_total) + " 项问题";
  if (missing > 0) head += (head.empty() ? "缺 " : "，另缺 ") + std::to_string(missing) + " 项必备申请材料";
  return head + "（明细）";
}

}  // namespace

float verification_banner_width(const ReviewPackage& p) {
  const std::string head = verification_head(p);
  // The tree node's arrow and padding beside its text.
  return head.empty() ? 0.0f : ImGui::CalcTextSize(head.c_str()).x + ImGui::GetFontSize() + ImGui::GetStyle().FramePadding.x * 3;
}

void verification_banner(const ReviewPackage& p) {
  const std::string head = verification_head(p);
  if (head.empty()) return;
  const int missing = static_cast<int>(p.verify->incomplete.size());
  // One line in view while scoring (the editor keeps its room); the details open under it, at once
  // where the screen is large.
  const ImVec2 screen = ImGui::GetMainViewport()->WorkSize;
  ImGui::SetNextItemOpen(screen.y >= 1000 && ImGui::GetContentRegionAvail().x >= ImGui::GetFontSize() * 50, ImGuiCond_Once);
  ImGui::PushStyleColor(ImGuiCol_Text, p.verify->ok() ? kColorWarn : kColorError);
  const bool open = ImGui::TreeNode((head + "##findings").c_str());
  ImGui::PopStyleColor();
  testhooks::label_last_item("verification banner " + head);
  if (!open) return;
  if (!p.verify->ok())
    text_wrapped_colored(kColorError, "此数据包的得分或附件与申报单位导出时不一致（可能被改动），请先向申报单位核实；相关细项评分时会再次标出。");
  for (auto& f : p.verify->findings) {
    ImGui::Bullet();
    ImGui::SameLine();
    text_wrapped_colored(kColorError, f.message);
    testhooks::label_last_item("banner finding " + f.message);
  }
  if (missing > 0) {
    ImGui::Bullet();
    ImGui::SameLine();
    text_wrapped_colored(kColorWarn, missing_materials_line(p));
  }
  ImGui::TreePop();
}

void draw_review_screen() {
  auto& s = state();
  if (ImGui::Button("← 首页")) {
    s.reviewing = false;
    return;
  }
  ImGui::SameLine();
  ImGui::TextColored(kColorAccent, "专家评审工作台");
  font_size_control();
  message_banner();
  if (s.reviews.panel >= 0) {
    draw_panel_screen();
  } else if (s.reviews.open < 0) {
    ImGui::BeginChild("list", ImVec2(0, 0), ImGuiChildFlags_NavFlattened);
    focus_region();
    package_list();
    ImGui::EndChild();
  } else {
    review_editor();
  }
}

}  // namespace qis::ui
