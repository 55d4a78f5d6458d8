#pragma once
// The transport under every registry request: redirects followed by hand
// (Authorization and request bodies never cross origins, https → http
// refused), retries with per-origin backoff and Retry-After, the run's
// deadline, and origins that could not be connected to remembered for the run.

#include "stalebase/registry/clock.hpp"
#include "stalebase/registry/http_client.hpp"
#include "stalebase/registry/registry_client.hpp"
#include "stalebase/registry/url.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>

namespace stalebase::registry {

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

// The registry's own CA bundle, if it has one.
std::optional<std::string> ca_file_for(const RegistryClientOptions &options,
                                       const std::string &registry);

class Transport {
public:
  // `options` (deadline, timeouts, attempts, backoff) must outlive this.
  Transport(HttpClient &http,
            Clock &clock,
            const RegistryClientOptions &options);
  ~Transport();
  Transport(const Transport &) = delete;
  Transport &operator=(const Transport &) = delete;

  // Sends a request with retries on network errors, 408, 429 and 5xx, backing
  // off per origin and honouring Retry-After. Other statuses come back as
  // responses. A connection that cannot be made (DNS, refused) is not retried
  // and fails every later request to that origin at once.
  Sent send(HttpRequest request, const SendOptions &send_options = {});

private:
  struct OriginState;

  OriginState &origin_state(const Url &url);
  std::optional<RegistryError>
  deadline_error(std::chrono::milliseconds wait = std::chrono::milliseconds(0));
  void show_warnings(const HttpResponse &response);
  Sent perform_following(HttpRequest request, bool log_query);
  std::chrono::milliseconds backoff_delay(int level);
  std::optional<RegistryError> wait_for(OriginState &origin);
  void back_off(OriginState &origin,
                std::optional<std::chrono::seconds> retry_after,
                std::chrono::steady_clock::time_point sent_at);
  void succeeded(OriginState &origin);
  std::optional<RegistryError> unreachable(OriginState &origin);

  HttpClient &m_http;
  Clock &m_clock;
  const RegistryClientOptions &m_options;

  std::mutex m_origins_mutex;
  std::map<std::string, std::unique_ptr<OriginState>> m_origins;

  std::mutex m_warning_mutex;
  std::unordered_set<std::string> m_warnings_shown;

  std::mutex m_random_mutex;
  std::mt19937 m_random{std::random_device{}()};
};

} // namespace stalebase::registry
