#pragma once

// The program's one platform type and parser: `--platform` of every command,
// the configuration's `platforms`, FROM --platform and the registry's
// image-index matching all use these, so a platform is accepted, normalised
// and rejected the same way everywhere. It lives in reference/ (the bottom
// pure layer) because both dockerfile/ and registry/ need it and neither may
// depend on the other.

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::reference {

// An OCI platform: `linux/amd64`, `linux/arm64/v8`, `windows/amd64` (+
// os.version).
struct Platform {
  std::string os;           // "linux", "windows"
  std::string architecture; // "amd64", "arm64"
  std::string variant;      // "v7"; empty when none
  std::string os_version;   // Windows build, "10.0.17763.5329"; may be empty

  // "os/architecture[/variant]", with "(os.version)" after the os when there
  // is one: "windows(10.0.17763.5329)/amd64" (containerd's FormatAll).
  std::string to_string() const;
  friend bool operator==(const Platform &, const Platform &) = default;
};

// `platform` as containerd's platforms.Normalize has it: os lower-cased
// (`macos` → `darwin`); architecture aliases to one name (`x86_64`, `x86-64`
// → `amd64`, `aarch64` → `arm64`, `i386` → `386`, `armhf` → `arm/v7`,
// `armel` → `arm/v6`); default variants left implicit for amd64 (`v1`) and
// arm64 (`v8`) and made explicit for arm (`v7`); `arm/7` → `arm/v7`.
Platform normalize_platform(Platform platform);

// Parses `os/arch[/variant]` or `os(os.version)/arch[/variant]` (containerd's
// syntax) and normalises it. Fails with "invalid platform \"linux\": expected
// os/arch[/variant]", or, for an operating system or architecture Go does not
// know, "unknown operating system \"linus\" in platform \"linus/amd64\" (did
// you mean linux?): expected one of aix, android, …" (likewise "unknown
// architecture").
Expected<Platform, std::string> parse_platform(std::string_view text);

// Whether an image-index child's platform `candidate` satisfies the wanted
// platform `wanted`: os, architecture and variant equal once both are
// normalised, and, when `wanted` names an os.version, the same os.version (a
// prefix ending at a component boundary: "10.0.17763" matches
// "10.0.17763.5329", not "10.0.177630").
bool platform_matches(const Platform &wanted, const Platform &candidate);

} // namespace stalebase::reference
