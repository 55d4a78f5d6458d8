#include "stalebase/registry/credential_helper.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

extern char **environ;

namespace stalebase::registry {

namespace {

constexpr std::size_t k_max_helper_output = 64U * 1024U;

std::string program_name(std::string_view helper) {
  return "docker-credential-" + std::string(helper);
}

// Closes a file descriptor when it goes out of scope.
class Fd {
public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int get() const { return m_fd; }
  void reset(int fd = -1) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd;
};

// Writes to a pipe without dying of SIGPIPE if the child already exited.
void write_ignoring_sigpipe(int fd, std::string_view data) {
  sigset_t block;
  sigset_t old;
  sigemptyset(&block);
  sigaddset(&block, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      break;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  sigset_t pending;
  sigpending(&pending);
  if (sigismember(&pending, SIGPIPE) == 1) {
    const timespec zero{0, 0};
    sigtimedwait(&block, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// The child's wait status once it exits, or nothing if it is still running at
// `deadline`. Polls: a helper normally exits as it closes stdout, so the first
// look almost always finds it gone.
std::optional<int> wait_until(pid_t pid,
                              std::chrono::steady_clock::time_point deadline) {
  auto pause = std::chrono::microseconds(100);
  while (true) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return status;
    }
    if (done < 0 && errno != EINTR) {
      return 0; // already reaped or not ours: nothing left to wait for
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::nanoseconds>(pause, deadline - now));
    pause = std::min<std::chrono::microseconds>(pause * 2,
                                                std::chrono::milliseconds(10));
  }
}

} // namespace

std::pair<std::chrono::steady_clock::time_point, bool>
ProcessCredentialHelperRunner::deadline_from_now() const {
  const auto own = std::chrono::steady_clock::now() + m_timeout;
  if (m_deadline && *m_deadline < own) {
    return {*m_deadline, true};
  }
  return {own, false};
}

Expected<HelperResult, std::string> parse_helper_output(
    std::string_view output, int exit_status, std::string_view helper) {
  const std::string name = program_name(helper);
  if (exit_status != 0) {
    if (output.find("credentials not found in native keychain") !=
        std::string_view::npos) {
      return HelperResult{};
    }
    return Unexpected("credential helper \"" + name +
                      "\" failed (exit status " + std::to_string(exit_status) +
                      ")");
  }
  const auto json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Unexpected("credential helper \"" + name +
                      "\" gave an answer that is not JSON");
  }
  HelperResult result;
  const auto username = json.find("Username");
  const auto secret = json.find("Secret");
  if (username != json.end() && username->is_string()) {
    result.username = username->get<std::string>();
  }
  if (secret != json.end() && secret->is_string()) {
    result.secret = secret->get<std::string>();
  }
  result.found = !result.secret.empty();
  return result;
}

Expected<HelperResult, std::string>
ProcessCredentialHelperRunner::get(const std::string &helper,
                                   const std::string &server_url) {
  const std::string name = program_name(helper);
  if (helper.empty() || helper.find('/') != std::string::npos) {
    return Unexpected("invalid credential helper name \"" + helper + "\"");
  }
  if (m_deadline && std::chrono::steady_clock::now() >= *m_deadline) {
    return Unexpected("credential helper \"" + name +
                      "\" not run: the run's deadline (--deadline) has passed");
  }
  const std::string program =
      m_directory.empty() ? name : m_directory + "/" + name;
  std::array<int, 2> in{-1, -1};
  std::array<int, 2> out{-1, -1};
  if (::pipe2(in.data(), O_CLOEXEC) != 0) {
    return Unexpected("cannot run credential helper \"" + name + "\"");
  }
  Fd in_read(in[0]);
  Fd in_write(in[1]);
  if (::pipe2(out.data(), O_CLOEXEC) != 0) {
    return Unexpected("cannot run credential helper \"" + name + "\"");
  }
  Fd out_read(out[0]);
  Fd out_write(out[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::string arg0 = program;
  std::string arg1 = "get";
  std::array<char *, 3> argv{arg0.data(), arg1.data(), nullptr};
  pid_t pid = 0;
  const int spawned = m_directory.empty()
                          ? posix_spawnp(&pid, program.c_str(), &actions,
                                         nullptr, argv.data(), environ)
                          : posix_spawn(&pid, program.c_str(), &actions,
                                        nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return HelperResult{false, {}, {}, true};
  }
  in_read.reset();
  out_write.reset();
  // The server URL goes on stdin, never in argv, with no newline.
  write_ignoring_sigpipe(in_write.get(), server_url);
  in_write.reset();

  // Every way out below reaps the child: one that prints too much, closes
  // stdout and lingers, or never answers is killed at the deadline.
  // Not a structured binding: lambdas below capture both (clang 14 refuses).
  const auto limit = deadline_from_now();
  const std::chrono::steady_clock::time_point deadline = limit.first;
  const bool by_run = limit.second;
  std::string output;
  const auto fail_killed = [&](std::string message) {
    kill_and_reap(pid);
    return Expected<HelperResult, std::string>(
        Unexpected("credential helper \"" + name + "\" " + message));
  };
  const auto late = [&] {
    return by_run
               ? std::string("did not answer before the run's deadline "
                             "(--deadline)")
               : "timed out after " + std::to_string(m_timeout.count()) + " ms";
  };
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return fail_killed(late());
    }
    // Rounded up, so that the wait never ends before the deadline.
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    pollfd fd{out_read.get(), POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready < 0) {
      return fail_killed("could not be read");
    }
    if (ready == 0) {
      continue; // the deadline check above ends it
    }
    std::array<char, 4096> buffer{};
    const ssize_t got = ::read(out_read.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    if (output.size() + static_cast<std::size_t>(got) > k_max_helper_output) {
      return fail_killed("printed more than " +
                         std::to_string(k_max_helper_output / 1024) + " KiB");
    }
    output.append(buffer.data(), static_cast<std::size_t>(got));
  }
  // Stdout is closed; the helper still has until the deadline to exit.
  const std::optional<int> status = wait_until(pid, deadline);
  if (!status) {
    return fail_killed(late());
  }
  const int exit_status =
      WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
  if (exit_status == 127 && output.empty()) {
    return HelperResult{false, {}, {}, true};
  }
  return parse_helper_output(output, exit_status, helper);
}

} // namespace stalebase::registry
