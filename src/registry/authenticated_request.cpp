#include "registry/authenticated_request.hpp"

#include "stalebase/registry/challenge.hpp"

#include "registry/registry_errors.hpp"

namespace stalebase::registry {

AuthenticatedRequests::AuthenticatedRequests(
    Transport &transport,
    Pinger &pinger,
    Authorizer &authorizer,
    const RegistryClientOptions &options)
    : m_transport(transport), m_pinger(pinger), m_authorizer(authorizer),
      m_options(options) {}

Expected<HttpResponse, RegistryError>
AuthenticatedRequests::send(const Endpoint &endpoint,
                            const std::string &repository,
                            HttpRequest request,
                            const RequestTarget &target) {
  auto pinged = m_pinger.ping(endpoint);
  if (!pinged) {
    return Unexpected(pinged.error());
  }
  const PingResult &ping_result = *pinged;
  if (target.absolute) {
    request.url = target.absolute->to_string();
  } else {
    Url url = ping_result.base;
    url.target = ping_result.base.target + target.path;
    request.url = url.to_string();
  }
  request.verify_tls = m_options.verify_tls;
  request.ca_file = ca_file_for(m_options, endpoint.registry);
  std::optional<Challenge> challenge = pick_challenge(ping_result.challenges);
  auto auth = m_authorizer.authorize(endpoint, ping_result, challenge,
                                     repository, false);
  if (!auth) {
    return Unexpected(auth.error());
  }
  for (int round = 0; round < 2; ++round) {
    HttpRequest attempt = request;
    if (auth->header) {
      attempt.headers.emplace_back("Authorization", *auth->header);
    }
    Sent sent = m_transport.send(attempt);
    auto &response = sent.response;
    if (!response || response->status != 401) {
      return std::move(response);
    }
    const bool crossed = sent.crossed_origin;
    const auto again = pick_challenge(
        parse_challenges(response->headers_named("www-authenticate")));
    if (round != 0 || !Authorizer::reauthenticates(*auth, challenge, again)) {
      return Unexpected(
          Authorizer::rejection(endpoint, *auth, challenge, again));
    }
    challenge = again;
    PingResult updated = ping_result;
    // Only a challenge from the registry's own answer may get credentials.
    updated.from_registry = ping_result.from_registry && !crossed;
    auth =
        m_authorizer.authorize(endpoint, updated, challenge, repository, true);
    if (!auth) {
      return Unexpected(auth.error());
    }
  }
  return Unexpected(make_error(RegistryErrorKind::unauthorized,
                               "repository not found or unauthorized"));
}

} // namespace stalebase::registry
