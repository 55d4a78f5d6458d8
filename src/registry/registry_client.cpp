#include "stalebase/registry/registry_client.hpp"

#include "stalebase/reference/manifest_reference.hpp"
#include "stalebase/registry/base64.hpp"
#include "stalebase/registry/challenge.hpp"
#include "stalebase/registry/digest.hpp"
#include "stalebase/registry/error_body.hpp"
#include "stalebase/registry/link_header.hpp"
#include "stalebase/registry/manifest.hpp"
#include "stalebase/registry/retry_after.hpp"
#include "stalebase/registry/url.hpp"
#include "stalebase/util/memo.hpp"

#include "registry/ascii.hpp"
#include "registry/endpoint.hpp"
#include "registry/registry_errors.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <mutex>
#include <random>
#include <unordered_set>

namespace stalebase::registry {

namespace {

using reference::ImageReference;
using reference::ManifestReference;
using SteadyTime = std::chrono::steady_clock::time_point;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int k_max_redirects = 10;
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

RegistryError make_error(RegistryErrorKind kind, std::string message) {
  return RegistryError{kind, std::move(message)};
}

bool is_retryable_status(long status) {
  return status == 408 || status == 429 || status == 499 || status == 500 ||
         status == 502 || status == 503 || status == 504 || status == 522;
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

struct PingResult {
  Url base; // the scheme that answered
  std::vector<Challenge> challenges;
  // False when the answer came through a redirect to another origin: such a
  // challenge never gets credentials.
  bool from_registry = true;
};

// Where a registry request goes: a path under the endpoint's base as its
// ping found it (`/v2/…`), or a full URL (a pagination link, already checked to
// be on that origin). Said by the caller, never guessed from the text.
struct RequestTarget {
  std::string path;
  std::optional<Url> absolute;
};

struct Token {
  std::string value;
  SteadyTime expires;
};

struct TokenSlot {
  std::mutex mutex;
  std::optional<Token> token;
};

// Backoff and rate-limit state shared by every request to one origin.
struct OriginState {
  std::mutex mutex;
  int level = 0;
  SteadyTime not_before{};
  int successes = 0;
  // Set when a connection could not be made (DNS, refused, unreachable):
  // every later request to the origin fails with it at once, for the run.
  std::optional<RegistryError> unreachable;
};

// How send() treats one request.
struct SendOptions {
  // Whether debug logs show the query (not for token requests: it names the
  // account).
  bool log_query = true;
  // Attempts for network errors, 408, 429 and 5xx; 0: the configured number.
  int max_attempts = 0;
};

// What the transport gives back: the final response or what went wrong, and
// how.
struct Sent {
  Expected<HttpResponse, RegistryError> response;
  // Why no response came, when the HttpClient failed.
  std::optional<HttpFailure> failure;
  // Whether the final answer came from another origin than the one asked
  // (through a redirect).
  bool crossed_origin = false;
};

struct EndpointState {
  std::mutex ping_mutex;
  std::optional<Expected<PingResult, RegistryError>> ping;
  std::mutex credentials_mutex;
  std::map<std::string, Expected<std::optional<Credentials>, std::string>>
      credentials; // per repo
  std::mutex flags_mutex;
  bool pull_limited = false;
  // For a mirror: whether its first failure was said (later ones go to -v).
  std::atomic<bool> fallback_said{false};
};

} // namespace

struct RegistryClient::Impl {
  HttpClient &http;
  CredentialProvider &credential_provider;
  Clock &clock;
  RegistryClientOptions options;

  // The registry's own CA bundle, if it has one.
  std::optional<std::string> ca_file_for(const std::string &registry) const {
    const auto it = options.ca_files.find(registry);
    if (it == options.ca_files.end()) {
      return std::nullopt;
    }
    return it->second;
  }

  std::mutex state_mutex;
  std::map<std::string, std::unique_ptr<EndpointState>> endpoints;
  std::map<std::string, std::unique_ptr<OriginState>> origins;
  std::map<std::string, std::shared_ptr<TokenSlot>> tokens;

  util::Memo<Expected<DigestInfo, RegistryError>> resolve_cache;
  util::Memo<Expected<FetchedManifest, RegistryError>> manifest_cache;
  util::Memo<Expected<std::vector<std::string>, RegistryError>> tags_cache;

  std::mutex warning_mutex;
  std::unordered_set<std::string> warnings_shown;

  std::mutex random_mutex;
  std::mt19937 random{std::random_device{}()};

  Impl(HttpClient &h, CredentialProvider &c, Clock &k, RegistryClientOptions o)
      : http(h), credential_provider(c), clock(k), options(std::move(o)) {}

  // ---- endpoints, state
  // ----------------------------------------------------------------

  Expected<Endpoint, RegistryError>
  endpoint_for(const std::string &registry_name, bool upstream = false) {
    return resolve_endpoint(
        registry_name,
        EndpointRules{options.mirrors, options.insecure_registries}, upstream);
  }

  bool plain_http_allowed(const Url &url) const {
    return registry::plain_http_allowed(url, options.insecure_registries);
  }

