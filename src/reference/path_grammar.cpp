#include "reference/path_grammar.hpp"

#include "reference/char_class.hpp"
#include "reference/quote.hpp"

#include <algorithm>

namespace stalebase::reference {

namespace {

// `[a-z0-9]+ (([._] | __ | -+) [a-z0-9]+)*`, scanned by hand (no std::regex).
bool is_path_component(std::string_view c) {
  std::size_t i = 0;
  const std::size_t n = c.size();
  while (true) {
    if (i == n || !is_lower_alnum(c[i])) {
      return false; // a run of letters and digits must follow
    }
    while (i < n && is_lower_alnum(c[i])) {
      ++i;
    }
    if (i == n) {
      return true;
    }
    if (c[i] == '.') {
      ++i;
    } else if (c[i] == '_') {
      ++i;
      if (i < n && c[i] == '_') {
        ++i;
      }
    } else if (c[i] == '-') {
      while (i < n && c[i] == '-') {
        ++i;
      }
    } else {
      return false;
    }
  }
}

Expected<void, std::string> validate_component(std::string_view component) {
  if (component.empty()) {
    return Unexpected(
        std::string("repository name has an empty path component"));
  }
  if (is_path_component(component)) {
    return {};
  }
  // `host:port` in the middle of a path: ports belong to the registry host
  // only.
  const auto colon = component.find(':');
  if (colon != std::string_view::npos && colon + 1 < component.size() &&
      std::all_of(component.begin() + static_cast<std::ptrdiff_t>(colon) + 1,
                  component.end(), is_digit)) {
    return Unexpected("invalid repository name component " + quote(component) +
                      ": a port is only allowed on the registry host");
  }
  return Unexpected("invalid repository name component " + quote(component) +
                    ": expected lowercase letters and digits joined by "
                    "\".\", \"_\", \"__\" or \"-\"");
}

} // namespace

Expected<void, std::string> validate_path(std::string_view path) {
  if (std::any_of(path.begin(), path.end(), is_upper)) {
    return Unexpected(std::string("repository name must be lowercase"));
  }
  std::string_view rest = path;
  while (true) {
    const auto slash = rest.find('/');
    if (auto checked = validate_component(rest.substr(0, slash)); !checked) {
      return checked;
    }
    if (slash == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(slash + 1);
  }
  if (path.size() > k_max_path_length) {
    return Unexpected(
        std::string("repository name is longer than 255 characters"));
  }
  return {};
}

} // namespace stalebase::reference
