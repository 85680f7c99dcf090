#include "cli.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "file_io.h"
#include "json_reader.h"
#include "points.h"
#include "verify.h"

namespace qis_cli {

int fail(const std::string& where, const qis::Error& e) {
  std::cerr << "qis: " << where << ": " << e.message << " [" << e.code << "]\n";
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
  return true;
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
      out.values[a].push_back(args[++i]);
    } else {
      usage_error("命令 " + command + " 不接受选项 " + args[i], usage);
      return std::nullopt;
    }
  }
  return out;
}

void note_migration(const std::string& path, const qis::ImportedPackage& p) {
  if (p.migrated_from != 0) std::cerr << "qis: " << path << ": 注意：" << p.notice << "\n";
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

bool expand_folders(const std::vector<std::string>& given, std::vector<std::string>& packages,
                    std::vector<std::string>* panels, int& code) {
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
      if (entry.path().extension() == ".json" && !entry.is_directory(ec)) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (ec || files.empty()) {
      code = fail(path, {"io.read", ec ? "无法读取文件夹，请检查路径和权限" : "文件夹中没有 .json 文件；请给出数据包所在的文件夹", ""});
      return false;
    }
    std::size_t taken = 0;
    for (auto& f : files) {
      auto text = read_input(f, kPackageInput);
      const qis::Json head = text ? qis::Json::parse(text.value(), nullptr, false) : qis::Json();
      const std::string format = head.is_object() && head.contains("format") && head["format"].is_string()
                                     ? head["format"].get<std::string>() : "";
      if (format.rfind("qis-review/", 0) == 0) {
        std::cerr << "qis: " << f << ": 专家评审意见，已跳过\n";
      } else if (format.rfind("qis-panel/", 0) == 0) {
        if (panels) panels->push_back(f);
        else std::cerr << "qis: " << f << ": 专家组汇总，已跳过\n";
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
  if (file.value().package_hash != p.hash) {
    code = fail(panel_path, {"panel.package_mismatch",
                             "该专家组汇总对应的数据包与“" + p.path + "”不一致；请选择专家评审时的同一份数据包。", "package.sha256"});
    return false;
  }
  auto merged = qis::merge_panel(*p.pkg.rubric, p.pkg.assessment, p.hash, file.value().reviews, file.value().options, today);
  if (!merged) {
    code = fail(panel_path, merged.error());
    return false;
  }
  for (auto& w : merged.value().warnings) std::cerr << "qis: " << panel_path << ": 警告：" << w.message << "\n";
  out = std::move(merged).value();
  return true;
}

}  // namespace qis_cli
