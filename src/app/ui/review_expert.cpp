// One expert's review of the open package: started or continued, written through, merged with
// another tab's edits, the self-score accepted, and printed while in progress.
#include "review_desk.h"

#include "documents.h"
#include "ledger_count.h"
#include "merge.h"
#include "package.h"
#include "platform.h"
#include "rules.h"
#include "review_desk_detail.h"
#include "state.h"

namespace qis::ui {

using namespace detail;

void start_review(int index) {
  auto& r = state().reviews;
  ReviewPackage& p = r.packages[static_cast<std::size_t>(index)];
  r.open = index;
  r.review = new_review(*p.rubric, p.assessment, p.bytes, r.who, P().today());
  // A review begun earlier for the same package (same bytes) continues where it was left.
  r.review_base.clear();
  if (auto saved = P().storage_get(kReviewPrefix + p.hash)) {
    auto back = import_review(*saved, all_rubrics());
    if (back && back.value().package_hash == p.hash) {
      r.review = std::move(back).value();
      if (r.who.name.empty()) r.who = r.review.expert;
      r.review_base = *saved;
    }
  }
  // Where the expert stopped: the criterion shown last, else the first not yet scored.
  r.selected = P().storage_get(kReviewPositionPrefix + p.hash).value_or("");
  if (!p.rubric->find(r.selected)) {
    r.selected.clear();
    for (const Node* n : p.rubric->criteria())
      if (!reviewed(n->id)) {
        r.selected = n->id;
        break;
      }
  }
  review_changed();
}

void remember_review_position() {
  auto& r = state().reviews;
  if (r.open < 0 || r.selected.empty()) return;
  P().storage_set(kReviewPositionPrefix + r.packages[static_cast<std::size_t>(r.open)].hash, r.selected);
}

ScoreReport review_tree_report() {
  auto& r = state().reviews;
  ScoreReport shown = r.expert;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  for (const Deviation& d : review_deviations(*p.rubric, r.review, p.self)) {
    if (d.has_reason) continue;
    for (auto& c : shown.criteria)
      if (c.node == d.node && !c.error)
        c.error = Error{"review.deviation_reason", "与自评相差超过允许范围，须说明偏差理由", d.node->id};
  }
  return shown;
}

void review_changed() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  r.review.expert = r.who;
  r.expert = score_review(*p.rubric, r.review);
  // Written through like a draft, so an evaluator's scoring survives a reload or a closed tab.
  std::string text = export_review(r.review);
  // Another tab merges what changed since review_base (as for drafts, host_events.cpp merge_other_tab).
  if (auto saved = P().storage_set_from(kReviewPrefix + p.hash, text, r.review_base)) r.review_base = std::move(text);
  else show_message("评审意见未能保存到浏览器：" + saved.reason + "请先导出评审意见文件保存。", true);
}

void review_desk_changed(const std::string& key, const std::string& value, const std::optional<std::string>& their_base) {
  auto& r = state().reviews;
  // A panel changed in another tab: the ranking follows it.
  if (key.rfind(kPanelPrefix, 0) == 0)
    for (auto& p : r.packages)
      if (key == kPanelPrefix + p.hash) p.panel = stored_panel(p);
  if (value.empty()) return;
  // The review open here was saved by another tab: both tabs' scores are kept; the same
  // criterion scored differently in both takes the other tab's, and this tab says so.
  if (r.open >= 0 && key == kReviewPrefix + r.packages[static_cast<std::size_t>(r.open)].hash) {
    const std::string mine_text = export_review(r.review);
    if (mine_text == value) return;
    // Merged against what that tab's write was made from: this tab's last save is no common
    // ancestor when it saved again before the other tab's write arrived.
    Json base = Json::parse(their_base.value_or(r.review_base), nullptr, false);
    const Json mine = Json::parse(mine_text, nullptr, false), theirs = Json::parse(value, nullptr, false);
    if (mine.is_discarded() || theirs.is_discarded()) return;
    MergeOptions options;
    options.conflicts_to_newer = true;  // both tabs pick the same side, so they end on one value
    const MergeResult m = merge3(base.is_discarded() ? Json::object() : base, mine, theirs, options);
    auto merged = import_review(m.merged.dump(), all_rubrics());
    if (!merged) return show_message("另一个标签页修改了这份评审意见，但无法合并：" + merged.error().message, true);
    r.review = std::move(merged).value();
    r.review_base = value;
    review_changed();
    if (m.conflicts.empty()) {
      // A calm notice never hides an unread warning (a conflict just reported).
      if (!state().message.error) show_message("已载入另一个标签页中对这份评审意见的修改，两边的修改都已保留。");
    } else {
      show_message(std::string("另一个标签页同时修改了同一项的评分：两个标签页都采用") + (m.mine_won ? "本页的评分" : "那边的评分") +
                       "，请核对。",
                   true);
    }
    return;
  }
  // The panel shown here was changed in another tab: shown as saved there.
  if (r.panel >= 0 && key == kPanelPrefix + panel_package().hash) {
    open_panel(r.panel);
    show_message("专家组汇总已在另一个标签页中修改，本页已显示修改后的内容。");
  }
}

// ---- Accepting the self-score, printing a review in progress ----

