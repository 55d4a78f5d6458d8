#pragma once

namespace stalebase::util {

// The process exit codes, as fixed by the design (docs/manual.md, "Exit
// codes").
enum class ExitCode : int {
  // Everything was checked; nothing at or above the --fail-on policy.
  ok = 0,
  // At least one finding at or above the policy: the CI gate fails.
  stale = 1,
  // Usage, configuration or Dockerfile error: nothing was checked for that
  // input.
  usage_error = 2,
  // Some references could not be checked (network, auth, rate limit) and
  // nothing else failed.
  check_error = 3,
  // Interrupted by SIGINT (128 + 2); util::exit_on_interrupt ends the process
  // with it.
  interrupted = 130,
  // Stopped by SIGTERM (128 + 15), likewise.
  terminated = 143,
  // A bug: an exception no command expected reached main (EX_SOFTWARE).
  internal_error = 70,
};

constexpr int to_int(ExitCode code) {
  return static_cast<int>(code);
}

} // namespace stalebase::util
