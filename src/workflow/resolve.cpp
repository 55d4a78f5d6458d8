#include "stalebase/workflow/resolve.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace stalebase::workflow {

std::vector<Resolved>
resolve_all(registry::Registry &registry,
            const std::vector<reference::ImageReference> &references,
            const std::optional<registry::Platform> &platform,
            bool with_children,
            std::size_t threads) {
  std::vector<std::optional<Resolved>> results(references.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < references.size(); i = next++) {
      results[i] = registry::resolve_reference(registry, references[i],
                                               platform, with_children);
    }
  };
  const std::size_t count = std::clamp<std::size_t>(
      threads, 1, std::max<std::size_t>(references.size(), 1));
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < count; ++i) {
    workers.emplace_back(work);
  }
  work();
  for (auto &worker : workers) {
    worker.join();
  }
  std::vector<Resolved> resolved;
  resolved.reserve(results.size());
  for (std::optional<Resolved> &result : results) {
    resolved.push_back(std::move(*result));
  }
  return resolved;
}

} // namespace stalebase::workflow
