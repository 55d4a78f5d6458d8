#include "stalebase/version/windows.hpp"

#include "stalebase/util/strings.hpp"

#include <array>

namespace stalebase::version {

namespace {

struct Release {
  std::string_view name;
  std::uint64_t build;
};

// The first name listed for a build is its usual name.
constexpr std::array<Release, 16> k_releases{{
    {"ltsc2016", 14393},
    {"sac2016", 14393},
    {"1607", 14393},
    {"1709", 16299},
    {"1803", 17134},
    {"ltsc2019", 17763},
    {"1809", 17763},
    {"1903", 18362},
    {"1909", 18363},
    {"2004", 19041},
    {"20H2", 19042},
    {"2009", 19042},
    {"ltsc2022", 20348},
    {"21H2", 20348},
    {"ltsc2025", 26100},
    {"24H2", 26100},
}};

} // namespace

Scheme scheme_for_repository(std::string_view name) {
  // `docker.io/microsoft/nanoserver` and `microsoft/nanoserver` alike.
  const auto is_repository = [name](std::string_view repository) {
    if (name == repository) {
      return true;
    }
    return name.size() > repository.size() &&
           name.substr(name.size() - repository.size()) == repository &&
           name[name.size() - repository.size() - 1] == '/';
  };
  const std::string_view mcr = "mcr.microsoft.com/windows";
  if (name == mcr ||
      name.substr(0, mcr.size() + 1) == "mcr.microsoft.com/windows/" ||
      is_repository("microsoft/windowsservercore") ||
      is_repository("microsoft/nanoserver")) {
    return Scheme::windows;
  }
  return Scheme::generic;
}

std::optional<std::uint64_t> windows_build_of_release(std::string_view name) {
  for (const Release &release : k_releases) {
    if (util::iequals(name, release.name)) {
      return release.build;
    }
  }
  return std::nullopt;
}

std::string_view windows_release_of_build(std::uint64_t build) {
  for (const Release &release : k_releases) {
    if (release.build == build) {
      return release.name;
    }
  }
  return {};
}

} // namespace stalebase::version
