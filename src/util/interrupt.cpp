#include "stalebase/util/interrupt.hpp"

#include "stalebase/util/exit_code.hpp"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace stalebase::util {

namespace {

// How many guards are alive, or k_exiting once a signal decided to end the
// process. The handler may run on any thread, so this is the only state, and
// lock-free.
constexpr int k_exiting = -1;
std::atomic<int> g_guards{0};
std::atomic<int> g_pending{0};

static_assert(std::atomic<int>::is_always_lock_free);
static_assert(128 + SIGINT == to_int(ExitCode::interrupted) &&
              128 + SIGTERM == to_int(ExitCode::terminated));

[[noreturn]] void end_process(int signal) {
  static constexpr char k_message[] = "stalebase: interrupted\n";
  // Nothing to do if standard error is gone.
  [[maybe_unused]] const ssize_t written =
      ::write(STDERR_FILENO, k_message, sizeof k_message - 1);
  ::_exit(128 + signal);
}

// Claims the exit when no guard is alive; false when a guard is (the last one
// ends the process) or another thread already claimed it.
bool claim_exit() {
  int expected = 0;
  return g_guards.compare_exchange_strong(expected, k_exiting);
}

extern "C" void on_signal(int signal) {
  // Pending first, then the claim: a guard left in between sees the pending
  // signal, one left before lets the claim succeed.
  g_pending.store(signal);
  if (claim_exit()) {
    end_process(signal);
  }
}

void install(int signal) {
  struct sigaction old {};
  if (::sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) {
    return;
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(signal, &action, nullptr);
}

} // namespace

void exit_on_interrupt() {
  install(SIGINT);
  install(SIGTERM);
}

InterruptGuard::InterruptGuard() {
  int guards = g_guards.load();
  while (true) {
    if (guards == k_exiting) {
      // The process is ending on another thread: never start the work.
      while (true) {
        ::pause();
      }
    }
    if (g_guards.compare_exchange_weak(guards, guards + 1)) {
      return;
    }
  }
}

InterruptGuard::~InterruptGuard() {
  if (g_guards.fetch_sub(1) == 1 && g_pending.load() != 0 && claim_exit()) {
    end_process(g_pending.load());
  }
}

} // namespace stalebase::util