  // A mirror and the registry it stands in for have their own pings, tokens
  // and rate limits.
  EndpointState &endpoint_state(const Endpoint &endpoint) {
    std::lock_guard lock(state_mutex);
    auto &slot = endpoints[endpoint.mirrored ? endpoint.registry + " via " +
                                                   endpoint.base.to_string()
                                             : endpoint.registry];
    if (!slot) {
      slot = std::make_unique<EndpointState>();
    }
    return *slot;
  }

  OriginState &origin_state(const Url &url) {
    std::lock_guard lock(state_mutex);
    auto &slot = origins[url.scheme + "://" + url.host + ":" +
                         std::to_string(url.effective_port())];
    if (!slot) {
      slot = std::make_unique<OriginState>();
    }
    return *slot;
  }

  std::shared_ptr<TokenSlot> token_slot(const std::string &key) {
    std::lock_guard lock(state_mutex);
    auto &slot = tokens[key];
    if (!slot) {
      slot = std::make_shared<TokenSlot>();
    }
    return slot;
  }

  // ---- transport: deadline, redirects, retries
  // -------------------------------------------

  std::optional<RegistryError>
  deadline_error(milliseconds wait = milliseconds(0)) {
    if (options.deadline && clock.now() + wait >= *options.deadline) {
      return make_error(RegistryErrorKind::timeout, "run deadline reached");
    }
    return std::nullopt;
  }

  void show_warnings(const HttpResponse &response) {
    for (const auto &value : response.headers_named("warning")) {
      // `299 - "text"`: show the text once per run, never act on it.
      std::string text = value;
      const std::size_t quote = value.find('"');
      const std::size_t end = value.rfind('"');
      if (quote != std::string::npos && end > quote) {
        text = value.substr(quote + 1, end - quote - 1);
      }
      std::lock_guard lock(warning_mutex);
      if (warnings_shown.insert(text).second) {
        spdlog::warn("registry says: {}", text);
      }
    }
  }

  // One request, following redirects ourselves: Authorization is dropped when
  // the origin changes, a body (a token request's refresh token) never goes
  // to another origin, and https→http is refused.
  Sent perform_following(HttpRequest request, bool log_query) {
    Sent sent{Unexpected(
                  make_error(RegistryErrorKind::refused, "too many redirects")),
              std::nullopt, false};
    auto current = parse_url(request.url);
    if (!current) {
      sent.response =
          Unexpected(make_error(RegistryErrorKind::refused, current.error()));
      return sent;
    }
    for (int hop = 0; hop <= k_max_redirects; ++hop) {
      const std::string shown =
          log_query ? current->to_string()
                    : current->scheme + "://" + current->authority() +
                          current->target.substr(0, current->target.find('?'));
      auto response = http.perform(request);
      if (!response) {
        sent.failure = response.error().failure;
        spdlog::debug("{} {}: {}", to_string(request.method), shown,
                      response.error().message);
        const auto kind = response.error().failure == HttpFailure::timeout
                              ? RegistryErrorKind::timeout
                          : response.error().failure == HttpFailure::too_large
                              ? RegistryErrorKind::invalid_response
                              : RegistryErrorKind::network;
        sent.response = Unexpected(make_error(kind, response.error().message));
        return sent;
      }
      spdlog::debug("{} {} -> {}", to_string(request.method), shown,
                    response->status);
      show_warnings(*response);
      const auto location = response->header("location");
      if (!is_redirect(response->status) || !location) {
        sent.response = std::move(*response);
        return sent;
      }
      auto next = resolve_url(*current, *location);
      if (!next) {
        sent.response = Unexpected(
            make_error(RegistryErrorKind::invalid_response,
                       "invalid redirect location: " + next.error()));
        return sent;
      }
      if (current->scheme == "https" && next->scheme == "http") {
        sent.response =
            Unexpected(make_error(RegistryErrorKind::refused,
                                  "refused redirect from https to http (\"" +
                                      next->authority() + "\")"));
        return sent;
      }
      const bool keeps_body =
          response->status == 307 || response->status == 308;
      if (!same_origin(*current, *next) && keeps_body &&
          !request.body.empty()) {
        // A 307/308 would resend the body, and a token request's body holds
        // the refresh token: it stays with the origin it was meant for.
        sent.response = Unexpected(make_error(
            RegistryErrorKind::refused,
            "refused to send the token request's body to another host (\"" +
                next->scheme + "://" + next->authority() + "\")"));
        return sent;
      }
      if (!same_origin(*current, *next)) {
        sent.crossed_origin = true;
        request.headers.erase(
            std::remove_if(request.headers.begin(), request.headers.end(),
                           [](const auto &header) {
                             return lower(header.first) == "authorization";
                           }),
            request.headers.end());
      }
      if (!keeps_body && request.method == HttpMethod::post) {
        // 301, 302 and 303 turn a POST into a GET without its body, as
        // browsers and curl do.
        request.method = HttpMethod::get;
        request.body.clear();
        request.headers.erase(
            std::remove_if(request.headers.begin(), request.headers.end(),
                           [](const auto &header) {
                             return lower(header.first) == "content-type";
                           }),
            request.headers.end());
      }
      request.url = next->to_string();
      current = std::move(next);
    }
    return sent;
  }

