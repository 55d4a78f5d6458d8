#pragma once

#include <stdexcept>
#include <string>

namespace stalebase {

// A fatal error: the program cannot go on (bad usage, unreadable
// configuration). Thrown only for that, and caught once, in main, which prints
// "stalebase: error: <what>" and exits 2. Expected failures (bad Dockerfile,
// registry answers) are values, not exceptions.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

} // namespace stalebase
