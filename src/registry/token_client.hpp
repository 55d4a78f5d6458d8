#pragma once
// Fetching a bearer token from a challenge's realm: the OAuth2 refresh-token
// POST for identity tokens (GET when the server has none), else GET with Basic
// credentials or none; the answer's token and its clamped lifetime.

#include "stalebase/registry/challenge.hpp"
#include "stalebase/registry/clock.hpp"
#include "stalebase/registry/credentials.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "registry/endpoint.hpp"
#include "registry/ping.hpp"
#include "registry/transport.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::registry {

struct Token {
  std::string value;
  // When to ask again: shortly before the registry would reject it.
  std::chrono::steady_clock::time_point expires;
};

class TokenClient {
public:
  // `options` (TLS, insecure registries) must outlive this.
  TokenClient(Transport &transport,
              Clock &clock,
              const RegistryClientOptions &options);

  // A token for `scopes` from `challenge`'s realm, as `endpoint`'s ping found
  // it. Credentials go to the realm only when it may have them.
  Expected<Token, RegistryError>
  fetch(const Endpoint &endpoint,
        const PingResult &ping,
        const Challenge &challenge,
        const std::vector<std::string> &scopes,
        const std::optional<Credentials> &credentials);

private:
  bool realm_gets_credentials(const Endpoint &endpoint,
                              const PingResult &ping,
                              const Url &realm) const;
  Expected<Token, RegistryError> parse_answer(const HttpResponse &response);

  Transport &m_transport;
  Clock &m_clock;
  const RegistryClientOptions &m_options;
};

} // namespace stalebase::registry
