#pragma once

// The program's one worker-thread loop.

#include <cstddef>
#include <functional>

namespace stalebase::util {

// Calls `body(i)` for every i in [0, count) on up to `workers` threads, the
// calling thread being one of them (so `workers` 0 or 1 runs everything here,
// in order). Items are handed out in index order. When a call throws, no new
// item starts, the threads are all joined, and then the first exception is
// rethrown to the caller.
void parallel_for(std::size_t count,
                  std::size_t workers,
                  const std::function<void(std::size_t)> &body);

} // namespace stalebase::util
