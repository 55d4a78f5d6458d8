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
// matter speak HTTP/2, where curl multiplexes them over one connection, well
// below the usual limit of 100 streams a server allows. Latency bounds a
// check: at 16, a cold check of a few hundred references spent most of its
// time waiting for a free slot (docs/benchmarks.md, "Check"). A host that
// answers 429 or 503 gets fewer (k_min_jobs_when_throttled below), and rate
// limits are honoured separately (Retry-After, backoff per host).
inline constexpr std::size_t k_default_jobs_per_host = 32;

// A host that answers 429 (too many requests) or 503 (unavailable) gets half
// as many requests in flight from then on, down to this (or to `--jobs`, when
// lower): more at once would only earn more refusals.
inline constexpr std::size_t k_min_jobs_when_throttled = 4;

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
// flight per host:port, halved for a host each time it answers 429 or 503
// (down to k_min_jobs_when_throttled). Never follows redirects.
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
