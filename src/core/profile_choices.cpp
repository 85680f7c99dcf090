// profile_choices.h: a rubric's own profile fields.
#include "profile_choices.h"

#include <algorithm>

namespace qis {

namespace {

// Splits "a,b" into ids; empty pieces are kept so that "a,,b" can be refused.
std::vector<std::string> split_ids(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = value.find(',', start);
    out.push_back(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

std::optional<std::string> check_profile_value(const RubricProfileField& field, const std::string& value) {
  if (value.empty()) return std::nullopt;
  const std::vector<std::string> ids = field.checklist ? split_ids(value) : std::vector<std::string>{value};
  std::vector<std::string> seen;
  for (auto& id : ids) {
    if (!field.find(id)) return "“" + field.label + "”没有“" + id + "”这一项，请从列出的选项中选择";
    for (auto& s : seen)
      if (s == id) return "“" + field.label + "”的“" + field.find(id)->text + "”重复勾选";
    seen.push_back(id);
  }
  return std::nullopt;
}

std::vector<const ProfileChoice*> chosen_options(const RubricProfileField& field, const std::string& value) {
  std::vector<const ProfileChoice*> out;
  if (value.empty()) return out;
  const std::vector<std::string> ids = field.checklist ? split_ids(value) : std::vector<std::string>{value};
  for (auto& o : field.options)
    for (auto& id : ids)
      if (id == o.id) {
        out.push_back(&o);
        break;
      }
  return out;
}

std::string store_choices(const RubricProfileField& field, const std::vector<std::string>& option_ids) {
  std::string out;
  for (auto& o : field.options)
    for (auto& id : option_ids)
      if (id == o.id) {
        out += (out.empty() ? "" : ",") + o.id;
        break;
      }
  return out;
}

std::string chosen_text(const RubricProfileField& field, const std::string& value) {
  std::string out;
  for (const ProfileChoice* c : chosen_options(field, value)) out += (out.empty() ? "" : "、") + c->text;
  return out;
}

std::vector<std::string> material_entries(const Rubric& rubric, const Material& material,
                                          const std::map<std::string, std::string>& profile) {
  std::vector<std::string> out;
  const RubricProfileField* field = material.lists_field.empty() ? nullptr : rubric.find_profile_field(material.lists_field);
  const auto it = field ? profile.find(field->id) : profile.end();
  if (it == profile.end()) return out;
  for (const ProfileChoice* c : chosen_options(*field, it->second))
    out.push_back(c->clause.empty() ? c->text : c->clause + " " + c->text);
  return out;
}

}  // namespace qis
