#include "bundle_zip.h"

#include <fcntl.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

#include "file_io.h"
#include "sha256.h"

namespace qis_cli {

namespace {

constexpr std::size_t kBuffer = 1u << 20;  // what is held of an evidence file at a time
constexpr unsigned long kUtf8Flag = 1u << 11;

// minizip on a FILE* the caller opened (after its own checks) instead of a path it would open
// itself: the "path" minizip hands to the open callback is that FILE*.
voidpf file_open(voidpf, const void* file, int) { return const_cast<void*>(file); }
uLong file_read(voidpf, voidpf stream, void* buf, uLong size) {
  return static_cast<uLong>(std::fread(buf, 1, size, static_cast<FILE*>(stream)));
}
uLong file_write(voidpf, voidpf stream, const void* buf, uLong size) {
  return static_cast<uLong>(std::fwrite(buf, 1, size, static_cast<FILE*>(stream)));
}
ZPOS64_T file_tell(voidpf, voidpf stream) {
  const off_t at = ::ftello(static_cast<FILE*>(stream));
  return at < 0 ? static_cast<ZPOS64_T>(-1) : static_cast<ZPOS64_T>(at);
}
long file_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  const int whence = origin == ZLIB_FILEFUNC_SEEK_CUR ? SEEK_CUR : origin == ZLIB_FILEFUNC_SEEK_END ? SEEK_END : SEEK_SET;
  if (offset > static_cast<ZPOS64_T>(LLONG_MAX)) return -1;
  return ::fseeko(static_cast<FILE*>(stream), static_cast<off_t>(offset), whence) == 0 ? 0 : -1;
}
// Closing a file being written flushes it to disk first: the rename that follows must not
// publish a bundle the disk does not hold yet.
int file_close_synced(voidpf, voidpf stream) {
  FILE* f = static_cast<FILE*>(stream);
  int bad = std::fflush(f) != 0;
  bad |= ::fsync(::fileno(f)) != 0;
  bad |= std::fclose(f) != 0;
  return bad ? EOF : 0;
}
int file_close(voidpf, voidpf stream) { return std::fclose(static_cast<FILE*>(stream)); }
int file_error(voidpf, voidpf stream) { return std::ferror(static_cast<FILE*>(stream)); }

zlib_filefunc64_def file_functions(bool writing) {
  zlib_filefunc64_def io{};
  io.zopen64_file = file_open;
  io.zread_file = file_read;
  io.zwrite_file = file_write;
  io.ztell64_file = file_tell;
  io.zseek64_file = file_seek;
  io.zclose_file = writing ? file_close_synced : file_close;
  io.zerror_file = file_error;
  return io;
}

std::string errno_text(int err) {
  return err == ENOSPC ? "磁盘空间不足" : err == EDQUOT ? "超出磁盘配额" : err == EFBIG ? "文件超出允许的大小"
         : err == EACCES || err == EPERM || err == EROFS ? "没有写入权限"
         : err == ENOENT || err == ENOTDIR ? "所在文件夹不存在" : std::strerror(err);
}

std::string real_path(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

tm_zip now_for_zip() {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&t, &local);
  tm_zip z{};
  z.tm_sec = static_cast<uInt>(local.tm_sec);
  z.tm_min = static_cast<uInt>(local.tm_min);
  z.tm_hour = static_cast<uInt>(local.tm_hour);
  z.tm_mday = static_cast<uInt>(local.tm_mday);
  z.tm_mon = static_cast<uInt>(local.tm_mon);
  z.tm_year = static_cast<uInt>(local.tm_year + 1900);
  return z;
}

qis::Error file_error_for(const BundleItem& item, const std::string& code, const std::string& what) {
  return {code, "证明材料“" + item.name + "”" + what, item.zip_path};
}

// The zip being written and the temporary file behind it; abandoned (closed, removed) unless finished.
class ZipWriter {
 public:
  ~ZipWriter() { abandon(); }

  std::optional<qis::Error> open(const std::string& tmp) {
    tmp_ = tmp;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return write_error(errno);
    created_ = true;
    FILE* f = ::fdopen(fd, "wb");
    if (!f) {
      const int err = errno;
      ::close(fd);
      return write_error(err);
    }
    zlib_filefunc64_def io = file_functions(true);
    zip_ = zipOpen2_64(f, APPEND_STATUS_CREATE, nullptr, &io);
    if (!zip_) return write_error(EIO);  // minizip has closed the file
    return std::nullopt;
  }

