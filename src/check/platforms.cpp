#include "platforms.hpp"

namespace stalebase::check {

std::string platforms_text(const std::vector<reference::Platform> &platforms) {
  std::string text;
  for (const reference::Platform &platform : platforms) {
    if (!text.empty()) {
      text += ',';
    }
    reference::Platform plain = platform;
    plain.os_version.clear();
    text += plain.to_string();
  }
  return text;
}

std::string os_build(const std::string &os_version) {
  std::size_t dots = 0;
  for (std::size_t i = 0; i < os_version.size(); ++i) {
    if (os_version[i] == '.' && ++dots == 3) {
      return os_version.substr(0, i);
    }
  }
  return os_version;
}

bool same_platform(const reference::Platform &a, const reference::Platform &b) {
  reference::Platform plain = a;
  plain.os_version.clear();
  return reference::platform_matches(plain, b) &&
         os_build(a.os_version) == os_build(b.os_version);
}

std::vector<const registry::ManifestChild *>
matching_children(const registry::Manifest &index,
                  const reference::Platform &wanted) {
  std::vector<const registry::ManifestChild *> children;
  for (const registry::ManifestChild &child : index.children) {
    if (!child.is_attestation && child.platform &&
        reference::platform_matches(wanted, *child.platform)) {
      children.push_back(&child);
    }
  }
  return children;
}

std::vector<reference::Platform>
index_platforms(const registry::Manifest &index) {
  std::vector<reference::Platform> platforms;
  for (const registry::ManifestChild &child : index.children) {
    if (child.is_attestation || !child.platform) {
      continue;
    }
    bool seen = false;
    for (const reference::Platform &platform : platforms) {
      seen = seen || same_platform(platform, *child.platform);
    }
    if (!seen) {
      platforms.push_back(*child.platform);
    }
  }
  return platforms;
}

std::vector<reference::Platform>
platforms_to_compare(const registry::Manifest &index,
                     const std::vector<reference::Platform> &wanted,
                     bool &fallback) {
  std::vector<reference::Platform> present;
  for (const reference::Platform &platform : wanted) {
    if (!matching_children(index, platform).empty()) {
      present.push_back(platform);
    }
  }
  fallback = present.empty();
  if (fallback) {
    return index_platforms(index);
  }
  return present;
}

std::string platform_label(const reference::Platform &platform) {
  reference::Platform plain = platform;
  plain.os_version.clear();
  std::string label = plain.to_string();
  if (!platform.os_version.empty()) {
    label += ' ' + os_build(platform.os_version);
  }
  return label;
}

} // namespace stalebase::check