std::optional<Json> self_answer(const ReviewPackage& p, const Node& n) {
  const Assessment& a = p.assessment;
  if (auto o = a.overrides.find(n.id); o != a.overrides.end()) return o->second.answer;
  if (auto it = a.answers.find(n.id); it != a.answers.end() && !it->second.is_null()) {
    if (is_in_progress(n, it->second) || validate_answer(n, it->second)) return std::nullopt;  // nothing to agree with
    return it->second;
  }
  // The count the station's ledger supplies, as scoring takes it (scoring.cpp count_from_ledger).
  if (n.rule && n.rule->source && n.rule->kind == RuleKind::Count && !a.ledger.empty())
    if (auto counted = count_ledger(*n.rule->source, a.ledger, a.assessment_year))
      return Json{{"count", counted.value().count}};
  return std::nullopt;
}

bool reviewed(const std::string& id) {
  const auto& items = state().reviews.review.items;
  auto it = items.find(id);
  return it != items.end() && !it->second.answer.is_null();
}

namespace {

bool take_self_answer(const ReviewPackage& p, const Node& n) {
  auto answer = self_answer(p, n);
  if (!answer) return false;
  state().reviews.review.items[n.id].answer = std::move(*answer);
  return true;
}

}  // namespace

bool agree_with_self(const Node& n) {
  auto& r = state().reviews;
  if (!take_self_answer(r.packages[static_cast<std::size_t>(r.open)], n)) return false;
  review_changed();
  return true;
}

Unreviewed unreviewed_criteria() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  Unreviewed u;
  for (const Node* n : p.rubric->criteria()) {
    if (reviewed(n->id)) continue;
    (self_answer(p, *n) ? u.agreeable : u.unanswered_by_station).push_back(n);
  }
  return u;
}

int agree_with_self_for_rest() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  int n = 0;
  for (const Node* node : unreviewed_criteria().agreeable) n += take_self_answer(p, *node) ? 1 : 0;
  review_changed();
  return n;
}

namespace {

// The 评分表's panel of one review still in progress: the criteria scored so far, each as the
// merge would give it for one expert (rounded half up to 0.1); the others are left out and print
// blank. The core's merge refuses an unfinished review, rightly: this is a working sheet.
Panel review_in_progress(const ReviewPackage& p, const Review& review, const ScoreReport& expert, const std::string& why) {
  Panel panel;
  panel.rubric = p.rubric;
  panel.package_hash = p.hash;
  panel.station = station_name(p);
  panel.reviews = {review};
  panel.self_total = p.self.total;
  int scored = 0;
  for (auto& c : expert.criteria) {
    auto item = review.items.find(c.node->id);
    if (item == review.items.end() || item->second.answer.is_null() || !c.answered || c.error) continue;
    PanelCriterion pc;
    pc.node = c.node;
    const CriterionResult* self = p.self.find(c.node->id);
    pc.self = self ? self->score : 0;
    pc.scores = {c.score};
    pc.comments = {item->second.comment};
    pc.computed = pc.result = (c.score + 50) / 100 * 100;  // scores are not negative
    (c.node->bonus ? panel.bonus : panel.base) += pc.result;
    panel.criteria.push_back(std::move(pc));
    ++scored;
  }
  panel.total = panel.base + panel.bonus;
  panel.outcome = "专家评分尚未完成，暂无结论";
  const std::size_t all = p.rubric->criteria().size();
  panel.warnings.push_back(Error{"review.in_progress",
                                 "本评分表为评分过程中的工作稿：已评 " + std::to_string(scored) + " / " + std::to_string(all) +
                                     " 项，空白为尚未评分的细项，合计只含已评各项。" + why,
                                 ""});
  return panel;
}

}  // namespace

void review_document(DocumentKind kind, bool docx) {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  DocumentInput in;
  in.rubric = p.rubric;
  in.assessment = &p.assessment;
  in.package_hash = p.hash;  // the file opened, as the paper must name it
  in.today = P().today();
  if (kind != DocumentKind::ScoreSheet && kind != DocumentKind::Report) {
    // The station's own documents, as submitted: dated when the station last changed the package.
    in.date = station_document_date(p.assessment);
    output_document(kind, in, docx, station_name(p));
    return;
  }
  in.date = in.today;
  auto merged = merge_panel(*p.rubric, p.assessment, p.hash, {r.review}, PanelOptions{}, in.today);
  std::optional<Panel> partial;
  if (merged) {
    in.panel = &merged.value();
  } else if (kind == DocumentKind::ScoreSheet) {
    partial = review_in_progress(p, r.review, r.expert, "尚不能作为正式评分：" + merged.error().message);
    in.panel = &*partial;
  }
  output_document(kind, in, docx, station_name(p));
  if (merged) show_message(std::string(docx ? "已下载 Word 文档" : "已生成文档") + "（含本专家评分）。");
  else if (partial) show_message("已生成评分表工作稿：含本专家已评的各项，未评的细项留空。" + merged.error().message);
  else show_message("已生成文档。专家评分尚未完成，评价报告按自评得分生成：" + merged.error().message);
}

bool has_own_review(const ReviewPackage& p) { return P().storage_get(kReviewPrefix + p.hash).has_value(); }

std::vector<Error> open_review_problems() {
  auto& r = state().reviews;
  const ReviewPackage& p = r.packages[static_cast<std::size_t>(r.open)];
  const auto name = p.assessment.profile.find("name");
  return review_problems(*p.rubric, r.review, p.hash, p.self, name == p.assessment.profile.end() ? "" : name->second);
}

}  // namespace qis::ui
