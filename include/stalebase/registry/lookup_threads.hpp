#pragma once

#include <algorithm>
#include <cstddef>

namespace stalebase::registry {

// Threads to wait on registry look-ups when `jobs` requests may be in flight
// per host. The HTTP client bounds the requests per host; more threads than
// that keep its slots busy while some look-ups wait on a tag list or a token.
// Twice as many: with 4 times, a cold check of a few hundred references spent
// more CPU on threads (stacks, allocator caches) for no request sooner
// (docs/benchmarks.md, "Check").
constexpr std::size_t k_lookup_threads_per_job = 2;

constexpr std::size_t lookup_threads(std::size_t jobs) {
  return k_lookup_threads_per_job * std::max<std::size_t>(jobs, 1);
}

} // namespace stalebase::registry
