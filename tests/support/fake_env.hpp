#pragma once

// An environment for tests: the variables given, nothing else.

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace stalebase::test {

inline std::function<std::optional<std::string>(const std::string &)>
fake_env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](
             const std::string &name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) {
      return std::nullopt;
    }
    return found->second;
  };
}

} // namespace stalebase::test
