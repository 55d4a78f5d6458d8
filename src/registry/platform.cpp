#include "stalebase/registry/platform.hpp"

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

std::string normalise_architecture(std::string architecture) {
  if (architecture == "x86_64" || architecture == "x86-64") {
    return "amd64";
  }
  if (architecture == "aarch64") {
    return "arm64";
  }
  return architecture;
}

std::string default_variant(const Platform &platform) {
  if (!platform.variant.empty()) {
    return platform.variant;
  }
  if (platform.architecture == "arm64") {
    return "v8";
  }
  if (platform.architecture == "arm") {
    return "v7";
  }
  return {};
}

bool valid_part(std::string_view part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           c == '-' || c == '.';
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

Expected<Platform, std::string> parse_platform(std::string_view text) {
  const auto fail = [text] {
    return Unexpected("invalid platform \"" + std::string(text) +
                      "\": expected os/arch[/variant]");
  };
  Platform platform;
  std::string_view rest = text;
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return fail();
  }
  std::string_view os = rest.substr(0, slash);
  const std::size_t open = os.find('(');
  if (open != std::string_view::npos) {
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
  rest = rest.substr(slash + 1);
  const std::size_t second = rest.find('/');
  const std::string_view architecture = rest.substr(0, second);
  const std::string_view variant = second == std::string_view::npos
                                       ? std::string_view{}
                                       : rest.substr(second + 1);
  if (!valid_part(os) || !valid_part(architecture) ||
      (second != std::string_view::npos && !valid_part(variant))) {
    return fail();
  }
  platform.os = lower(os);
  platform.architecture = normalise_architecture(lower(architecture));
  platform.variant = lower(variant);
  return platform;
}

bool platform_matches(const Platform &wanted, const Platform &candidate) {
  if (lower(wanted.os) != lower(candidate.os) ||
      normalise_architecture(lower(wanted.architecture)) !=
          normalise_architecture(lower(candidate.architecture))) {
    return false;
  }
  Platform w = wanted;
  Platform c = candidate;
  w.architecture = normalise_architecture(lower(w.architecture));
  c.architecture = normalise_architecture(lower(c.architecture));
  if (lower(default_variant(w)) != lower(default_variant(c))) {
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

} // namespace stalebase::registry
