// Comparing the names of people and units: two names that print alike are one name (issue 31
// item 7: “专家甲” and “专家<U+200B>甲” are one expert, and so are “张三” and “张　三”).
#pragma once
#include <string>
#include <string_view>

namespace qis {

// The form a name is compared in: every control, format character (zero-width, joiners, bidi
// controls, BOM) and separator (spaces of any width) dropped, and each remaining character that
// NFKC maps to one other character replaced by it (full-width “ＡＢ１” → “AB1”, CJK compatibility
// ideographs and Kangxi radicals → the unified ideograph). Invalid UTF-8 bytes are kept as they
// are. Only for comparing: the name shown and stored stays as the person typed it.
std::string person_key(std::string_view name);

// person_key(a) == person_key(b).
bool same_person(std::string_view a, std::string_view b);

}  // namespace qis
