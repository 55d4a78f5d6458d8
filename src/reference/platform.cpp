#include "stalebase/reference/platform.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace stalebase::reference {

namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return result;
}

// The operating systems Go knows (GOOS), which is what containerd accepts.
constexpr std::array k_known_os = {
    "aix",     "android", "darwin",  "dragonfly", "freebsd", "hurd",
    "illumos", "ios",     "js",      "linux",     "nacl",    "netbsd",
    "openbsd", "plan9",   "solaris", "wasip1",    "windows", "zos"};

bool is_known_os(std::string_view os) {
  return std::find(k_known_os.begin(), k_known_os.end(), os) !=
         k_known_os.end();
}

// containerd's normalizeArch: aliases map to one name, and some imply a
// variant.
void normalize_arch(std::string &arch, std::string &variant) {
  if (arch == "i386") {
    arch = "386";
    variant.clear();
  } else if (arch == "x86_64" || arch == "x86-64" || arch == "amd64") {
    arch = "amd64";
    if (variant == "v1") {
      variant.clear();
    }
  } else if (arch == "aarch64" || arch == "arm64") {
    arch = "arm64";
    if (variant == "8" || variant == "v8" || variant == "v8.0") {
      variant.clear();
    }
  } else if (arch == "armhf") {
    arch = "arm";
    variant = "v7";
  } else if (arch == "armel") {
    arch = "arm";
    variant = "v6";
  } else if (arch == "arm") {
    if (variant.empty() || variant == "7") {
      variant = "v7";
    } else if (variant == "5" || variant == "6" || variant == "8") {
      variant = "v" + variant;
    }
  }
}

std::vector<std::string_view> split_slash(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash - start));
    if (slash == std::string_view::npos) {
      return parts;
    }
    start = slash + 1;
  }
}

} // namespace

std::string Platform::to_string() const {
  std::string text = os + "/" + architecture;
  if (!variant.empty()) {
    text += "/" + variant;
  }
  return text;
}

Expected<Platform, std::string> parse_platform(std::string_view text) {
  const auto parts = split_slash(text);
  if (parts.size() < 2 || parts.size() > 3 ||
      std::any_of(parts.begin(), parts.end(),
                  [](std::string_view p) { return p.empty(); })) {
    return Unexpected(std::string("expected os/arch[/variant], found \"") +
                      std::string(text) + "\"");
  }
  Platform platform;
  platform.os = lower(parts[0]);
  if (platform.os == "macos") {
    platform.os = "darwin";
  }
  if (!is_known_os(platform.os)) {
    return Unexpected("unknown operating system \"" + std::string(parts[0]) +
                      "\"");
  }
  platform.architecture = lower(parts[1]);
  if (parts.size() == 3) {
    platform.variant = lower(parts[2]);
  }
  normalize_arch(platform.architecture, platform.variant);
  return platform;
}

} // namespace stalebase::reference
