// The panel of one package: the experts' reviews added, the method, the leader's overrides, merged
// again after every change and written through to storage.
#include "review_desk.h"

#include <cstdlib>

#include "names.h"
#include "package.h"
#include "platform.h"
#include "review_desk_detail.h"
#include "state.h"

namespace qis::ui {

namespace detail {

ReviewPackage& panel_package() {
  auto& r = state().reviews;
  return r.packages[static_cast<std::size_t>(r.panel)];
}

}  // namespace detail

using namespace detail;

namespace {

Json milli_number(Milli m) { return m % kMilli == 0 ? Json(m / kMilli) : Json(static_cast<double>(m) / 1000.0); }

// The panel in the shape of a qis-panel/1 file without results, so read_panel() reads it back.
std::string panel_work_json(const ReviewPackage& p, const PanelWork& w) {
  Json overrides = Json::array();
  for (auto& o : w.overrides) overrides.push_back({{"criterion", o.criterion}, {"value", milli_number(o.value)}, {"reason", o.reason}});
  Json reviews = Json::array();
  for (auto& r : w.reviews) reviews.push_back(review_json(r));
  auto name = p.assessment.profile.find("name");
  const Json j = {{"format", kPanelFormat},
                  {"package", {{"sha256", p.hash}, {"name", name == p.assessment.profile.end() ? p.name : name->second}}},
                  {"rubric", {{"id", p.rubric->id}, {"version", p.rubric->version}}},
                  {"method", panel_method_name(w.method)},
                  {"overrides", overrides},
                  {"reviews", reviews}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Panel> merge_work(const ReviewPackage& p, const PanelWork& w, const std::vector<PanelOverride>& overrides) {
  return merge_panel(*p.rubric, p.assessment, p.hash, w.reviews, PanelOptions{w.method, overrides}, P().today());
}

// Adds a review after checking it belongs to this package and is not there already.
std::string add_review(PanelWork& w, const ReviewPackage& p, Review review, const std::string& origin) {
  if (review.package_hash != p.hash)
    return "“" + origin + "”是对另一个数据包的评审意见（数据包指纹不一致），不能并入本数据包的专家组汇总。请确认该专家评审的是同一份数据包文件。";
  for (auto& r : w.reviews) {
    if (review_json(r) == review_json(review)) return "“" + origin + "”已经加入（内容相同）。";
    if (!person_key(r.expert.name).empty() && same_person(r.expert.name, review.expert.name))
      return "专家“" + r.expert.name + "”的评审意见已经加入" +
             (r.expert.name == review.expert.name ? std::string() : "（“" + review.expert.name + "”与之只差空格或不可见字符）") +
             "。同一位专家只能计一次；如需替换，请先移除原来的评审意见。";
  }
  w.reviews.push_back(std::move(review));
  return "";
}

}  // namespace

void open_panel(int index) {
  auto& r = state().reviews;
  r.panel = index;
  r.open = -1;
  r.work = PanelWork{};
  const ReviewPackage& p = panel_package();
  if (auto saved = P().storage_get(kPanelPrefix + p.hash)) {
    auto file = read_panel(*saved, all_rubrics());
    if (file && file.value().package_hash == p.hash) {
      r.work.reviews = std::move(file.value().reviews);
      r.work.method = file.value().options.method;
      r.work.overrides = std::move(file.value().options.overrides);
    }
  }
  panel_changed();
}

void add_panel_file(const std::string& name, const std::string& bytes) {
  auto& r = state().reviews;
  if (r.panel < 0) return;
  const ReviewPackage& p = panel_package();
  PanelWork& w = r.work;
  const Json head = Json::parse(bytes, nullptr, false);
  const bool is_panel = head.is_object() && head.contains("format") && head["format"].is_string() &&
                        head["format"].get<std::string>().rfind("qis-panel/", 0) == 0;
  if (is_panel) {
    auto file = read_panel(bytes, all_rubrics());
    if (!file) return show_message("“" + name + "”无法读取：" + file.error().message, true);
    if (file.value().package_hash != p.hash)
      return show_message("“" + name + "”是另一个数据包的专家组汇总，不能用于本数据包。", true);
    std::vector<std::string> refused;
    for (auto& rev : file.value().reviews)
      if (auto why = add_review(w, p, rev, name + "（" + rev.expert.name + "）"); !why.empty()) refused.push_back(why);
    w.method = file.value().options.method;
    w.overrides = file.value().options.overrides;
    panel_changed();
    std::string text = "已读取专家组汇总“" + name + "”：汇总方法和组长调整按该文件设置。";
    for (auto& x : refused) text += x;
    return show_message(text, !refused.empty());
  }
  auto review = import_review(bytes, all_rubrics());
  if (!review) return show_message("“" + name + "”无法作为评审意见读取：" + review.error().message, true);
  if (auto why = add_review(w, p, std::move(review).value(), name); !why.empty()) return show_message(why, true);
  panel_changed();
  show_message("已加入“" + name + "”。");
}

bool open_expert_file(const std::string& name, const std::string& bytes) {
  const Json head = Json::parse(bytes, nullptr, false);
  const std::string format = head.is_object() && head.contains("format") && head["format"].is_string()
                                 ? head["format"].get<std::string>() : "";
  const bool review = format.rfind("qis-review/", 0) == 0, panel = format.rfind("qis-panel/", 0) == 0;
  if (!review && !panel) return false;
  auto& s = state();
  const std::string what = review ? "专家评审意见" : "专家组汇总";
  const Json* package = head.contains("package") && head["package"].is_object() ? &head["package"] : nullptr;
  const std::string hash = package && package->contains("sha256") && (*package)["sha256"].is_string()
                               ? (*package)["sha256"].get<std::string>() : "";
  if (stored_review_packages() > 0) reopen_review_packages();
  s.reviewing = true;
  for (std::size_t i = 0; i < s.reviews.packages.size(); ++i) {
    const ReviewPackage& p = s.reviews.packages[i];
    if (!p.error.empty() || p.hash != hash) continue;
    if (s.reviews.panel != static_cast<int>(i)) open_panel(static_cast<int>(i));
    add_panel_file(name, bytes);
    return true;
  }
  show_message("“" + name + "”是" + what + "，已转到评审工作台。它评审的数据包尚未在此打开：请先点“打开数据包进行评审…”打开该数据包，"
               "再点“专家组汇总”添加此文件。",
               true);
  return true;
}

bool add_own_review_to_panel() {
  auto& r = state().reviews;
  const ReviewPackage& p = panel_package();
  auto saved = P().storage_get(kReviewPrefix + p.hash);
  if (!saved) return false;
  auto review = import_review(*saved, all_rubrics());
  if (!review) return false;
  if (auto why = add_review(r.work, p, std::move(review).value(), "本机专家的评审意见"); !why.empty()) {
    show_message(why, true);
    return false;
  }
  panel_changed();
  show_message("已加入本机专家的评审意见。");
  return true;
}

void remove_panel_review(std::size_t index) {
  auto& w = state().reviews.work;
  if (index >= w.reviews.size()) return;
  w.reviews.erase(w.reviews.begin() + static_cast<std::ptrdiff_t>(index));
  panel_changed();
}

std::string set_panel_override(const std::string& criterion, const std::string& value, const std::string& reason) {
  auto& w = state().reviews.work;
  std::vector<PanelOverride> next;
  for (auto& o : w.overrides)
    if (o.criterion != criterion) next.push_back(o);
  const bool remove = value.empty() && reason.empty();
  if (!remove) {
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    auto milli = value.empty() || *end != '\0' ? std::nullopt : to_milli(v);
    if (!milli) return "请输入分值（数字，如 8.5）。";
    next.push_back({criterion, *milli, reason});
    // The core checks range, step and reason; a refused value leaves the panel as it was.
    auto merged = merge_work(panel_package(), w, next);
    if (!merged && merged.error().code.rfind("panel.override", 0) == 0) return merged.error().message;
  }
  w.overrides = std::move(next);
  panel_changed();
  return "";
}

void panel_changed() {
  auto& w = state().reviews.work;
  ReviewPackage& p = panel_package();
  auto merged = merge_work(p, w, w.overrides);
  if (merged) {
    w.merged = std::move(merged).value();
    w.error.clear();
  } else {
    w.merged.reset();
    w.error = merged.error().message;
  }
  if (auto saved = P().storage_set(kPanelPrefix + p.hash, panel_work_json(p, w)); !saved)
    show_message("专家组汇总未能保存到浏览器：" + saved.reason + "请导出专家组汇总文件保存。", true);
  // The ranking takes the panel as merged here (every copy of this package shares it).
  for (auto& other : state().reviews.packages)
    if (other.hash == p.hash) other.panel = w.merged;
}

}  // namespace qis::ui
