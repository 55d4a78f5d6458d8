#include "registry/token_client.hpp"

#include "stalebase/registry/base64.hpp"

#include "registry/registry_errors.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace stalebase::registry {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;
using std::chrono::seconds;

// Refresh a token this long before the registry would reject it.
constexpr seconds k_token_margin{5};
constexpr seconds k_min_token_lifetime{60};
// A longer lifetime is read as this: the token is asked again sooner than the
// server said, never later, and no arithmetic on the steady clock overflows.
constexpr seconds k_max_token_lifetime{24 * 3600};

// A token's lifetime from its `expires_in`, within [1 min, 24 h]. Read as a
// double so that any JSON number (a 20-digit integer, 1e300, NaN-free by JSON)
// compares safely before it becomes a count.
seconds token_lifetime(const nlohmann::json &expires_in) {
  if (!expires_in.is_number()) {
    return k_min_token_lifetime;
  }
  const double value = expires_in.get<double>();
  if (!(value > static_cast<double>(k_min_token_lifetime.count()))) {
    return k_min_token_lifetime;
  }
  if (value >= static_cast<double>(k_max_token_lifetime.count())) {
    return k_max_token_lifetime;
  }
  return seconds(static_cast<long long>(value));
}

} // namespace

TokenClient::TokenClient(Transport &transport,
                         Clock &clock,
                         const RegistryClientOptions &options)
    : m_transport(transport), m_clock(clock), m_options(options) {}

// Whether credentials may go to `realm`, named by `endpoint`'s own challenge.
bool TokenClient::realm_gets_credentials(const Endpoint &endpoint,
                                         const PingResult &ping,
                                         const Url &realm) const {
  if (!ping.from_registry) {
    spdlog::debug(
        "{}: not sending credentials: the challenge came through a redirect",
        endpoint.registry);
    return false;
  }
  if (!plain_http_allowed(realm, m_options.insecure_registries)) {
    spdlog::debug("{}: not sending credentials to plain-http realm {}",
                  endpoint.registry, realm.authority());
    return false;
  }
  const bool same_host_port =
      realm.host == ping.base.host &&
      realm.effective_port() == ping.base.effective_port();
  const bool both_loopback =
      is_loopback_host(realm.host) && is_loopback_host(ping.base.host);
  if (is_local_ip_literal(realm.host) && !same_host_port && !both_loopback) {
    spdlog::debug("{}: not sending credentials to local address {}",
                  endpoint.registry, realm.authority());
    return false;
  }
  return true;
}

Expected<Token, RegistryError>
TokenClient::parse_answer(const HttpResponse &response) {
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Unexpected(
        make_error(RegistryErrorKind::invalid_response,
                   "token server answered with something that is not JSON"));
  }
  Token token;
  for (const char *field : {"token", "access_token"}) {
    const auto it = json.find(field);
    if (it != json.end() && it->is_string() &&
        !it->get<std::string>().empty()) {
      token.value = it->get<std::string>();
      break;
    }
  }
  if (token.value.empty()) {
    return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                 "token server answered without a token"));
  }
  const auto expires_in = json.find("expires_in");
  const seconds lifetime = expires_in == json.end()
                               ? k_min_token_lifetime
                               : token_lifetime(*expires_in);
  // `issued_at` matters only when it is in the past: a future one is clock
  // skew, so count from receipt, which is what now() is.
  SteadyTime issued = m_clock.now();
  const auto issued_at = json.find("issued_at");
  if (issued_at != json.end() && issued_at->is_string()) {
    // RFC 3339; only whole seconds and a Z or offset-free form are worth the
    // trouble.
    const std::string text = issued_at->get<std::string>();
    std::tm tm{};
    if (text.size() >= 19 &&
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
                    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                    &tm.tm_sec) == 6) {
      tm.tm_year -= 1900;
      tm.tm_mon -= 1;
      // In whole seconds and capped at the lifetime: a year-0 or far-past
      // `issued_at` means an expired token, not an overflowed time point.
      const long long age = static_cast<long long>(
          std::chrono::system_clock::to_time_t(m_clock.wall_now()) -
          timegm(&tm));
      if (age > 0) {
        issued -= seconds(std::min<long long>(age, lifetime.count()));
      }
    }
  }
  token.expires = issued + lifetime - k_token_margin;
  return token;
}

