// The .docx container natively: Debian's minizip writes the zip into memory (deflate by zlib).
// The web app zips the same parts in the page instead (web/bundle.js, page.zipParts).
#include <minizip/zip.h>

#include <algorithm>
#include <cstring>

#include "docx.h"

namespace qis {
namespace {

struct Buffer {
  std::string bytes;
  std::size_t pos = 0;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const char*, int) { return opaque; }
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* b = static_cast<Buffer*>(stream);
  const std::size_t n = std::min<std::size_t>(size, b->bytes.size() - std::min(b->pos, b->bytes.size()));
  std::memcpy(buf, b->bytes.data() + b->pos, n);
  b->pos += n;
  return static_cast<uLong>(n);
}
uLong ZCALLBACK mem_write(voidpf, voidpf stream, const void* buf, uLong size) {
  auto* b = static_cast<Buffer*>(stream);
  if (b->pos + size > b->bytes.size()) b->bytes.resize(b->pos + size);
  std::memcpy(&b->bytes[b->pos], buf, size);
  b->pos += size;
  return size;
}
long ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<long>(static_cast<Buffer*>(stream)->pos); }
long ZCALLBACK mem_seek(voidpf, voidpf stream, uLong offset, int origin) {
  auto* b = static_cast<Buffer*>(stream);
  std::size_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? b->pos : b->bytes.size();
  b->pos = base + offset;
  return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf) { return 0; }

}  // namespace

std::string zip_docx_parts(const DocxParts& parts) {
  Buffer buffer;
  zlib_filefunc_def io{mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &buffer};
  zipFile z = zipOpen2("document.docx", APPEND_STATUS_CREATE, nullptr, &io);
  if (!z) return "";
  for (auto& [name, data] : parts) {
    zip_fileinfo info{};
    info.tmz_date = {0, 0, 0, 1, 0, 2025};  // a fixed time: the same document gives the same bytes
    if (zipOpenNewFileInZip(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, Z_DEFAULT_COMPRESSION) != ZIP_OK ||
        zipWriteInFileInZip(z, data.data(), static_cast<unsigned>(data.size())) != ZIP_OK || zipCloseFileInZip(z) != ZIP_OK) {
      zipClose(z, nullptr);
      return "";
    }
  }
  zipClose(z, nullptr);
  return buffer.bytes;
}

std::string docx_from_html(std::string_view html) { return zip_docx_parts(docx_parts_from_html(html)); }

std::string render_document_docx(DocumentKind kind, const DocumentInput& in) { return docx_from_html(render_document(kind, in)); }

}  // namespace qis
