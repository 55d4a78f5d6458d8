#include "stalebase/registry/registry_client.hpp"

#include "stalebase/reference/manifest_reference.hpp"
#include "stalebase/registry/digest.hpp"
#include "stalebase/util/memo.hpp"
#include "stalebase/util/strings.hpp"

#include "registry/authenticated_request.hpp"
#include "registry/authorizer.hpp"
#include "registry/blobs.hpp"
#include "registry/endpoint.hpp"
#include "registry/manifests.hpp"
#include "registry/ping.hpp"
#include "registry/tag_list.hpp"
#include "registry/token_client.hpp"
#include "registry/transport.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <set>

namespace stalebase::registry {

using reference::ImageReference;
using reference::ManifestReference;

struct RegistryClient::Impl {
  HttpClient &http;
  CredentialProvider &credential_provider;
  Clock &clock;
  RegistryClientOptions options;

  // The mirrors whose failure was said (later ones go to -v).
  std::mutex fallback_said_mutex;
  std::set<std::string> fallback_said; // state keys

  util::Memo<Expected<DigestInfo, RegistryError>> resolve_cache;
  util::Memo<Expected<FetchedManifest, RegistryError>> manifest_cache;
  util::Memo<Expected<std::vector<std::string>, RegistryError>> tags_cache;
  util::Memo<Expected<std::string, RegistryError>> blob_cache;

  // The layers, each given what it uses. Declared after `options`, which they
  // hold by reference.
  Transport transport{http, clock, options};
  Pinger pinger{transport, options};
  TokenClient token_client{transport, clock, options};
  Authorizer authorizer{credential_provider, token_client, clock, options};
  AuthenticatedRequests requests{transport, pinger, authorizer, options};
  Manifests manifests{requests};
  Blobs blobs{requests};

  Impl(HttpClient &h, CredentialProvider &c, Clock &k, RegistryClientOptions o)
      : http(h), credential_provider(c), clock(k), options(std::move(o)) {}

  Expected<Endpoint, RegistryError>
  endpoint_for(const std::string &registry_name, bool upstream = false) {
    return resolve_endpoint(
        registry_name,
        EndpointRules{options.mirrors, options.insecure_registries}, upstream);
  }

  // Runs `at(endpoint)` on the reference's endpoint; when that is a mirror and
  // it fails, on the registry itself, as docker does with registry mirrors (a
  // mirror is a cache, not the authority). Failures of our own making (a
  // refused digest or URL) are not retried.
  template <typename Result, typename At>
  Result with_mirror_fallback(const ImageReference &reference, At at) {
    auto endpoint = endpoint_for(reference.registry);
    if (!endpoint) {
      return Unexpected(endpoint.error());
    }
    Result result = at(*endpoint);
    if (result || !endpoint->mirrored ||
        result.error().kind == RegistryErrorKind::refused) {
      return result;
    }
    // Mirror-only (RegistryClientOptions::mirror_only): the registry itself is
    // never asked, and the error says which mirror failed.
    if (std::any_of(options.mirror_only.begin(), options.mirror_only.end(),
                    [&](const std::string &name) {
                      return names_registry(name, endpoint->registry);
                    })) {
      result.error().message +=
          " (mirror " + endpoint->base.to_string() + ", mirror-only)";
      return result;
    }
    auto upstream = endpoint_for(reference.registry, true);
    if (!upstream) {
      return result;
    }
    // Said once per mirror: a mirror that is down fails every reference.
    bool said = false;
    {
      std::lock_guard lock(fallback_said_mutex);
      said = !fallback_said.insert(state_key(*endpoint)).second;
    }
    spdlog::log(said ? spdlog::level::debug : spdlog::level::warn,
                "{}: mirror {} failed ({}); asking {} itself",
                endpoint->registry, endpoint->base.to_string(),
                result.error().message, upstream->base.authority());
    Result direct = at(*upstream);
    if (!direct) {
      direct.error().message += " (and the mirror " +
                                endpoint->base.to_string() + ": " +
                                result.error().message + ")";
    }
    return direct;
  }

  Expected<DigestInfo, RegistryError>
  resolve_uncached(const ImageReference &reference) {
    return with_mirror_fallback<Expected<DigestInfo, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return manifests.resolve(endpoint, reference);
        });
  }

  Expected<FetchedManifest, RegistryError>
  manifest_uncached(const ImageReference &reference, const Digest &digest) {
    return with_mirror_fallback<Expected<FetchedManifest, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return manifests.fetch(endpoint, reference, digest);
        });
  }

  Expected<std::vector<std::string>, RegistryError>
  list_tags_uncached(const ImageReference &reference) {
    return with_mirror_fallback<
        Expected<std::vector<std::string>, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return list_tags_at(requests, pinger, options, endpoint, reference);
        });
  }
};

RegistryClient::RegistryClient(HttpClient &http,
                               CredentialProvider &credentials,
                               Clock &clock,
                               RegistryClientOptions options)
    : m_impl(std::make_unique<Impl>(
          http, credentials, clock, std::move(options))) {}

RegistryClient::~RegistryClient() = default;

Expected<DigestInfo, RegistryError>
RegistryClient::resolve(const ImageReference &reference) {
  // ':' before a tag, '@' before a digest: a tag never reads as a digest.
  const auto wanted = ManifestReference::of(reference);
  const std::string key = util::ascii_lower(reference.registry) + "/" +
                          reference.repository +
                          (wanted.is_digest() ? "@" : ":") + wanted.text();
  return m_impl->resolve_cache.get(
      key, [&] { return m_impl->resolve_uncached(reference); });
}

Expected<FetchedManifest, RegistryError>
RegistryClient::manifest(const ImageReference &reference,
                         const Digest &digest) {
  const std::string key = util::ascii_lower(reference.registry) + "/" +
                          reference.repository + "@" + digest;
  return m_impl->manifest_cache.get(
      key, [&] { return m_impl->manifest_uncached(reference, digest); });
}

Expected<std::vector<std::string>, RegistryError>
RegistryClient::list_tags(const ImageReference &reference) {
  const std::string key =
      util::ascii_lower(reference.registry) + "/" + reference.repository;
  return m_impl->tags_cache.get(
      key, [&] { return m_impl->list_tags_uncached(reference); });
}

Expected<std::string, RegistryError>
RegistryClient::blob(const ImageReference &reference,
                     const Digest &digest,
                     std::size_t max_bytes) {
  const std::string key = util::ascii_lower(reference.registry) + "/" +
                          reference.repository + "@" + digest + "<" +
                          std::to_string(max_bytes);
  return m_impl->blob_cache.get(key, [&] {
    return m_impl->with_mirror_fallback<Expected<std::string, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return m_impl->blobs.fetch(endpoint, reference, digest, max_bytes);
        });
  });
}

std::map<std::string, std::size_t> RegistryClient::blob_requests() const {
  return m_impl->blobs.request_counts();
}

std::map<std::string, ManifestRequestCount>
RegistryClient::manifest_requests() const {
  return m_impl->manifests.request_counts();
}

} // namespace stalebase::registry
