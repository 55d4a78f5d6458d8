#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::reference {

// An OCI platform: `linux/amd64`, `linux/arm64/v8`, `windows/amd64` (+
// os.version).
struct Platform {
  std::string os;
  std::string architecture;
  std::string variant; // empty when none
  std::string
      os_version; // Windows `10.0.20348.2849`; never part of the text form

  // `os/architecture[/variant]`.
  std::string to_string() const;
  friend bool operator==(const Platform &, const Platform &) = default;
};

// Parses `os/arch[/variant]` as containerd does for `--platform`, normalising
// the common aliases (`x86_64` → `amd64`, `aarch64` → `arm64`, `armhf` →
// `arm/v7`, ...) and the default variants (`arm64` has `v8` left implicit,
// `arm` defaults to `v7`). Fails with a reason such as "unknown operating
// system \"linus\"" or "expected os/arch[/variant]".
Expected<Platform, std::string> parse_platform(std::string_view text);

} // namespace stalebase::reference
