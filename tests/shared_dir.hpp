#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

namespace stalebase::test {

// The shared/ folder given to CMake as STALEBASE_SHARED_DIR. Tests tagged
// [shared] are only registered when it is set; if it is set but gone, the test
// fails instead of skipping.
inline std::filesystem::path shared_dir() {
  const std::filesystem::path dir{STALEBASE_SHARED_DIR};
  REQUIRE_FALSE(dir.empty());
  REQUIRE(std::filesystem::is_directory(dir));
  return dir;
}

// Reads a whole file as bytes; fails the test if it cannot.
std::string read_test_file(const std::filesystem::path &path);

} // namespace stalebase::test
