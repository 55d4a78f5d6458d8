#include "stalebase/registry/digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace stalebase::registry {

namespace {

struct MdContextDeleter {
  void operator()(EVP_MD_CTX *context) const { EVP_MD_CTX_free(context); }
};

std::string hex_digest(const EVP_MD *algorithm, std::string_view bytes) {
  std::unique_ptr<EVP_MD_CTX, MdContextDeleter> context(EVP_MD_CTX_new());
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (!context || EVP_DigestInit_ex(context.get(), algorithm, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), out.data(), &length) != 1) {
    // Only a broken OpenSSL installation gets here.
    throw std::runtime_error("openssl digest failed");
  }
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string text;
  text.reserve(std::size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) {
    text += k_hex[out[i] >> 4U];
    text += k_hex[out[i] & 15U];
  }
  return text;
}

} // namespace

Digest sha256_digest(std::string_view bytes) {
  // Hex of a SHA-256 is a valid digest by construction; parse() keeps Digest's
  // one way in.
  return Digest::parse("sha256:" + hex_digest(EVP_sha256(), bytes)).value();
}

Expected<void, std::string> verify_digest(std::string_view bytes,
                                          const Digest &digest) {
  const EVP_MD *algorithm =
      digest.algorithm() == "sha512" ? EVP_sha512() : EVP_sha256();
  const std::string actual =
      std::string(digest.algorithm()) + ":" + hex_digest(algorithm, bytes);
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