  milliseconds backoff_delay(int level) {
    const auto base = options.backoff_initial.count() << std::min(level, 16);
    const auto capped = std::min<long long>(base, options.backoff_max.count());
    std::lock_guard lock(random_mutex);
    // ±20 % jitter so that many clients do not retry in step.
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return milliseconds(
        static_cast<long long>(static_cast<double>(capped) * jitter(random)));
  }

  // Waits until the origin's backoff allows a request. Fails if that wait would
  // cross the run's deadline.
  std::optional<RegistryError> wait_for(OriginState &origin) {
    SteadyTime until;
    {
      std::lock_guard lock(origin.mutex);
      until = origin.not_before;
    }
    const auto now = clock.now();
    if (until > now) {
      const auto wait = std::chrono::ceil<milliseconds>(until - now);
      if (auto error = deadline_error(wait)) {
        return error;
      }
      clock.sleep_for(wait);
    }
    return deadline_error();
  }

  void back_off(OriginState &origin, std::optional<seconds> retry_after) {
    std::lock_guard lock(origin.mutex);
    const milliseconds delay =
        retry_after ? milliseconds(*retry_after) : backoff_delay(origin.level);
    origin.level = std::min(origin.level + 1, 16);
    origin.successes = 0;
    origin.not_before = std::max(origin.not_before, clock.now() + delay);
  }

  void succeeded(OriginState &origin) {
    std::lock_guard lock(origin.mutex);
    if (origin.level > 0 && ++origin.successes >= 5) {
      --origin.level;
      origin.successes = 0;
    }
  }

  // Whether the origin could not be connected to earlier in the run.
  std::optional<RegistryError> unreachable(OriginState &origin) {
    std::lock_guard lock(origin.mutex);
    return origin.unreachable;
  }

  // Sends a request with retries on network errors, 408, 429 and 5xx, backing
  // off per origin and honouring Retry-After. Other statuses come back as
  // responses. A connection that cannot be made (DNS, refused) is not retried
  // and fails every later request to that origin at once.
  Sent send(HttpRequest request, const SendOptions &send_options = {}) {
    auto url = parse_url(request.url);
    if (!url) {
      return Sent{
          Unexpected(make_error(RegistryErrorKind::refused, url.error())),
          std::nullopt, false};
    }
    OriginState &origin = origin_state(*url);
    Sent last{
        Unexpected(make_error(RegistryErrorKind::network, "no attempt made")),
        std::nullopt, false};
    const int max_attempts =
        std::max(send_options.max_attempts > 0 ? send_options.max_attempts
                                               : options.max_attempts,
                 1);
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
      if (auto error = unreachable(origin)) {
        last.response = Unexpected(*error);
        last.failure = HttpFailure::connect;
        return last;
      }
      if (auto error = wait_for(origin)) {
        last.response = Unexpected(*error);
        return last;
      }
      request.timeout = options.request_timeout;
      if (options.deadline) {
        const auto left = std::chrono::duration_cast<milliseconds>(
            *options.deadline - clock.now());
        request.timeout =
            std::max(milliseconds(1), std::min(request.timeout, left));
      }
      last = perform_following(request, send_options.log_query);
      const bool final_attempt = attempt == max_attempts;
      if (!last.response) {
        if (last.failure == HttpFailure::connect) {
          // No server there (or no such host): asking again in a second will
          // not make one, and every look-up would pay the backoff again.
          std::lock_guard lock(origin.mutex);
          if (!origin.unreachable) {
            origin.unreachable = last.response.error();
          }
          return last;
        }
        // A TLS failure will not heal by itself; a reset or timeout may.
        const auto kind = last.response.error().kind;
        if ((kind == RegistryErrorKind::network ||
             kind == RegistryErrorKind::timeout) &&
            last.failure != HttpFailure::tls && !final_attempt) {
          back_off(origin, std::nullopt);
          continue;
        }
        return last;
      }
      const long status = last.response->status;
      if (!is_retryable_status(status)) {
        succeeded(origin);
        return last;
      }
      if (status == 429 && is_pull_limit(*last.response)) {
        last.response = Unexpected(pull_limit_error());
        return last;
      }
      std::optional<seconds> retry_after;
      if (const auto value = last.response->header("retry-after")) {
        retry_after = parse_retry_after(*value, clock.wall_now());
      }
      if (retry_after && *retry_after > options.max_retry_after) {
        last.response = Unexpected(
            make_error(RegistryErrorKind::rate_limited,
                       "rate limited: the registry asks to wait " +
                           std::to_string(retry_after->count()) + " s"));
        return last;
      }
      if (final_attempt) {
        return last;
      }
      spdlog::debug("HTTP {} from {}: retrying (attempt {} of {})", status,
                    url->authority(), attempt + 1, max_attempts);
      back_off(origin, retry_after);
    }
    return last;
  }

  // ---- ping and credentials
  // -----------------------------------------------------------

