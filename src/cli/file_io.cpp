#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "csv.h"
#include "package.h"
#include "panel.h"
#include "rank.h"
#include "review.h"
#include "sha256.h"

namespace qis_cli {

const InputKind kPackageInput{qis::kMaxPackageBytes, "数据包"};
const InputKind kRubricInput{4u << 20, "评分表文件"};  // as load_rubric checks it
const InputKind kReviewInput{qis::kMaxReviewBytes, "评审意见文件"};
const InputKind kPanelInput{qis::kMaxPanelBytes, "专家组汇总文件"};
const InputKind kCsvInput{qis::kMaxCsvBytes, "台账 CSV 文件"};

namespace {

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

qis::Error open_error(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return {"io.not_found", "无法读取文件：找不到该文件，请检查路径", ""};
    case EACCES:
    case EPERM:
      return {"io.read", "无法读取文件：没有读取权限，请检查文件的权限", ""};
    case ELOOP:
      return {"io.read", "无法读取文件：符号链接层数过多（可能是循环链接），请给出文件本身", ""};
    default:
      return {"io.read", std::string("无法读取文件（") + std::strerror(err) + "），请检查路径", ""};
  }
}

// Why a file of this mode is not read, or nullopt for a regular file.
std::optional<qis::Error> not_regular(mode_t mode) {
  if (S_ISREG(mode)) return std::nullopt;
  if (S_ISDIR(mode))
    return qis::Error{"io.directory", "这是一个文件夹，不是文件；请给出文件夹中的文件（如数据包 .json），或使用接受文件夹的命令（qis verify、qis rank）", ""};
  if (S_ISFIFO(mode))
    return qis::Error{"io.not_regular", "这是一个命名管道（FIFO），不是普通文件，读取它可能永远等不到结束；请先把内容保存为文件再给出", ""};
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return qis::Error{"io.not_regular", "这是一个设备文件（如 /dev/zero），不是普通文件；请给出保存在磁盘上的文件", ""};
  if (S_ISSOCK(mode)) return qis::Error{"io.not_regular", "这是一个套接字，不是普通文件；请给出保存在磁盘上的文件", ""};
  return qis::Error{"io.not_regular", "这不是普通文件；请给出保存在磁盘上的文件", ""};
}

qis::Error too_large(std::int64_t size, const InputKind& kind) {
  return {"io.too_large",
          std::string(kind.what) + "过大（" + std::to_string((size + 1023) / 1024) + " KB，上限 " +
              std::to_string(kind.max_bytes / 1024) + " KB），未读取；请确认选择的是正确的文件",
          ""};
}

// Opens without blocking (a FIFO must not hang the command) and checks the kind of file.
qis::Result<int> open_regular(const std::string& path, struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return open_error(errno);
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return open_error(err);
  }
  if (auto e = not_regular(st.st_mode)) {
    ::close(fd);
    return *e;
  }
  return fd;
}

std::string real_path(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

}  // namespace

qis::Result<std::string> read_input(const std::string& path, const InputKind& kind) {
  struct stat st {};
  auto opened = open_regular(path, st);
  if (!opened) return opened.error();
  Fd fd(opened.value());
  if (static_cast<std::uint64_t>(st.st_size) > kind.max_bytes) return too_large(st.st_size, kind);
  std::string out;
  out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return qis::Error{"io.read", std::string("读取文件时出错（") + std::strerror(errno) + "）", ""};
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    // A file that grows while it is read stops at the limit all the same.
    if (out.size() > kind.max_bytes) return too_large(static_cast<std::int64_t>(out.size()), kind);
  }
  return out;
}

qis::Result<int> open_input(const std::string& path, std::int64_t& size) {
  struct stat st {};
  auto opened = open_regular(path, st);
  if (!opened) return opened.error();
  size = static_cast<std::int64_t>(st.st_size);
  return opened.value();
}

qis::Result<std::int64_t> regular_file_size(const std::string& path) {
  struct stat st {};
  auto opened = open_regular(path, st);
  if (!opened) return opened.error();
  Fd fd(opened.value());
  return static_cast<std::int64_t>(st.st_size);
}

