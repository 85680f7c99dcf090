#include "cli.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bundle.h"
#include "bundle_zip.h"
#include "file_io.h"
#include "json_reader.h"
#include "points.h"
#include "safe_text.h"
#include "verify.h"

namespace qis_cli {

std::string shown(std::string_view text) { return qis::one_line_text(text); }

std::string json_text(const qis::Json& j) {
  const std::string raw = j.dump(2, ' ', false, qis::Json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 1);
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t start = i;
    const long cp = qis::next_code_point(raw, i);
    if (cp >= 0x80 && qis::unsafe_on_one_line(cp)) {  // only inside strings: JSON's own syntax is ASCII
      char buf[24];
      std::snprintf(buf, sizeof buf, "\\u%04lx", cp);
      out += buf;
    } else {
      out.append(raw, start, i - start);
    }
  }
  return out + "\n";
}

int fail(const std::string& where, const qis::Error& e) {
  // A message of several lines (merge_panel lists every problem) keeps its lines, each attributed.
  std::size_t start = 0;
  const std::string& m = e.message;
  for (;;) {
    const auto nl = m.find('\n', start);
    const bool last = nl == std::string::npos;
    std::cerr << "qis: " << shown(where) << ": " << shown(std::string_view(m).substr(start, last ? std::string::npos : nl - start));
    if (last) break;
    std::cerr << "\n";
    start = nl + 1;
  }
  std::cerr << " [" << e.code << "]\n";
  return kInvalid;
}

int usage_error(const std::string& message, const char* usage) {
  std::cerr << "qis: " << message << "\n用法 / usage:\n" << usage;
  return kUsage;
}

