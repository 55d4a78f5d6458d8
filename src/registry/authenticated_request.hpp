#pragma once
// Registry requests with authentication: to the endpoint's pinged base, with
// the Authorization its challenge asks for, authenticating again once on a
// 401 that asks for something new.

#include "stalebase/registry/http_client.hpp"
#include "stalebase/registry/registry_client.hpp"
#include "stalebase/registry/url.hpp"

#include "registry/authorizer.hpp"
#include "registry/endpoint.hpp"
#include "registry/ping.hpp"
#include "registry/transport.hpp"

#include <optional>
#include <string>

namespace stalebase::registry {

// Where a registry request goes: a path under the endpoint's base as its
// ping found it (`/v2/…`), or a full URL (a pagination link, already checked to
// be on that origin). Said by the caller, never guessed from the text.
struct RequestTarget {
  std::string path;
  std::optional<Url> absolute;
};

class AuthenticatedRequests {
public:
  // `options` (TLS) must outlive this.
  AuthenticatedRequests(Transport &transport,
                        Pinger &pinger,
                        Authorizer &authorizer,
                        const RegistryClientOptions &options);

  // Sends a request to `endpoint` about `repository` with authentication: on
  // a 401, authenticates again once when the challenge asks for something
  // new, then gives up.
  Expected<HttpResponse, RegistryError> send(const Endpoint &endpoint,
                                             const std::string &repository,
                                             HttpRequest request,
                                             const RequestTarget &target);

private:
  Transport &m_transport;
  Pinger &m_pinger;
  Authorizer &m_authorizer;
  const RegistryClientOptions &m_options;
};

} // namespace stalebase::registry
