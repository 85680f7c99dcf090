// A submission bundle: one .zip holding the package and every evidence file it lists, so a
// station hands over one file and an evaluator checks every piece of it
// (docs/package-format.md, "Submission bundle").
//
// Layout: `package.json` at the root (the package exactly as exported, without data_base64), and
// each evidence entry's file at bundle_paths()[i]: `evidence/<name>` when the recorded name is a
// safe file name used by one entry only, otherwise `evidence/<id>/<name>` (or a neutral name when
// even that is unsafe). Safe: 1–200 bytes of UTF-8, not "." or "..", no '/', '\\', ':' or control
// character. "Used by one entry" and clashes between paths are judged ignoring ASCII case (A.pdf and
// a.pdf would overwrite each other when unpacked on Windows or macOS); the neutral name is
// `evidence/<index+1>/<name>` for a safe name, `evidence/<index+1>/file<.ext>` otherwise, and
// `<index+1>-2`, `-3` … when even that folder is taken. Earlier entries win a clash.
// Evidence is stored (method 0), never recompressed; a reader also accepts deflate (method 8),
// which other zip tools may choose.
//
// The zip itself is read and written outside the core: the CLI with Debian's minizip, the page in
// JavaScript (Blob slices; DecompressionStream where an entry is deflated). Both hand this file
// what the central directory says (check_bundle_directory) and then the size and SHA-256 of each
// entry they read (verify_bundle), so the rules and messages are the same everywhere.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "package.h"
#include "verify.h"

namespace qis {

inline constexpr const char* kBundlePackagePath = "package.json";
inline constexpr const char* kBundleEvidenceDir = "evidence/";

// Limits read from the central directory before anything is inflated.
inline constexpr std::uint64_t kMaxBundleBytes = 4ull << 30;        // the bundle file (zip32)
inline constexpr std::uint64_t kMaxBundleEntryBytes = 1ull << 30;   // one entry, uncompressed
inline constexpr std::uint64_t kMaxBundleTotalBytes = 4ull << 30;   // all entries, uncompressed
inline constexpr std::size_t kMaxBundleEntries = 10000;
inline constexpr std::uint64_t kMaxBundleRatio = 100;               // uncompressed / compressed
// Entries up to this size are not held to the ratio (a short text file of repeated bytes deflates
// more than a hundredfold); above it every entry is, so no entry size is a way round the check.
inline constexpr std::uint64_t kBundleRatioFloor = 4096;

// One entry as the zip's central directory declares it.
struct ZipEntryInfo {
  std::string name;             // as stored (UTF-8 when flag bit 11 is set)
  int method = 0;               // 0 stored, 8 deflate; anything else is refused
  std::uint64_t compressed = 0;
  std::uint64_t uncompressed = 0;
  bool encrypted = false;
  bool utf8 = true;             // flag bit 11, or the name is plain ASCII
};

// One entry's local header, as read before its data is: the name it holds and where the data starts.
struct ZipLocalInfo {
  std::string name;
  std::uint64_t data_offset = 0;
};

// The local headers' problem, if any, before a byte is inflated (`local` index-aligned with the
// directory's `entries`): bundle.local_name (a local header names another file than the directory:
// an unpacker that trusts it writes elsewhere, e.g. "../../../tmp/x"), bundle.overlap (two entries'
// data share bytes, e.g. several directory entries on one local file: one file read many times).
std::optional<Error> check_local_headers(const std::vector<ZipEntryInfo>& entries, const std::vector<ZipLocalInfo>& local);

// Where each evidence entry of `a` lives in its bundle, index-aligned with a.evidence. Unique,
// each under kBundleEvidenceDir, never "..", absolute, or holding a backslash or control character.
std::vector<std::string> bundle_paths(const Assessment& a);

// The directory's problem, if any, before a byte is inflated: bundle.too_large (the file),
// bundle.entry_too_large, bundle.total_too_large, bundle.too_many, bundle.path (absolute, "..",
// drive letter, backslash, control character, not UTF-8), bundle.duplicate, bundle.bomb (ratio),
// bundle.encrypted, bundle.method, bundle.no_package. `where` names the entry.
std::optional<Error> check_bundle_directory(const std::vector<ZipEntryInfo>& entries, std::uint64_t bundle_bytes);

// The files a bundle holding this package.json should have, by bundle path, with the size each
// evidence entry declares (embedded entries left out: their bytes are in the package). Empty when
// the text is not a readable package (verify_bundle then says why). For a reader that keeps only
// the files the package names, and stops reading one past its declared size (the page).
std::map<std::string, std::int64_t> bundle_expected_files(std::string_view package_json);

// One evidence file as read from the bundle: its path in the zip, its size and SHA-256 as read.
struct BundleFile {
  std::string path;
  std::int64_t size = 0;
  std::string sha256;               // lower-case hex
  std::optional<Error> refused;     // read failed (e.g. a deflated entry that did not inflate);
                                    // code verify.evidence_refused, the message follows the file's
                                    // name as in EvidenceFile::refused: "：提交包中的该文件无法解压…"
};

// verify_package() with each evidence entry looked up at its bundle path: an entry with no file
// is verify.evidence_missing, a file whose bytes differ is verify.evidence_hash (for the entry's
// criteria; verify.evidence_size when the size differs), and a file that no entry names is
// verify.bundle_extra (under the package as a whole, at most kMaxFindingsPerCriterion listed).
// `files` are the bundle's file entries (folder entries left out; package.json may be included
// and is ignored); the first of a repeated path counts. An entry embedded in package.json is
// checked from its embedded bytes, as verify_package does, and a file at its path is not an extra.
// The package's own error (package.*) when package_bytes is not a package this tool reads.
Result<VerifyReport> verify_bundle(std::string_view package_bytes, const std::vector<Rubric>& rubrics,
                                   const std::vector<BundleFile>& files);
// The same for a package already imported from bytes whose package_hash is `hash`.
VerifyReport verify_bundle(const ImportedPackage& pkg, const std::string& hash, const std::vector<BundleFile>& files);

// What a bundle holds for each evidence entry of `a` (index-aligned with a.evidence), then one row
// per file no entry names: what an evaluator opens, and whether it is the file the package lists.
struct BundleEntryCheck {
  std::string path, name;
  std::string status;  // ok, missing, size, altered, refused, embedded, extra
  std::vector<std::string> criteria;
  std::int64_t size = 0;  // as read from the bundle; the manifest's when missing, refused or embedded
  std::string sha256;     // likewise
};
std::vector<BundleEntryCheck> bundle_entry_checks(const Assessment& a, const std::vector<BundleFile>& files);

}  // namespace qis
