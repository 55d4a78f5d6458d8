#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::registry {

// One authentication challenge from a `WWW-Authenticate` header (RFC 7235).
struct Challenge {
  std::string scheme; // lower-case: "bearer", "basic", ...
  std::map<std::string, std::string>
      params; // lower-case names, unquoted values

  // The parameter's value, or an empty string when it is absent.
  std::string param(std::string_view name) const;

  friend bool operator==(const Challenge &, const Challenge &) = default;
};

// Parses every challenge in one header value: case-insensitive scheme and
// parameter names, quoted values with backslash escapes, bare token values,
// several challenges per value
// (`Bearer realm=…,service=…,Basic realm=…`), token68 credentials. Never fails:
// what cannot be parsed is skipped.
std::vector<Challenge> parse_challenges(std::string_view header);

// Parses all `WWW-Authenticate` header values of one response, in order.
std::vector<Challenge>
parse_challenges(const std::vector<std::string> &headers);

// The challenge a registry client acts on: the first `bearer`, else the first
// `basic`; unknown schemes (Negotiate, …) are ignored. Empty when there is
// neither.
std::optional<Challenge>
pick_challenge(const std::vector<Challenge> &challenges);

} // namespace stalebase::registry
