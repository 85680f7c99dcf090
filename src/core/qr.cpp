#include "qr.h"

#include <qrcodegen.hpp>

#include <cstdio>
#include <stdexcept>

namespace qis {

QrMatrix qr_encode(std::string_view text) {
  QrMatrix m;
  try {
    const std::string s(text);
    const qrcodegen::QrCode code = qrcodegen::QrCode::encodeText(s.c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
    m.size = code.getSize();
    m.dark.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
    for (int y = 0; y < m.size; ++y)
      for (int x = 0; x < m.size; ++x)
        m.dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(m.size) + static_cast<std::size_t>(x)] = code.getModule(x, y);
  } catch (const std::length_error&) {  // qrcodegen::data_too_long derives from it
    m = QrMatrix{};
  }
  return m;
}

std::string qr_svg(std::string_view text, double side_mm) {
  const QrMatrix m = qr_encode(text);
  if (m.size == 0) return "";
  const int n = m.size + 2 * kQrQuietZone;
  char size[32];
  std::snprintf(size, sizeof size, "%.1fmm", side_mm);
  std::string path;
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.at(x, y)) path += "M" + std::to_string(x + kQrQuietZone) + " " + std::to_string(y + kQrQuietZone) + "h1v1h-1z";
  std::string data;
  for (char c : text) data += (c == '"' || c == '<' || c == '&') ? '_' : c;  // a hash: hex digits only in practice
  return "<svg class=\"qr\" data-qr=\"" + data + "\" width=\"" + size + "\" height=\"" + size + "\" viewBox=\"0 0 " +
         std::to_string(n) + " " + std::to_string(n) + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"数据包 SHA-256 二维码\">" +
         "<rect width=\"" + std::to_string(n) + "\" height=\"" + std::to_string(n) + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
         path + "\"/></svg>";
}

}  // namespace qis
