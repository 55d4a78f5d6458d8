#pragma once

#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace stalebase::reference {

// Docker's limit on the repository path (the registry host does not count).
inline constexpr std::size_t k_max_path_length = 255;

// Checks a repository path: `/`-separated components, each lowercase letters
// and digits joined by `.`, `_`, `__` or runs of `-`, at most k_max_path_length
// characters in all. Fails with, in this order of precedence: "repository name
// must be lowercase", "repository name has an empty path component", `invalid
// repository name component "<c>": …`, "repository name is longer than 255
// characters".
Expected<void, std::string> validate_path(std::string_view path);

} // namespace stalebase::reference
