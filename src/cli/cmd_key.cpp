// qis key: an expert's (or an organisation's) signing key: made, shown, and its public part
// exported for the roster (docs/trust.md, "Signatures").
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "base64.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "signatures.h"

namespace qis_cli {

const char* const kKeyUsage =
    "  qis key new --name 姓名 [--unit 单位] -o KEY.json [--passphrase-file F]\n"
    "        生成签名密钥（Ed25519）：私钥用口令加密保存在 KEY.json 中；口令取自环境变量 QIS_PASSPHRASE\n"
    "        或 --passphrase-file 文件的第一行（不在命令行上给出，也不回显）。打印密钥指纹\n"
    "  qis key show KEY.json [--json]          显示密钥持有人、指纹和公钥\n"
    "  qis key public KEY.json -o PUBLIC.json  导出公钥文件（不含私钥），交给名单发布单位\n";

namespace {

void print_key(const qis::trust::KeyFile& k) {
  std::cout << "持有人：" << shown(k.owner.name) << (k.owner.unit.empty() ? "" : "（" + shown(k.owner.unit) + "）")
            << "\n指纹：" << k.fingerprint << "\n公钥：" << qis::base64_encode(k.public_key) << "\n私钥："
            << (k.secret ? "已用口令加密（Argon2id " + std::to_string(k.secret->limits.ops) + " 轮，" +
                               std::to_string(k.secret->limits.mem >> 20) + " MB）"
                         : std::string("无（公钥文件，只能用于核对签名）"))
            << "\n";
}

int key_new(const Options& opt) {
  const std::string name = opt.value("--name"), out = opt.value("-o");
  if (name.empty() || out.empty()) return usage_error("请用 --name 给出密钥持有人的姓名，用 -o 给出密钥文件名", kKeyUsage);
  std::error_code ec;
  if (std::filesystem::exists(out, ec))
    return fail(out, {"key.exists", "文件已存在；为免覆盖已有的密钥，未生成新密钥。请用 -o 指定新的文件名。", ""});
  auto pass = passphrase(opt);
  if (!pass) return fail(out, pass.error());
  auto key = qis::trust::new_key({name, opt.value("--unit")}, pass.value());
  if (!key) return fail(out, key.error());
  ::umask(077);  // the key file is its owner's alone (0600), from the moment it is created
  if (auto e = write_output(out, qis::trust::export_key(key.value()))) return fail(out, *e);
  std::cout << "已生成密钥：" << shown(out) << "\n";
  print_key(key.value());
  std::cout << "请备份该文件并牢记口令（口令遗失无法找回）。用 qis key public " << shown(out)
            << " -o 公钥.json 导出公钥文件，交给名单发布单位；请发布单位核对上面的指纹。\n";
  return kOk;
}

int key_show(const Options& opt) {
  if (opt.positional.size() != 2) return usage_error("请给出一个密钥文件", kKeyUsage);
  int code = kOk;
  auto key = read_key_file(opt.positional[1], code);
  if (!key) return code;
  if (opt.has("--json")) {
    std::cout << json_text(qis::Json{{"name", key->owner.name},
                            {"unit", key->owner.unit},
                            {"fingerprint", key->fingerprint},
                            {"public_key", qis::base64_encode(key->public_key)},
                            {"has_secret", key->secret.has_value()}});
    return kOk;
  }
  print_key(*key);
  return kOk;
}

int key_public(const Options& opt) {
  const std::string out = opt.value("-o");
  if (opt.positional.size() != 2 || out.empty()) return usage_error("请给出一个密钥文件，并用 -o 给出公钥文件名", kKeyUsage);
  int code = kOk;
  auto key = read_key_file(opt.positional[1], code);
  if (!key) return code;
  if (auto e = write_output(out, qis::trust::export_key(qis::trust::public_part(*key)), {opt.positional[1]})) return fail(out, *e);
  std::cout << "已导出公钥文件：" << shown(out) << "（" << shown(key->owner.name) << "，指纹 " << key->fingerprint << "）\n";
  return kOk;
}

}  // namespace

int cmd_key(const Args& args) {
  const auto opt = parse_options(args, {{"--json"}, {"--name", "--unit", "-o", kPassphraseOption}}, "key", kKeyUsage);
  if (!opt) return kUsage;
  const std::string sub = opt->positional.empty() ? "" : opt->positional[0];
  if (sub == "new" && opt->positional.size() == 1) return key_new(*opt);
  if (sub == "show") return key_show(*opt);
  if (sub == "public") return key_public(*opt);
  return usage_error("key 后面应为 new、show 或 public", kKeyUsage);
}

}  // namespace qis_cli
