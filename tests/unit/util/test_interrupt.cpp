#include "stalebase/util/interrupt.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using stalebase::util::exit_on_interrupt;
using stalebase::util::InterruptGuard;

namespace {

struct ChildResult {
  int exit_code = -1; // -1 when it did not exit normally
  std::string output; // what it wrote to standard output and error
};

// Runs `body` in a child process with standard output and error in a pipe.
template <typename Body> ChildResult run_child(Body body) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    body();
    ::_exit(0);
  }
  ::close(fds[1]);
  ChildResult result;
  char buffer[256];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

void say(const char *text) {
  [[maybe_unused]] const ssize_t n =
      ::write(STDOUT_FILENO, text, std::char_traits<char>::length(text));
}

} // namespace

TEST_CASE("util::exit_on_interrupt ends with 128 + the signal", "[util]") {
  SECTION("SIGINT") {
    const ChildResult child = run_child([] {
      exit_on_interrupt();
      ::raise(SIGINT);
      say("not reached\n");
    });
    CHECK(child.exit_code == 130);
    CHECK(child.output == "stalebase: interrupted\n");
  }
  SECTION("SIGTERM") {
    const ChildResult child = run_child([] {
      exit_on_interrupt();
      ::raise(SIGTERM);
      say("not reached\n");
    });
    CHECK(child.exit_code == 143);
    CHECK(child.output == "stalebase: interrupted\n");
  }
  SECTION("a signal ignored from the start stays ignored") {
    const ChildResult child = run_child([] {
      ::signal(SIGINT, SIG_IGN);
      exit_on_interrupt();
      ::raise(SIGINT);
      say("still running\n");
    });
    CHECK(child.exit_code == 0);
    CHECK(child.output == "still running\n");
  }
}

TEST_CASE("util::InterruptGuard defers the exit to the last guard", "[util]") {
  const ChildResult child = run_child([] {
    exit_on_interrupt();
    {
      const InterruptGuard outer;
      {
        const InterruptGuard inner;
        ::raise(SIGINT);
        say("inner done\n");
      }
      say("outer done\n");
    }
    say("not reached\n");
  });
  CHECK(child.exit_code == 130);
  CHECK(child.output == "inner done\nouter done\nstalebase: interrupted\n");
}

TEST_CASE("util::InterruptGuard without a signal changes nothing", "[util]") {
  const ChildResult child = run_child([] {
    exit_on_interrupt();
    { const InterruptGuard guard; }
    say("done\n");
  });
  CHECK(child.exit_code == 0);
  CHECK(child.output == "done\n");
}
