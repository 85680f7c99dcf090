// SHA-256 (FIPS 180-4), used for evidence files, rubric content and review-to-package links.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace qis {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  std::string hex_digest();  // lower-case, 64 characters; the object is spent afterwards

 private:
  void block(const std::uint8_t* p);
  std::uint32_t h_[8];
  std::uint8_t buf_[64];
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace qis
