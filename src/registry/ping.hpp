#pragma once
// GET /v2/, once per endpoint: the scheme that answers (https, or plain http
// where allowed) and how the registry challenges.

#include "stalebase/registry/challenge.hpp"
#include "stalebase/registry/registry_client.hpp"
#include "stalebase/registry/url.hpp"
#include "stalebase/util/memo.hpp"

#include "registry/endpoint.hpp"
#include "registry/transport.hpp"

#include <vector>

namespace stalebase::registry {

struct PingResult {
  Url base; // the scheme that answered
  std::vector<Challenge> challenges;
  // False when the answer came through a redirect to another origin: such a
  // challenge never gets credentials.
  bool from_registry = true;
};

class Pinger {
public:
  // `options` (TLS) must outlive this.
  Pinger(Transport &transport, const RegistryClientOptions &options);

  // The endpoint's ping, asked once per run (a failure too).
  Expected<PingResult, RegistryError> ping(const Endpoint &endpoint);

private:
  Expected<PingResult, RegistryError> ping_once(const Endpoint &endpoint);

  Transport &m_transport;
  const RegistryClientOptions &m_options;
  util::Memo<Expected<PingResult, RegistryError>> m_pings;
};

} // namespace stalebase::registry