  Expected<PingResult, RegistryError> ping_once(const Endpoint &endpoint) {
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
      request.verify_tls = options.verify_tls;
      request.ca_file = ca_file_for(endpoint.registry);
      // Redirects are followed by hand so we can tell whether the answer is the
      // registry's.
      // With a plain-http fallback to come, one https attempt is enough.
      SendOptions send_options;
      send_options.max_attempts = scheme != schemes.back() ? 1 : 0;
      Sent sent = send(request, send_options);
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

  Expected<PingResult, RegistryError> ping(const Endpoint &endpoint) {
    EndpointState &state = endpoint_state(endpoint);
    std::lock_guard lock(state.ping_mutex);
    if (!state.ping) {
      state.ping = ping_once(endpoint);
    }
    return *state.ping;
  }

  Expected<std::optional<Credentials>, std::string>
  credentials_for(const Endpoint &endpoint, const std::string &repository) {
    EndpointState &state = endpoint_state(endpoint);
    std::lock_guard lock(state.credentials_mutex);
    const auto it = state.credentials.find(repository);
    if (it != state.credentials.end()) {
      return it->second;
    }
    Expected<std::optional<Credentials>, std::string> found =
        std::optional<Credentials>{};
    if (endpoint.mirrored) {
      // A mirror's own entry first, then the registry it stands in for.
      found = credential_provider.find(endpoint.base.authority(), repository);
      if (found && !*found) {
        found = credential_provider.find(endpoint.registry, repository);
      }
    } else {
      found = credential_provider.find(endpoint.registry, repository);
    }
    if (found && *found) {
      spdlog::debug("{}: using credentials from {}", endpoint.registry,
                    (*found)->source);
    }
    state.credentials.emplace(repository, found);
    return found;
  }

  // ---- tokens
  // -------------------------------------------------------------------------

  // Whether credentials may go to `realm`, named by `endpoint`'s own challenge.
  bool realm_gets_credentials(const Endpoint &endpoint,
                              const PingResult &ping,
                              const Url &realm) {
    if (!ping.from_registry) {
      spdlog::debug(
          "{}: not sending credentials: the challenge came through a redirect",
          endpoint.registry);
      return false;
    }
    if (!plain_http_allowed(realm)) {
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
  parse_token_response(const HttpResponse &response) {
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
    SteadyTime issued = clock.now();
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
            std::chrono::system_clock::to_time_t(clock.wall_now()) -
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
  fetch_token(const Endpoint &endpoint,
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
      post.verify_tls = options.verify_tls;
      post.ca_file = ca_file_for(endpoint.registry);
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
      auto response = send(post, send_options).response;
      if (!response) {
        return Unexpected(response.error());
      }
      if (response->status == 200) {
        return parse_token_response(*response);
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
      query += (query.empty() ? "" : "&") + std::string("scope=") +
               url_encode(scope);
    }
    HttpRequest get;
    get.url = realm->to_string();
    if (!query.empty()) {
      get.url +=
          (realm->target.find('?') == std::string::npos ? "?" : "&") + query;
    }
    get.max_body_bytes = k_max_token_body;
    get.verify_tls = options.verify_tls;
    get.ca_file = ca_file_for(endpoint.registry);
    const bool basic =
        send_credentials && credentials->kind == Credentials::Kind::basic;
    if (basic) {
      get.url += "&account=" + url_encode(credentials->username);
      get.headers.emplace_back(
          "Authorization", "Basic " + base64_encode(credentials->username +
                                                    ":" + credentials->secret));
    }
    SendOptions send_options;
    send_options.log_query = false;
    auto response = send(get, send_options).response;
    if (!response) {
      return Unexpected(response.error());
    }
    if (response->status != 200) {
      return Unexpected(token_error(*response, basic));
    }
    return parse_token_response(*response);
  }

  // The Authorization header for a request to `endpoint` about `repository`;
  // empty for none. `force` skips the cached token.
  struct AuthState {
    std::optional<std::string> header;
    bool fresh = false; // the token was fetched for this request
    bool sent_credentials = false;
  };

  Expected<AuthState, RegistryError>
  authorize(const Endpoint &endpoint,
            const PingResult &ping,
            const std::optional<Challenge> &challenge,
            const std::string &repository,
            bool force) {
    AuthState state;
    // A registry that challenges nothing gets nothing: no credential store or
    // helper is asked, so a helper that is broken or gone (a `credsStore` left
    // behind) costs nothing against registries that need no credentials.
    if (!challenge) {
      return state;
    }
    auto found = credentials_for(endpoint, repository);
    if (!found) {
      return Unexpected(
          make_error(RegistryErrorKind::unauthorized, found.error()));
    }
    std::optional<Credentials> credentials = *found;
    if (credentials && !plain_http_allowed(ping.base)) {
      spdlog::debug("{}: not sending credentials over plain http to {}",
                    endpoint.registry, ping.base.authority());
      credentials.reset();
    }
    if (credentials && credentials->kind == Credentials::Kind::registry_token) {
      state.header = "Bearer " + credentials->secret;
      state.sent_credentials = true;
      return state;
    }
    if (challenge->scheme == "basic") {
      if (credentials && credentials->kind == Credentials::Kind::basic &&
          ping.from_registry) {
        state.header = "Basic " + base64_encode(credentials->username + ":" +
                                                credentials->secret);
        state.sent_credentials = true;
      }
      return state;
    }
    // Bearer: one token per (endpoint, repository), reused until shortly
    // before it expires. The scope is always pull on the repository being
    // read, whatever a challenge names: stalebase only reads, and a challenge
    // asking for push or the catalogue would have the user's credentials buy
    // rights it never needs.
    const std::vector<std::string> scopes = {"repository:" + repository +
                                             ":pull"};
    const std::string key = endpoint.registry + "|" +
                            challenge->param("realm") + "|" +
                            challenge->param("service") + "|" + scopes.front();
    auto slot = token_slot(key);
    std::lock_guard lock(slot->mutex);
    if (!force && slot->token && clock.now() < slot->token->expires) {
      state.header = "Bearer " + slot->token->value;
      state.sent_credentials = credentials.has_value();
      return state;
    }
    auto token = fetch_token(endpoint, ping, *challenge, scopes, credentials);
    if (!token) {
      return Unexpected(token.error());
    }
    slot->token = *token;
    state.header = "Bearer " + token->value;
    state.fresh = true;
    state.sent_credentials = credentials.has_value();
    return state;
  }

  // ---- authenticated registry requests
  // --------------------------------------------------

  // Sends a request to `endpoint` about `repository` with authentication: on a
  // 401, authenticates again once when the challenge asks for something new,
  // then gives up.
  Expected<HttpResponse, RegistryError>
  registry_request(const Endpoint &endpoint,
                   const std::string &repository,
                   HttpRequest request,
                   const RequestTarget &target) {
    auto pinged = ping(endpoint);
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
    request.verify_tls = options.verify_tls;
    request.ca_file = ca_file_for(endpoint.registry);
    std::optional<Challenge> challenge = pick_challenge(ping_result.challenges);
    auto auth = authorize(endpoint, ping_result, challenge, repository, false);
    if (!auth) {
      return Unexpected(auth.error());
    }
    for (int round = 0; round < 2; ++round) {
      HttpRequest attempt = request;
      if (auth->header) {
        attempt.headers.emplace_back("Authorization", *auth->header);
      }
      Sent sent = send(attempt);
      auto &response = sent.response;
      if (!response || response->status != 401) {
        return std::move(response);
      }
      const bool crossed = sent.crossed_origin;
      const auto again = pick_challenge(
          parse_challenges(response->headers_named("www-authenticate")));
      const bool retry =
          round == 0 && again && again->scheme == "bearer" &&
          (!auth->fresh || !challenge || challenge->scheme != "bearer" ||
           again->param("error") == "insufficient_scope" ||
           again->param("realm") != challenge->param("realm"));
      if (!retry) {
        if (auth->sent_credentials &&
            (!challenge || challenge->scheme == "basic")) {
          return Unexpected(make_error(
              RegistryErrorKind::unauthorized,
              "authentication failed: the registry rejected the credentials"));
        }
        if (!auth->header && (!again || again->scheme == "basic")) {
          return Unexpected(
              make_error(RegistryErrorKind::unauthorized,
                         "authentication required: no credentials for \"" +
                             endpoint.registry + "\""));
        }
        return Unexpected(make_error(RegistryErrorKind::unauthorized,
                                     "repository not found or unauthorized"));
      }
      challenge = again;
      PingResult updated = ping_result;
      // Only a challenge from the registry's own answer may get credentials.
      updated.from_registry = ping_result.from_registry && !crossed;
      auth = authorize(endpoint, updated, challenge, repository, true);
      if (!auth) {
        return Unexpected(auth.error());
      }
    }
    return Unexpected(make_error(RegistryErrorKind::unauthorized,
                                 "repository not found or unauthorized"));
  }

  // ---- operations
  // -----------------------------------------------------------------------

  void note_rate_limit(const Endpoint &endpoint, const HttpResponse &response) {
    const auto limit = response.header("ratelimit-limit");
    const auto remaining = response.header("ratelimit-remaining");
    if (!limit && !remaining) {
      return;
    }
    spdlog::debug("{}: rate limit {}, remaining {}", endpoint.registry,
                  limit.value_or("?"), remaining.value_or("?"));
    if (remaining && remaining->substr(0, remaining->find(';')) == "0") {
      EndpointState &state = endpoint_state(endpoint);
      std::lock_guard lock(state.flags_mutex);
      state.pull_limited = true;
    }
  }

  bool pull_limited(const Endpoint &endpoint) {
    EndpointState &state = endpoint_state(endpoint);
    std::lock_guard lock(state.flags_mutex);
    return state.pull_limited;
  }

  HttpRequest manifest_request(HttpMethod method) {
    HttpRequest request;
    request.method = method;
    request.headers.emplace_back("Accept", manifest_accept_header());
    request.max_body_bytes =
        method == HttpMethod::head ? k_max_error_body : k_max_manifest_body;
    return request;
  }

  // GET a manifest; the digest is the sha256 of the raw body (verified against
  // the header when the registry sends one).
  Expected<std::pair<DigestInfo, std::string>, RegistryError>
  get_manifest(const Endpoint &endpoint,
               const std::string &repository,
               const ManifestReference &wanted) {
    if (pull_limited(endpoint)) {
      return Unexpected(pull_limit_error());
    }
    auto response = registry_request(
        endpoint, repository, manifest_request(HttpMethod::get),
        RequestTarget{"/v2/" + repository + "/manifests/" + wanted.text(), {}});
    if (!response) {
      return Unexpected(response.error());
    }
    note_rate_limit(endpoint, *response);
    if (response->status != 200) {
      return Unexpected(error_from(*response, not_found_message(wanted)));
    }
    const std::string media_type =
        bare_media_type(response->header("content-type").value_or(""));
    if (is_schema1_media_type(media_type)) {
      return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                   "unsupported legacy schema 1 manifest"));
    }
    DigestInfo info{sha256_digest(response->body), media_type,
                    response->body.size()};
    if (const auto header = response->header("docker-content-digest")) {
      auto said = parse_digest_header(*header);
      if (!said) {
        return Unexpected(
            make_error(RegistryErrorKind::invalid_response, said.error()));
      }
      if (!verify_digest(response->body, *said)) {
        return Unexpected(make_error(
            RegistryErrorKind::invalid_response,
            "digest mismatch: the registry says \"" + *said +
                "\" but the manifest hashes to \"" + info.digest + "\""));
      }
    }
    return std::make_pair(std::move(info), std::move(response->body));
  }

  // Distribution answers MANIFEST_UNKNOWN for a tag of a repository that does
  // not exist; one small tag-list request tells the two apart. True when
  // unsure.
  bool repository_exists(const Endpoint &endpoint,
                         const std::string &repository) {
    HttpRequest request;
    request.max_body_bytes = k_max_error_body;
    auto response = registry_request(
        endpoint, repository, request,
        RequestTarget{"/v2/" + repository + "/tags/list?n=1", {}});
    if (!response) {
      return response.error().kind != RegistryErrorKind::unauthorized;
    }
    return response->status != 404 && response->status != 401;
  }

  // Runs `at(endpoint)` on the reference's endpoint; when that is a mirror and
  // it fails, on the registry itself, as docker does with registry mirrors (a
  // mirror is a cache, not the authority). Failures of our own making (a
  // refused digest or URL) are not retried.
  template <typename Result, typename At>
  Result with_mirror_fallback(const ImageReference &reference, At at) {
    auto endpoint = endpoint_for(reference.registry);
    if (!endpoint) {
      return Unexpected(endpoint.error());
    }
    Result result = at(*endpoint);
    if (result || !endpoint->mirrored ||
        result.error().kind == RegistryErrorKind::refused) {
      return result;
    }
    // Mirror-only (RegistryClientOptions::mirror_only): the registry itself is
    // never asked, and the error says which mirror failed.
    for (const auto &name : options.mirror_only) {
      if (lower(name) == endpoint->registry ||
          (is_docker_hub_name(name) &&
           is_docker_hub_name(endpoint->registry))) {
        result.error().message +=
            " (mirror " + endpoint->base.to_string() + ", mirror-only)";
        return result;
      }
    }
    auto upstream = endpoint_for(reference.registry, true);
    if (!upstream) {
      return result;
    }
    // Said once per mirror: a mirror that is down fails every reference.
    const bool said = endpoint_state(*endpoint).fallback_said.exchange(true);
    spdlog::log(said ? spdlog::level::debug : spdlog::level::warn,
                "{}: mirror {} failed ({}); asking {} itself",
                endpoint->registry, endpoint->base.to_string(),
                result.error().message, upstream->base.authority());
    Result direct = at(*upstream);
    if (!direct) {
      direct.error().message += " (and the mirror " +
                                endpoint->base.to_string() + ": " +
                                result.error().message + ")";
    }
    return direct;
  }

  Expected<DigestInfo, RegistryError>
  resolve_uncached(const ImageReference &reference) {
    return with_mirror_fallback<Expected<DigestInfo, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return resolve_at(endpoint, reference);
        });
  }

