#pragma once

#include "stalebase/util/expected.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stalebase::registry {

enum class HttpMethod { get, head, post };

// "GET", "HEAD", "POST".
std::string_view to_string(HttpMethod method);

// Default limits: every request has a timeout and every body a cap, so a slow
// or endless answer cannot hold a run for ever.
inline constexpr std::chrono::milliseconds k_default_connect_timeout{10'000};
inline constexpr std::chrono::milliseconds k_default_request_timeout{60'000};
inline constexpr std::size_t k_default_max_body = 8U * 1024U * 1024U;

// One HTTP request. Redirects are never followed by the HttpClient: the caller
// decides, so that Authorization never crosses to another origin.
struct HttpRequest {
  HttpMethod method = HttpMethod::get;
  std::string url;
  // Header lines in order; names as written. Values of Authorization are
  // secrets: never log.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body; // POST only
  std::size_t max_body_bytes = k_default_max_body;
  std::chrono::milliseconds timeout = k_default_request_timeout;
  bool verify_tls = true;
  // A CA bundle that replaces the default one for this request (a registry's
  // own `ca-file`); none: SSL_CERT_FILE or the system's.
  std::optional<std::string> ca_file;
};

// One HTTP response; a 4xx or 5xx is a response, not a failure.
struct HttpResponse {
  long status = 0;
  // Header lines in order, names lower-cased, values trimmed.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of header `name` (case-insensitive), or empty.
  std::optional<std::string> header(std::string_view name) const;
  // Every value of header `name`, in order.
  std::vector<std::string> headers_named(std::string_view name) const;
};

// Why no response came back.
enum class HttpFailure {
  connect,   // DNS, refused, unreachable
  tls,       // handshake or certificate
  timeout,   // connect or total timeout
  too_large, // body above max_body_bytes
  transport, // reset, broken framing, anything else on the wire
  cancelled, // the client is shutting down, or the run's deadline passed
};

// A failure and a one-line description without secrets ("connection refused").
struct HttpError {
  HttpFailure failure = HttpFailure::transport;
  std::string message;
};

// Sends HTTP requests. Implementations are safe to call from many threads at
// once.
class HttpClient {
public:
  virtual ~HttpClient() = default;
  HttpClient() = default;
  HttpClient(const HttpClient &) = delete;
  HttpClient &operator=(const HttpClient &) = delete;

  // Sends `request` and waits for its response; fails only when no complete
  // response arrived.
  virtual Expected<HttpResponse, HttpError>
  perform(const HttpRequest &request) = 0;
};

} // namespace stalebase::registry