qis::Json milli_json(qis::Milli m) {
  if (m % qis::kMilli == 0) return qis::Json(m / qis::kMilli);
  return qis::Json(static_cast<double>(m) / 1000.0);
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  if (m < 1 || m > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string Options::value(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? std::string() : it->second.back();
}

std::vector<std::string> Options::all(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>() : it->second;
}

std::optional<Options> parse_options(const std::vector<std::string>& args, const OptionSpec& spec, const std::string& command,
                                     const char* usage) {
  Options out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string a = args[i] == "--output" ? "-o" : args[i];
    if (a.size() < 2 || a[0] != '-') {
      out.positional.push_back(args[i]);
    } else if (spec.flags.count(a)) {
      out.flags.insert(a);
    } else if (spec.values.count(a)) {
      if (i + 1 >= args.size()) {
        usage_error("选项 " + a + " 后面需要一个值", usage);
        return std::nullopt;
      }
      const std::string& v = args[++i];
      // A date that is not a day of the calendar would be printed on a document as it is.
      if ((a == "--date" || a == "--today") && !valid_date(v)) {
        usage_error(a + " 的日期“" + v + "”无效：应为日历上存在的日期，格式 YYYY-MM-DD，如 2025-06-01", usage);
        return std::nullopt;
      }
      out.values[a].push_back(v);
    } else {
      usage_error("命令 " + command + " 不接受选项 " + args[i], usage);
      return std::nullopt;
    }
  }
  return out;
}

void note_migration(const std::string& path, const qis::ImportedPackage& p) {
  if (p.migrated_from != 0) std::cerr << "qis: " << shown(path) << ": 注意：" << p.notice << "\n";
  for (auto& w : p.text_warnings)
    std::cerr << "qis: " << shown(path) << ": 注意：" << shown(w.message) << " [" << w.code << "]\n";
}

bool load_package(const std::string& path, const std::vector<qis::Rubric>& rubrics, LoadedPackage& out, int& code) {
  out.path = path;
  auto bytes = read_input(path, kPackageInput);
  if (!bytes) {
    code = fail(path, bytes.error());
    return false;
  }
  out.bytes = std::move(bytes).value();
  auto imported = qis::import_package(out.bytes, rubrics);
  if (!imported) {
    code = fail(path, imported.error());
    return false;
  }
  out.hash = qis::package_hash(out.bytes);
  out.pkg = std::move(imported).value();
  note_migration(path, out.pkg);
  return true;
}

bool load_submission(const std::string& path, const std::vector<qis::Rubric>& rubrics, LoadedPackage& out,
                     qis::VerifyReport& verified, int& code) {
  if (!looks_like_zip(path)) {
    if (!load_package(path, rubrics, out, code)) return false;
    verified = qis::verify_imported(out.pkg, out.hash);
    return true;
  }
  auto bundle = read_bundle(path);
  if (!bundle) {
    code = fail(path, bundle.error());
    return false;
  }
  out.path = path;
  out.bytes = std::move(bundle.value().package_bytes);
  auto imported = qis::import_package(out.bytes, rubrics);
  if (!imported) {
    code = fail(path + "（" + qis::kBundlePackagePath + "）", imported.error());
    return false;
  }
  out.hash = qis::package_hash(out.bytes);
  out.pkg = std::move(imported).value();
  note_migration(path, out.pkg);
  verified = qis::verify_bundle(out.pkg, out.hash, bundle.value().files);
  return true;
}

bool expand_folders(const std::vector<std::string>& given, std::vector<std::string>& packages,
                    std::vector<std::string>* panels, int& code, bool bundles) {
  namespace fs = std::filesystem;
  for (auto& path : given) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      packages.push_back(path);
      continue;
    }
    std::vector<std::string> files;
    for (auto& entry : fs::directory_iterator(path, ec))
      // Anything named .json but a folder: a FIFO or a link to a device is refused when it is read, by name.
      if ((entry.path().extension() == ".json" || (bundles && entry.path().extension() == ".zip")) && !entry.is_directory(ec))
        files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (ec || files.empty()) {
      code = fail(path, {"io.read", ec ? "无法读取文件夹，请检查路径和权限"
                                       : bundles ? "文件夹中没有 .json 文件（也没有 .zip 提交包）；请给出数据包或提交包所在的文件夹"
                                                 : "文件夹中没有 .json 文件；请给出数据包所在的文件夹",
                         ""});
      return false;
    }
    std::size_t taken = 0;
    for (auto& f : files) {
      if (bundles && std::filesystem::path(f).extension() == ".zip") {  // a bundle: read when verified
        packages.push_back(f);
        ++taken;
        continue;
      }
      // Parsed only when it may be a review or a panel: a folder of 10,000 packages is read once each.
      auto text = read_input(f, kPackageInput);
      const bool maybe = text && (text.value().find("\"qis-review/") != std::string::npos ||
                                  text.value().find("\"qis-panel/") != std::string::npos);
      const qis::Json head = maybe ? qis::Json::parse(text.value(), nullptr, false) : qis::Json();
      const std::string format = head.is_object() && head.contains("format") && head["format"].is_string()
                                     ? head["format"].get<std::string>() : "";
      if (format.rfind("qis-review/", 0) == 0) {
        std::cerr << "qis: " << shown(f) << ": 专家评审意见，已跳过\n";
      } else if (format.rfind("qis-panel/", 0) == 0) {
        if (panels) panels->push_back(f);
        else std::cerr << "qis: " << shown(f) << ": 专家组汇总，已跳过\n";
      } else {
        packages.push_back(f);
        ++taken;
      }
    }
    if (taken == 0) {
      code = fail(path, {"io.read", "文件夹中没有数据包（只有评审意见或专家组汇总）；请给出数据包所在的文件夹", ""});
      return false;
    }
  }
  return true;
}

bool load_panel(const std::string& panel_path, const std::vector<qis::Rubric>& rubrics, const LoadedPackage& p,
                const std::string& today, std::optional<qis::Panel>& out, int& code) {
  auto text = read_input(panel_path, kPanelInput);
  if (!text) {
    code = fail(panel_path, text.error());
    return false;
  }
  auto file = qis::read_panel(text.value(), rubrics);
  if (!file) {
    code = fail(panel_path, file.error());
    return false;
  }
  return merge_panel_file(panel_path, file.value(), p, today, out, code);
}

bool merge_panel_file(const std::string& panel_path, const qis::PanelFile& file, const LoadedPackage& p,
                      const std::string& today, std::optional<qis::Panel>& out, int& code) {
  if (file.package_hash != p.hash) {
    code = fail(panel_path, {"panel.package_mismatch",
                             "该专家组汇总对应的数据包与“" + p.path + "”不一致；请选择专家评审时的同一份数据包。", "package.sha256"});
    return false;
  }
  auto merged = qis::merge_panel(*p.pkg.rubric, p.pkg.assessment, p.hash, file.reviews, file.options, today);
  if (!merged) {
    code = fail(panel_path, merged.error());
    return false;
  }
  for (auto& w : merged.value().warnings) std::cerr << "qis: " << shown(panel_path) << ": 警告：" << shown(w.message) << "\n";
  out = std::move(merged).value();
  return true;
}

}  // namespace qis_cli