  Expected<DigestInfo, RegistryError>
  resolve_at(const Endpoint &at, const ImageReference &reference) {
    const Endpoint *endpoint = &at;
    const auto wanted = ManifestReference::of(reference);
    auto response = registry_request(
        *endpoint, reference.repository, manifest_request(HttpMethod::head),
        RequestTarget{
            "/v2/" + reference.repository + "/manifests/" + wanted.text(), {}});
    if (!response) {
      return Unexpected(response.error());
    }
    note_rate_limit(*endpoint, *response);
    if (response->status == 200) {
      const std::string media_type =
          bare_media_type(response->header("content-type").value_or(""));
      std::uint64_t size = 0;
      if (const auto length = response->header("content-length")) {
        size = std::strtoull(length->c_str(), nullptr, 10);
      }
      const auto header = response->header("docker-content-digest");
      std::optional<Digest> said;
      if (header) {
        auto parsed = parse_digest_header(*header);
        if (!parsed) {
          return Unexpected(
              make_error(RegistryErrorKind::invalid_response, parsed.error()));
        }
        said = std::move(*parsed);
      }
      if (wanted.is_digest()) {
        // Asked by digest: the answer is that digest.
        return DigestInfo{wanted.digest(), media_type, size};
      }
      if (said) {
        return DigestInfo{std::move(*said), media_type, size};
      }
      spdlog::debug(
          "{}: HEAD gave no Docker-Content-Digest, hashing a GET instead",
          endpoint->registry);
    } else if (response->status != 404 && response->status != 400 &&
               response->status != 403 && response->status != 405) {
      return Unexpected(error_from(*response, not_found_message(wanted)));
    }
    // HEAD answers have no body: a GET tells the real error (or works where
    // HEAD does not).
    auto fetched = get_manifest(*endpoint, reference.repository, wanted);
    if (!fetched) {
      if (fetched.error().kind == RegistryErrorKind::not_found &&
          fetched.error().message == not_found_message(wanted) &&
          !repository_exists(*endpoint, reference.repository)) {
        return Unexpected(make_error(RegistryErrorKind::not_found,
                                     "repository not found or unauthorized"));
      }
      return Unexpected(fetched.error());
    }
    // The digest is the hash of this body: it must be a manifest, or an HTML
    // error page or a cut-off answer would pass for a digest.
    if (auto parsed =
            parse_manifest(fetched->second, fetched->first.media_type);
        !parsed) {
      return Unexpected(
          make_error(RegistryErrorKind::invalid_response, parsed.error()));
    }
    if (wanted.is_digest() && fetched->first.digest != wanted.digest()) {
      if (auto verified = verify_digest(fetched->second, wanted.digest());
          !verified) {
        return Unexpected(
            make_error(RegistryErrorKind::invalid_response, verified.error()));
      }
      fetched->first.digest = wanted.digest();
    }
    return fetched->first;
  }

