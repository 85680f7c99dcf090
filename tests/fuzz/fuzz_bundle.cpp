// libFuzzer target: the submission bundle's rules (core/bundle.h) on arbitrary input.
//  - Input starting with '{': a package. When it imports, bundle_paths must give unique paths
//    (ignoring ASCII case) under evidence/ that pass check_bundle_directory, and verify_bundle on
//    files derived from the input (each present, altered, resized, refused or missing, plus
//    extras) must agree with what was handed in: no finding when every file is right.
//  - Anything else: a central directory (names, methods, sizes, flags) for check_bundle_directory.
//    What it accepts has no name leaving the bundle, stays within every limit and has a
//    package.json; what it refuses carries a bundle.* code, a message, and a printable `where`.
// Any violation aborts, leaving the input as a crash file.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "bundle.h"
#include "bundled.h"
#include "fuzz_checks.h"
#include "package.h"
#include "sha256.h"
#include "text_encoding.h"

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool printable(const std::string& s) {
  if (qis::first_invalid_utf8(s) != std::string::npos) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

void check_accepted_name(const std::string& n) {
  if (n.empty() || n[0] == '/' || n.find('\\') != std::string::npos) qis_fuzz::fail("accepted an absolute or backslash name");
  if (n.size() >= 2 && n[1] == ':') qis_fuzz::fail("accepted a drive letter");
  const std::string body = n.back() == '/' ? n.substr(0, n.size() - 1) : n;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = body.find('/', start);
    const std::string seg = body.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg == ".." || seg == "." || seg.empty()) qis_fuzz::fail("accepted a name with a '..', '.' or empty segment");
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (!printable(n)) qis_fuzz::fail("accepted a name with a control character or not UTF-8");
}

void fuzz_directory(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::uint64_t bundle_bytes = in.ConsumeBool() ? in.ConsumeIntegral<std::uint64_t>() : in.ConsumeIntegralInRange<std::uint64_t>(0, 1u << 30);
  std::vector<qis::ZipEntryInfo> entries;
  const std::size_t count = in.ConsumeIntegralInRange<std::size_t>(0, 64);
  for (std::size_t i = 0; i < count && in.remaining_bytes() > 0; ++i) {
    qis::ZipEntryInfo e;
    e.name = in.ConsumeBool() ? std::string(qis::kBundlePackagePath) : in.ConsumeRandomLengthString(300);
    e.method = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<int>(0, 99);
    const bool big = in.ConsumeBool();
    e.uncompressed = big ? in.ConsumeIntegral<std::uint64_t>() : in.ConsumeIntegralInRange<std::uint64_t>(0, 1u << 22);
    e.compressed = in.ConsumeBool() ? e.uncompressed : in.ConsumeIntegralInRange<std::uint64_t>(0, 1u << 22);
    e.encrypted = in.ConsumeIntegralInRange<int>(0, 15) == 0;
    e.utf8 = in.ConsumeBool();
    entries.push_back(std::move(e));
  }
  const auto problem = qis::check_bundle_directory(entries, bundle_bytes);
  if (problem) {
    qis_fuzz::check_error(*problem, {"bundle."});
    if (!printable(problem->where)) qis_fuzz::fail("a refusal's `where` is not printable");
    return;
  }
  if (bundle_bytes > qis::kMaxBundleBytes) qis_fuzz::fail("accepted a bundle over its size limit");
  std::set<std::string> files;
  bool package = false;
  std::uint64_t total = 0;
  for (auto& e : entries) {
    check_accepted_name(e.name);
    if (e.name.back() == '/') continue;
    if (!files.insert(e.name).second) qis_fuzz::fail("accepted a name twice");
    if (e.encrypted || (e.method != 0 && e.method != 8)) qis_fuzz::fail("accepted encryption or an unknown method");
    if (e.uncompressed > qis::kMaxBundleEntryBytes) qis_fuzz::fail("accepted an entry over its limit");
    if (e.uncompressed > (1u << 20) && (e.compressed == 0 || e.uncompressed / e.compressed > qis::kMaxBundleRatio))
      qis_fuzz::fail("accepted a zip bomb");
    total += e.uncompressed;
    package = package || e.name == qis::kBundlePackagePath;
  }
  if (total > qis::kMaxBundleTotalBytes) qis_fuzz::fail("accepted a total over its limit");
  if (!package) qis_fuzz::fail("accepted a bundle without package.json");
}