  // A stored entry with a UTF-8 name; zip64 fields only for an entry that needs them.
  std::optional<qis::Error> begin(const std::string& name, std::uint64_t size) {
    zip_fileinfo info{};
    info.tmz_date = now_for_zip();
    const int zip64 = size >= 0xffffffffull ? 1 : 0;
    if (zipOpenNewFileInZip4_64(zip_, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, 0, 0, 0, -MAX_WBITS,
                                DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 0, kUtf8Flag, zip64) != ZIP_OK)
      return write_error(errno ? errno : EIO);
    return std::nullopt;
  }
  std::optional<qis::Error> write(const char* data, std::size_t size) {
    if (size && zipWriteInFileInZip(zip_, data, static_cast<unsigned>(size)) != ZIP_OK) return write_error(errno ? errno : EIO);
    return std::nullopt;
  }
  std::optional<qis::Error> end() {
    if (zipCloseFileInZip(zip_) != ZIP_OK) return write_error(errno ? errno : EIO);
    return std::nullopt;
  }
  // Central directory, flush to disk, close; then the rename makes it the target.
  std::optional<qis::Error> finish(const std::string& target) {
    const int closed = zipClose(zip_, nullptr);
    zip_ = nullptr;
    if (closed != ZIP_OK) return write_error(errno ? errno : EIO);
    if (::rename(tmp_.c_str(), target.c_str()) != 0) return write_error(errno);
    created_ = false;
    const std::filesystem::path tp(target);
    const std::string dir = tp.has_parent_path() ? tp.parent_path().string() : ".";
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)::fsync(dfd);
      ::close(dfd);
    }
    return std::nullopt;
  }
  void abandon() {
    if (zip_) zipClose(zip_, nullptr);
    zip_ = nullptr;
    if (created_) ::unlink(tmp_.c_str());
    created_ = false;
  }
  void set_intact(std::string s) { intact_ = std::move(s); }

 private:
  qis::Error write_error(int err) const {
    return {"io.write", "无法写入提交包（" + errno_text(err) + "）；" + intact_ + "。请检查磁盘空间、路径和权限后重试", ""};
  }
  zipFile zip_ = nullptr;
  std::string tmp_;
  bool created_ = false;
  std::string intact_ = "未生成文件";
};

struct CloseFd {
  int fd;
  ~CloseFd() {
    if (fd >= 0) ::close(fd);
  }
};

// Copies one evidence file into the open entry, hashing it on the way.
std::optional<qis::Error> copy_item(ZipWriter& zip, const BundleItem& item, std::vector<char>& buf) {
  if (item.disk_path.empty()) {  // embedded in the package
    if (static_cast<std::int64_t>(item.bytes.size()) != item.size)
      return file_error_for(item, "verify.evidence_size",
                            "：内嵌数据为 " + std::to_string(item.bytes.size()) + " 字节，与清单记录的 " + std::to_string(item.size) +
                                " 字节不符，未生成提交包；请重新导出数据包");
    if (qis::sha256_hex(item.bytes) != item.sha256)
      return file_error_for(item, "verify.evidence_hash", "：内嵌数据的 SHA-256 与清单记录不一致，未生成提交包；请重新导出数据包");
    if (auto e = zip.begin(item.zip_path, item.bytes.size())) return e;
    if (auto e = zip.write(item.bytes.data(), item.bytes.size())) return e;
    return zip.end();
  }
  EvidenceOpen src = open_evidence(item.dir, item.disk_path);
  CloseFd closer{src.fd};
  if (src.refused) return file_error_for(item, src.refused->code, src.refused->message + "；未生成提交包");
  if (!src.found)
    return file_error_for(item, "verify.evidence_missing", "：材料目录中找不到该文件，未生成提交包；请把该文件放进 --evidence 指定的目录后重试");
  if (src.size != item.size)
    return file_error_for(item, "verify.evidence_size",
                          "：材料目录中的文件为 " + std::to_string(src.size) + " 字节，与清单记录的 " + std::to_string(item.size) +
                              " 字节不符，不是数据包导出时所附的那份文件，未生成提交包；请放入原文件后重试");
  if (auto e = zip.begin(item.zip_path, static_cast<std::uint64_t>(item.size))) return e;
  qis::Sha256 h;
  std::int64_t total = 0;
  for (;;) {
    const ssize_t n = ::read(src.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return file_error_for(item, "verify.evidence_refused", std::string("：读取时出错（") + std::strerror(errno) + "），未生成提交包");
    if (n == 0) break;
    total += n;
    if (total > item.size) break;  // grew while read
    h.update(buf.data(), static_cast<std::size_t>(n));
    if (auto e = zip.write(buf.data(), static_cast<std::size_t>(n))) return e;
  }
  if (total != item.size)
    return file_error_for(item, "verify.evidence_size", "：读取期间文件大小发生了变化，未生成提交包；请等文件不再被修改后重试");
  if (h.hex_digest() != item.sha256)
    return file_error_for(item, "verify.evidence_hash",
                          "：SHA-256 与清单记录不一致，不是数据包导出时所附的那份文件（内容已被改动），未生成提交包；请放入原文件后重试");
  return zip.end();
}

}  // namespace

