#include "stalebase/registry/curl_http_client.hpp"

#include "stalebase/registry/url.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/strings.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace stalebase::registry {

namespace {

struct EasyDeleter {
  void operator()(CURL *handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM *handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

using Result = Expected<HttpResponse, HttpError>;

std::optional<std::string> env(const char *name) {
  const char *value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

void global_init() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (code != CURLE_OK) {
    throw Error("cannot initialise libcurl");
  }
}

// One request on its way: owns the easy handle and everything libcurl points
// into.
struct Transfer {
  EasyHandle easy;
  Slist headers;
  std::string host_key;
  HttpResponse response;
  std::size_t max_body = 0;
  bool too_large = false;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  std::promise<Result> promise;
};

std::size_t
on_body(char *data, std::size_t size, std::size_t count, void *user) {
  auto *transfer = static_cast<Transfer *>(user);
  const std::size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->max_body) {
    transfer->too_large = true;
    return 0; // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::size_t
on_header(char *data, std::size_t size, std::size_t count, void *user) {
  auto *transfer = static_cast<Transfer *>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
    line.remove_suffix(1);
  }
  if (line.substr(0, 5) == "HTTP/") {
    // A new status line (after 100 Continue): only the final response's headers
    // count.
    transfer->response.headers.clear();
    return bytes;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return bytes;
  }
  transfer->response.headers.emplace_back(
      util::ascii_lower(line.substr(0, colon)),
      std::string(util::trim(line.substr(colon + 1))));
  return bytes;
}

HttpFailure classify(CURLcode code, bool too_large) {
  if (too_large) {
    return HttpFailure::too_large;
  }
  switch (code) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
    return HttpFailure::connect;
  case CURLE_OPERATION_TIMEDOUT:
    return HttpFailure::timeout;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_USE_SSL_FAILED:
    return HttpFailure::tls;
  default:
    return HttpFailure::transport;
  }
}

template <typename T> void set(CURL *easy, CURLoption option, T value) {
  // Options we set are all supported by the libcurl we build against; a failure
  // here would only mean an out-of-memory condition, which the transfer itself
  // then reports.
  (void)curl_easy_setopt(easy, option, value);
}

} // namespace

struct CurlHttpClient::Impl {
  CurlHttpClientOptions options;
  MultiHandle multi;
  std::mutex mutex;
  std::map<std::string, std::deque<std::unique_ptr<Transfer>>> pending;
  std::map<std::string, std::size_t> in_flight;
  // Hosts that answered 429 or 503, and how many requests they get at once
  // now; the others get options.max_per_host.
  std::map<std::string, std::size_t> throttled;
  std::map<CURL *, std::unique_ptr<Transfer>> active;
  bool stopping = false;
  std::thread worker;

  std::size_t limit_of(const std::string &host) const {
    const auto found = throttled.find(host);
    return found == throttled.end() ? options.max_per_host : found->second;
  }

  // Called with the mutex held.
  void throttle(const std::string &host) {
    const std::size_t now = limit_of(host);
    const std::size_t floor =
        std::min(options.max_per_host, k_min_jobs_when_throttled);
    const std::size_t next = std::max(now / 2, floor);
    throttled[host] = next;
    if (next != now) {
      spdlog::debug("{} is throttling: {} requests in flight from now on", host,
                    next);
    }
  }

  void start_ready_transfers() {
    std::lock_guard lock(mutex);
    for (auto &[host, queue] : pending) {
      auto &running = in_flight[host];
      const std::size_t limit = limit_of(host);
      while (!queue.empty() && running < limit) {
        auto transfer = std::move(queue.front());
        queue.pop_front();
        CURL *easy = transfer->easy.get();
        if (curl_multi_add_handle(multi.get(), easy) != CURLM_OK) {
          transfer->promise.set_value(Unexpected(
              HttpError{HttpFailure::transport, "cannot start the request"}));
          continue;
        }
        ++running;
        active.emplace(easy, std::move(transfer));
      }
    }
  }

  void finish(CURL *easy, CURLcode code) {
    curl_multi_remove_handle(multi.get(), easy);
    std::unique_ptr<Transfer> transfer;
    {
      std::lock_guard lock(mutex);
      const auto it = active.find(easy);
      if (it == active.end()) {
        return;
      }
      transfer = std::move(it->second);
      active.erase(it);
      --in_flight[transfer->host_key];
    }
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (status == 429 || status == 503) {
        std::lock_guard lock(mutex);
        throttle(transfer->host_key);
      }
      transfer->response.status = status;
      transfer->promise.set_value(std::move(transfer->response));
      return;
    }
    std::string message = transfer->error_buffer.data();
    if (message.empty()) {
      message = curl_easy_strerror(code);
    }
    // curl capitalises its messages ("Failed to connect to …", "Operation
    // timed out after …"); ours follow a colon in lower case. Acronyms
    // ("SSL certificate problem") stay as they are.
    if (message.size() >= 2 && message[0] >= 'A' && message[0] <= 'Z' &&
        message[1] >= 'a' && message[1] <= 'z') {
      message[0] = static_cast<char>(message[0] - 'A' + 'a');
    }
    if (transfer->too_large) {
      message = "response body larger than " +
                std::to_string(transfer->max_body) + " bytes";
    }
    transfer->promise.set_value(
        Unexpected(HttpError{classify(code, transfer->too_large), message}));
  }

