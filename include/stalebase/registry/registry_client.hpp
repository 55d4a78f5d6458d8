#pragma once

#include "stalebase/registry/clock.hpp"
#include "stalebase/registry/credentials.hpp"
#include "stalebase/registry/http_client.hpp"
#include "stalebase/registry/registry.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace stalebase::registry {

// Body caps per kind of answer: a registry is hostile input, and no answer
// may make the process hold more than the look-up needs.
inline constexpr std::size_t k_max_token_body = 64U * 1024U;
inline constexpr std::size_t k_max_error_body = 64U * 1024U;
inline constexpr std::size_t k_max_manifest_body = 8U * 1024U * 1024U;
inline constexpr std::size_t k_max_tag_page_body = 16U * 1024U * 1024U;

struct RegistryClientOptions {
  // Registry (as in references: "docker.io", "ghcr.io", "localhost:5000") →
  // endpoint URL
  // ("http://127.0.0.1:5000") that serves its requests instead.
  std::map<std::string, std::string> mirrors;
  // Registries (named as in `mirrors`) whose mirror alone is asked: a look-up
  // it fails is not retried at the registry itself (air-gapped CI), and its
  // error ends with "(mirror URL, mirror-only)".
  std::set<std::string> mirror_only;
  // Registries (host or host:port) that may be reached over plain http and get
  // credentials over it, as docker's insecure-registries.
  std::set<std::string> insecure_registries;
  bool verify_tls = true;
  // Registry → CA bundle used for its requests (and its token realm's) instead
  // of the default one.
  std::map<std::string, std::string> ca_files;
  std::chrono::milliseconds request_timeout = k_default_request_timeout;
  // No request starts after this point; waits that would cross it fail at once.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  int max_attempts = 4; // per request, for network errors, 408, 429, 5xx
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{30'000};
  // A Retry-After longer than this is not waited for: the request fails as rate
  // limited.
  std::chrono::seconds max_retry_after{60};
  std::size_t tag_page_size = 1000;
  std::size_t max_tag_pages = 1000;
  // Over all pages of one repository's list: a registry that pages forever
  // (or sends huge pages) is refused before it costs gigabytes. The largest
  // real lists known hold tens of thousands of tags.
  std::size_t max_tags = 500'000;
  std::size_t max_tag_bytes = 64U * 1024U * 1024U;
};

// The OCI distribution client: pings each host once, authenticates (anonymous
// or Basic or identity-token bearer tokens, one per repository scope, reused
// and refreshed before expiry), resolves digests with HEAD (GET and sha256 only
// when the header is missing), fetches and verifies manifests by digest, lists
// tags across Link pages, retries with per-host backoff, follows redirects
// itself (Authorization never crosses origins), and answers identical questions
// once per run.
// The manifest requests one registry host received in a run (retries not
// counted again): GETs count against pull quotas such as Docker Hub's, HEADs
// do not.
struct ManifestRequestCount {
  std::size_t heads = 0;
  std::size_t gets = 0;
};

class RegistryClient final : public Registry {
public:
  RegistryClient(HttpClient &http,
                 CredentialProvider &credentials,
                 Clock &clock,
                 RegistryClientOptions options = {});
  ~RegistryClient() override;

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

  // The blob GETs made so far, by host (as manifest_requests()).
  std::map<std::string, std::size_t> blob_requests() const;

  // The manifest requests made so far, by host (`host[:port]` of the registry
  // or mirror asked), in host order.
  std::map<std::string, ManifestRequestCount> manifest_requests() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace stalebase::registry
