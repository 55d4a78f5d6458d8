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

bool is_lower_hex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

} // namespace

std::string sha256_digest(std::string_view bytes) {
  return "sha256:" + hex_digest(EVP_sha256(), bytes);
}

bool is_valid_digest(std::string_view digest) {
  if (digest.substr(0, 7) == "sha256:") {
    return digest.size() == 7 + 64 && is_lower_hex(digest.substr(7));
  }
  if (digest.substr(0, 7) == "sha512:") {
    return digest.size() == 7 + 128 && is_lower_hex(digest.substr(7));
  }
  return false;
}

Expected<void, std::string> verify_digest(std::string_view bytes,
                                          std::string_view digest) {
  if (!is_valid_digest(digest)) {
    return Unexpected("unsupported digest \"" + std::string(digest) + "\"");
  }
  const std::string actual = digest.substr(0, 7) == "sha256:"
                                 ? sha256_digest(bytes)
                                 : "sha512:" + hex_digest(EVP_sha512(), bytes);
  if (actual != digest) {
    return Unexpected("digest mismatch: expected \"" + std::string(digest) +
                      "\", got \"" + actual + "\"");
  }
  return {};
}

} // namespace stalebase::registry
