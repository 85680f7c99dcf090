// QR codes for printed documents: the package's SHA-256 as a QR symbol, drawn as inline SVG (HTML)
// or as a PNG (docx). The encoder is Debian's libqrcodegencpp (Nayuki's QR Code generator); the
// wasm build compiles the same library's source (qr-code-generator, cpp/qrcodegen.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace qis {

// The modules of a QR symbol, without the quiet zone; size 0 when the text does not fit.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;  // row-major, size × size
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)]; }
};

// Error correction level M (15 %): a stamp or a fold over the symbol still scans.
QrMatrix qr_encode(std::string_view text);

// The QR quiet zone, in modules, on every side (ISO/IEC 18004: 4).
inline constexpr int kQrQuietZone = 4;

// The printed side of the symbol with its quiet zone. A hash is a version-5 symbol (37 modules + 8
// quiet): 38 mm gives 0.84 mm a module, over 3 pixels in a 100 dpi scan or a fax, which zbar and
// phone cameras decode (at 24 mm a 100 dpi scan had 2 pixels a module and did not).
inline constexpr double kQrSideMm = 38;

// An <svg> element (no XML namespace: HTML5 inline SVG) of `side_mm` millimetres, one <path>
// of dark modules on a white square with the quiet zone. `text` is also kept in data-qr="…".
std::string qr_svg(std::string_view text, double side_mm);

}  // namespace qis