std::optional<qis::Error> write_bundle(const std::string& out_path, const std::string& package_bytes,
                                       const std::vector<BundleItem>& items, const std::vector<std::string>& inputs) {
  // Never over one of its own inputs (an evidence file included).
  std::vector<std::string> all_inputs = inputs;
  for (auto& item : items)
    if (!item.disk_path.empty()) all_inputs.push_back((std::filesystem::path(item.dir) / item.disk_path).string());
  if (auto refused = refuse_overwriting_input(out_path, all_inputs)) return refused;
  struct stat st {};
  const bool exists = ::stat(out_path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode))
    return qis::Error{"io.write", "这是一个文件夹，不能作为输出文件；请给出文件名，如 文件夹/提交包.zip", ""};
  if (exists && !S_ISREG(st.st_mode))
    return qis::Error{"io.write", "提交包只能写入磁盘上的普通文件（zip 需要回写文件头），不能写入管道或设备；请给出文件名", ""};
  std::string target = out_path;
  if (exists)
    if (std::string r = real_path(out_path); !r.empty()) target = r;
  const std::filesystem::path tp(target);
  const std::string dir = tp.has_parent_path() ? tp.parent_path().string() : ".";
  const std::string tmp =
      (std::filesystem::path(dir) / ("." + tp.filename().string() + ".qis-tmp-" + std::to_string(::getpid()))).string();

  ZipWriter zip;
  zip.set_intact(exists ? "原文件未改动" : "未生成文件");
  if (auto e = zip.open(tmp)) return e;
  if (auto e = zip.begin(qis::kBundlePackagePath, package_bytes.size())) return e;
  if (auto e = zip.write(package_bytes.data(), package_bytes.size())) return e;
  if (auto e = zip.end()) return e;
  std::vector<char> buf(kBuffer);
  for (auto& item : items)
    if (auto e = copy_item(zip, item, buf)) return e;  // the writer removes the temporary file
  if (exists) (void)::chmod(tmp.c_str(), st.st_mode & 07777);
  return zip.finish(target);
}

