#pragma once

#include <algorithm>
#include <cstddef>

namespace stalebase::registry {

// Threads to wait on registry look-ups when `jobs` requests may be in flight
// per host. The HTTP client bounds the requests per host; more threads than
// that keep its slots busy while some look-ups wait on a tag list or a token.
constexpr std::size_t k_lookup_threads_per_job = 4;

constexpr std::size_t lookup_threads(std::size_t jobs) {
  return k_lookup_threads_per_job * std::max<std::size_t>(jobs, 1);
}

} // namespace stalebase::registry
