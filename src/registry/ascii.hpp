#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace stalebase::registry {

// `text` with ASCII letters lower-cased (header names, registry names): the
// registry files' one copy.
inline std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

} // namespace stalebase::registry