Expected<Token, RegistryError>
TokenClient::fetch(const Endpoint &endpoint,
                   const PingResult &ping,
                   const Challenge &challenge,
                   const std::vector<std::string> &scopes,
                   const std::optional<Credentials> &credentials) {
  const std::string realm_text = challenge.param("realm");
  if (realm_text.empty()) {
    return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                 "registry challenge has no token realm"));
  }
  auto realm = resolve_url(ping.base, realm_text);
  if (!realm) {
    return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                 "invalid token realm: " + realm.error()));
  }
  if (ping.base.scheme == "https" && realm->scheme == "http") {
    return Unexpected(make_error(RegistryErrorKind::refused,
                                 "refused plain-http token realm \"" +
                                     realm->authority() + "\""));
  }
  const bool send_credentials =
      credentials && realm_gets_credentials(endpoint, ping, *realm);
  const std::string service = challenge.param("service");

  if (send_credentials &&
      credentials->kind == Credentials::Kind::identity_token) {
    // OAuth2 refresh-token grant: one space-separated scope parameter.
    std::string scope_list;
    for (const auto &scope : scopes) {
      scope_list += (scope_list.empty() ? "" : " ") + scope;
    }
    HttpRequest post;
    post.method = HttpMethod::post;
    post.url = realm->to_string();
    post.max_body_bytes = k_max_token_body;
    post.verify_tls = m_options.verify_tls;
    post.ca_file = ca_file_for(m_options, endpoint.registry);
    post.headers.emplace_back("Content-Type",
                              "application/x-www-form-urlencoded");
    post.body = "grant_type=refresh_token&refresh_token=" +
                url_encode(credentials->secret) +
                "&client_id=stalebase&scope=" + url_encode(scope_list);
    if (!service.empty()) {
      post.body += "&service=" + url_encode(service);
    }
    SendOptions send_options;
    send_options.log_query = false;
    auto response = m_transport.send(post, send_options).response;
    if (!response) {
      return Unexpected(response.error());
    }
    if (response->status == 200) {
      return parse_answer(*response);
    }
    if (response->status != 404) {
      return Unexpected(token_error(*response, true));
    }
    spdlog::debug("{}: token server has no OAuth2 endpoint, using GET",
                  endpoint.registry);
  }

  std::string query;
  if (!service.empty()) {
    query += "service=" + url_encode(service);
  }
  for (const auto &scope : scopes) {
    query +=
        (query.empty() ? "" : "&") + std::string("scope=") + url_encode(scope);
  }
  HttpRequest get;
  get.url = realm->to_string();
  if (!query.empty()) {
    get.url +=
        (realm->target.find('?') == std::string::npos ? "?" : "&") + query;
  }
  get.max_body_bytes = k_max_token_body;
  get.verify_tls = m_options.verify_tls;
  get.ca_file = ca_file_for(m_options, endpoint.registry);
  const bool basic =
      send_credentials && credentials->kind == Credentials::Kind::basic;
  if (basic) {
    get.url += "&account=" + url_encode(credentials->username);
    get.headers.emplace_back(
        "Authorization", "Basic " + base64_encode(credentials->username + ":" +
                                                  credentials->secret));
  }
  SendOptions send_options;
  send_options.log_query = false;
  auto response = m_transport.send(get, send_options).response;
  if (!response) {
    return Unexpected(response.error());
  }
  if (response->status != 200) {
    return Unexpected(token_error(*response, basic));
  }
  return parse_answer(*response);
}

} // namespace stalebase::registry
