#include "stalebase/registry/digest.hpp"

#include "stalebase/util/sha256.hpp"

namespace stalebase::registry {

Digest sha256_digest(std::string_view bytes) {
  // Hex of a SHA-256 is a valid digest by construction; parse() keeps Digest's
  // one way in.
  return Digest::parse("sha256:" + util::sha256_hex(bytes)).value();
}

Expected<void, std::string> verify_digest(std::string_view bytes,
                                          const Digest &digest) {
  const std::string actual =
      std::string(digest.algorithm()) + ":" +
      (digest.algorithm() == "sha512" ? util::sha512_hex(bytes)
                                      : util::sha256_hex(bytes));
  if (actual != digest.str()) {
    return Unexpected("digest mismatch: expected \"" + digest.str() +
                      "\", got \"" + actual + "\"");
  }
  return {};
}

Expected<Digest, std::string> parse_digest_header(std::string_view value) {
  auto digest = Digest::parse(value);
  if (!digest) {
    // The value is the registry's, possibly long: show its start only.
    constexpr std::size_t k_shown = 80;
    std::string shown(value.substr(0, k_shown));
    for (char &c : shown) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"') {
        c = '?';
      }
    }
    return Unexpected("the registry sent an invalid Docker-Content-Digest \"" +
                      shown + (value.size() > k_shown ? "…" : "") + "\"");
  }
  return digest;
}

} // namespace stalebase::registry
