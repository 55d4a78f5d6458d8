#pragma once

// SHA-2 hashing (OpenSSL EVP), for the registry's digests and the SARIF
// renderer's fingerprints alike.

#include <string>
#include <string_view>

namespace stalebase::util {

// The 64 lower-case hex digits of the SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// The 128 lower-case hex digits of the SHA-512 of `bytes`.
std::string sha512_hex(std::string_view bytes);

} // namespace stalebase::util
