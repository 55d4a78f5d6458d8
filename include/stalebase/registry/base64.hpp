#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::registry {

// Standard-alphabet base64 with padding (RFC 4648 §4), as `auth` in config.json
// uses.
std::string base64_encode(std::string_view bytes);

// Decodes standard base64; padding is optional, surrounding whitespace is
// ignored. Fails with "invalid base64" on any other character or an impossible
// length.
Expected<std::string, std::string> base64_decode(std::string_view text);

} // namespace stalebase::registry
