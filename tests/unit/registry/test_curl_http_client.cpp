#include "stalebase/registry/curl_http_client.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace stalebase::registry;

namespace {

// What a handler sees of a request and gives back.
struct MiniRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers; // lower-case names
  std::string body;
};
struct MiniResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
using MiniHandler = std::function<MiniResponse(const MiniRequest &)>;

// A tiny HTTP/1.1 server on a free loopback port: one thread per connection,
// one request per connection. Enough to test the curl client without another
// dependency.
class LoopbackServer {
public:
  LoopbackServer() {
    m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(m_socket >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(m_socket, reinterpret_cast<sockaddr *>(&address),
                   sizeof(address)) == 0);
    REQUIRE(::listen(m_socket, 64) == 0);
    socklen_t length = sizeof(address);
    REQUIRE(::getsockname(m_socket, reinterpret_cast<sockaddr *>(&address),
                          &length) == 0);
    m_port = ntohs(address.sin_port);
  }
  ~LoopbackServer() {
    m_stopping = true;
    ::shutdown(m_socket, SHUT_RDWR);
    ::close(m_socket);
    if (m_thread.joinable()) {
      m_thread.join();
    }
    std::lock_guard lock(m_mutex);
    for (auto &worker : m_workers) {
      worker.join();
    }
  }
  LoopbackServer(const LoopbackServer &) = delete;
  LoopbackServer &operator=(const LoopbackServer &) = delete;

  void on(const std::string &path, MiniHandler handler) {
    m_handlers[path] = std::move(handler);
  }
  void start() {
    m_thread = std::thread([this] {
      while (!m_stopping) {
        const int client = ::accept(m_socket, nullptr, nullptr);
        if (client < 0) {
          return;
        }
        std::lock_guard lock(m_mutex);
        m_workers.emplace_back([this, client] { serve(client); });
      }
    });
  }
  std::string url(const std::string &path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }

private:
  void serve(int client) {
    std::string data;
    std::array<char, 4096> buffer{};
    std::size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
      const ssize_t got = ::read(client, buffer.data(), buffer.size());
      if (got <= 0) {
        ::close(client);
        return;
      }
      data.append(buffer.data(), static_cast<std::size_t>(got));
      header_end = data.find("\r\n\r\n");
    }
    MiniRequest request;
    const std::string head = data.substr(0, header_end);
    const std::size_t first_space = head.find(' ');
    request.method = head.substr(0, first_space);
    request.path = head.substr(
        first_space + 1, head.find(' ', first_space + 1) - first_space - 1);
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos < head.size()) {
      const std::size_t next = head.find("\r\n", pos + 2);
      const std::string line = head.substr(
          pos + 2, (next == std::string::npos ? head.size() : next) - pos - 2);
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto &c : name) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        request.headers[name] =
            line.substr(line.find_first_not_of(' ', colon + 1));
      }
      pos = next;
    }
    request.body = data.substr(header_end + 4);
    const auto length = request.headers.find("content-length");
    const std::size_t wanted =
        length == request.headers.end() ? 0 : std::stoul(length->second);
    while (request.body.size() < wanted) {
      const ssize_t got = ::read(client, buffer.data(), buffer.size());
      if (got <= 0) {
        break;
      }
      request.body.append(buffer.data(), static_cast<std::size_t>(got));
    }
    const auto handler = m_handlers.find(request.path);
    MiniResponse response = handler == m_handlers.end()
                                ? MiniResponse{404, {}, ""}
                                : handler->second(request);
    std::string text = "HTTP/1.1 " + std::to_string(response.status) +
                       " X\r\nConnection: close\r\n";
    for (const auto &[name, value] : response.headers) {
      text += name + ": " + value + "\r\n";
    }
    text +=
        "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
    if (request.method != "HEAD") {
      text += response.body;
    }
    std::string_view rest = text;
    while (!rest.empty()) {
      const ssize_t sent =
          ::send(client, rest.data(), rest.size(), MSG_NOSIGNAL);
      if (sent <= 0) {
        break;
      }
      rest.remove_prefix(static_cast<std::size_t>(sent));
    }
    ::close(client);
  }

  int m_socket = -1;
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  std::map<std::string, MiniHandler> m_handlers;
  std::thread m_thread;
  std::mutex m_mutex;
  std::vector<std::thread> m_workers;
};

// A handler that holds each request for `hold` and records in `most` the
// most requests it held at once.
MiniHandler counting(std::atomic<int> &running,
                     std::atomic<int> &most,
                     std::chrono::milliseconds hold) {
  return [&running, &most, hold](const MiniRequest &) {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(hold);
    --running;
    return MiniResponse{200, {}, "ok"};
  };
}

// Sends `count` GETs of `url` at once, each from its own thread; how many
// were answered 200.
int get_at_once(CurlHttpClient &client, const std::string &url, int count) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&] {
      HttpRequest request;
      request.url = url;
      const auto response = client.perform(request);
      if (response && response->status == 200) {
        ++ok;
      }
    });
  }
  for (auto &thread : threads) {
    thread.join();
  }
  return ok.load();
}

} // namespace

