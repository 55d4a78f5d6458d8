#include "registry/transport.hpp"

#include "stalebase/registry/retry_after.hpp"
#include "stalebase/util/strings.hpp"

#include "registry/registry_errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace stalebase::registry {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int k_max_redirects = 10;

// Waits a rate limit (429) asks for with Retry-After do not use up a
// request's attempts (the registry said when to come back, and everything to
// that host waits together), but a registry that keeps asking is given up on
// after this many.
constexpr int k_max_told_waits = 8;

bool is_retryable_status(long status) {
  return status == 408 || status == 429 || status == 499 || status == 500 ||
         status == 502 || status == 503 || status == 504 || status == 522;
}

// Removes every header named `lower_name` (given in lower case), whatever
// case the request wrote it in.
void erase_header(HttpRequest &request, std::string_view lower_name) {
  std::erase_if(request.headers, [lower_name](const auto &header) {
    return util::iequals(header.first, lower_name);
  });
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

} // namespace

// Backoff and rate-limit state shared by every request to one origin.
struct Transport::OriginState {
  std::mutex mutex;
  int level = 0;
  // No request to the origin starts before this instant: every thread's
  // requests wait for it together.
  SteadyTime not_before{};
  // When the backoff level last went up: failures of requests sent before it
  // belong to the same episode and do not raise it again.
  SteadyTime escalated_at{};
  int successes = 0;
  // Set when a connection could not be made (DNS, refused, unreachable):
  // every later request to the origin fails with it at once, for the run.
  std::optional<RegistryError> unreachable;
};

std::optional<std::string> ca_file_for(const RegistryClientOptions &options,
                                       const std::string &registry) {
  const auto it = options.ca_files.find(registry);
  if (it == options.ca_files.end()) {
    return std::nullopt;
  }
  return it->second;
}

Transport::Transport(HttpClient &http,
                     Clock &clock,
                     const RegistryClientOptions &options)
    : m_http(http), m_clock(clock), m_options(options) {}

Transport::~Transport() = default;

Transport::OriginState &Transport::origin_state(const Url &url) {
  std::lock_guard lock(m_origins_mutex);
  auto &slot = m_origins[url.scheme + "://" + url.host + ":" +
                         std::to_string(url.effective_port())];
  if (!slot) {
    slot = std::make_unique<OriginState>();
  }
  return *slot;
}

std::optional<RegistryError> Transport::deadline_error(milliseconds wait) {
  if (m_options.deadline && m_clock.now() + wait >= *m_options.deadline) {
    return make_error(RegistryErrorKind::timeout, "run deadline reached");
  }
  return std::nullopt;
}

void Transport::show_warnings(const HttpResponse &response) {
  for (const auto &value : response.headers_named("warning")) {
    // `299 - "text"`: show the text once per run, never act on it.
    std::string text = value;
    const std::size_t quote = value.find('"');
    const std::size_t end = value.rfind('"');
    if (quote != std::string::npos && end > quote) {
      text = value.substr(quote + 1, end - quote - 1);
    }
    std::lock_guard lock(m_warning_mutex);
    if (m_warnings_shown.insert(text).second) {
      spdlog::warn("registry says: {}", text);
    }
  }
}

