#pragma once

#include "stalebase/registry/registry.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace stalebase::registry {

struct CacheOptions {
  std::filesystem::path dir;
  // How long tag lists, tag digests and "not found" answers are trusted.
  // Manifests by digest are immutable and kept for good.
  std::chrono::seconds ttl{3600};
  // Answer from the cache only; a miss fails with "not in the cache
  // (--offline)".
  bool offline = false;
  // Seconds since the epoch; injectable for tests.
  std::function<std::int64_t()> now;
};

// The cache folder: $XDG_CACHE_HOME/stalebase, else ~/.cache/stalebase.
std::filesystem::path default_cache_dir();

// A Registry that answers from an on-disk cache and asks `inner` only on a
// miss, storing the answer. Tag lists and tag digests live for the TTL;
// manifests by digest forever. Entries are written atomically (a temporary file
// renamed into place), so concurrent runs never see half an entry; an
// unreadable, corrupt or foreign entry counts as a miss and is replaced. A "not
// found" answer (a deleted tag, an unknown repository or digest) is kept for
// the TTL, so that a second run asks nothing; other errors (network, 5xx, rate
// limits, auth) are never cached. Safe to use from several threads.
class CachingRegistry final : public Registry {
public:
  // `inner` may be null only with `options.offline`.
  CachingRegistry(Registry *inner, CacheOptions options);

  Expected<DigestInfo, RegistryError>
  resolve(const reference::ImageReference &reference) override;
  Expected<FetchedManifest, RegistryError>
  manifest(const reference::ImageReference &reference,
           const reference::Digest &digest) override;
  Expected<std::vector<std::string>, RegistryError>
  list_tags(const reference::ImageReference &reference) override;

  // Look-ups answered from the cache, and ones passed to `inner` (or failed
  // offline).
  std::size_t hits() const { return m_hits; }
  std::size_t misses() const { return m_misses; }

private:
  Registry *m_inner;
  CacheOptions m_options;
  std::atomic<std::size_t> m_hits{0};
  std::atomic<std::size_t> m_misses{0};
};

} // namespace stalebase::registry
