#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::reference {

// The pieces of Docker's reference grammar that other areas need on their own
// (a tag list from a registry, a digest from a response header). Each check
// returns nothing on success, or the exact reason parse_reference would give
// for that piece.

// Checks a tag against `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`. Fails with
// `invalid tag "<tag>": <what was expected>`.
Expected<void, std::string> validate_tag(std::string_view tag);

// Checks a digest: `sha256:` + 64 or `sha512:` + 128 lowercase hex digits.
// Fails with `invalid digest "<digest>": …` or `unsupported digest algorithm
// "<algorithm>": …`.
Expected<void, std::string> validate_digest(std::string_view digest);

// Whether `text` is a 64-character lowercase hex image id (which Docker refuses
// as a name).
bool is_image_id(std::string_view text);

} // namespace stalebase::reference
