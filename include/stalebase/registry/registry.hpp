#pragma once

#include "stalebase/reference/digest.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/manifest.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::registry {

// What went wrong when asking a registry, as the caller needs to act on it.
enum class RegistryErrorKind {
  not_found, // tag, digest or repository does not exist (or is hidden from us)
  unauthorized,     // credentials missing or rejected
  denied,           // authenticated but forbidden (403 DENIED)
  rate_limited,     // 429, including Docker Hub's pull limit
  unavailable,      // 5xx after retries
  network,          // no answer: DNS, connect, TLS, reset
  timeout,          // a request or the whole run's deadline ran out
  invalid_response, // bad JSON, digest mismatch, body too large, bad pagination
                    // links
  refused, // we refused to go on: https→http redirect, cross-host pagination,
           // ...
};

// "not found", "unauthorized", ...: a stable name for JSON output.
std::string_view to_string(RegistryErrorKind kind);

// A failed look-up: a kind and a one-line lower-case message without secrets,
// e.g. "repository not found or unauthorized", "tag \"3.99\" not found".
struct RegistryError {
  RegistryErrorKind kind = RegistryErrorKind::network;
  std::string message;
};

// The current digest of a tag (or a digest's own manifest), from HEAD.
struct DigestInfo {
  reference::Digest digest;
  std::string media_type; // Content-Type without parameters; may be empty
  std::uint64_t size = 0; // Content-Length, 0 when unknown

  bool is_index() const { return is_index_media_type(media_type); }
};

// A manifest fetched by digest, verified against that digest and parsed.
struct FetchedManifest {
  reference::Digest digest;
  Manifest manifest;
};

// What the check engine and the commands ask of a registry. Implementations:
// the network client (RegistryClient) and MemoryRegistry for unit tests. All
// are safe to call from several threads at once, and answer identical questions
// once per run.
class Registry {
public:
  virtual ~Registry() = default;
  Registry() = default;
  Registry(const Registry &) = delete;
  Registry &operator=(const Registry &) = delete;

  // The digest `reference`'s tag points at now (its effective tag: `latest`
  // when it has neither tag nor digest); for a digest-only reference, that
  // digest once the registry confirms it exists. For a multi-platform image
  // this is the index digest.
  virtual Expected<DigestInfo, RegistryError>
  resolve(const reference::ImageReference &reference) = 0;

  // The manifest or index `digest` in `reference`'s repository (its tag and
  // digest are ignored), verified against `digest`.
  virtual Expected<FetchedManifest, RegistryError>
  manifest(const reference::ImageReference &reference,
           const reference::Digest &digest) = 0;

  // Every valid tag of `reference`'s repository, in the registry's order (which
  // is not necessarily sorted), without duplicates.
  virtual Expected<std::vector<std::string>, RegistryError>
  list_tags(const reference::ImageReference &reference) = 0;

  // The blob `digest` in `reference`'s repository (a config or an in-toto
  // statement; never a layer): at most `max_bytes`, else invalid_response,
  // and verified against `digest`. The default refuses: a registry of a test
  // that reads no blobs need not implement it.
  virtual Expected<std::string, RegistryError>
  blob(const reference::ImageReference &reference,
       const reference::Digest &digest,
       std::size_t max_bytes);
};

// The most `stalebase image` reads of a config blob or an in-toto statement:
// real ones are a few KiB (a provenance with every build step's sources can
// reach hundreds).
inline constexpr std::size_t k_max_blob_body = 4U * 1024U * 1024U;

// The result of resolving a reference for the `resolve` command and the check
// engine.
struct Resolution {
  // The tag's current digest (index digest for multi-platform).
  reference::Digest digest;
  std::string media_type;
  std::vector<ManifestChild> children; // filled when the index was fetched
  // With a wanted platform: that platform's manifest digest (the reference's
  // own digest when it is a single-platform manifest).
  std::optional<reference::Digest> platform_digest;
};

// Resolves `reference`; fetches the index as well when `with_children` is set
// or a `platform` is wanted. Fails with the registry's error, or not_found with
// "no manifest for platform \"…\"" when the index has no matching child.
Expected<Resolution, RegistryError>
resolve_reference(Registry &registry,
                  const reference::ImageReference &reference,
                  const std::optional<Platform> &platform,
                  bool with_children);

// True for a valid tag: `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
bool is_valid_tag(std::string_view tag);

} // namespace stalebase::registry
