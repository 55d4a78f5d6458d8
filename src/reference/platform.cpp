#include "stalebase/reference/platform.hpp"

#include "stalebase/util/spellcheck.hpp"
#include "stalebase/util/strings.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace stalebase::reference {

namespace {

// The operating systems and architectures Go knows (GOOS, GOARCH), which is
// what containerd knows.
constexpr std::array<std::string_view, 18> k_known_os = {
    "aix",     "android", "darwin",  "dragonfly", "freebsd", "hurd",
    "illumos", "ios",     "js",      "linux",     "nacl",    "netbsd",
    "openbsd", "plan9",   "solaris", "wasip1",    "windows", "zos"};
constexpr std::array<std::string_view, 24> k_known_arch = {
    "386",       "amd64",       "amd64p32", "arm",    "armbe",   "arm64",
    "arm64be",   "loong64",     "mips",     "mipsle", "mips64",  "mips64le",
    "mips64p32", "mips64p32le", "ppc",      "ppc64",  "ppc64le", "riscv",
    "riscv64",   "s390",        "s390x",    "sparc",  "sparc64", "wasm"};

template <std::size_t N>
bool is_known(const std::array<std::string_view, N> &known,
              std::string_view value) {
  return std::find(known.begin(), known.end(), value) != known.end();
}

template <std::size_t N>
std::string unknown(std::string_view what,
                    std::string_view value,
                    std::string_view text,
                    const std::array<std::string_view, N> &known) {
  std::string message = "unknown " + std::string(what) + " \"" +
                        std::string(value) + "\" in platform \"" +
                        std::string(text) + "\"";
  const std::vector<std::string> candidates(known.begin(), known.end());
  if (const auto close = util::closest_match(value, candidates)) {
    message += " (did you mean " + *close + "?)";
  }
  message += ": expected one of ";
  for (std::size_t i = 0; i < N; ++i) {
    message += (i == 0 ? "" : ", ") + std::string(known[i]);
  }
  return message;
}

// containerd's specifier characters.
bool valid_part(std::string_view part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

} // namespace

std::string Platform::to_string() const {
  std::string text = os;
  if (!os_version.empty()) {
    text += "(" + os_version + ")";
  }
  text += "/" + architecture;
  if (!variant.empty()) {
    text += "/" + variant;
  }
  return text;
}

Platform normalize_platform(Platform platform) {
  platform.os = util::ascii_lower(platform.os);
  if (platform.os == "macos") {
    platform.os = "darwin";
  }
  std::string &arch = platform.architecture;
  std::string &variant = platform.variant;
  arch = util::ascii_lower(arch);
  variant = util::ascii_lower(variant);
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
    } else if (variant == "9" || variant == "9.0" || variant == "v9.0") {
      variant = "v9";
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
  return platform;
}

Expected<Platform, std::string> parse_platform(std::string_view text) {
  const auto fail = [text] {
    return Unexpected("invalid platform \"" + std::string(text) +
                      "\": expected os/arch[/variant]");
  };
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return fail();
  }
  Platform platform;
  std::string_view os = parts[0];
  if (const std::size_t open = os.find('('); open != std::string_view::npos) {
    if (os.back() != ')') {
      return fail();
    }
    platform.os_version =
        std::string(os.substr(open + 1, os.size() - open - 2));
    os = os.substr(0, open);
    if (!valid_part(platform.os_version)) {
      return fail();
    }
  }
  if (!std::all_of(parts.begin() + 1, parts.end(), valid_part) ||
      !valid_part(os)) {
    return fail();
  }
  platform.os = std::string(os);
  platform.architecture = std::string(parts[1]);
  if (parts.size() == 3) {
    platform.variant = std::string(parts[2]);
  }
  platform = normalize_platform(std::move(platform));
  if (!is_known(k_known_os, platform.os)) {
    return Unexpected(unknown("operating system", os, text, k_known_os));
  }
  if (!is_known(k_known_arch, platform.architecture)) {
    return Unexpected(unknown("architecture", parts[1], text, k_known_arch));
  }
  return platform;
}

bool platform_matches(const Platform &wanted, const Platform &candidate) {
  const Platform w = normalize_platform(wanted);
  const Platform c = normalize_platform(candidate);
  if (w.os != c.os || w.architecture != c.architecture ||
      w.variant != c.variant) {
    return false;
  }
  if (!wanted.os_version.empty()) {
    const std::string &have = candidate.os_version;
    if (have.rfind(wanted.os_version, 0) != 0) {
      return false;
    }
    // "10.0.1776" must not match "10.0.17763": the prefix must end at a
    // component boundary.
    if (have.size() > wanted.os_version.size() &&
        have[wanted.os_version.size()] != '.') {
      return false;
    }
  }
  return true;
}

} // namespace stalebase::reference
