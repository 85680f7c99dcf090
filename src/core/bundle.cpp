#include "bundle.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "json_reader.h"
#include "package.h"
#include "text_encoding.h"

namespace qis {

namespace {

constexpr std::size_t kMaxSafeNameBytes = 200;
constexpr std::uint64_t kMiB = 1ull << 20;
constexpr const char* kAskOriginal = "请向申报单位索取原始提交包。";

bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

// C0 controls, DEL and the C1 controls (U+0080–U+009F, encoded C2 80 … C2 9F).
bool has_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80)
      return true;
  }
  return false;
}

// A name that can stand as one path segment on every system a bundle is opened on.
bool safe_name(std::string_view s) {
  if (s.empty() || s == "." || s == ".." || s.size() > kMaxSafeNameBytes) return false;
  if (s.find_first_of("/\\:") != std::string_view::npos) return false;
  return valid_utf8(s) && !has_control(s);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ".pdf" when the name ends in 1–10 ASCII letters or digits after a dot; else "".
std::string safe_extension(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size() || name.size() - dot - 1 > 10) return "";
  for (std::size_t i = dot + 1; i < name.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(name[i]))) return "";
  return std::string(name.substr(dot));
}

// A name as a message may quote it: control characters and bytes that are not UTF-8 as \xNN, at
// most about 120 bytes.
std::string printable(std::string_view s) {
  std::string out;
  const bool utf8 = valid_utf8(s);  // else every byte above ASCII is shown as a byte: no guessing
  std::size_t i = 0;
  while (i < s.size()) {
    if (out.size() >= 120) {
      out += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : !utf8 ? 0 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    const bool ok = len > 0 && i + len <= s.size() && valid_utf8(s.substr(i, len)) && !has_control(s.substr(i, len));
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
      ++i;
    }
  }
  return out;
}

// "12 KB" below a MiB, "37 MB" above (rounded up, so a size just over a limit never reads as the limit).
std::string size_text(std::uint64_t bytes) {
  if (bytes < kMiB) return std::to_string((bytes + 1023) / 1024) + " KB";
  return std::to_string((bytes + kMiB - 1) / kMiB) + " MB";
}

Error bundle_error(const std::string& code, std::string_view name, const std::string& message) {
  return Error{code, message, printable(name)};
}

// The reason `name` may not stand in a bundle, or "" when it may.
std::optional<Error> path_problem(const ZipEntryInfo& e) {
  const std::string& n = e.name;
  const std::string quoted = "提交包中的“" + printable(n) + "”";
  auto refuse = [&](const std::string& what) {
    return bundle_error("bundle.path", n, quoted + what + "，已拒绝打开。" + kAskOriginal);
  };
  if (n.empty()) return bundle_error("bundle.path", n, "提交包中有一个没有名字的文件，已拒绝打开。" + std::string(kAskOriginal));
  if (!valid_utf8(n)) {
    if (!e.utf8)
      return bundle_error("bundle.path", n,
                          "提交包中的文件名“" + printable(n) +
                              "”不是 UTF-8 编码（可能是压缩软件按 GBK 等本地编码保存的），无法确定它指向哪里，已拒绝打开。"
                              "请申报单位用本工具重新生成提交包。");
    return refuse("的名字不是有效的 UTF-8 文本");
  }
  if (has_control(n)) return refuse("的名字含有控制字符");
  if (n[0] == '/') return refuse("是绝对路径，指向包外的位置");
  if (n.size() >= 2 && std::isalpha(static_cast<unsigned char>(n[0])) && n[1] == ':')
    return refuse("带有盘符，指向包外的位置");
  if (n.find('\\') != std::string::npos) return refuse("含有反斜杠（\\），在 Windows 上会指向别的文件夹");
  const std::string body = n.back() == '/' ? n.substr(0, n.size() - 1) : n;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = body.find('/', start);
    const std::string seg = body.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg == "..") return refuse("指向包外的位置");
    if (seg.empty() || seg == ".") return refuse("的路径不规范（含有空的或“.”的一段）");
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> bundle_paths(const Assessment& a) {
  const std::string dir = kBundleEvidenceDir;
  std::map<std::string, int> name_uses;  // case-insensitively: A.pdf and a.pdf clash on Windows and macOS
  for (const EvidenceItem& e : a.evidence)
    if (safe_name(e.name)) ++name_uses[lower_ascii(e.name)];
  std::set<std::string> files;  // lower-cased paths taken by a file
  std::set<std::string> dirs;   // lower-cased folders holding one
  auto take = [&](const std::string& path) {
    const std::string key = lower_ascii(path);
    const std::size_t slash = key.rfind('/');
    const std::string parent = key.substr(0, slash);
    if (files.count(key) || dirs.count(key) || files.count(parent)) return false;
    files.insert(key);
    dirs.insert(parent);
    return true;
  };
  std::vector<std::string> out;
  out.reserve(a.evidence.size());
  for (std::size_t i = 0; i < a.evidence.size(); ++i) {
    const EvidenceItem& e = a.evidence[i];
    const bool name_ok = safe_name(e.name);
    std::string path;
    if (name_ok && name_uses[lower_ascii(e.name)] == 1 && take(dir + e.name)) {
      path = dir + e.name;
    } else if (name_ok && safe_name(e.id) && take(dir + e.id + "/" + e.name)) {
      path = dir + e.id + "/" + e.name;
    } else {
      const std::string leaf = name_ok ? e.name : "file" + safe_extension(e.name);
      for (int k = 1;; ++k) {
        const std::string candidate =
            dir + std::to_string(i + 1) + (k == 1 ? "" : "-" + std::to_string(k)) + "/" + leaf;
        if (take(candidate)) {
          path = candidate;
          break;
        }
      }
    }
    out.push_back(std::move(path));
  }
  return out;
}

