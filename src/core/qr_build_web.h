// Read before qrcodegen.cpp in the web build only (src/core/CMakeLists.txt, -include).
//
// The library builds one error message with std::ostringstream, which alone links the iostream
// and locale machinery of libc++ (num_get/num_put, time_get, money_get...: about 56 KB of wasm)
// into the page. The message is never shown (qr.cpp catches the error and prints no code), so the
// web build gives it a string builder instead. <sstream> is included first, so the library's own
// include changes nothing, and the name is redirected only in that file.
#pragma once

#include <sstream>
#include <string>

namespace qis_qr_web {

class MessageBuilder {
 public:
  MessageBuilder& operator<<(const char* s) {
    text_ += s;
    return *this;
  }
  MessageBuilder& operator<<(int n) {
    text_ += std::to_string(n);
    return *this;
  }
  std::string str() const { return text_; }

 private:
  std::string text_;
};

}  // namespace qis_qr_web

// `std::ostringstream` in qrcodegen.cpp becomes `std::qis_qr_message`, an alias of the builder.
namespace std {
using qis_qr_message = ::qis_qr_web::MessageBuilder;
}
#define ostringstream qis_qr_message
