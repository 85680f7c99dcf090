#include "profile.h"

#include <cctype>

namespace qis {

const std::vector<ProfileField>& profile_fields() {
  static const std::vector<ProfileField> fields = {
      {"name", "单位名称", FieldKind::Text, "003 附录B；000 附件2 试点实施单位", "具体承担服务的申请方"},
      {"service_name", "服务名称", FieldKind::Text, "003 附录B；000 附件2 申报试点名称", "如：××市××产业质量基础设施“一站式”服务"},
      {"address", "地址", FieldKind::Text, "003 附录B", ""},
      {"district", "所在行政区", FieldKind::Text, "命名格式（松江 五（二）、上海 第六条）", "如：松江区"},
      {"industry", "服务的产业（产业链）", FieldKind::Text, "000 附件2", "如：生物医药"},
      {"leader", "负责人", FieldKind::Text, "003 附录B；000 附件2", ""},
      {"leader_phone", "负责人电话", FieldKind::Phone, "003 附录B；000 附件2", "如：0731-88888888 或 13800000000"},
      {"leader_email", "负责人电子邮箱", FieldKind::Email, "003 附录B", ""},
      {"contact", "联系人", FieldKind::Text, "003 附录B；000 附件2", ""},
      {"contact_phone", "联系人电话", FieldKind::Phone, "003 附录B；000 附件2", ""},
      {"contact_email", "联系人电子邮箱", FieldKind::Email, "003 附录B", ""},
      {"operation_start", "投入运营日期", FieldKind::Date, "003 6.1；002 第十三条（一）", "YYYY-MM-DD，如 2024-03-01"},
      {"new_station", "新建站（本年度新授牌）", FieldKind::YesNo, "002 第十九条", "新建质量服务站不参与排名"},
      {"unit_overview", "试点实施单位基本情况", FieldKind::Multiline, "000 附件2", ""},
      {"industry_overview", "服务的产业（产业链）总体情况描述", FieldKind::Multiline, "000 附件2", ""},
      {"demand", "企业（产业）质量服务需求描述", FieldKind::Multiline, "000 附件2", ""},
      {"key_services", "开展的重点服务事项", FieldKind::Multiline, "000 附件2", ""},
      {"goals", "总体目标和要求（试点工作目标及预期成果）", FieldKind::Multiline, "003 附录B；000 附件2", ""},
      {"service_mode", "主要服务模式", FieldKind::Multiline, "000 附件2", ""},
      {"support", "重点支持保障措施（含投入经费、场地设施、专业人员等）", FieldKind::Multiline, "000 附件2", ""},
      {"schedule", "工作进度安排", FieldKind::Multiline, "000 附件2", ""},
      {"summary", "自查情况总结报告", FieldKind::Multiline, "003 附录B", "依照评价表自评自查的情况"},
  };
  return fields;
}

std::optional<std::string> check_profile_value(const ProfileField& field, const std::string& v) {
  if (v.empty()) return std::nullopt;
  switch (field.kind) {
    case FieldKind::Phone: {
      int digits = 0;
      for (char c : v) {
        if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
        else if (c != '-' && c != ' ' && c != '+' && c != '(' && c != ')')
          return std::string("电话号码只能包含数字、“-”、“+”、括号和空格");
      }
      if (digits < 7 || digits > 15) return std::string("电话号码应为 7~15 位数字，如 0731-88888888 或 13800000000");
      return std::nullopt;
    }
    case FieldKind::Email: {
      const auto at = v.find('@');
      const auto dot = v.rfind('.');
      if (at == std::string::npos || at == 0 || dot == std::string::npos || dot < at + 2 || dot + 1 >= v.size() ||
          v.find(' ') != std::string::npos || v.find('@', at + 1) != std::string::npos)
        return std::string("电子邮箱格式不正确，应类似 name@example.com");
      return std::nullopt;
    }
    case FieldKind::Date: {
      auto ok = v.size() == 10 && v[4] == '-' && v[7] == '-';
      for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) ok = ok && std::isdigit(static_cast<unsigned char>(v[i]));
      if (ok) {
        const int m = std::stoi(v.substr(5, 2)), d = std::stoi(v.substr(8, 2));
        ok = m >= 1 && m <= 12 && d >= 1 && d <= 31;
      }
      if (!ok) return std::string("日期格式应为 YYYY-MM-DD，如 2024-03-01");
      return std::nullopt;
    }
    case FieldKind::YesNo:
      if (v != "是" && v != "否") return std::string("请选择“是”或“否”");
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace qis