// One request, following redirects ourselves: Authorization is dropped when
// the origin changes, a body (a token request's refresh token) never goes
// to another origin, and https→http is refused.
Sent Transport::perform_following(HttpRequest request, bool log_query) {
  Sent sent{
      Unexpected(make_error(RegistryErrorKind::refused, "too many redirects")),
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
    auto response = m_http.perform(request);
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
      sent.response =
          Unexpected(make_error(RegistryErrorKind::invalid_response,
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
    const bool keeps_body = response->status == 307 || response->status == 308;
    if (!same_origin(*current, *next) && keeps_body && !request.body.empty()) {
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
      erase_header(request, "authorization");
    }
    if (!keeps_body && request.method == HttpMethod::post) {
      // 301, 302 and 303 turn a POST into a GET without its body, as
      // browsers and curl do.
      request.method = HttpMethod::get;
      request.body.clear();
      erase_header(request, "content-type");
    }
    request.url = next->to_string();
    current = std::move(next);
  }
  return sent;
}

milliseconds Transport::backoff_delay(int level) {
  const auto base = m_options.backoff_initial.count() << std::min(level, 16);
  const auto capped = std::min<long long>(base, m_options.backoff_max.count());
  std::lock_guard lock(m_random_mutex);
  // ±20 % jitter so that many clients do not retry in step.
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return milliseconds(
      static_cast<long long>(static_cast<double>(capped) * jitter(m_random)));
}

// Waits until the origin's backoff allows a request, again if another
// request moved the instant further while this one slept. Fails if that wait
// would cross the run's deadline.
std::optional<RegistryError> Transport::wait_for(OriginState &origin) {
  for (;;) {
    SteadyTime until;
    {
      std::lock_guard lock(origin.mutex);
      until = origin.not_before;
    }
    const auto now = m_clock.now();
    if (until <= now) {
      return deadline_error();
    }
    const auto wait = std::chrono::ceil<milliseconds>(until - now);
    if (auto error = deadline_error(wait)) {
      return error;
    }
    m_clock.sleep_for(wait);
  }
}

// After a failure of a request sent at `sent_at`: what the registry asked
// for exactly (Retry-After, no jitter, no escalation), else exponential
// backoff with jitter, raised once per episode: requests that were already in
// flight when the level last went up fail for the same reason and share the
// wait already set.
void Transport::back_off(OriginState &origin,
                         std::optional<seconds> retry_after,
                         SteadyTime sent_at) {
  std::lock_guard lock(origin.mutex);
  const SteadyTime now = m_clock.now();
  origin.successes = 0;
  if (retry_after) {
    origin.not_before =
        std::max(origin.not_before, now + milliseconds(*retry_after));
    return;
  }
  if (sent_at < origin.escalated_at && origin.not_before > now) {
    return;
  }
  const milliseconds delay = backoff_delay(origin.level);
  origin.level = std::min(origin.level + 1, 16);
  origin.escalated_at = now;
  origin.not_before = std::max(origin.not_before, now + delay);
}

void Transport::succeeded(OriginState &origin) {
  std::lock_guard lock(origin.mutex);
  if (origin.level > 0 && ++origin.successes >= 5) {
    --origin.level;
    origin.successes = 0;
  }
}

// Whether the origin could not be connected to earlier in the run.
std::optional<RegistryError> Transport::unreachable(OriginState &origin) {
  std::lock_guard lock(origin.mutex);
  return origin.unreachable;
}

Sent Transport::send(HttpRequest request, const SendOptions &send_options) {
  auto url = parse_url(request.url);
  if (!url) {
    return Sent{Unexpected(make_error(RegistryErrorKind::refused, url.error())),
                std::nullopt, false};
  }
  OriginState &origin = origin_state(*url);
  Sent last{
      Unexpected(make_error(RegistryErrorKind::network, "no attempt made")),
      std::nullopt, false};
  const int max_attempts =
      std::max(send_options.max_attempts > 0 ? send_options.max_attempts
                                             : m_options.max_attempts,
               1);
  // Attempts count failures the registry gave no time for; waits it asked
  // for count apart (k_max_told_waits).
  int attempt = 1;
  int told_waits = 0;
  for (;;) {
    if (auto error = unreachable(origin)) {
      last.response = Unexpected(*error);
      last.failure = HttpFailure::connect;
      return last;
    }
    if (auto error = wait_for(origin)) {
      last.response = Unexpected(*error);
      return last;
    }
    request.timeout = m_options.request_timeout;
    if (m_options.deadline) {
      const auto left = std::chrono::duration_cast<milliseconds>(
          *m_options.deadline - m_clock.now());
      request.timeout =
          std::max(milliseconds(1), std::min(request.timeout, left));
    }
    const SteadyTime sent_at = m_clock.now();
    last = perform_following(request, send_options.log_query);
    const bool final_attempt = attempt >= max_attempts;
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
        back_off(origin, std::nullopt, sent_at);
        ++attempt;
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
      retry_after = parse_retry_after(*value, m_clock.wall_now());
    }
    if (retry_after && *retry_after > m_options.max_retry_after) {
      last.response = Unexpected(
          make_error(RegistryErrorKind::rate_limited,
                     "rate limited: the registry asks to wait " +
                         std::to_string(retry_after->count()) + " s"));
      return last;
    }
    // Only a rate limit's wait is free: a 503 that names a time is still an
    // outage, and its attempts are counted.
    const bool told =
        status == 429 && retry_after && told_waits < k_max_told_waits;
    if (!told && final_attempt) {
      return last;
    }
    if (told) {
      ++told_waits;
    } else {
      ++attempt;
    }
    spdlog::debug("HTTP {} from {}: retrying ({})", status, url->authority(),
                  told ? "after " + std::to_string(retry_after->count()) +
                             " s, as asked"
                       : "attempt " + std::to_string(attempt) + " of " +
                             std::to_string(max_attempts));
    back_off(origin, retry_after, sent_at);
  }
}

} // namespace stalebase::registry
