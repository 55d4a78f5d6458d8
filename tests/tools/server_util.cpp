#include "server_util.hpp"

#include "common.hpp"

#include <sys/socket.h>
#include <thread>

namespace stalebase::testkit {

namespace {

constexpr int k_listen_backlog = 1024;

} // namespace

void add_listen_options(CLI::App &command, ListenOptions &options) {
  command.add_option("--host", options.host,
                     "loopback address to listen on (default 127.0.0.1)");
  command.add_option("--port", options.port, "port to listen on (0 = free)");
  command.add_option("--port-file", options.port_file,
                     "file to write the chosen port to, once listening");
  command.add_option("--max-lifetime", options.max_lifetime,
                     "seconds after which the server stops by itself "
                     "(0 = never; default 1800)");
  command.add_flag("--exit-with-parent", options.exit_with_parent,
                   "stop when the process that started this one is gone");
}

void require_loopback(const std::string &host) {
  if (host == "::1" || host == "localhost" || starts_with(host, "127.")) {
    return;
  }
  throw Failure("listen address \"" + host +
                "\" is not a loopback address (127.0.0.0/8 or ::1)");
}

RequestLog::RequestLog(const std::string &path) {
  if (path.empty()) {
    return;
  }
  m_file = std::fopen(path.c_str(), "a");
  if (m_file == nullptr) {
    throw Failure("cannot open log file \"" + path + "\"");
  }
}

RequestLog::~RequestLog() {
  if (m_file != nullptr) {
    std::fclose(m_file);
  }
}

void RequestLog::write(const std::string &line) {
  if (m_file == nullptr) {
    return;
  }
  const std::lock_guard<std::mutex> lock(m_mutex);
  std::fputs(line.c_str(), m_file);
  std::fputc('\n', m_file);
  std::fflush(m_file);
}

std::string auth_kind(const httplib::Request &request) {
  if (!request.has_header("Authorization")) {
    return "no";
  }
  const std::string value = to_lower(request.get_header_value("Authorization"));
  if (starts_with(value, "basic ")) {
    return "basic";
  }
  if (starts_with(value, "bearer ")) {
    return "bearer";
  }
  return "other";
}

void configure_server(httplib::Server &server) {
  // A thread per open connection (cpp-httplib serves a kept-alive connection
  // on one thread until it closes): with fewer threads than a client opens
  // connections, the extra ones wait for a keep-alive timeout, a limit of the
  // fixture that no real registry has (stalebase opens up to --jobs per host).
  server.new_task_queue = [] { return new httplib::ThreadPool(128); };
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(30);
  server.set_read_timeout(30);
  server.set_write_timeout(30);
  server.set_tcp_nodelay(true);
}

int bind_server(httplib::Server &server, const std::string &host, int port) {
  require_loopback(host);
  // Debian's cpp-httplib listens with a backlog of 5 (a constant of its
  // shared library): a client opening 16 connections at once has some of its
  // SYNs dropped and sent again a second later, a delay of the fixture, not of
  // the client under test. Calling listen() again on the bound socket raises
  // the backlog.
  int listening = -1;
  server.set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  int bound = port;
  if (port == 0) {
    bound = server.bind_to_any_port(host);
    if (bound <= 0) {
      throw Failure("cannot listen on \"" + host + "\"");
    }
  } else if (!server.bind_to_port(host, port)) {
    throw Failure("cannot listen on \"" + host + ":" + std::to_string(port) +
                  "\"");
  }
  server.set_socket_options(httplib::default_socket_options);
  if (listening >= 0 && ::listen(listening, k_listen_backlog) != 0) {
    throw Failure("cannot listen on \"" + host + "\" with a larger backlog");
  }
  return bound;
}

int serve_until_done(const std::vector<httplib::Server *> &servers,
                     int child_pid) {
  std::vector<std::thread> threads;
  threads.reserve(servers.size());
  for (auto *server : servers) {
    threads.emplace_back([server] { server->listen_after_bind(); });
  }
  const int status = wait_for_termination(child_pid);
  for (auto *server : servers) {
    server->stop();
  }
  for (auto &thread : threads) {
    thread.join();
  }
  return status;
}

} // namespace stalebase::testkit
