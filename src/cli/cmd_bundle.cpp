// qis bundle: one submission file (.zip) from a package and the folder of its evidence files.
#include <filesystem>
#include <iostream>

#include "base64.h"
#include "bundle.h"
#include "bundle_zip.h"
#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "package.h"

namespace qis_cli {

const char* const kBundleUsage =
    "  qis bundle PACKAGE.json --evidence DIR -o OUT.zip\n"
    "        生成提交包：一个 .zip，内含数据包（package.json）和清单中的每个证明材料（evidence/ 下，\n"
    "        按原样存储）。每个文件按清单中的文件名在 DIR 中查找，写入时核对大小和 SHA-256；\n"
    "        缺少或不一致时指出该文件，不生成提交包。内嵌在数据包中的材料直接取用\n";

int cmd_bundle(const Args& args) {
  const auto opt = parse_options(args, {{}, {"--evidence", "-o"}}, "bundle", kBundleUsage);
  if (!opt) return kUsage;
  if (opt->positional.size() != 1) return usage_error("请给出一个数据包（.json）", kBundleUsage);
  const std::string out = opt->value("-o");
  if (out.empty()) return usage_error("请用 -o 指定提交包的文件名，如 -o 提交包.zip", kBundleUsage);
  const std::string& path = opt->positional[0];
  const std::string dir = opt->value("--evidence");
  auto rubrics = qis::load_bundled_rubrics();
  LoadedPackage p;
  int code = kOk;
  if (!load_package(path, rubrics, p, code)) return code;
  const std::vector<qis::EvidenceItem>& evidence = p.pkg.assessment.evidence;
  const std::vector<std::string> zip_paths = qis::bundle_paths(p.pkg.assessment);

  // The package as exported, without embedded bytes (those travel as files of their own).
  std::string package_bytes = p.bytes;
  bool embedded = false, unsigned_now = false;
  for (auto& e : evidence) embedded = embedded || !e.data_base64.empty();
  if (embedded) {
    qis::Json j = qis::Json::parse(p.bytes);
    for (auto& e : j["evidence"]) e.erase("data_base64");
    // The station's signature covered the embedded bytes too: it cannot hold without them.
    unsigned_now = j.erase("signature") > 0;
    package_bytes = j.dump(1, '\t', false, qis::Json::error_handler_t::replace) + "\n";
  }

  std::vector<BundleItem> items;
  std::uint64_t total = package_bytes.size();
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    const qis::EvidenceItem& e = evidence[i];
    BundleItem item;
    item.zip_path = zip_paths[i];
    item.name = e.name;
    item.size = e.size;
    item.sha256 = e.sha256;
    if (!e.data_base64.empty()) {
      auto bytes = qis::base64_decode(e.data_base64);
      if (!bytes)
        return fail(path, {"verify.evidence_base64",
                           "证明材料“" + e.name + "”：内嵌数据不是有效的 base64，文件已损坏，未生成提交包；请重新导出数据包", ""});
      item.bytes = std::move(*bytes);
    } else {
      if (dir.empty())
        return usage_error("证明材料“" + e.name + "”没有内嵌在数据包中：请用 --evidence DIR 指定存放证明材料的文件夹",
                           kBundleUsage);
      // Only a plain file name inside DIR: a manifest must not point anywhere else on disk.
      if (e.name.empty() || e.name == "." || e.name == ".." || e.name.find_first_of("/\\") != std::string::npos)
        return fail(path, {"verify.evidence_refused",
                           "证明材料“" + e.name + "”：清单中的文件名含有路径，不能在材料目录中查找，未生成提交包；请在本工具中重新附加该文件后导出", ""});
      item.dir = dir;
      item.disk_path = e.name;
    }
    if (static_cast<std::uint64_t>(e.size) > qis::kMaxBundleEntryBytes)
      return fail(path, {"bundle.entry_too_large",
                         "证明材料“" + e.name + "”有 " + std::to_string((e.size + (1 << 20) - 1) >> 20) + " MB，超过提交包中单个文件的上限 " +
                             std::to_string(qis::kMaxBundleEntryBytes >> 20) + " MB，未生成提交包；请压缩或拆分该扫描件后重新附加",
                         ""});
    total += static_cast<std::uint64_t>(e.size) + 2 * item.zip_path.size() + 100;  // headers
    items.push_back(std::move(item));
  }
  if (items.size() + 1 > qis::kMaxBundleEntries || total > qis::kMaxBundleTotalBytes || total > qis::kMaxBundleBytes)
    return fail(path, {"bundle.total_too_large",
                       "证明材料共 " + std::to_string(items.size()) + " 个、" + std::to_string((total + (1 << 20) - 1) >> 20) +
                           " MB，超过一个提交包的上限（" + std::to_string(qis::kMaxBundleEntries - 1) + " 个文件、" +
                           std::to_string(qis::kMaxBundleTotalBytes >> 20) + " MB），未生成提交包；请压缩扫描件后重试",
                       ""});
  if (!dir.empty() && !std::filesystem::is_directory(dir))
    return fail(dir, {"io.not_found", "找不到证明材料目录（或它不是文件夹），请检查 --evidence 的路径", ""});
  if (auto e = write_bundle(out, package_bytes, items, {path})) return fail(e->code.rfind("io.", 0) == 0 ? out : path, *e);
  std::cout << "已生成提交包 " << shown(out) << "：数据包和 " << items.size() << " 个证明材料，均已核对大小和 SHA-256\n";
  if (embedded)
    std::cout << "说明：数据包中内嵌的证明材料已作为单独的文件放入提交包，提交包中的 package.json 不再内嵌，其 SHA-256 为 "
              << qis::package_hash(package_bytes) << "（原数据包为 " << p.hash << "）\n";
  if (unsigned_now)
    std::cout << "说明：原数据包的签名针对内嵌了证明材料的版本，提交包中的 package.json 已去掉该签名；需要签名时，"
                 "请在导出时不内嵌证明材料、签名后再生成提交包\n";
  else
    std::cout << "数据包 SHA-256：" << p.hash << "\n";
  return kOk;
}

}  // namespace qis_cli
