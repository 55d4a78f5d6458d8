#pragma once

#include "stalebase/registry/http_client.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace stalebase::registry {

// Default number of requests in flight to one host at once (`--jobs`). The
// requests are small (HEADs and tag-list pages), and the registries that
// matter speak HTTP/2, where curl multiplexes them over one connection, far
// below the usual limit of 100 streams. Latency, not the registry, bounds a
// check: at 6 a check of a few hundred references waited mostly on itself
// (docs/benchmarks.md). Rate limits are honoured separately (Retry-After,
// backoff per host).
inline constexpr std::size_t k_default_jobs_per_host = 16;

struct CurlHttpClientOptions {
  std::chrono::milliseconds connect_timeout = k_default_connect_timeout;
  std::size_t max_per_host = k_default_jobs_per_host;
  std::string user_agent; // "stalebase/<version>" when empty
  // CA bundle file and folder; default to SSL_CERT_FILE and SSL_CERT_DIR when
  // set.
  std::optional<std::string> ca_file;
  std::optional<std::string> ca_path;
};

// The production HttpClient: one libcurl multi handle driven by a background
// thread, so requests from many threads share connections (keep-alive, HTTP/2
// multiplexing where the server offers it, proxies from
// http_proxy/https_proxy/no_proxy) and at most `max_per_host` of them are in
// flight per host:port. Never follows redirects.
class CurlHttpClient final : public HttpClient {
public:
  // Starts the transfer thread. Throws stalebase::Error if libcurl cannot be
  // initialised.
  explicit CurlHttpClient(CurlHttpClientOptions options = {});
  // Cancels what is still queued (those calls fail with HttpFailure::cancelled)
  // and joins.
  ~CurlHttpClient() override;

  Expected<HttpResponse, HttpError>
  perform(const HttpRequest &request) override;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace stalebase::registry
