#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::registry {

// An OCI platform (image-index `platform` object).
struct Platform {
  std::string os;           // "linux", "windows"
  std::string architecture; // "amd64", "arm64"
  std::string variant;      // "v8", "v7"; may be empty
  std::string os_version;   // Windows build, "10.0.17763.5329"; may be empty

  // "os/architecture[/variant]", with "(os.version)" after the os when there is
  // one: "windows(10.0.17763.5329)/amd64".
  std::string to_string() const;

  friend bool operator==(const Platform &, const Platform &) = default;
};

// Parses "os/arch[/variant]" or "os(os.version)/arch[/variant]" (containerd's
// syntax). Normalises as Docker does: lower-case, x86_64/x86-64 → amd64,
// aarch64 → arm64. Fails with "invalid platform \"…\": expected
// os/arch[/variant]".
Expected<Platform, std::string> parse_platform(std::string_view text);

// Whether an index child's platform `candidate` satisfies the wanted platform
// `wanted`: os and architecture equal, variants equal after defaults (arm64 =
// v8, arm = v7), and, when `wanted` names an os.version, the same os.version (a
// prefix match: "10.0.17763" matches "10.0.17763.5329").
bool platform_matches(const Platform &wanted, const Platform &candidate);

} // namespace stalebase::registry
