#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::reference {

// Docker's rule for the first of several `/`-separated components: it names a
// registry host when it is `localhost` or contains `.`, `:` or an uppercase
// letter.
bool looks_like_host(std::string_view component);

// Checks `host` against `(domain-name | "[" ipv6 "]") [":" digits]`, where a
// domain name is `.`-separated labels of letters, digits and inner `-`, and the
// IPv6 address is hex digits and `:` (no zone id, no dotted IPv4 tail). Fails
// with `invalid registry host "<host>": …` or `invalid port "<port>": expected
// digits`.
Expected<void, std::string> validate_host(std::string_view host);

} // namespace stalebase::reference