  Expected<FetchedManifest, RegistryError>
  manifest_uncached(const ImageReference &reference, const Digest &digest) {
    return with_mirror_fallback<Expected<FetchedManifest, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return manifest_at(endpoint, reference, digest);
        });
  }

  Expected<FetchedManifest, RegistryError>
  manifest_at(const Endpoint &endpoint,
              const ImageReference &reference,
              const Digest &digest) {
    auto fetched =
        get_manifest(endpoint, reference.repository, ManifestReference(digest));
    if (!fetched) {
      return Unexpected(fetched.error());
    }
    if (auto verified = verify_digest(fetched->second, digest); !verified) {
      return Unexpected(
          make_error(RegistryErrorKind::invalid_response, verified.error()));
    }
    auto parsed = parse_manifest(fetched->second, fetched->first.media_type);
    if (!parsed) {
      return Unexpected(
          make_error(RegistryErrorKind::invalid_response, parsed.error()));
    }
    return FetchedManifest{digest, std::move(*parsed)};
  }

  // Whether a failed first page asks for a smaller `n`.
  static bool rejects_page_size(const HttpResponse &response) {
    if (response.status == 413) {
      return true;
    }
    if (response.status == 405 &&
        response.body.find("less than or equal to") != std::string::npos) {
      return true;
    }
    if (response.status == 400) {
      for (const auto &entry : parse_error_body(response.body)) {
        if (entry.code == "PAGINATION_NUMBER_INVALID") {
          return true;
        }
      }
    }
    return false;
  }

  Expected<std::vector<std::string>, RegistryError>
  list_tags_uncached(const ImageReference &reference) {
    return with_mirror_fallback<
        Expected<std::vector<std::string>, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return list_tags_at(endpoint, reference);
        });
  }

  Expected<std::vector<std::string>, RegistryError>
  list_tags_at(const Endpoint &at, const ImageReference &reference) {
    const Endpoint *endpoint = &at;
    const std::string path = "/v2/" + reference.repository + "/tags/list";
    // The `n` to ask for, in order of preference; 0 asks without one.
    std::vector<std::size_t> page_sizes;
    if (options.tag_page_size > 0) {
      page_sizes.push_back(options.tag_page_size);
      if (options.tag_page_size > 100) {
        page_sizes.push_back(100);
      }
    }
    page_sizes.push_back(0);
    const auto size_query = [](std::size_t n) {
      return n == 0 ? std::string() : "?n=" + std::to_string(n);
    };

    auto pinged = ping(*endpoint);
    if (!pinged) {
      return Unexpected(pinged.error());
    }
    const Url origin = pinged->base;
    const auto full_url = [&origin](const std::string &path_and_query) {
      Url url = origin;
      url.target = origin.target + path_and_query;
      return url;
    };

    std::vector<std::string> tags;
    std::unordered_set<std::string> seen_tags;
    std::set<std::string> seen_urls;
    HttpRequest request;
    request.max_body_bytes = k_max_tag_page_body;
    std::size_t size_choice = 0;
    Url current = full_url(path + size_query(page_sizes.front()));
    std::size_t pages = 0;
    std::size_t total_bytes = 0;
    const std::string list_name = "tag list of \"" + reference.registry + "/" +
                                  reference.repository + "\"";
    while (true) {
      if (pages >= options.max_tag_pages) {
        return Unexpected(make_error(RegistryErrorKind::refused,
                                     "tag list has more than " +
                                         std::to_string(options.max_tag_pages) +
                                         " pages"));
      }
      if (!seen_urls.insert(current.to_string()).second) {
        return Unexpected(
            make_error(RegistryErrorKind::refused, "pagination links loop"));
      }
      ++pages;
      auto response = registry_request(*endpoint, reference.repository, request,
                                       RequestTarget{{}, current});
      if (!response) {
        return Unexpected(response.error());
      }
      if (response->status != 200) {
        if (pages == 1 && size_choice + 1 < page_sizes.size() &&
            rejects_page_size(*response)) {
          // Registries that refuse a large `n` (distribution 3.1.0, ECR, Quay):
          // smaller, then none at all. Only on the first page: later pages
          // follow the registry's own links.
          ++size_choice;
          spdlog::debug("{}: tag page size rejected, trying \"{}\"",
                        endpoint->registry,
                        size_query(page_sizes[size_choice]));
          current = full_url(path + size_query(page_sizes[size_choice]));
          seen_urls.clear();
          pages = 0;
          continue;
        }
        return Unexpected(
            error_from(*response, "repository not found or unauthorized"));
      }
      total_bytes += response->body.size();
      if (total_bytes > options.max_tag_bytes) {
        return Unexpected(make_error(RegistryErrorKind::refused,
                                     list_name + " is larger than " +
                                         std::to_string(options.max_tag_bytes) +
                                         " bytes"));
      }
      const auto json = nlohmann::json::parse(response->body, nullptr, false);
      if (json.is_discarded() || !json.is_object()) {
        return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                     "tag list is not JSON"));
      }
      const auto list = json.find("tags");
      // No list or null is an empty repository; anything else is no tag list
      // and must not pass for one without tags.
      if (list != json.end() && !list->is_array() && !list->is_null()) {
        return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                     "tag list has no \"tags\" array"));
      }
      std::size_t page_entries = 0;
      std::size_t page_new = 0;
      std::string page_last; // the page's last valid tag, in its order
      if (list != json.end() && list->is_array()) {
        page_entries = list->size();
        for (const auto &item : *list) {
          if (!item.is_string() || !is_valid_tag(item.get<std::string>())) {
            spdlog::debug("{}: dropping invalid tag {}", endpoint->registry,
                          item.dump());
            continue;
          }
          std::string tag = item.get<std::string>();
          page_last = tag;
          if (seen_tags.insert(tag).second) {
            tags.push_back(std::move(tag));
            ++page_new;
          }
        }
      }
      if (tags.size() > options.max_tags) {
        return Unexpected(make_error(RegistryErrorKind::refused,
                                     list_name + " has more than " +
                                         std::to_string(options.max_tags) +
                                         " tags"));
      }
      // Only the absence of a next link ends the list: a short page does not.
      const auto link = next_link(response->headers_named("link"));
      if (!link) {
        // Some registries (old Nexus group repositories) paginate without a
        // Link: a page holding exactly the `n` asked for may not be the last.
        // Ask for what follows its last tag, until a page adds nothing new.
        // A page longer than `n` shows a registry that ignores `n` and gave
        // everything (docker-registry 2.8 does), so it ends the list.
        const std::size_t n = page_sizes[size_choice];
        if (n == 0 || page_entries != n || page_new == 0 || page_last.empty()) {
          return tags;
        }
        spdlog::debug("{}: full tag page without a Link; asking after \"{}\"",
                      endpoint->registry, page_last);
        current = full_url(path + size_query(n) +
                           "&last=" + page_last); // tags need no escaping
        continue;
      }
      auto resolved = resolve_url(current, *link);
      if (!resolved) {
        return Unexpected(
            make_error(RegistryErrorKind::invalid_response,
                       "invalid pagination link: " + resolved.error()));
      }
      if (!same_origin(*resolved, origin)) {
        return Unexpected(make_error(
            RegistryErrorKind::refused,
            "refused pagination link to another host (\"" + resolved->scheme +
                "://" + resolved->authority() + "\")"));
      }
      current = *resolved;
    }
  }
};

