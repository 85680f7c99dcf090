// A rubric's own profile fields (Rubric::profile_fields: 松江 项目级别, 武汉 第九条 服务内容): their
// values checked, stored and read back, and the material entries they list. The fixed form of
// 附件2 / 附录B is profile.h, which knows no rubric.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rubric.h"

namespace qis {


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
