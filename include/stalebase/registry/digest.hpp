#pragma once

#include "stalebase/reference/digest.hpp"
#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::registry {

using reference::Digest;

// `sha256:` + 64 lower-case hex digits of the SHA-256 of `bytes` (OpenSSL EVP).
Digest sha256_digest(std::string_view bytes);

// Checks that `bytes` hash to `digest` (sha256 or sha512). Fails with
// "digest mismatch: expected \"…\", got \"…\"".
Expected<void, std::string> verify_digest(std::string_view bytes,
                                          const Digest &digest);

// The digest a registry named in its `Docker-Content-Digest` header. Fails with
// "the registry sent an invalid Docker-Content-Digest \"…\"" for anything that
// is not a digest: the header comes from the network and is never trusted as
// one.
Expected<Digest, std::string> parse_digest_header(std::string_view value);

} // namespace stalebase::registry
