#include "stalebase/workflow/resolve.hpp"

#include "stalebase/util/parallel_for.hpp"

namespace stalebase::workflow {

std::vector<Resolved>
resolve_all(registry::Registry &registry,
            const std::vector<reference::ImageReference> &references,
            const std::optional<reference::Platform> &platform,
            bool with_children,
            std::size_t threads) {
  std::vector<std::optional<Resolved>> results(references.size());
  util::parallel_for(references.size(), threads, [&](std::size_t i) {
    results[i] = registry::resolve_reference(registry, references[i], platform,
                                             with_children);
  });
  std::vector<Resolved> resolved;
  resolved.reserve(results.size());
  for (std::optional<Resolved> &result : results) {
    resolved.push_back(std::move(*result));
  }
  return resolved;
}

} // namespace stalebase::workflow
