#include "registry/blobs.hpp"

#include "stalebase/registry/digest.hpp"

#include "registry/registry_errors.hpp"

namespace stalebase::registry {

Blobs::Blobs(AuthenticatedRequests &requests) : m_requests(requests) {}

Expected<std::string, RegistryError>
Blobs::fetch(const Endpoint &endpoint,
             const reference::ImageReference &reference,
             const reference::Digest &digest,
             std::size_t max_bytes) {
  {
    std::lock_guard lock(m_counts_mutex);
    ++m_counts[endpoint.base.authority()];
  }
  HttpRequest request;
  request.method = HttpMethod::get;
  request.max_body_bytes = max_bytes;
  auto response = m_requests.send(
      endpoint, reference.repository, std::move(request),
      RequestTarget{"/v2/" + reference.repository + "/blobs/" + digest.str(),
                    {}});
  if (!response) {
    return Unexpected(response.error());
  }
  if (response->status != 200) {
    return Unexpected(
        error_from(*response, "blob \"" + digest.str() + "\" not found"));
  }
  if (auto verified = verify_digest(response->body, digest); !verified) {
    return Unexpected(
        make_error(RegistryErrorKind::invalid_response, verified.error()));
  }
  return std::move(response->body);
}

std::map<std::string, std::size_t> Blobs::request_counts() const {
  std::lock_guard lock(m_counts_mutex);
  return m_counts;
}

} // namespace stalebase::registry
