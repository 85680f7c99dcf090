// The station profile: the fields of 000 附件2 申报表 and 003 附录B 申请表, with validation.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rubric.h"

namespace qis {

enum class FieldKind { Text, Multiline, Phone, Email, Date, YesNo };

struct ProfileField {
  const char* id;
  const char* label;
  FieldKind kind;
  const char* source;  // which form asks for it
  const char* hint;
};

// Every profile field, in form order.
const std::vector<ProfileField>& profile_fields();

// A Chinese message when `value` is not valid for the field; empty values are always accepted
// (the form may be filled in any order).
std::optional<std::string> check_profile_value(const ProfileField& field, const std::string& value);

// ---- A rubric's own profile fields (Rubric::profile_fields) ----

// A Chinese message when `value` is not a stored value of the field (an option id, or for a
// checklist option ids separated by "," without repeats); empty values are accepted.
std::optional<std::string> check_profile_value(const RubricProfileField& field, const std::string& value);

// The options a stored value names, in the field's order; ids the field does not have are skipped.
std::vector<const ProfileChoice*> chosen_options(const RubricProfileField& field, const std::string& value);

// The stored form of the given option ids: in the field's order, separated by ",".
std::string store_choices(const RubricProfileField& field, const std::vector<std::string>& option_ids);

// How a stored value reads: the options' texts joined by "、" ("计量服务、标准服务").
std::string chosen_text(const RubricProfileField& field, const std::string& value);

// The entries a material lists from the profile (Material::lists_field; 武汉 第十四条（五）): one
// line per ticked option, "<clause> <text>" ("第九条（一） 计量服务"), in the field's order; empty
// when the material lists nothing or nothing is ticked.
std::vector<std::string> material_entries(const Rubric& rubric, const Material& material,
                                          const std::map<std::string, std::string>& profile);

}  // namespace qis