void fuzz_package(std::string_view text) {
  static const std::vector<qis::Rubric> rubrics = qis_fuzz::bundled_rubrics();
  auto imported = qis::import_package(text, rubrics);
  if (!imported) {
    auto r = qis::verify_bundle(text, rubrics, {});
    if (r.ok()) qis_fuzz::fail("verify_bundle read a package import_package refused");
    return;
  }
  const qis::Assessment& a = imported.value().assessment;
  const std::vector<std::string> paths = qis::bundle_paths(a);
  if (paths.size() != a.evidence.size()) qis_fuzz::fail("bundle_paths is not index-aligned");
  std::set<std::string> seen;
  std::vector<qis::ZipEntryInfo> dir;
  dir.push_back({qis::kBundlePackagePath, 0, 0, 0, false, true});
  for (auto& p : paths) {
    if (p.rfind(qis::kBundleEvidenceDir, 0) != 0) qis_fuzz::fail("a bundle path outside evidence/");
    if (!seen.insert(lower(p)).second) qis_fuzz::fail("two bundle paths clash ignoring case");
    dir.push_back({p, 0, 0, 0, false, true});
  }
  if (dir.size() <= qis::kMaxBundleEntries)
    if (auto e = qis::check_bundle_directory(dir, 0)) qis_fuzz::fail(("bundle_paths wrote what the reader refuses: " + e->message).c_str());

  // Files as a reader would hand them over: each entry's right, or not, by a hash of the input.
  const std::string pick = qis::sha256_hex(text);
  std::vector<qis::BundleFile> files;
  bool all_right = true;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const qis::EvidenceItem& e = a.evidence[i];
    const int how = (pick[i % pick.size()] - '0') & 7;  // mostly right
    qis::BundleFile f{paths[i], e.size, e.sha256, std::nullopt};
    if (how == 1) f.sha256 = std::string(64, '0'), all_right = false;
    else if (how == 2) f.size += 1, all_right = false;
    else if (how == 3) f.refused = qis::Error{"verify.evidence_refused", "：无法解压", paths[i]}, all_right = false;
    else if (how == 4) { all_right = false; continue; }
    if (!e.data_base64.empty()) all_right = false;  // embedded bytes are checked instead
    files.push_back(std::move(f));
  }
  if (pick[0] < '4') files.push_back({"evidence/extra-file", 1, std::string(64, 'a'), std::nullopt}), all_right = false;
  auto r = qis::verify_bundle(text, rubrics, files);
  if (!r.ok()) qis_fuzz::fail("verify_bundle refused a package import_package read");
  const qis::VerifyReport& rep = r.value();
  if (rep.evidence_entries != static_cast<int>(a.evidence.size())) qis_fuzz::fail("verify_bundle miscounted the entries");
  if (!rep.evidence_unchecked.empty()) qis_fuzz::fail("verify_bundle left an entry unchecked");
  int listed = 0;
  for (auto& f : rep.findings) listed += f.code != "verify.more_findings";
  if (listed > rep.findings_total) qis_fuzz::fail("verify_bundle listed more findings than it counted");
  if (all_right)
    for (auto& f : rep.findings)
      if (f.code.rfind("verify.evidence", 0) == 0 || f.code == "verify.bundle_extra")
        qis_fuzz::fail(("a finding about evidence when every file was right: " + f.code).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 0 && data[0] == '{') fuzz_package(std::string_view(reinterpret_cast<const char*>(data), size));
  else fuzz_directory(data, size);
  return 0;
}
