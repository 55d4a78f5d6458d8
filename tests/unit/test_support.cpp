#include "shared_dir.hpp"

#include <fstream>
#include <sstream>

namespace stalebase::test {

std::string read_test_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path.string());
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

} // namespace stalebase::test
