#pragma once

// The work of `resolve` once its arguments are parsed: every reference looked
// up, several at once.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace stalebase::workflow {

using Resolved = Expected<registry::Resolution, registry::RegistryError>;

// registry::resolve_reference for each of `references` (with the index's
// children when `with_children`), at most `threads` at once; the results in
// the order of `references`. Never throws for registry answers.
std::vector<Resolved>
resolve_all(registry::Registry &registry,
            const std::vector<reference::ImageReference> &references,
            const std::optional<reference::Platform> &platform,
            bool with_children,
            std::size_t threads);

} // namespace stalebase::workflow
