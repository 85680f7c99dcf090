// Editable copies: the documents of report.h as .docx (Office Open XML) that Word, WPS and
// LibreOffice open and edit: A4 (landscape where the HTML is), 宋体 body text, the same headings,
// tables, signature lines, and the package's QR code as a PNG. The zip container is Debian's
// minizip (deflate by zlib); this file only writes the XML parts.
//
// The .docx is made from the document's own HTML (report.cpp writes a small, fixed vocabulary:
// h1, h2, p, div, table/tr/th/td with colspan, ul/ol/li, b, span, br and one <svg class="qr">),
// so both formats always say the same thing.
#pragma once
#include <string>
#include <string_view>

#include "report.h"

namespace qis {

// The .docx bytes of one of report.cpp's HTML documents.
std::string docx_from_html(std::string_view html);

// render_document as .docx.
std::string render_document_docx(DocumentKind kind, const DocumentInput& in);

// A PNG (8-bit greyscale) of a QR code of `text`, `scale` pixels per module, with the quiet zone;
// empty when the text does not fit a QR code.
std::string qr_png(std::string_view text, int scale);

}  // namespace qis