std::optional<Error> check_bundle_directory(const std::vector<ZipEntryInfo>& entries, std::uint64_t bundle_bytes) {
  if (bundle_bytes > kMaxBundleBytes)
    return Error{"bundle.too_large",
                 "提交包过大（" + size_text(bundle_bytes) + "，上限 " + size_text(kMaxBundleBytes) +
                     "），未打开。请确认选择的是正确的文件；扫描件过大时请申报单位压缩后重新生成提交包。",
                 ""};
  if (entries.size() > kMaxBundleEntries)
    return Error{"bundle.too_many",
                 "提交包中有 " + std::to_string(entries.size()) + " 个文件，超过上限 " + std::to_string(kMaxBundleEntries) +
                     " 个，未打开。这不是本工具生成的提交包，或已损坏；" + kAskOriginal,
                 ""};
  std::set<std::string> files, dirs;
  std::uint64_t total = 0;
  bool has_package = false;
  for (const ZipEntryInfo& e : entries) {
    if (auto p = path_problem(e)) return p;
    const std::string quoted = "提交包中的“" + printable(e.name) + "”";
    const bool is_dir = e.name.back() == '/';
    const std::string path = is_dir ? e.name.substr(0, e.name.size() - 1) : e.name;
    // Every folder above it; a file of the same name as a folder cannot be unpacked beside it.
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      const std::string parent = path.substr(0, slash);
      if (files.count(parent))
        return bundle_error("bundle.duplicate", e.name,
                            "提交包中的“" + printable(parent) + "”既是文件又是文件夹，无法确定申报单位提交的是哪一个，已拒绝打开。" +
                                kAskOriginal);
      dirs.insert(parent);
    }
    if (is_dir) {
      if (files.count(path))
        return bundle_error("bundle.duplicate", e.name,
                            "提交包中的“" + printable(path) + "”既是文件又是文件夹，无法确定申报单位提交的是哪一个，已拒绝打开。" + kAskOriginal);
      dirs.insert(path);
      continue;  // folders carry nothing
    }
    if (files.count(path))
      return bundle_error("bundle.duplicate", e.name,
                          quoted + "出现了不止一次，无法确定申报单位提交的是哪一个，已拒绝打开。" + kAskOriginal);
    if (dirs.count(path))
      return bundle_error("bundle.duplicate", e.name,
                          quoted + "既是文件又是文件夹，无法确定申报单位提交的是哪一个，已拒绝打开。" + kAskOriginal);
    files.insert(path);
    if (e.encrypted)
      return bundle_error("bundle.encrypted", e.name,
                          quoted + "已加密，本工具无法核对，已拒绝打开。请申报单位不设密码重新生成提交包。");
    if (e.method != 0 && e.method != 8)
      return bundle_error("bundle.method", e.name,
                          quoted + "使用了本工具不支持的压缩方式（编号 " + std::to_string(e.method) +
                              "），已拒绝打开。请申报单位用本工具重新生成提交包（证明材料按原样存储）。");
    const bool is_package = path == kBundlePackagePath;
    has_package = has_package || is_package;
    if (is_package && e.uncompressed > kMaxPackageBytes)
      return bundle_error("bundle.entry_too_large", e.name,
                          quoted + "（评价数据包）声明解压后为 " + size_text(e.uncompressed) + "，超过数据包的上限 " +
                              size_text(kMaxPackageBytes) + "，已拒绝打开。" + kAskOriginal);
    if (e.uncompressed > kMaxBundleEntryBytes)
      return bundle_error("bundle.entry_too_large", e.name,
                          quoted + "声明解压后为 " + size_text(e.uncompressed) + "，超过单个文件的上限 " +
                              size_text(kMaxBundleEntryBytes) +
                              "，已拒绝打开。请申报单位把过大的扫描件压缩或拆分后重新生成提交包。");
    if (e.uncompressed > kBundleRatioFloor && (e.compressed == 0 || e.uncompressed / e.compressed > kMaxBundleRatio))
      return bundle_error("bundle.bomb", e.name,
                          quoted + "压缩后只有 " + size_text(e.compressed) + "，却声明解压后为 " + size_text(e.uncompressed) +
                              "（超过 " + std::to_string(kMaxBundleRatio) +
                              " 倍），可能是恶意构造的“压缩炸弹”，已拒绝打开。" + kAskOriginal);
    total += e.uncompressed;  // each at most kMaxBundleEntryBytes, at most kMaxBundleEntries of them
  }
  if (total > kMaxBundleTotalBytes)
    return Error{"bundle.total_too_large",
                 "提交包中的文件解压后共 " + size_text(total) + "，超过上限 " + size_text(kMaxBundleTotalBytes) +
                     "，已拒绝打开。扫描件过大时请申报单位压缩后重新生成提交包。",
                 ""};
  if (!has_package)
    return Error{"bundle.no_package",
                 "提交包中没有 package.json（评价数据包），不是本工具生成的提交包，已拒绝打开。请向申报单位索取用本工具“导出”生成的提交包。",
                 ""};
  return std::nullopt;
}

