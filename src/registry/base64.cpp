#include "stalebase/registry/base64.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstddef>

namespace stalebase::registry {

// OpenSSL's EVP_EncodeBlock and EVP_DecodeBlock do the work; around them only
// what they leave to the caller: chunks whose size fits an int, and the
// leniencies config.json's `auth` needs (surrounding whitespace, missing
// padding) without accepting anything else.

namespace {

// A multiple of 3 (whole base64 quanta) that fits an int.
constexpr std::size_t k_chunk = 3U * 1024U * 1024U;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '+' || c == '/';
}

const unsigned char *bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char *>(text.data());
}

} // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t at = 0; at < bytes.size(); at += k_chunk) {
    const std::string_view chunk = bytes.substr(at, k_chunk);
    std::string encoded((chunk.size() + 2) / 3 * 4 + 1, '\0');
    const int length =
        EVP_EncodeBlock(reinterpret_cast<unsigned char *>(encoded.data()),
                        bytes_of(chunk), static_cast<int>(chunk.size()));
    out.append(encoded, 0, static_cast<std::size_t>(length));
  }
  return out;
}

Expected<std::string, std::string> base64_decode(std::string_view text) {
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.size() % 4 == 1 ||
      !std::all_of(text.begin(), text.end(), is_base64_char)) {
    return Unexpected(std::string("invalid base64"));
  }
  const std::size_t padding = (4 - text.size() % 4) % 4;
  std::string padded(text);
  padded.append(padding, '=');
  std::string out;
  out.reserve(padded.size() / 4 * 3);
  // Chunks of whole quanta: only the last one holds padding.
  constexpr std::size_t k_text_chunk = k_chunk / 3 * 4;
  for (std::size_t at = 0; at < padded.size(); at += k_text_chunk) {
    const std::string_view chunk =
        std::string_view(padded).substr(at, k_text_chunk);
    std::string decoded(chunk.size() / 4 * 3, '\0');
    const int length =
        EVP_DecodeBlock(reinterpret_cast<unsigned char *>(decoded.data()),
                        bytes_of(chunk), static_cast<int>(chunk.size()));
    if (length < 0) {
      return Unexpected(std::string("invalid base64"));
    }
    out.append(decoded, 0, static_cast<std::size_t>(length));
  }
  // EVP_DecodeBlock counts the bytes the padding stands for as zeros.
  out.resize(out.size() - padding);
  return out;
}

} // namespace stalebase::registry
