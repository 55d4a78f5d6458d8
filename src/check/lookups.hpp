#pragma once

// The engine's registry questions, each asked at most once per run even when
// several threads want the same answer at the same time.

#include "stalebase/registry/registry.hpp"
#include "stalebase/util/memo.hpp"
#include "stalebase/version/tag.hpp"

#include <string>
#include <vector>

namespace stalebase::check {

// How many sibling tags are HEAD-ed at most to find what a floating tag
// equals (newest candidates first; most answers come from the first one or
// two, and a repository with hundreds of builds must not cost hundreds of
// requests).
inline constexpr std::size_t k_max_floating_probes = 10;

// How many more siblings (the next older ones after what the floating tag
// equals now) are HEAD-ed at most to name what a drifted floating pin
// equalled when it was pinned: a hint, not worth a HEAD of every sibling. One:
// with a third of a corpus' references drifted floating pins, a second one
// would take a check past 1.15 times the requests it needs (bench/check.sh).
inline constexpr std::size_t k_max_pin_probes = 1;

// How many tags are HEAD-ed at most to name the tag a digest-only reference
// equals (`latest`, then the newest releases): a hint, not worth more.
inline constexpr std::size_t k_max_digest_only_probes = 5;

using DigestAnswer = Expected<registry::DigestInfo, registry::RegistryError>;
using ManifestAnswer =
    Expected<registry::FetchedManifest, registry::RegistryError>;
using TagsAnswer = Expected<std::vector<std::string>, registry::RegistryError>;
using ParsedTagsAnswer =
    Expected<std::vector<version::Tag>, registry::RegistryError>;

// The registry calls the engine makes, memoised by repository and tag or
// digest. Thread-safe.
class Lookups {
public:
  explicit Lookups(registry::Registry &registry) : m_registry(registry) {}

  // HEAD of `repository:tag` (the repository of `image`; its own tag and
  // digest are ignored).
  const DigestAnswer &resolve_tag(const reference::ImageReference &image,
                                  const std::string &tag);
  // HEAD of `repository@digest`: whether the digest still exists.
  const DigestAnswer &resolve_digest(const reference::ImageReference &image,
                                     const reference::Digest &digest);
  // The manifest or index `digest` of `image`'s repository.
  const ManifestAnswer &manifest(const reference::ImageReference &image,
                                 const reference::Digest &digest);
  // Every tag of `image`'s repository.
  const TagsAnswer &tags(const reference::ImageReference &image);
  // The same list read as version tags, parsed once per run: a repository of
  // thousands of tags is named by dozens of references, and parsing its list
  // for each of them was most of a warm check's CPU time.
  const ParsedTagsAnswer &parsed_tags(const reference::ImageReference &image,
                                      version::Scheme scheme);

private:
  registry::Registry &m_registry;
  util::Memo<DigestAnswer> m_resolved;
  util::Memo<ManifestAnswer> m_manifests;
  util::Memo<TagsAnswer> m_tags;
  util::Memo<ParsedTagsAnswer> m_parsed_tags;
};

} // namespace stalebase::check
