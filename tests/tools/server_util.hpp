#pragma once

#include <CLI/CLI.hpp>
#include <httplib.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace stalebase::testkit {

// Where a testkit server listens and how long it may live.
struct ListenOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string port_file;
  int max_lifetime = 1800;
  bool exit_with_parent = false;
};

// Adds --host, --port, --port-file, --max-lifetime and --exit-with-parent.
void add_listen_options(CLI::App &command, ListenOptions &options);

// Refuses any listen address outside 127.0.0.0/8 and ::1: the testkit only
// ever serves loopback. Throws Failure.
void require_loopback(const std::string &host);

// A line-per-request log, safe to share between server threads. Lines are
// flushed at once so that a test can read the file while the server runs.
// Never given header values: only whether an Authorization header came.
class RequestLog {
public:
  // An empty path logs nothing; throws Failure if the file cannot be opened.
  explicit RequestLog(const std::string &path);
  ~RequestLog();
  RequestLog(const RequestLog &) = delete;
  RequestLog &operator=(const RequestLog &) = delete;

  void write(const std::string &line);

private:
  std::mutex m_mutex;
  std::FILE *m_file = nullptr;
};

// "no", "basic", "bearer" or "other": the scheme of the request's
// Authorization header, never its value.
std::string auth_kind(const httplib::Request &request);

// Thread pool, keep-alive and timeouts suited to a test server.
void configure_server(httplib::Server &server);

// Binds to host:port (0 = any free port) and returns the port; throws.
int bind_server(httplib::Server &server, const std::string &host, int port);

// Serves every bound server on its own thread until SIGTERM/SIGINT, the
// watchdog, or the end of `child_pid` (if > 0); then stops them. Returns the
// child's exit status, or 0.
int serve_until_done(const std::vector<httplib::Server *> &servers,
                     int child_pid);

} // namespace stalebase::testkit
