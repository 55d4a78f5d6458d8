#pragma once

// Windows base images: which repositories they are, and the release names of
// Windows builds. A container must match its host's Windows build (without
// Hyper-V isolation), so a build change is an OS change, never a patch.

#include "stalebase/version/tag.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace stalebase::version {

// The scheme for the repository `name` (`registry/repository` or just the
// repository): `windows` for everything under `mcr.microsoft.com/windows`, and
// for `microsoft/windowsservercore` and `microsoft/nanoserver` on any registry;
// `generic` otherwise.
Scheme scheme_for_repository(std::string_view name);

// The Windows build a release name stands for, case-insensitively: `ltsc2016`,
// `sac2016` and `1607` → 14393; `1809` and `ltsc2019` → 17763; `ltsc2022` and
// `21H2` → 20348; `ltsc2025` and `24H2` → 26100; also 1709, 1803, 1903, 1909,
// 2004, 20H2/2009. Nothing for other text.
std::optional<std::uint64_t> windows_build_of_release(std::string_view name);

// The usual name of Windows build `build` (`ltsc2019` for 17763, `20H2` for
// 19042); empty for an unknown build.
std::string_view windows_release_of_build(std::uint64_t build);

} // namespace stalebase::version
