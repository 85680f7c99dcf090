// The station profile: the fields of 000 附件2 申报表 and 003 附录B 申请表, with validation.
#pragma once
#include <optional>
#include <string>
#include <vector>

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

}  // namespace qis
