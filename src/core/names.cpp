#include "names.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gb18030.h"
#include "safe_text.h"

namespace qis {
namespace name_fold_data {
// Defined in the generated name_fold_table.cpp (scripts/gen_name_fold.py).
extern const std::uint32_t kDropped[][2];
extern const std::size_t kDroppedCount;
extern const unsigned char kRunStream[];
extern const std::size_t kRunStreamSize;
extern const std::size_t kRunCount;
}  // namespace name_fold_data

namespace {

struct Run {
  std::uint32_t first, last;
  std::int32_t offset;
};

std::uint32_t read_varint(std::size_t& pos) {
  std::uint32_t value = 0;
  for (int shift = 0; pos < name_fold_data::kRunStreamSize && shift < 32; shift += 7) {
    const unsigned char byte = name_fold_data::kRunStream[pos++];
    value |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) break;
  }
  return value;
}

// Expanded once, on the first name compared.
const std::vector<Run>& runs() {
  static const std::vector<Run> table = [] {
    std::vector<Run> t;
    t.reserve(name_fold_data::kRunCount);
    std::size_t pos = 0;
    std::uint32_t end = 0;
    while (pos < name_fold_data::kRunStreamSize) {
      const std::uint32_t first = end + read_varint(pos);
      const std::uint32_t length = read_varint(pos) + 1;
      const std::uint32_t z = read_varint(pos);
      const std::int32_t offset = (z & 1) ? -static_cast<std::int32_t>((z + 1) / 2) : static_cast<std::int32_t>(z / 2);
      t.push_back({first, first + length - 1, offset});
      end = first + length;
    }
    return t;
  }();
  return table;
}

bool dropped(std::uint32_t cp) {
  const auto* begin = name_fold_data::kDropped;
  const auto* end = begin + name_fold_data::kDroppedCount;
  const auto* it = std::upper_bound(begin, end, cp, [](std::uint32_t c, const std::uint32_t (&r)[2]) { return c < r[0]; });
  return it != begin && cp <= (*(it - 1))[1];
}

std::uint32_t folded(std::uint32_t cp) {
  const auto& t = runs();
  auto it = std::upper_bound(t.begin(), t.end(), cp, [](std::uint32_t c, const Run& r) { return c < r.first; });
  if (it == t.begin() || cp > (it - 1)->last) return cp;
  return static_cast<std::uint32_t>(static_cast<std::int64_t>(cp) + (it - 1)->offset);
}

}  // namespace

std::string person_key(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t at = i;
    const long cp = next_code_point(name, i);
    if (cp < 0) {  // not UTF-8: kept byte for byte, so different bytes stay different names
      out += name[at];
      continue;
    }
    const std::uint32_t f = folded(static_cast<std::uint32_t>(cp));
    if (!dropped(static_cast<std::uint32_t>(cp)) && !dropped(f)) append_utf8(out, f);
  }
  return out;
}

bool same_person(std::string_view a, std::string_view b) { return person_key(a) == person_key(b); }

}  // namespace qis
