#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stalebase::registry {

// One entry of an OCI error body: `{"errors":[{"code":…,"message":…}]}`.
struct RegistryErrorEntry {
  std::string code; // upper snake case as sent: "MANIFEST_UNKNOWN"
  std::string message;

  friend bool operator==(const RegistryErrorEntry &,
                         const RegistryErrorEntry &) = default;
};

// The `errors[]` entries of an error body. Empty when the body is not JSON
// (HTML from a proxy, an empty HEAD body) or has no `errors` array; entries
// without a string `code` are skipped.
std::vector<RegistryErrorEntry> parse_error_body(std::string_view body);

// A short lower-case description of a registry error code, for messages to the
// user: "repository not found or unauthorized" for NAME_UNKNOWN, ... Unknown
// codes give an empty string, so the caller falls back to the HTTP status.
std::string describe_error_code(std::string_view code);

} // namespace stalebase::registry
