#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::registry {

// `sha256:` + 64 lower-case hex digits of the SHA-256 of `bytes` (OpenSSL EVP).
std::string sha256_digest(std::string_view bytes);

// True for `sha256:` + 64 hex or `sha512:` + 128 hex (lower-case hex, as
// registries send).
bool is_valid_digest(std::string_view digest);

// Checks that `bytes` hash to `digest` (sha256 or sha512). Fails with
// "unsupported digest \"…\"" or "digest mismatch: expected \"…\", got \"…\"".
Expected<void, std::string> verify_digest(std::string_view bytes,
                                          std::string_view digest);

} // namespace stalebase::registry
