// Submission bundles (.zip) on disk, with Debian's minizip: the CLI's side of core/bundle.h.
// Writing streams every evidence file into the zip (stored, never recompressed) while checking its
// SHA-256; reading checks the central directory with the core before a byte is inflated, then
// hashes each entry through a bounded buffer. Neither holds an evidence file whole.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bundle.h"
#include "error.h"

namespace qis_cli {

// One evidence file to write at `zip_path`: its bytes from `disk_path` (opened with the checks of
// read_evidence: a regular file inside `dir`) or, when `disk_path` is empty, from `bytes`
// (an entry embedded in the package). `size` and `sha256` are the manifest's.
struct BundleItem {
  std::string zip_path;
  std::string name;       // the manifest's name, for messages
  std::string dir;        // the evidence folder; with disk_path
  std::string disk_path;  // a plain file name inside dir
  std::string bytes;
  std::int64_t size = 0;
  std::string sha256;
};

// Writes the bundle: package.json, then each item, through a temporary file in the target's folder
// (fsync, rename). A file that is missing, refused, or whose size or SHA-256 differs from the
// manifest stops the write, names the file, and leaves nothing behind. `inputs` may not be the
// output (io.same_file).
std::optional<qis::Error> write_bundle(const std::string& out_path, const std::string& package_bytes,
                                       const std::vector<BundleItem>& items, const std::vector<std::string>& inputs);

// What a bundle holds, read and hashed.
struct BundleRead {
  std::string package_bytes;             // package.json
  std::vector<qis::BundleFile> files;    // every other file entry, in directory order
  std::uint64_t bundle_bytes = 0;
};

// Reads `path`: its size from fstat (bundle.too_large before anything else), the central directory
// (check_bundle_directory), then each entry streamed through a 1 MiB buffer and hashed; an entry
// that inflates past its declared size is stopped there and refused.
qis::Result<BundleRead> read_bundle(const std::string& path);

// True when the file starts like a zip (local file header, or the end record of an empty zip).
bool looks_like_zip(const std::string& path);

}  // namespace qis_cli
