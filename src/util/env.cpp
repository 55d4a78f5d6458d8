#include "stalebase/util/env.hpp"

#include <cstdlib>

namespace stalebase::util {

std::optional<std::string> process_env(const std::string &name) {
  if (const char *value = std::getenv(name.c_str())) {
    return std::string(value);
  }
  return std::nullopt;
}

} // namespace stalebase::util
