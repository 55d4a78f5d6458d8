#pragma once
// Manifest look-ups on one endpoint: a reference's digest (HEAD, then GET and
// sha256 when the digest header is missing) and a manifest fetched by digest,
// verified; Docker Hub's pull limit remembered per endpoint.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/manifest_reference.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "registry/authenticated_request.hpp"
#include "registry/endpoint.hpp"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace stalebase::registry {

class Manifests {
public:
  explicit Manifests(AuthenticatedRequests &requests);

  // The digest `reference` names on `endpoint`.
  Expected<DigestInfo, RegistryError>
  resolve(const Endpoint &endpoint, const reference::ImageReference &reference);

  // The manifest `digest` of `reference`'s repository on `endpoint`, verified.
  Expected<FetchedManifest, RegistryError>
  fetch(const Endpoint &endpoint,
        const reference::ImageReference &reference,
        const reference::Digest &digest);

  // The manifest requests made so far, by the host asked.
  std::map<std::string, ManifestRequestCount> request_counts() const;

private:
  void count(const Endpoint &endpoint, HttpMethod method);
  Expected<std::pair<DigestInfo, std::string>, RegistryError>
  get_manifest(const Endpoint &endpoint,
               const std::string &repository,
               const reference::ManifestReference &wanted);
  bool repository_exists(const Endpoint &endpoint,
                         const std::string &repository);
  void note_rate_limit(const Endpoint &endpoint, const HttpResponse &response);
  bool pull_limited(const Endpoint &endpoint);

  AuthenticatedRequests &m_requests;

  std::mutex m_pull_limited_mutex;
  std::set<std::string> m_pull_limited; // state keys of the endpoints

  mutable std::mutex m_counts_mutex;
  std::map<std::string, ManifestRequestCount> m_counts;
};

} // namespace stalebase::registry
