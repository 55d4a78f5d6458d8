#pragma once

#include <string_view>

namespace stalebase::cli {

// The git revision the binary was built from (`b897451ab12c`, with `-dirty`
// when the tree had uncommitted changes), or empty when unknown. Written at
// build time by cmake/StalebaseRevision.cmake.
std::string_view build_revision();

} // namespace stalebase::cli
