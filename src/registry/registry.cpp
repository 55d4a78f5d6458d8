#include "stalebase/registry/registry.hpp"

#include <cctype>

namespace stalebase::registry {

std::string_view to_string(RegistryErrorKind kind) {
  switch (kind) {
  case RegistryErrorKind::not_found:
    return "not-found";
  case RegistryErrorKind::unauthorized:
    return "unauthorized";
  case RegistryErrorKind::denied:
    return "denied";
  case RegistryErrorKind::rate_limited:
    return "rate-limited";
  case RegistryErrorKind::unavailable:
    return "unavailable";
  case RegistryErrorKind::network:
    return "network";
  case RegistryErrorKind::timeout:
    return "timeout";
  case RegistryErrorKind::invalid_response:
    return "invalid-response";
  case RegistryErrorKind::refused:
    return "refused";
  }
  return "network";
}

Expected<std::string, RegistryError>
Registry::blob(const reference::ImageReference & /*reference*/,
               const reference::Digest & /*digest*/,
               std::size_t /*max_bytes*/) {
  return Unexpected(RegistryError{RegistryErrorKind::refused,
                                  "this registry does not serve blobs"});
}

bool is_valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) {
    return false;
  }
  const auto word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  if (!word(tag.front())) {
    return false;
  }
  for (const char c : tag) {
    if (!word(c) && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

Expected<Resolution, RegistryError>
resolve_reference(Registry &registry,
                  const reference::ImageReference &reference,
                  const std::optional<Platform> &platform,
                  bool with_children) {
  auto head = registry.resolve(reference);
  if (!head) {
    return Unexpected(head.error());
  }
  Resolution resolution{head->digest, head->media_type, {}, std::nullopt};
  const bool maybe_index = head->is_index() || head->media_type.empty();
  if (!maybe_index || (!with_children && !platform)) {
    if (platform && !maybe_index) {
      resolution.platform_digest = head->digest;
    }
    return resolution;
  }
  auto fetched = registry.manifest(reference, head->digest);
  if (!fetched) {
    return Unexpected(fetched.error());
  }
  resolution.media_type = fetched->manifest.media_type;
  if (!fetched->manifest.is_index) {
    if (platform) {
      resolution.platform_digest = head->digest;
    }
    return resolution;
  }
  resolution.children = fetched->manifest.children;
  if (platform) {
    const ManifestChild *child = find_platform(fetched->manifest, *platform);
    if (child == nullptr) {
      return Unexpected(RegistryError{RegistryErrorKind::not_found,
                                      "no manifest for platform \"" +
                                          platform->to_string() + "\""});
    }
    resolution.platform_digest = child->digest;
  }
  return resolution;
}

} // namespace stalebase::registry
