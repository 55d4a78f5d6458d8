#include "stalebase/reference/manifest_reference.hpp"

namespace stalebase::reference {

ManifestReference ManifestReference::of(const ImageReference &reference) {
  if (reference.tag) {
    return ManifestReference(Tag{*reference.tag});
  }
  if (reference.digest) {
    return ManifestReference(*reference.digest);
  }
  return ManifestReference(Tag{"latest"});
}

const std::string &ManifestReference::text() const {
  if (const auto *tag = std::get_if<Tag>(&m_value)) {
    return tag->name;
  }
  return std::get<Digest>(m_value).str();
}

std::string ManifestReference::describe() const {
  return std::string(is_digest() ? "manifest" : "tag") + " \"" + text() + "\"";
}

} // namespace stalebase::reference
