// Reading and writing the files a command is given.
#pragma once
#include <optional>
#include <string>

#include "error.h"

namespace qis_cli {

// The whole file; an Error (io.read) saying why not.
qis::Result<std::string> read_input(const std::string& path);

// Writes `bytes` to `path`; an Error (io.write) saying why not.
std::optional<qis::Error> write_output(const std::string& path, const std::string& bytes);

}  // namespace qis_cli