RegistryClient::RegistryClient(HttpClient &http,
                               CredentialProvider &credentials,
                               Clock &clock,
                               RegistryClientOptions options)
    : m_impl(std::make_unique<Impl>(
          http, credentials, clock, std::move(options))) {}

RegistryClient::~RegistryClient() = default;

Expected<DigestInfo, RegistryError>
RegistryClient::resolve(const ImageReference &reference) {
  // ':' before a tag, '@' before a digest: a tag never reads as a digest.
  const auto wanted = ManifestReference::of(reference);
  const std::string key = lower(reference.registry) + "/" +
                          reference.repository +
                          (wanted.is_digest() ? "@" : ":") + wanted.text();
  return m_impl->resolve_cache.get(
      key, [&] { return m_impl->resolve_uncached(reference); });
}

Expected<FetchedManifest, RegistryError>
RegistryClient::manifest(const ImageReference &reference,
                         const Digest &digest) {
  const std::string key =
      lower(reference.registry) + "/" + reference.repository + "@" + digest;
  return m_impl->manifest_cache.get(
      key, [&] { return m_impl->manifest_uncached(reference, digest); });
}

Expected<std::vector<std::string>, RegistryError>
RegistryClient::list_tags(const ImageReference &reference) {
  const std::string key =
      lower(reference.registry) + "/" + reference.repository;
  return m_impl->tags_cache.get(
      key, [&] { return m_impl->list_tags_uncached(reference); });
}

} // namespace stalebase::registry
