#pragma once

// Environment variables, read through a function so tests can give their own.

#include <functional>
#include <optional>
#include <string>

namespace stalebase::util {

// Reads an environment variable: its value (possibly empty), or nothing when
// it is unset.
using EnvLookup =
    std::function<std::optional<std::string>(const std::string &name)>;

// The process environment (std::getenv).
std::optional<std::string> process_env(const std::string &name);

} // namespace stalebase::util
