#pragma once

#include <chrono>

namespace stalebase::registry {

// Time as the registry client sees it, injected so that tests of retries,
// backoff and token expiry run instantly.
class Clock {
public:
  virtual ~Clock() = default;
  Clock() = default;
  Clock(const Clock &) = delete;
  Clock &operator=(const Clock &) = delete;

  // Monotonic time, for deadlines, backoff and token expiry.
  virtual std::chrono::steady_clock::time_point now() = 0;
  // Wall-clock time, for HTTP dates and a token's `issued_at`.
  virtual std::chrono::system_clock::time_point wall_now() = 0;
  // Blocks the calling thread for `duration`.
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clocks and std::this_thread::sleep_for.
class SystemClock final : public Clock {
public:
  std::chrono::steady_clock::time_point now() override;
  std::chrono::system_clock::time_point wall_now() override;
  void sleep_for(std::chrono::milliseconds duration) override;
};

} // namespace stalebase::registry
