// Editable copies: the documents of report.h as .docx (Office Open XML) that Word, WPS and
// LibreOffice open and edit: A4 (landscape where the HTML is), 宋体 body text, the same headings,
// tables, signature lines, and the package's QR code as a PNG. docx.cpp writes the parts (no zlib:
// it is in the web app too); the zip container is Debian's minizip natively (docx_zip.cpp, the
// qis_docx library) and the page's own zip writer in the browser (web/bundle.js, page.zipParts).
//
// The .docx is made from the document's own HTML (report.cpp writes a small, fixed vocabulary:
// h1, h2, p, div, table/tr/th/td with colspan, ul/ol/li, b, span, bdi, br and one <svg class="qr">),
// so both formats always say the same thing. Every text is document_text (safe_text.h) on its way
// into word/document.xml: valid XML 1.0 whatever the HTML held, "\n" a <w:br/> inside class="pre".
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report.h"

namespace qis {

// The parts of a .docx: (path in the zip, bytes), [Content_Types].xml first.
using DocxParts = std::vector<std::pair<std::string, std::string>>;

// The parts of the .docx of one of report.cpp's HTML documents.
DocxParts docx_parts_from_html(std::string_view html);
// render_document as .docx parts.
DocxParts render_document_docx_parts(DocumentKind kind, const DocumentInput& in);

// ---- Native only (docx_zip.cpp, library qis_docx: minizip and zlib) ----
// The parts zipped (deflated, a fixed time: the same parts give the same bytes); "" on failure.
std::string zip_docx_parts(const DocxParts& parts);
// The .docx bytes of one of report.cpp's HTML documents.
std::string docx_from_html(std::string_view html);
// render_document as .docx bytes.
std::string render_document_docx(DocumentKind kind, const DocumentInput& in);

// A PNG (1-bit greyscale, stored deflate) of a QR code of `text`, `scale` pixels per module, with
// the quiet zone; empty when the text does not fit a QR code.
std::string qr_png(std::string_view text, int scale);

}  // namespace qis
