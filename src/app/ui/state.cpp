// The state every screen shares, the bundled rubrics (loaded when first needed), the settings and
// the banner message.
#include "state.h"

#include <ctime>

#include "bundled.h"
#include "platform.h"
#include "sha256.h"
#include "state_detail.h"

namespace qis::ui {

namespace detail {

platform::Platform& P() { return *state().platform; }

std::string new_id() {
  static unsigned counter = 0;
  std::string now = P().now_iso();
  return sha256_hex(now + std::to_string(++counter) + std::to_string(std::clock())).substr(0, 12);
}

void rescore() {
  Draft& d = *state().draft;
  d.report = score(*d.rubric, d.a, P().today());
}

}  // namespace detail

using namespace detail;

AppState& state() {
  static AppState s;
  return s;
}

const Rubric* find_rubric(const std::string& id) {
  auto& s = state();
  for (auto& r : s.rubrics)
    if (r.id == id) return &r;
  const BundledRubric* bundled = find_bundled_rubric(id);
  if (bundled == nullptr) return nullptr;
  auto loaded = load_bundled_rubric(*bundled);
  if (!loaded) {
    show_message("内置评价表加载失败：" + loaded.error().message, true);
    return nullptr;
  }
  if (s.rubrics.capacity() < kBundledRubricCount) s.rubrics.reserve(kBundledRubricCount);  // before any pointer is taken
  s.rubrics.push_back(std::move(loaded).value());
  return &s.rubrics.back();
}

const std::vector<Rubric>& all_rubrics() {
  auto& s = state();
  if (s.rubrics.size() < kBundledRubricCount)
    for (std::size_t i = 0; i < kBundledRubricCount; ++i) find_rubric(kBundledRubrics[i].id);
  return s.rubrics;
}

const std::vector<Rubric>& rubrics_for(std::string_view package_text) {
  auto& s = state();
  if (s.rubrics.size() == kBundledRubricCount) return s.rubrics;  // all loaded: nothing to look up
  // Only the top-level "rubric" object is built; the rest (a ledger of thousands of records) is
  // read past without being kept.
  const Json j = Json::parse(
      package_text,
      [](int depth, Json::parse_event_t event, Json& parsed) {
        return !(event == Json::parse_event_t::key && depth == 1 && parsed != "rubric");
      },
      false);
  if (j.is_object() && j.contains("rubric") && j["rubric"].is_object()) {
    const Json& named = j["rubric"];
    if (named.contains("id") && named["id"].is_string() && find_rubric(named["id"].get<std::string>()) != nullptr)
      return s.rubrics;
  }
  return all_rubrics();
}

void show_message(const std::string& text, bool error) { state().message = {text, error}; }

void set_embed_evidence(bool on) {
  state().embed_evidence = on;
  P().storage_set(kEmbedSetting, on ? "1" : "0");
}

void load_settings() { state().embed_evidence = P().storage_get(kEmbedSetting).value_or("0") == "1"; }

}  // namespace qis::ui
