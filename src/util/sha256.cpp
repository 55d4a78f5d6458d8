#include "stalebase/util/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace stalebase::util {

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

std::string sha256_hex(std::string_view bytes) {
  return hex_digest(EVP_sha256(), bytes);
}

std::string sha512_hex(std::string_view bytes) {
  return hex_digest(EVP_sha512(), bytes);
}

} // namespace stalebase::util
