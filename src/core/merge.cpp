#include "merge.h"

#include <algorithm>
#include <map>

namespace qis {
namespace {

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

bool keyed_array(const Json& v) {
  if (!v.is_array()) return false;
  for (const auto& e : v)
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) return false;
  return true;
}

// Where both sides changed one value: the places, and which side they take.
struct Conflicts {
  std::vector<std::string>& places;
  bool take_mine = false;
  // With conflicts_to_newer at equal times: the whole documents decide, compared only once a
  // conflict is met (most merges have none, and a draft's ledger can be large).
  const Json* tie_mine = nullptr;
  const Json* tie_theirs = nullptr;
};

Json merge_value(const Json* base, const Json* mine, const Json* theirs, const std::string& path,
                 Conflicts& conflicts);

// Present/absent is part of the value: nullptr means "no such key".
bool same(const Json* a, const Json* b) {
  if (a == nullptr || b == nullptr) return a == b;
  return *a == *b;
}

Json merge_objects(const Json* base, const Json& mine, const Json& theirs, const std::string& path,
                   Conflicts& conflicts) {
  Json out = Json::object();
  std::vector<std::string> keys;
  for (auto it = theirs.begin(); it != theirs.end(); ++it) keys.push_back(it.key());
  for (auto it = mine.begin(); it != mine.end(); ++it)
    if (!theirs.contains(it.key())) keys.push_back(it.key());
  if (base != nullptr && base->is_object())
    for (auto it = base->begin(); it != base->end(); ++it)
      if (!theirs.contains(it.key()) && !mine.contains(it.key())) keys.push_back(it.key());
  for (const auto& k : keys) {
    const Json* b = base != nullptr && base->is_object() && base->contains(k) ? &(*base)[k] : nullptr;
    const Json* m = mine.contains(k) ? &mine[k] : nullptr;
    const Json* t = theirs.contains(k) ? &theirs[k] : nullptr;
    Json v = merge_value(b, m, t, path + "/" + escape_pointer(k), conflicts);
    if (!v.is_discarded()) out[k] = std::move(v);
  }
  return out;
}

Json merge_keyed_arrays(const Json* base, const Json& mine, const Json& theirs, const std::string& path,
                        Conflicts& conflicts) {
  auto index = [](const Json* arr) {
    std::map<std::string, const Json*> m;
    if (arr != nullptr && arr->is_array())
      for (const auto& e : *arr)
        if (e.is_object() && e.contains("id") && e["id"].is_string()) m[e["id"].get<std::string>()] = &e;
    return m;
  };
  const auto b = index(base), m = index(&mine), t = index(&theirs);
  std::vector<std::string> order;
  for (const auto& e : theirs) order.push_back(e["id"].get<std::string>());
  for (const auto& e : mine)
    if (!t.count(e["id"].get<std::string>())) order.push_back(e["id"].get<std::string>());
  for (const auto& [id, e] : b)
    if (!t.count(id) && !m.count(id)) order.push_back(id);
  Json out = Json::array();
  for (const auto& id : order) {
    auto find = [&](const std::map<std::string, const Json*>& x) -> const Json* {
      auto it = x.find(id);
      return it == x.end() ? nullptr : it->second;
    };
    Json v = merge_value(find(b), find(m), find(t), path + "/" + escape_pointer(id), conflicts);
    if (!v.is_discarded()) out.push_back(std::move(v));
  }
  return out;
}

// The merged value, or a discarded Json when the key is to be absent.
Json merge_value(const Json* base, const Json* mine, const Json* theirs, const std::string& path,
                 Conflicts& conflicts) {
  const Json absent(Json::value_t::discarded);
  if (same(mine, theirs)) return mine == nullptr ? absent : *mine;
  if (same(base, mine)) return theirs == nullptr ? absent : *theirs;    // only theirs changed
  if (same(base, theirs)) return mine == nullptr ? absent : *mine;      // only mine changed
  // Both changed, differently: look inside where both are containers of the same kind.
  if (mine != nullptr && theirs != nullptr) {
    if (mine->is_object() && theirs->is_object()) return merge_objects(base, *mine, *theirs, path, conflicts);
    if (keyed_array(*mine) && keyed_array(*theirs)) return merge_keyed_arrays(base, *mine, *theirs, path, conflicts);
  }
  conflicts.places.push_back(path);
  if (conflicts.tie_mine != nullptr) {
    conflicts.take_mine = conflicts.tie_mine->dump() > conflicts.tie_theirs->dump();
    conflicts.tie_mine = conflicts.tie_theirs = nullptr;
  }
  const Json* taken = conflicts.take_mine ? mine : theirs;
  return taken == nullptr ? absent : *taken;
}

}  // namespace

MergeResult merge3(const Json& base, const Json& mine, const Json& theirs, const MergeOptions& options) {
  MergeResult r;
  Conflicts conflicts{r.conflicts};
  if (!mine.is_object() || !theirs.is_object()) {
    r.merged = merge_value(&base, &mine, &theirs, "", conflicts);
    return r;
  }
  Json m = mine, t = theirs, b = base.is_object() ? base : Json::object();
  Json fixed = Json::object();
  for (const auto& k : options.newest) {
    const Json* x = m.contains(k) ? &m[k] : nullptr;
    const Json* y = t.contains(k) ? &t[k] : nullptr;
    const Json* pick = x;
    if (x == nullptr || (y != nullptr && x->is_string() && y->is_string() && y->get<std::string>() > x->get<std::string>()))
      pick = y;
    if (pick != nullptr) fixed[k] = *pick;
  }
  for (const auto& k : options.ignored)
    if (m.contains(k)) fixed[k] = m[k];
  for (const auto& k : options.newest) m.erase(k), t.erase(k), b.erase(k);
  for (const auto& k : options.ignored) m.erase(k), t.erase(k), b.erase(k);
  if (options.conflicts_to_newer) {
    // The same rule seen from either side: the later edit wins, and at the same time (or with no
    // time) the greater text, so two tabs merging each other's writes end on one value.
    auto time_of = [&](const Json& doc) {
      const std::string* key = options.newest.empty() ? nullptr : &options.newest.front();
      return key && doc.contains(*key) && doc[*key].is_string() ? doc[*key].get<std::string>() : std::string();
    };
    const std::string tm = time_of(mine), tt = time_of(theirs);
    conflicts.take_mine = tm > tt;
    if (tm == tt) conflicts.tie_mine = &m, conflicts.tie_theirs = &t;
  }
  r.merged = merge_objects(&b, m, t, "", conflicts);
  r.mine_won = conflicts.take_mine;
  for (auto it = fixed.begin(); it != fixed.end(); ++it) r.merged[it.key()] = it.value();
  return r;
}

}  // namespace qis