bool looks_like_zip(const std::string& path) {
  std::int64_t size = 0;
  auto fd = open_input(path, size);
  if (!fd) return false;
  CloseFd closer{fd.value()};
  unsigned char head[4] = {};
  std::size_t got = 0;
  while (got < sizeof head) {
    const ssize_t n = ::read(fd.value(), head + got, sizeof head - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got == 4 && head[0] == 'P' && head[1] == 'K' &&
         ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
}

qis::Result<BundleRead> read_bundle(const std::string& path) {
  BundleRead out;
  std::int64_t size = 0;
  auto opened = open_input(path, size);
  if (!opened) return opened.error();
  out.bundle_bytes = static_cast<std::uint64_t>(size);
  if (out.bundle_bytes > qis::kMaxBundleBytes) {
    ::close(opened.value());
    return *qis::check_bundle_directory({}, out.bundle_bytes);
  }
  FILE* f = ::fdopen(opened.value(), "rb");
  if (!f) {
    ::close(opened.value());
    return qis::Error{"io.read", std::string("无法读取文件（") + std::strerror(errno) + "）", ""};
  }
  zlib_filefunc64_def io = file_functions(false);
  unzFile zip = unzOpen2_64(f, &io);
  const qis::Error not_zip{"bundle.not_zip",
                           "文件不是有效的 zip 提交包（找不到 zip 目录，可能不完整或已损坏）。请确认文件已完整下载，或向申报单位索取原始提交包。", ""};
  if (!zip) return not_zip;  // minizip has closed the file
  std::unique_ptr<void, int (*)(unzFile)> closer(zip, unzClose);

  // The central directory first: names, methods and declared sizes, nothing inflated.
  unz_global_info64 global{};
  if (unzGetGlobalInfo64(zip, &global) != UNZ_OK) return not_zip;
  std::vector<qis::ZipEntryInfo> entries;
  const qis::Error broken_dir{"bundle.not_zip", "提交包的 zip 目录已损坏，无法读取。请确认文件已完整下载，或向申报单位索取原始提交包。", ""};
  int step = unzGoToFirstFile(zip);
  while (step == UNZ_OK) {
    if (entries.size() >= qis::kMaxBundleEntries) {  // no need to list them all to refuse
      entries.resize(qis::kMaxBundleEntries + 1);
      break;
    }
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) return broken_dir;
    std::string name(info.size_filename, '\0');
    if (info.size_filename &&
        unzGetCurrentFileInfo64(zip, &info, name.data(), info.size_filename, nullptr, 0, nullptr, 0) != UNZ_OK)
      return broken_dir;
    qis::ZipEntryInfo e;
    e.name = std::move(name);
    e.method = static_cast<int>(info.compression_method);
    e.compressed = info.compressed_size;
    e.uncompressed = info.uncompressed_size;
    e.encrypted = (info.flag & 1u) != 0;
    bool ascii = true;
    for (char c : e.name) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    e.utf8 = (info.flag & kUtf8Flag) != 0 || ascii;
    entries.push_back(std::move(e));
    step = unzGoToNextFile(zip);
  }
  if (step != UNZ_OK && step != UNZ_END_OF_LIST_OF_FILE) return broken_dir;
  if (auto problem = qis::check_bundle_directory(entries, out.bundle_bytes)) return *problem;

  // Then every local header, still nothing inflated: its name, and where its data starts. Read by
  // hand from the directory record minizip is at (it checks only the header's lengths, and refuses
  // to open an entry whose name length differs without saying why).
  const int fd = ::fileno(f);
  auto read_at = [fd](std::uint64_t at, std::size_t n) {
    std::string b(n, '\0');
    const ssize_t got = ::pread(fd, b.data(), n, static_cast<off_t>(at));
    b.resize(got < 0 ? 0 : static_cast<std::size_t>(got));
    return b;
  };
  auto u16 = [](const std::string& b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
  };
  auto u32 = [&](const std::string& b, std::size_t at) { return u16(b, at) | u16(b, at + 2) << 16; };
  std::vector<qis::ZipLocalInfo> local;
  step = unzGoToFirstFile(zip);
  for (std::size_t i = 0; i < entries.size() && step == UNZ_OK; ++i, step = unzGoToNextFile(zip)) {
    qis::ZipLocalInfo li{entries[i].name, 0};  // where the header cannot be read, reading the data says so
    const std::string central = read_at(unzGetOffset64(zip), 46);
    const std::uint32_t at = central.size() == 46 && u32(central, 0) == 0x02014b50 ? u32(central, 42) : 0xffffffffu;
    const std::string head = at != 0xffffffffu ? read_at(at, 30) : std::string();  // (zip64 offsets: not by hand)
    if (head.size() == 30 && u32(head, 0) == 0x04034b50) {
      const std::uint32_t n = u16(head, 26), m = u16(head, 28);
      li.name = read_at(at + 30ull, n);
      li.data_offset = at + 30ull + n + m;
    }
    local.push_back(std::move(li));
  }
  if (auto problem = qis::check_local_headers(entries, local)) return *problem;

  // Then each file, streamed: bytes actually inflated are counted against the declared size.
  std::vector<char> buf(kBuffer);
  step = unzGoToFirstFile(zip);
  for (std::size_t i = 0; i < entries.size() && step == UNZ_OK; ++i, step = unzGoToNextFile(zip)) {
    const qis::ZipEntryInfo& e = entries[i];
    if (e.name.back() == '/') continue;
    const bool is_package = e.name == qis::kBundlePackagePath;
    qis::BundleFile file;
    file.path = e.name;
    qis::Sha256 h;
    std::uint64_t total = 0;
    std::optional<std::string> refused;
    if (unzOpenCurrentFile(zip) != UNZ_OK) {
      refused = "：提交包中的该文件无法解压（数据已损坏），未核对";
    } else {
      for (;;) {
        const int n = unzReadCurrentFile(zip, buf.data(), static_cast<unsigned>(buf.size()));
        if (n < 0) {
          refused = "：提交包中的该文件无法解压（数据已损坏），未核对";
          break;
        }
        if (n == 0) break;
        total += static_cast<std::uint64_t>(n);
        if (total > e.uncompressed) {  // a header that lies about its size: stop here
          refused = "：提交包中的该文件解压后超过目录中声明的大小（" + std::to_string(e.uncompressed) +
                    " 字节），已停止读取；提交包可能被恶意改动";
          break;
        }
        if (is_package) out.package_bytes.append(buf.data(), static_cast<std::size_t>(n));
        else h.update(buf.data(), static_cast<std::size_t>(n));
      }
      unzCloseCurrentFile(zip);  // a CRC error is not a finding of its own: the SHA-256 decides
    }
    if (is_package) {
      if (refused)
        return qis::Error{"bundle.corrupt",
                          "提交包中的 package.json（评价数据包）无法完整读取（数据已损坏，或与目录中声明的大小不符），已拒绝打开。"
                          "请向申报单位索取原始提交包。",
                          qis::kBundlePackagePath};
      continue;
    }
    if (refused) {
      file.refused = qis::Error{"verify.evidence_refused", *refused, e.name};
    } else {
      file.size = static_cast<std::int64_t>(total);
      file.sha256 = h.hex_digest();
    }
    out.files.push_back(std::move(file));
  }
  if (step != UNZ_OK && step != UNZ_END_OF_LIST_OF_FILE) return broken_dir;
  return out;
}

}  // namespace qis_cli
