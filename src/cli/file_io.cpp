#include "file_io.h"

#include <fstream>
#include <sstream>

namespace qis_cli {

qis::Result<std::string> read_input(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return qis::Error{"io.read", "无法读取文件，请检查路径", ""};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<qis::Error> write_output(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  if (out) out << bytes;
  if (!out || !out.flush()) return qis::Error{"io.write", "无法写入文件，请检查路径和权限", ""};
  return std::nullopt;
}

}  // namespace qis_cli
