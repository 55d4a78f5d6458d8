#pragma once
// Blob GETs on one endpoint (`stalebase image`: config blobs and in-toto
// statements): capped, verified against the digest asked for, counted.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/registry.hpp"

#include "registry/authenticated_request.hpp"
#include "registry/endpoint.hpp"

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace stalebase::registry {

class Blobs {
public:
  explicit Blobs(AuthenticatedRequests &requests);

  // The blob `digest` of `reference`'s repository on `endpoint`: at most
  // `max_bytes` (a larger answer fails as invalid_response), and its sha256
  // must be `digest`.
  Expected<std::string, RegistryError>
  fetch(const Endpoint &endpoint,
        const reference::ImageReference &reference,
        const reference::Digest &digest,
        std::size_t max_bytes);

  // The blob GETs made so far, by the host asked.
  std::map<std::string, std::size_t> request_counts() const;

private:
  AuthenticatedRequests &m_requests;
  mutable std::mutex m_counts_mutex;
  std::map<std::string, std::size_t> m_counts;
};

} // namespace stalebase::registry
