// Reading and writing the files a command is given, so that nothing is lost and nothing hangs:
//  - an input is opened without blocking and checked with fstat before a byte is read: a regular
//    file (a folder, FIFO, device or socket each gets its own message), within the size limit;
//  - an output goes to a temporary file in the same folder, is flushed to disk (fsync) and renamed
//    over the target, so a failed write leaves the original file as it was; an output that is one
//    of the command's inputs is refused.
// Error codes: io.read io.not_found io.directory io.not_regular io.too_large io.write io.same_file
// io.outside (see docs/errors.md).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "error.h"

namespace qis_cli {

// What is read, for the size limit and the messages.
struct InputKind {
  std::size_t max_bytes;
  const char* what;  // "数据包", "台账 CSV" …
};
extern const InputKind kPackageInput, kRubricInput, kReviewInput, kPanelInput, kCsvInput;

// The whole file, or why not.
qis::Result<std::string> read_input(const std::string& path, const InputKind& kind);

// A regular file's size (fstat), or why it is not one: the checks of read_input without reading.
qis::Result<std::int64_t> regular_file_size(const std::string& path);

// A regular file opened for reading (non-blocking open, fstat: the checks of read_input without
// the size limit), with its size. The caller closes the descriptor.
qis::Result<int> open_input(const std::string& path, std::int64_t& size);

// `path` names the same file as `other` (device and inode); false when either does not exist.
bool same_file(const std::string& path, const std::string& other);
// io.same_file when the output `path` is one of `inputs` (nothing is written then).
std::optional<qis::Error> refuse_overwriting_input(const std::string& path, const std::vector<std::string>& inputs);

// Writes `bytes` to `path` through a temporary file in the same folder (fsync, rename). Refused
// (io.same_file) when `path` is one of `inputs`. A non-regular target such as /dev/stdout is
// written directly. On failure the message says whether the original file is intact.
std::optional<qis::Error> write_output(const std::string& path, const std::string& bytes,
                                       const std::vector<std::string>& inputs = {});

// The evidence file `name` inside `dir` (a plain file name): found or not, refused when its real
// path leaves `dir` (a link pointing elsewhere) or it is not a regular file; else its size and,
// when the size is `expected_size`, its SHA-256 computed while reading (never held whole).
struct EvidenceRead {
  bool found = false;
  std::optional<qis::Error> refused;  // message follows the file's name: "：…"
  std::int64_t size = 0;
  std::string sha256;
};
EvidenceRead read_evidence(const std::string& dir, const std::string& name, std::int64_t expected_size);

// The same checks, leaving the file open for the caller to read (qis bundle copies it into a
// zip): fd is -1 unless found and not refused; the caller closes it.
struct EvidenceOpen {
  bool found = false;
  std::optional<qis::Error> refused;
  int fd = -1;
  std::int64_t size = 0;
  std::string real_path;  // where the file really is (to refuse writing a bundle over it)
};
EvidenceOpen open_evidence(const std::string& dir, const std::string& name);

}  // namespace qis_cli
