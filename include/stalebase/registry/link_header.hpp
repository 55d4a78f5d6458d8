#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::registry {

// The URI of the `rel="next"` link among all `Link` header values (RFC 8288),
// taken verbatim from between `<` and `>`: never decoded or rebuilt. The rel
// may be quoted or bare and may list several relation types. Empty when there
// is no next link.
std::optional<std::string>
next_link(const std::vector<std::string> &link_headers);

} // namespace stalebase::registry
