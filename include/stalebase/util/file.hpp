#pragma once

#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace stalebase::util {

// The most `read_file` reads: far above any configuration or ignore file.
inline constexpr std::size_t k_max_read_file = 64U << 20U;

// Reads a whole regular file of at most `k_max_read_file` bytes, as
// `read_regular_file` does (never waiting for a named pipe). Fails with the
// system's reason ("No such file or directory", "Permission denied"), "is a
// directory" or "not a regular file".
Expected<std::string, std::string> read_file(const std::filesystem::path &path);

// Reads a whole file as bytes if it is a regular file (a symbolic link to one
// is followed) of at most `max_size` bytes. Never waits for a named pipe's
// writer, nor reads a device. Fails with "not a regular file", "is a
// directory", "larger than 4194304 bytes" or the system's reason.
Expected<std::string, std::string>
read_regular_file(const std::filesystem::path &path, std::size_t max_size);

// Reads all of `in` (standard input) as bytes, failing with "larger than
// 4194304 bytes" as soon as `in` has given more than `max_size` bytes.
Expected<std::string, std::string> read_stream(std::istream &in,
                                               std::size_t max_size);

} // namespace stalebase::util
