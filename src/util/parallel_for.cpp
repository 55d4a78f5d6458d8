#include "stalebase/util/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace stalebase::util {

void parallel_for(std::size_t count,
                  std::size_t workers,
                  const std::function<void(std::size_t)> &body) {
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto work = [&] {
    try {
      for (std::size_t i = next++; i < count; i = next++) {
        body(i);
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) {
        failure = std::current_exception();
      }
      next = count;
    }
  };
  const std::size_t threads =
      std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(count, 1));
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t i = 1; i < threads; ++i) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread &thread : pool) {
    thread.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

} // namespace stalebase::util
