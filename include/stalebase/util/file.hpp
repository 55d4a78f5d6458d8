#pragma once

#include "stalebase/util/expected.hpp"

#include <filesystem>
#include <iosfwd>
#include <string>

namespace stalebase::util {

// Reads a whole file as bytes. Fails with the system's reason ("No such file or
// directory", "Permission denied", "is a directory").
Expected<std::string, std::string> read_file(const std::filesystem::path &path);

// Reads all of `in` (standard input) as bytes.
Expected<std::string, std::string> read_stream(std::istream &in);

} // namespace stalebase::util
