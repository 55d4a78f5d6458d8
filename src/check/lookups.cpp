#include "lookups.hpp"

namespace stalebase::check {

namespace {

reference::ImageReference
repository_of(const reference::ImageReference &image) {
  return reference::ImageReference{image.registry, image.repository,
                                   std::nullopt, std::nullopt};
}

} // namespace

const DigestAnswer &Lookups::resolve_tag(const reference::ImageReference &image,
                                         const std::string &tag) {
  return m_resolved.get(image.name() + ":" + tag, [&] {
    reference::ImageReference query = repository_of(image);
    query.tag = tag;
    return m_registry.resolve(query);
  });
}

const DigestAnswer &
Lookups::resolve_digest(const reference::ImageReference &image,
                        const reference::Digest &digest) {
  return m_resolved.get(image.name() + "@" + digest, [&] {
    reference::ImageReference query = repository_of(image);
    query.digest = digest;
    return m_registry.resolve(query);
  });
}

const ManifestAnswer &Lookups::manifest(const reference::ImageReference &image,
                                        const reference::Digest &digest) {
  return m_manifests.get(image.name() + "@" + digest, [&] {
    return m_registry.manifest(repository_of(image), digest);
  });
}

const TagsAnswer &Lookups::tags(const reference::ImageReference &image) {
  return m_tags.get(image.name(),
                    [&] { return m_registry.list_tags(repository_of(image)); });
}

} // namespace stalebase::check
