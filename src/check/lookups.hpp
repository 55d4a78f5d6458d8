#pragma once

// The engine's registry questions, each asked at most once per run even when
// several threads want the same answer at the same time.

#include "stalebase/registry/registry.hpp"

#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace stalebase::check {

// How many sibling tags are HEAD-ed at most to find what a floating tag
// equals (newest candidates first; most answers come from the first one or
// two, and a repository with hundreds of builds must not cost hundreds of
// requests).
inline constexpr std::size_t k_max_floating_probes = 10;

// How many tags are HEAD-ed at most to name the tag a digest-only reference
// equals (`latest`, then the newest releases): a hint, not worth more.
inline constexpr std::size_t k_max_digest_only_probes = 5;

// Answers computed once per key; concurrent askers of one key wait for the
// first. Answers live as long as the Memo.
template <typename T> class Memo {
public:
  template <typename Compute>
  const T &get(const std::string &key, Compute &&compute) {
    std::shared_future<T> future;
    std::promise<T> promise;
    bool owner = false;
    {
      const std::lock_guard lock(m_mutex);
      const auto found = m_entries.find(key);
      if (found == m_entries.end()) {
        future = promise.get_future().share();
        m_entries.emplace(key, future);
        owner = true;
      } else {
        future = found->second;
      }
    }
    if (owner) {
      try {
        promise.set_value(compute());
      } catch (...) {
        promise.set_exception(std::current_exception());
      }
    }
    return future.get();
  }

private:
  std::mutex m_mutex;
  std::map<std::string, std::shared_future<T>> m_entries;
};

using DigestAnswer = Expected<registry::DigestInfo, registry::RegistryError>;
using ManifestAnswer =
    Expected<registry::FetchedManifest, registry::RegistryError>;
using TagsAnswer = Expected<std::vector<std::string>, registry::RegistryError>;

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
                                     const std::string &digest);
  // The manifest or index `digest` of `image`'s repository.
  const ManifestAnswer &manifest(const reference::ImageReference &image,
                                 const std::string &digest);
  // Every tag of `image`'s repository.
  const TagsAnswer &tags(const reference::ImageReference &image);

private:
  registry::Registry &m_registry;
  Memo<DigestAnswer> m_resolved;
  Memo<ManifestAnswer> m_manifests;
  Memo<TagsAnswer> m_tags;
};

} // namespace stalebase::check
