// qis sign: an expert signs a review, a panel leader a panel file, a station its package, each with
// their own key (docs/trust.md, "Signatures"). Only a file that reads as what it claims is signed.
#include <iostream>

#include "bundled.h"
#include "cli.h"
#include "commands.h"
#include "file_io.h"
#include "package.h"
#include "panel.h"
#include "signatures.h"
#include "verify.h"

namespace qis_cli {

const char* const kSignUsage =
    "  qis sign FILE.json --key KEY.json [-o OUT.json] [--passphrase-file F]\n"
    "        用自己的密钥为评审意见（qis-review/1）、专家组汇总（qis-panel/1）或数据包签名（Ed25519，\n"
    "        对文件除 signature 以外内容的 RFC 8785 规范形式签名）；不给 -o 时覆盖原文件。口令同 qis key new\n";

namespace {

// What `format` names, when this tool signs it; the file must then read as one (the reader's error otherwise).
std::optional<qis::Error> check_signable(const std::string& text, const std::string& format, const std::vector<qis::Rubric>& rubrics) {
  if (format.rfind("qis-review/", 0) == 0) {
    auto r = qis::import_review(text, rubrics);
    return r ? std::nullopt : std::optional<qis::Error>(r.error());
  }
  if (format.rfind("qis-panel/", 0) == 0) {
    auto p = qis::read_panel(text, rubrics);
    return p ? std::nullopt : std::optional<qis::Error>(p.error());
  }
  if (format.rfind("qis-package/", 0) == 0) {
    auto p = qis::import_package(text, rubrics);
    return p ? std::nullopt : std::optional<qis::Error>(p.error());
  }
  return qis::Error{"signature.document",
                    "只能为评审意见（qis-review/1）、专家组汇总（qis-panel/1）或数据包（qis-package）签名；这个文件的格式为“" +
                        format + "”。专家名单请用 qis roster 签发。",
                    "format"};
}

}  // namespace

int cmd_sign(const Args& args) {
  const auto opt = parse_options(args, {{}, {"--key", "-o", kPassphraseOption}}, "sign", kSignUsage);
  if (!opt) return kUsage;
  const std::string key_path = opt->value("--key");
  if (opt->positional.size() != 1 || key_path.empty()) return usage_error("请给出一个要签名的文件，并用 --key 给出密钥文件", kSignUsage);
  const std::string path = opt->positional[0];
  const std::string out = opt->value("-o").empty() ? path : opt->value("-o");
  auto text = read_input(path, kPackageInput);
  if (!text) return fail(path, text.error());
  const qis::Json doc = qis::Json::parse(text.value(), nullptr, false);
  const std::string format = doc.is_object() && doc.contains("format") && doc["format"].is_string() ? doc["format"].get<std::string>() : "";
  if (auto e = check_signable(text.value(), format, qis::load_bundled_rubrics())) return fail(path, *e);
  int code = kOk;
  auto key = unlock_key_file(key_path, *opt, code);
  if (!key) return code;
  // A review signed by someone else than the expert it names is refused against any roster.
  if (format.rfind("qis-review/", 0) == 0 && doc["expert"]["name"] != key->owner().name)
    std::cerr << "qis: " << shown(path) << ": 警告：密钥持有人“" << shown(key->owner().name) << "”不是评审意见署名的专家“"
              << shown(doc["expert"]["name"].get<std::string>()) << "”；按名单核对时，这份评审意见不会被采用\n";
  auto signed_doc = qis::trust::sign_json(doc, *key);
  if (!signed_doc) return fail(path, signed_doc.error());
  const std::string signed_file = qis::trust::signed_text(signed_doc.value());
  if (auto e = write_output(out, signed_file, {key_path})) return fail(out, *e);
  std::cout << "已签名：" << shown(out) << "\n签名人：" << shown(key->owner().name)
            << (key->owner().unit.empty() ? "" : "（" + shown(key->owner().unit) + "）") << "，指纹 "
            << qis::trust::fingerprint(key->public_key()) << "\n";
  if (format.rfind("qis-package/", 0) == 0)  // reviews name a package by its bytes: those are the signed ones now
    std::cout << "数据包 SHA-256：" << qis::package_hash(signed_file) << "（签名后的文件；专家评审意见须针对这份文件）\n";
  return kOk;
}

}  // namespace qis_cli