bool same_file(const std::string& path, const std::string& other) {
  struct stat a {}, b {};
  return ::stat(path.c_str(), &a) == 0 && ::stat(other.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::optional<qis::Error> refuse_overwriting_input(const std::string& path, const std::vector<std::string>& inputs) {
  for (auto& in : inputs)
    if (same_file(path, in))
      return qis::Error{"io.same_file",
                        "输出文件与输入文件“" + in + "”是同一个文件，已拒绝写入（原文件未改动）；请用 -o 指定另一个文件名", ""};
  return std::nullopt;
}

std::optional<qis::Error> write_output(const std::string& path, const std::string& bytes,
                                       const std::vector<std::string>& inputs) {
  if (auto refused = refuse_overwriting_input(path, inputs)) return refused;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  const std::string intact = exists ? "原文件未改动" : "未生成文件";
  auto failed = [&](int err) {
    const char* why = err == ENOSPC   ? "磁盘空间不足"
                      : err == EDQUOT ? "超出磁盘配额"
                      : err == EFBIG  ? "文件超出允许的大小"
                      : err == EACCES || err == EPERM || err == EROFS ? "没有写入权限"
                      : err == ENOENT || err == ENOTDIR ? "所在文件夹不存在"
                                                         : std::strerror(err);
    return qis::Error{"io.write", std::string("无法写入文件（") + why + "）；" + intact + "。请检查磁盘空间、路径和权限后重试", ""};
  };
  if (exists && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return qis::Error{"io.write", "这是一个文件夹，不能作为输出文件；请给出文件名，如 文件夹/结果.csv", ""};
    // /dev/stdout, a pipe: nothing to replace, written as it is.
    Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (fd.fd < 0) return failed(errno);
    for (std::size_t off = 0; off < bytes.size();) {
      const ssize_t n = ::write(fd.fd, bytes.data() + off, bytes.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return failed(errno);
      off += static_cast<std::size_t>(n);
    }
    return std::nullopt;
  }
  // The target's real location (a link is followed, so the file it points to is replaced, not the link).
  std::string target = path;
  if (exists) {
    if (std::string r = real_path(path); !r.empty()) target = r;
  }
  const std::filesystem::path tp(target);
  const std::string dir = tp.has_parent_path() ? tp.parent_path().string() : ".";
  static int serial = 0;
  const std::string tmp = (std::filesystem::path(dir) / ("." + tp.filename().string() + ".qis-tmp-" +
                                                          std::to_string(::getpid()) + "-" + std::to_string(++serial)))
                              .string();
  const mode_t mode = exists ? (st.st_mode & 07777) : 0666;  // a new file: 0666 less the umask, as any program's
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.fd < 0) return failed(errno);
  if (exists) (void)::fchmod(fd.fd, mode);
  auto abandon = [&](int err) {
    ::unlink(tmp.c_str());
    return failed(err);
  };
  for (std::size_t off = 0; off < bytes.size();) {
    const ssize_t n = ::write(fd.fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return abandon(errno);
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.fd) != 0) return abandon(errno);
  const int closed = ::close(fd.fd);
  fd.fd = -1;
  if (closed != 0) return abandon(errno);
  if (::rename(tmp.c_str(), target.c_str()) != 0) return abandon(errno);
  // The rename itself is durable once the folder is flushed too (best effort: not every file system allows it).
  Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.fd >= 0) (void)::fsync(dfd.fd);
  return std::nullopt;
}

EvidenceOpen open_evidence(const std::string& dir, const std::string& name) {
  EvidenceOpen out;
  const std::string candidate = (std::filesystem::path(dir) / name).string();
  struct stat lst {};
  if (::lstat(candidate.c_str(), &lst) != 0) return out;  // not there
  out.found = true;
  const std::string root = real_path(dir), real = real_path(candidate);
  if (real.empty()) {
    out.refused = qis::Error{"verify.evidence_refused", "：是一个指向不存在位置的链接，未读取；请把文件本身放进材料目录", ""};
    return out;
  }
  if (root.empty() || real.compare(0, root.size() + 1, root + "/") != 0) {
    out.refused = qis::Error{"verify.evidence_refused",
                             "：是指向材料目录以外（" + real + "）的链接，未读取；请把文件本身放进材料目录", ""};
    return out;
  }
  struct stat st {};
  auto opened = open_regular(real, st);
  if (!opened) {
    out.refused = qis::Error{"verify.evidence_refused", "：" + opened.error().message, ""};
    return out;
  }
  out.fd = opened.value();
  out.size = static_cast<std::int64_t>(st.st_size);
  out.real_path = real;
  return out;
}

EvidenceRead read_evidence(const std::string& dir, const std::string& name, std::int64_t expected_size) {
  EvidenceRead out;
  EvidenceOpen opened = open_evidence(dir, name);
  out.found = opened.found;
  out.refused = opened.refused;
  if (opened.fd < 0) return out;
  Fd fd(opened.fd);
  out.size = opened.size;
  if (out.size != expected_size) return out;  // the size already differs: nothing to read
  qis::Sha256 h;
  char buf[1 << 16];
  std::int64_t total = 0;
  for (;;) {
    const ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.refused = qis::Error{"verify.evidence_refused", std::string("：读取时出错（") + std::strerror(errno) + "）", ""};
      return out;
    }
    if (n == 0) break;
    h.update(buf, static_cast<std::size_t>(n));
    total += n;
    if (total > expected_size) break;  // grew while read: the size below says so
  }
  out.size = total;
  if (total == expected_size) out.sha256 = h.hex_digest();
  return out;
}

}  // namespace qis_cli