  void run() {
    while (true) {
      {
        std::lock_guard lock(mutex);
        if (stopping) {
          break;
        }
      }
      start_ready_transfers();
      int running = 0;
      curl_multi_perform(multi.get(), &running);
      int left = 0;
      while (CURLMsg *message = curl_multi_info_read(multi.get(), &left)) {
        if (message->msg == CURLMSG_DONE) {
          finish(message->easy_handle, message->data.result);
        }
      }
      curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);
    }
    // Shutting down: fail everything still queued or running.
    std::lock_guard lock(mutex);
    for (auto &[easy, transfer] : active) {
      curl_multi_remove_handle(multi.get(), easy);
      transfer->promise.set_value(
          Unexpected(HttpError{HttpFailure::cancelled, "request cancelled"}));
    }
    active.clear();
    for (auto &[host, queue] : pending) {
      for (auto &transfer : queue) {
        transfer->promise.set_value(
            Unexpected(HttpError{HttpFailure::cancelled, "request cancelled"}));
      }
    }
    pending.clear();
  }
};

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options)
    : m_impl(std::make_unique<Impl>()) {
  global_init();
  if (options.user_agent.empty()) {
    options.user_agent = std::string("stalebase/") + STALEBASE_VERSION;
  }
  if (!options.ca_file) {
    options.ca_file = env("SSL_CERT_FILE");
  }
  if (!options.ca_path) {
    options.ca_path = env("SSL_CERT_DIR");
  }
  options.max_per_host = std::max<std::size_t>(options.max_per_host, 1);
  m_impl->options = std::move(options);
  m_impl->multi.reset(curl_multi_init());
  if (!m_impl->multi) {
    throw Error("cannot initialise libcurl");
  }
  curl_multi_setopt(m_impl->multi.get(), CURLMOPT_PIPELINING,
                    CURLPIPE_MULTIPLEX);
  curl_multi_setopt(m_impl->multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(m_impl->options.max_per_host));
  m_impl->worker = std::thread([impl = m_impl.get()] { impl->run(); });
}

CurlHttpClient::~CurlHttpClient() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  curl_multi_wakeup(m_impl->multi.get());
  m_impl->worker.join();
}

Expected<HttpResponse, HttpError>
CurlHttpClient::perform(const HttpRequest &request) {
  const auto url = parse_url(request.url);
  if (!url) {
    return Unexpected(HttpError{HttpFailure::transport, url.error()});
  }
  auto transfer = std::make_unique<Transfer>();
  transfer->easy.reset(curl_easy_init());
  if (!transfer->easy) {
    return Unexpected(
        HttpError{HttpFailure::transport, "cannot create a request"});
  }
  transfer->host_key = url->scheme + "://" + url->host + ":" +
                       std::to_string(url->effective_port());
  transfer->max_body = request.max_body_bytes;
  CURL *easy = transfer->easy.get();
  const auto &options = m_impl->options;

  set(easy, CURLOPT_URL, request.url.c_str());
  set(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  set(easy, CURLOPT_FOLLOWLOCATION, 0L);
  set(easy, CURLOPT_UNRESTRICTED_AUTH, 0L);
  set(easy, CURLOPT_NOSIGNAL, 1L);
  set(easy, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(options.connect_timeout.count()));
  set(easy, CURLOPT_TIMEOUT_MS,
      static_cast<long>(std::max<long long>(request.timeout.count(), 1)));
  // Abort a transfer that trickles at under 1 byte/s for 30 s even within the
  // total timeout.
  set(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  set(easy, CURLOPT_LOW_SPEED_TIME, 30L);
  set(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  set(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  set(easy, CURLOPT_ERRORBUFFER, transfer->error_buffer.data());
  set(easy, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
  set(easy, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
  if (request.ca_file) {
    set(easy, CURLOPT_CAINFO, request.ca_file->c_str());
  } else if (options.ca_file) {
    set(easy, CURLOPT_CAINFO, options.ca_file->c_str());
  }
  if (options.ca_path) {
    set(easy, CURLOPT_CAPATH, options.ca_path->c_str());
  }
  set(easy, CURLOPT_WRITEFUNCTION, &on_body);
  set(easy, CURLOPT_WRITEDATA, static_cast<void *>(transfer.get()));
  set(easy, CURLOPT_HEADERFUNCTION, &on_header);
  set(easy, CURLOPT_HEADERDATA, static_cast<void *>(transfer.get()));
  switch (request.method) {
  case HttpMethod::head:
    set(easy, CURLOPT_NOBODY, 1L);
    break;
  case HttpMethod::post:
    set(easy, CURLOPT_POST, 1L);
    set(easy, CURLOPT_POSTFIELDSIZE_LARGE,
        static_cast<curl_off_t>(request.body.size()));
    set(easy, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
    break;
  case HttpMethod::get:
    set(easy, CURLOPT_HTTPGET, 1L);
    break;
  }
  curl_slist *list = nullptr;
  for (const auto &[name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist *next = curl_slist_append(list, line.c_str());
    if (next == nullptr) {
      curl_slist_free_all(list);
      return Unexpected(
          HttpError{HttpFailure::transport, "cannot create a request"});
    }
    list = next;
  }
  if (request.method == HttpMethod::post) {
    list = curl_slist_append(list, "Expect:"); // no 100-continue round trip
  }
  transfer->headers.reset(list);
  set(easy, CURLOPT_HTTPHEADER, list);

  auto future = transfer->promise.get_future();
  {
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->stopping) {
      return Unexpected(HttpError{HttpFailure::cancelled, "request cancelled"});
    }
    m_impl->pending[transfer->host_key].push_back(std::move(transfer));
  }
  curl_multi_wakeup(m_impl->multi.get());
  return future.get();
}

} // namespace stalebase::registry