TEST_CASE("CurlHttpClient against a loopback server", "[registry]") {
  LoopbackServer loopback;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  loopback.on("/hello", [](const MiniRequest &request) {
    const auto accept = request.headers.find("accept");
    return MiniResponse{200,
                        {{"Docker-Content-Digest", "sha256:x"},
                         {"Link", "</a>; rel=\"next\""},
                         {"Link", "</b>; rel=\"prev\""}},
                        "accept=" + (accept == request.headers.end()
                                         ? std::string()
                                         : accept->second)};
  });
  loopback.on("/big", [](const MiniRequest &) {
    return MiniResponse{200, {}, std::string(100000, 'x')};
  });
  loopback.on("/redirect", [](const MiniRequest &) {
    return MiniResponse{302, {{"Location", "https://elsewhere.example/"}}, ""};
  });
  loopback.on("/slow", [](const MiniRequest &) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return MiniResponse{200, {}, "late"};
  });
  loopback.on("/count",
              counting(running, most, std::chrono::milliseconds(100)));
  loopback.on("/form", [](const MiniRequest &request) {
    return MiniResponse{200, {}, request.body};
  });
  loopback.start();

  CurlHttpClientOptions options;
  options.max_per_host = 2;
  CurlHttpClient client(options);

  SECTION("GET: status, headers (all values), body") {
    HttpRequest request;
    request.url = loopback.url("/hello");
    request.headers.emplace_back("Accept", "application/x");
    const auto response = client.perform(request);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "accept=application/x");
    CHECK(response->header("docker-content-digest") == "sha256:x");
    CHECK(response->headers_named("link").size() == 2);
  }
  SECTION("HEAD has no body") {
    HttpRequest request;
    request.method = HttpMethod::head;
    request.url = loopback.url("/hello");
    const auto response = client.perform(request);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body.empty());
  }
  SECTION("POST sends the body") {
    HttpRequest request;
    request.method = HttpMethod::post;
    request.url = loopback.url("/form");
    request.body = "grant_type=refresh_token";
    const auto response = client.perform(request);
    REQUIRE(response);
    CHECK(response->body == "grant_type=refresh_token");
  }
  SECTION("redirects are not followed") {
    HttpRequest request;
    request.url = loopback.url("/redirect");
    const auto response = client.perform(request);
    REQUIRE(response);
    CHECK(response->status == 302);
    CHECK(response->header("location") == "https://elsewhere.example/");
  }
  SECTION("body cap") {
    HttpRequest request;
    request.url = loopback.url("/big");
    request.max_body_bytes = 1000;
    const auto response = client.perform(request);
    REQUIRE_FALSE(response);
    CHECK(response.error().failure == HttpFailure::too_large);
    CHECK(response.error().message == "response body larger than 1000 bytes");
  }
  SECTION("request timeout") {
    HttpRequest request;
    request.url = loopback.url("/slow");
    request.timeout = std::chrono::milliseconds(200);
    const auto response = client.perform(request);
    REQUIRE_FALSE(response);
    CHECK(response.error().failure == HttpFailure::timeout);
    // curl's text, in lower case after our colon.
    CHECK_THAT(response.error().message,
               Catch::StartsWith("operation timed out"));
  }
  SECTION("connection refused") {
    HttpRequest request;
    request.url = "http://127.0.0.1:1/v2/";
    const auto response = client.perform(request);
    REQUIRE_FALSE(response);
    CHECK(response.error().failure == HttpFailure::connect);
    CHECK_THAT(response.error().message,
               Catch::StartsWith("failed to connect to 127.0.0.1 port 1"));
  }
  SECTION("many requests at once, at most max_per_host in flight") {
    CHECK(get_at_once(client, loopback.url("/count"), 8) == 8);
    CHECK(most.load() == 2);
  }
}

TEST_CASE("CurlHttpClient sends a throttling host fewer requests at once",
          "[registry]") {
  LoopbackServer loopback;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  loopback.on("/busy", [](const MiniRequest &) {
    return MiniResponse{429, {{"Retry-After", "1"}}, ""};
  });
  loopback.on("/down", [](const MiniRequest &) {
    return MiniResponse{503, {}, ""};
  });
  // Long enough for every thread to have asked while the first wait.
  loopback.on("/count",
              counting(running, most, std::chrono::milliseconds(300)));
  loopback.start();

  CurlHttpClientOptions options;
  options.max_per_host = 16;
  CurlHttpClient client(options);
  const auto ask = [&](const std::string &path) {
    HttpRequest request;
    request.url = loopback.url(path);
    const auto response = client.perform(request);
    REQUIRE(response);
    return response->status;
  };
  // Requests at once from `count` threads: the most the server saw.
  const auto most_at_once = [&](int count) {
    most = 0;
    CHECK(get_at_once(client, loopback.url("/count"), count) == count);
    return most.load();
  };

  CHECK(most_at_once(20) == 16);
  CHECK(ask("/busy") == 429); // the answer still reaches the caller
  CHECK(most_at_once(12) == 8);
  CHECK(ask("/down") == 503);
  CHECK(most_at_once(8) == 4);
  CHECK(ask("/down") == 503);
  CHECK(most_at_once(8) == 4); // never below k_min_jobs_when_throttled
  STATIC_REQUIRE(k_min_jobs_when_throttled == 4);
}
