#include "registry/ping.hpp"

#include "registry/registry_errors.hpp"

#include <spdlog/spdlog.h>

namespace stalebase::registry {

Pinger::Pinger(Transport &transport, const RegistryClientOptions &options)
    : m_transport(transport), m_options(options) {}

Expected<PingResult, RegistryError> Pinger::ping(const Endpoint &endpoint) {
  return m_pings.get(state_key(endpoint), [&] { return ping_once(endpoint); });
}

Expected<PingResult, RegistryError>
Pinger::ping_once(const Endpoint &endpoint) {
  std::vector<std::string> schemes = {endpoint.base.scheme};
  if (endpoint.http_fallback && endpoint.base.scheme == "https") {
    schemes.emplace_back("http");
  }
  Expected<PingResult, RegistryError> result =
      Unexpected(make_error(RegistryErrorKind::network, "no attempt made"));
  for (const auto &scheme : schemes) {
    Url base = endpoint.base;
    base.scheme = scheme;
    Url url = base;
    url.target = base.target + "/v2/";
    HttpRequest request;
    request.url = url.to_string();
    request.max_body_bytes = k_max_error_body;
    request.verify_tls = m_options.verify_tls;
    request.ca_file = ca_file_for(m_options, endpoint.registry);
    // Redirects are followed by hand so we can tell whether the answer is the
    // registry's.
    // With a plain-http fallback to come, one https attempt is enough.
    SendOptions send_options;
    send_options.max_attempts = scheme != schemes.back() ? 1 : 0;
    Sent sent = m_transport.send(request, send_options);
    auto &response = sent.response;
    if (!response) {
      result = Unexpected(response.error());
      if (response.error().kind == RegistryErrorKind::network &&
          scheme != schemes.back()) {
        spdlog::debug("{}: https failed ({}), trying plain http",
                      endpoint.registry, response.error().message);
        continue;
      }
      return result;
    }
    PingResult ping;
    ping.base = base;
    ping.from_registry = !sent.crossed_origin;
    if (response->status == 401) {
      ping.challenges =
          parse_challenges(response->headers_named("www-authenticate"));
    } else if (response->status >= 500 || response->status == 429) {
      return Unexpected(error_from(*response, "not a registry"));
    } else if (response->status == 404) {
      // Not a v2 registry, or one that hides /v2/: carry on and let the real
      // request say.
      spdlog::debug("{}: GET /v2/ answered 404", endpoint.registry);
    }
    if (scheme == "http") {
      spdlog::debug("{}: using plain http", endpoint.registry);
    }
    return ping;
  }
  return result;
}

} // namespace stalebase::registry
