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

const ParsedTagsAnswer &
Lookups::parsed_tags(const reference::ImageReference &image,
                     version::Scheme scheme) {
  const std::string key =
      image.name() + (scheme == version::Scheme::windows ? " windows" : "");
  return m_parsed_tags.get(key, [&]() -> ParsedTagsAnswer {
    const TagsAnswer &listed = tags(image);
    if (!listed) {
      return Unexpected(listed.error());
    }
    return version::parse_tags(*listed, scheme);
  });
}

} // namespace stalebase::check