std::map<std::string, std::int64_t> bundle_expected_files(std::string_view package_json) {
  std::map<std::string, std::int64_t> out;
  auto j = parse_json_limited(package_json, kMaxPackageBytes, 64, "package", "数据包");
  if (!j || !j.value().is_object() || !j.value().contains("evidence") || !j.value()["evidence"].is_array()) return out;
  Assessment a;
  for (const Json& e : j.value()["evidence"]) {
    auto str = [&](const char* key) {
      auto it = e.is_object() ? e.find(key) : e.end();
      return it != e.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    EvidenceItem item;
    item.id = str("id");
    item.name = str("name");
    item.data_base64 = str("data_base64");
    auto size = e.is_object() ? e.find("size") : e.end();
    if (size != e.end() && size->is_number_integer()) item.size = size->get<std::int64_t>();
    a.evidence.push_back(std::move(item));
  }
  const std::vector<std::string> paths = bundle_paths(a);
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (a.evidence[i].data_base64.empty()) out[paths[i]] = a.evidence[i].size;
  return out;
}

std::optional<Error> check_local_headers(const std::vector<ZipEntryInfo>& entries, const std::vector<ZipLocalInfo>& local) {
  for (std::size_t i = 0; i < entries.size() && i < local.size(); ++i)
    if (local[i].name != entries[i].name)
      return bundle_error("bundle.local_name", entries[i].name,
                          "提交包中的“" + printable(entries[i].name) + "”在文件头中却记为“" + printable(local[i].name) +
                              "”，两处名字不一致（解压软件可能把它写到别处），已拒绝打开。" + kAskOriginal);
  // Each entry's data, in the order it lies in the file: one may start only after the last ends.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < entries.size() && i < local.size(); ++i) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return local[a].data_offset < local[b].data_offset; });
  for (std::size_t k = 1; k < order.size(); ++k) {
    const std::size_t before = order[k - 1], at = order[k];
    if (local[at].data_offset < local[before].data_offset + entries[before].compressed)
      return bundle_error("bundle.overlap", entries[at].name,
                          "提交包中的“" + printable(entries[at].name) + "”与“" + printable(entries[before].name) +
                              "”指向同一段数据（目录被人为构造，一份数据冒充多个文件），已拒绝打开。" + kAskOriginal);
  }
  return std::nullopt;
}

Result<VerifyReport> verify_bundle(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                   const std::vector<BundleFile>& files) {
  auto imported = import_package(package_bytes, rubrics);
  if (!imported) return imported.error();
  return verify_bundle(imported.value(), package_hash(package_bytes), files);
}

std::vector<BundleEntryCheck> bundle_entry_checks(const Assessment& a, const std::vector<BundleFile>& files) {
  std::vector<BundleEntryCheck> rows;
  const std::vector<std::string> paths = bundle_paths(a);
  std::map<std::string, const BundleFile*> by_path;
  for (const BundleFile& f : files) by_path.emplace(f.path, &f);  // the first of a repeated path
  for (std::size_t i = 0; i < a.evidence.size(); ++i) {
    const EvidenceItem& e = a.evidence[i];
    BundleEntryCheck r{paths[i], e.name, "ok", e.criteria, e.size, e.sha256};
    auto it = by_path.find(paths[i]);
    if (!e.data_base64.empty()) {
      r.status = "embedded";
    } else if (it == by_path.end()) {
      r.status = "missing";
    } else if (it->second->refused) {
      r.status = "refused";
    } else {  // what was read, against the manifest
      r.size = it->second->size;
      r.sha256 = it->second->sha256;
      r.status = r.size != e.size ? "size" : r.sha256 != e.sha256 ? "altered" : "ok";
    }
    rows.push_back(std::move(r));
  }
  const std::set<std::string> named(paths.begin(), paths.end());
  for (const BundleFile& f : files)
    if (f.path != kBundlePackagePath && !f.path.empty() && f.path.back() != '/' && !named.count(f.path))
      rows.push_back({f.path, "", "extra", {}, f.size, f.sha256});
  return rows;
}

VerifyReport verify_bundle(const ImportedPackage& pkg, const std::string& hash, const std::vector<BundleFile>& files) {
  const std::vector<EvidenceItem>& evidence = pkg.assessment.evidence;
  const std::vector<std::string> paths = bundle_paths(pkg.assessment);
  std::map<std::string, const BundleFile*> by_path;
  for (const BundleFile& f : files) by_path.emplace(f.path, &f);  // the first of a repeated path

  // verify_imported hands over the entries of this very package: the index is the entry's place.
  EvidenceFileLookup lookup = [&](const EvidenceItem& e) {
    EvidenceFile out;
    const std::size_t i = static_cast<std::size_t>(&e - evidence.data());
    if (i >= evidence.size()) return out;
    auto it = by_path.find(paths[i]);
    if (it == by_path.end()) {
      out.refused = Error{"verify.evidence_missing",
                          "：提交包中没有该文件（应在“" + paths[i] + "”）；请向申报单位索取完整的提交包", paths[i]};
      return out;
    }
    const BundleFile& f = *it->second;
    out.found = true;
    if (f.refused) {
      out.refused = f.refused;
      return out;
    }
    out.size = f.size;
    out.sha256 = f.sha256;
    return out;
  };
  VerifyReport rep = verify_imported(pkg, hash, lookup);

  // Files no entry names: listed under the package as a whole, capped like every other group.
  const std::set<std::string> named(paths.begin(), paths.end());
  std::vector<VerifyFinding> extra;
  for (const BundleFile& f : files)
    if (f.path != kBundlePackagePath && !f.path.empty() && f.path.back() != '/' && !named.count(f.path))
      extra.push_back({"verify.bundle_extra", "",
                       "提交包中的“" + printable(f.path) +
                           "”不在数据包的证明材料清单中（可能是后来放进去的），不能作为证明材料采信；请向申报单位核实"});
  if (extra.empty()) return rep;
  auto more_it = std::find_if(rep.findings.begin(), rep.findings.end(), [](const VerifyFinding& f) {
    return f.code == "verify.more_findings" && f.criterion.empty();
  });
  std::size_t more = 0;
  if (more_it != rep.findings.end()) {
    const std::string& m = more_it->message;  // "另有 N 处…", as verify.cpp writes it
    const std::size_t digits = m.find_first_of("0123456789");
    if (digits != std::string::npos) more = static_cast<std::size_t>(std::stoull(m.substr(digits, m.find_first_not_of("0123456789", digits) - digits)));
  }
  int listed = static_cast<int>(std::count_if(rep.findings.begin(), rep.findings.end(), [](const VerifyFinding& f) {
    return f.criterion.empty() && f.code != "verify.more_findings";
  }));
  // Listed findings come before the verify.more_findings ones, which verify_package puts last.
  auto first_more = std::find_if(rep.findings.begin(), rep.findings.end(),
                                 [](const VerifyFinding& f) { return f.code == "verify.more_findings"; });
  std::vector<VerifyFinding> listed_extra;
  for (auto& f : extra) {
    ++rep.findings_total;
    if (listed < kMaxFindingsPerCriterion) {
      listed_extra.push_back(std::move(f));
      ++listed;
    } else {
      ++more;
    }
  }
  const auto at = first_more - rep.findings.begin();
  rep.findings.insert(rep.findings.begin() + at, listed_extra.begin(), listed_extra.end());
  if (more > 0) {
    const std::string message = "另有 " + std::to_string(more) + " 处问题未逐一列出（每个细项最多列出 " +
                                std::to_string(kMaxFindingsPerCriterion) + " 个）；请申报单位核对后重新导出数据包";
    auto again = std::find_if(rep.findings.begin(), rep.findings.end(), [](const VerifyFinding& f) {
      return f.code == "verify.more_findings" && f.criterion.empty();
    });
    if (again != rep.findings.end())
      again->message = message;
    else
      rep.findings.push_back({"verify.more_findings", "", message});
  }
  return rep;
}

}  // namespace qis
