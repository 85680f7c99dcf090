// Three-way merge of two edits of one JSON document (a draft edited in two browser tabs): what
// each side changed since their common version is kept; where both changed the same value
// differently, `theirs` is taken (or, with conflicts_to_newer, the newer side's) and the place is
// reported, so the user can be told.
//
// Objects merge key by key. Arrays of objects that all carry a string "id" (the evidence list,
// ledger enterprises) merge element by element by id, in `theirs` order with `mine`'s additions
// after. Other arrays and scalars are one value each. Keys listed in `newest` (e.g. "modified",
// ISO 8601 times) take the greater string instead of conflicting; keys in `ignored` (derived
// values such as "scores") take `mine` and are never conflicts.
#pragma once
#include <string>
#include <vector>

#include "assessment.h"

namespace qis {

struct MergeResult {
  Json merged;
  std::vector<std::string> conflicts;  // JSON pointers ("/profile/address") changed on both sides
  bool mine_won = false;               // the conflicts took `mine` (only with conflicts_to_newer)
};

struct MergeOptions {
  std::vector<std::string> newest;   // top-level keys resolved by the greater string
  std::vector<std::string> ignored;  // top-level keys that keep `mine`
  // Conflicts take the side whose first `newest` key is greater (the later edit), at equal values
  // (or with no `newest` key) the side whose document serialises greater: the same answer whichever side merges, so two
  // tabs that merge each other's writes converge instead of swapping values.
  bool conflicts_to_newer = false;
};

MergeResult merge3(const Json& base, const Json& mine, const Json& theirs, const MergeOptions& options = {});

}  // namespace qis
