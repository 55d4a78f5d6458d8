#pragma once

#include "stalebase/registry/registry.hpp"
#include "stalebase/util/expected.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace stalebase::registry {

struct CacheOptions {
  std::filesystem::path dir;
  // How long tag lists, tag digests and "not found" answers are trusted.
  // Manifests by digest are immutable and kept for good.
  std::chrono::seconds ttl{3600};
  // Answer from the cache only, entries past the TTL too; a miss fails with
  // "not in the cache (--offline)".
  bool offline = false;
  // Seconds since the epoch; injectable for tests.
  std::function<std::int64_t()> now;
  // Registry (any spelling: keys and look-ups go through
  // reference::credential_key) → the endpoint configuration that answers for
  // it when it is not the registry itself, e.g. "mirror http://…". Part of
  // every entry's key: answers a mirror gave never serve a run without it.
  std::map<std::string, std::string> endpoints;
};

// The cache folder: $XDG_CACHE_HOME/stalebase, else ~/.cache/stalebase; none
// without either variable (never a folder other users share, such as /tmp).
std::optional<std::filesystem::path> default_cache_dir();

enum class CacheDirProblem {
  not_a_folder, // the path exists and is not a folder
  unsafe,       // another user's, or others may write to it
  unusable,     // cannot be created or inspected
};

struct CacheDirError {
  CacheDirProblem problem = CacheDirProblem::unusable;
  std::string message; // one line, lower case, the path in double quotes
};

// Makes `dir` ready to be the cache: creates it, and its missing parents, with
// mode 0700 (umask applies) when it does not exist. Fails when it is not a
// folder ("cache folder \"…\" is not a folder"), when it is not owned by this
// user or group or others may write to it ("cache folder \"…\" is not safe:
// owned by another user" / "…: others may write to it"), or when it cannot be
// created ("cannot create cache folder \"…\": Permission denied").
Expected<void, CacheDirError>
prepare_cache_dir(const std::filesystem::path &dir);

// A Registry that answers from an on-disk cache and asks `inner` only on a
// miss, storing the answer. Tag lists and tag digests live for the TTL;
// manifests by digest forever. Entries are written atomically (a temporary file
// renamed into place), so concurrent runs never see half an entry; files are
// 0600 and folders 0700. An entry that is unreadable, of the wrong shape,
// holds an invalid digest or tag (cache_entry.hpp), is not a regular file of
// this user's, or is writable by others counts as a miss and is replaced. A
// "not found" answer (a deleted tag, an unknown repository or digest) is kept
// for the TTL, so that a second run asks nothing; other errors (network, 5xx,
// rate limits, auth) are never cached. Safe to use from several threads.
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
  Expected<std::string, RegistryError>
  blob(const reference::ImageReference &reference,
       const reference::Digest &digest,
       std::size_t max_bytes) override;

  // Look-ups answered from the cache, and ones passed to `inner` (or failed
  // offline).
  std::size_t hits() const { return m_hits; }
  std::size_t misses() const { return m_misses; }
  // Offline answers from entries past the TTL, and the age in seconds of the
  // oldest of them.
  std::size_t stale_hits() const { return m_stale_hits; }
  std::int64_t oldest_stale_age() const { return m_oldest_stale_age; }

private:
  // The key prefix for `reference`'s registry: its endpoint configuration.
  std::string endpoint_of(const reference::ImageReference &reference) const;
  // Whether an entry stored at `stored` may answer now: within the TTL, or
  // offline at any age (counted as stale).
  bool usable(std::int64_t stored, std::int64_t now);

  Registry *m_inner;
  CacheOptions m_options;
  std::atomic<std::size_t> m_hits{0};
  std::atomic<std::size_t> m_misses{0};
  std::atomic<std::size_t> m_stale_hits{0};
  std::atomic<std::int64_t> m_oldest_stale_age{0};
};

} // namespace stalebase::registry
