#include "stalebase/util/file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <sstream>
#include <system_error>

namespace stalebase::util {

Expected<std::string, std::string>
read_file(const std::filesystem::path &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Unexpected(std::string("is a directory"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Unexpected(std::string(std::strerror(errno)));
  }
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) {
    return Unexpected(std::string("read failed: ") + std::strerror(errno));
  }
  return std::move(out).str();
}

Expected<std::string, std::string> read_stream(std::istream &in) {
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) {
    return Unexpected(std::string("read failed: ") + std::strerror(errno));
  }
  return std::move(out).str();
}

} // namespace stalebase::util
