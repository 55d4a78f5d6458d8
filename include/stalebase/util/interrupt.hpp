#pragma once

// Ending the process at once on SIGINT and SIGTERM, except inside the short
// sections that must not be cut (writing a file beside the one it replaces).

namespace stalebase::util {

// Installs handlers that, on SIGINT or SIGTERM, write "stalebase:
// interrupted" and a newline to standard error and end the process with exit
// code 128 + the signal (130, 143) without unwinding: no output is flushed and
// no destructor runs. Inside an InterruptGuard the process ends when the last
// guard is left instead. A signal the process started with ignored (a
// background job of a shell without job control) stays ignored. Call once,
// from main; never fails.
void exit_on_interrupt();

// While one is alive (on any thread), SIGINT and SIGTERM wait: the process
// ends when the last one is destroyed. Keep the guarded work short and free of
// network waits.
class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard &) = delete;
  InterruptGuard &operator=(const InterruptGuard &) = delete;
};

} // namespace stalebase::util
