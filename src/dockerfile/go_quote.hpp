#pragma once

#include <string>
#include <string_view>

namespace stalebase::dockerfile {

// `s` as Go's %q (strconv.Quote) writes it, which is how BuildKit quotes a word
// in its "failed to process" errors: double quotes, `\"` and `\\`, printable
// runes as they are, \n and friends, invalid bytes as \xff, other non-printable
// runes as \u00a0 / \U000e0001.
std::string go_quote(std::string_view s);

} // namespace stalebase::dockerfile
