#pragma once

// Test doubles for the registry client: an HttpClient that records requests and
// replays canned responses, and a Clock whose sleeps only move time forward.

#include "stalebase/registry/clock.hpp"
#include "stalebase/registry/credentials.hpp"
#include "stalebase/registry/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stalebase::test {

using registry::HttpError;
using registry::HttpFailure;
using registry::HttpMethod;
using registry::HttpRequest;
using registry::HttpResponse;

// A response with `status`, `body` and header lines (names lower-cased as the
// real client does).
inline HttpResponse
make_response(long status,
              std::string body = {},
              std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  for (auto &[name, value] : headers) {
    std::string lower = name;
    for (auto &c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    response.headers.emplace_back(std::move(lower), std::move(value));
  }
  return response;
}

class FakeHttpClient final : public registry::HttpClient {
public:
  using Result = Expected<HttpResponse, HttpError>;
  using Handler = std::function<Result(const HttpRequest &)>;

  // Answers `method url` (exact URL, query included) with `response`. Several
  // calls queue answers in order; the last one repeats.
  void on(HttpMethod method, const std::string &url, HttpResponse response) {
    on(method, url,
       [response](const HttpRequest &) -> Result { return response; });
  }
  void on(HttpMethod method, const std::string &url, Handler handler) {
    std::lock_guard lock(m_mutex);
    m_routes[key(method, url)].push_back(std::move(handler));
  }
  void fail(HttpMethod method,
            const std::string &url,
            HttpFailure failure,
            std::string message) {
    on(method, url, [failure, message](const HttpRequest &) -> Result {
      return Unexpected(HttpError{failure, message});
    });
  }

  Result perform(const HttpRequest &request) override {
    Handler handler;
    {
      std::lock_guard lock(m_mutex);
      m_requests.push_back(request);
      const auto it = m_routes.find(key(request.method, request.url));
      if (it == m_routes.end() || it->second.empty()) {
        m_unmatched.push_back(key(request.method, request.url));
        return make_response(404, "no route in FakeHttpClient");
      }
      handler = it->second.front();
      if (it->second.size() > 1) {
        it->second.pop_front();
      }
    }
    return handler(request);
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  // How many requests went to `method url`.
  std::size_t count(HttpMethod method, const std::string &url) const {
    std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (const auto &request : m_requests) {
      if (request.method == method && request.url == url) {
        ++n;
      }
    }
    return n;
  }
  // Requests that matched no route, as "METHOD url".
  std::vector<std::string> unmatched() const {
    std::lock_guard lock(m_mutex);
    return m_unmatched;
  }

private:
  static std::string key(HttpMethod method, const std::string &url) {
    return std::string(registry::to_string(method)) + " " + url;
  }

  mutable std::mutex m_mutex;
  std::map<std::string, std::deque<Handler>> m_routes;
  std::vector<HttpRequest> m_requests;
  std::vector<std::string> m_unmatched;
};

// The value of header `name` (case-insensitive) in `request`, or "" when
// absent.
inline std::string header_of(const HttpRequest &request,
                             const std::string &name) {
  for (const auto &[key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return {};
}

class FakeClock final : public registry::Clock {
public:
  std::chrono::steady_clock::time_point now() override {
    std::lock_guard lock(m_mutex);
    return m_now;
  }
  std::chrono::system_clock::time_point wall_now() override {
    std::lock_guard lock(m_mutex);
    return m_wall + (m_now - std::chrono::steady_clock::time_point{});
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::lock_guard lock(m_mutex);
    m_sleeps.push_back(duration);
    m_now += duration;
  }
  void advance(std::chrono::milliseconds duration) {
    std::lock_guard lock(m_mutex);
    m_now += duration;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(m_mutex);
    return m_sleeps;
  }

private:
  mutable std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_now{std::chrono::hours(1)};
  // 2026-01-01T00:00:00Z minus the steady offset above.
  std::chrono::system_clock::time_point m_wall{
      std::chrono::seconds(1767225600 - 3600)};
  std::vector<std::chrono::milliseconds> m_sleeps;
};

// Fixed credentials per registry name.
class FakeCredentials final : public registry::CredentialProvider {
public:
  void set(const std::string &registry, registry::Credentials credentials) {
    m_credentials[registry] = std::move(credentials);
  }
  Expected<std::optional<registry::Credentials>, std::string>
  find(std::string_view registry, std::string_view) override {
    const auto it = m_credentials.find(std::string(registry));
    if (it == m_credentials.end()) {
      return std::optional<registry::Credentials>{};
    }
    return std::optional<registry::Credentials>{it->second};
  }

private:
  std::map<std::string, registry::Credentials> m_credentials;
};

} // namespace stalebase::test
