#include "dockerfile/encoding.hpp"

#include <cstdint>
#include <cstring>
#include <string>

namespace stalebase::dockerfile::detail {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

ParseError
error_at(std::string_view source, std::size_t offset, std::string message) {
  const SourcePosition position = LineIndex(source).position(offset);
  return ParseError{std::move(message), position.line, position.column};
}

std::string hex_byte(unsigned char b) {
  constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out = "0x";
  out.push_back(k_hex[b >> 4U]);
  out.push_back(k_hex[b & 0xFU]);
  return out;
}

std::string convert_message(std::string_view encoding, bool has_bom) {
  std::string message = "file is ";
  message += encoding;
  message += " encoded";
  message += has_bom ? " (it starts with a byte order mark)"
                     : " (it has NUL bytes between its characters)";
  message += ", not UTF-8; convert it to UTF-8";
  return message;
}

// A UTF-16/32 encoding told by its byte order mark, or empty.
std::string_view bom_encoding(std::string_view source) {
  if (source.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) {
    return "UTF-32BE";
  }
  if (source.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) {
    return "UTF-32LE";
  }
  if (source.substr(0, 2) == "\xFE\xFF") {
    return "UTF-16BE";
  }
  if (source.substr(0, 2) == "\xFF\xFE") {
    return "UTF-16LE";
  }
  return {};
}

// A UTF-16/32 encoding told by where the NUL bytes of the first character are,
// or empty.
std::string_view nul_pattern_encoding(std::string_view source) {
  auto zero = [&](std::size_t i) {
    return i < source.size() && source[i] == '\0';
  };
  auto nonzero = [&](std::size_t i) {
    return i < source.size() && source[i] != '\0';
  };
  if (source.size() >= 4 && nonzero(0) && zero(1) && zero(2) && zero(3)) {
    return "UTF-32LE";
  }
  if (source.size() >= 4 && zero(0) && zero(1) && zero(2) && nonzero(3)) {
    return "UTF-32BE";
  }
  if (nonzero(0) && zero(1) && (source.size() < 4 || zero(3))) {
    return "UTF-16LE";
  }
  if (zero(0) && nonzero(1) && (source.size() < 4 || zero(2))) {
    return "UTF-16BE";
  }
  return {};
}

} // namespace

bool is_valid_utf8(std::string_view text, std::size_t &bad_offset) {
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= size) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, text.data() + i, sizeof chunk);
      if ((chunk & 0x8080808080808080ULL) != 0) {
        break;
      }
      i += 8;
    }
    if (i >= size) {
      break;
    }
    const unsigned char b0 = byte_at(text, i);
    if (b0 < 0x80U) {
      ++i;
      continue;
    }
    std::size_t width = 0;
    unsigned char lo = 0x80U;
    unsigned char hi = 0xBFU;
    if (b0 >= 0xC2U && b0 <= 0xDFU) {
      width = 2;
    } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
      width = 3;
      lo = b0 == 0xE0U ? 0xA0U : 0x80U;
      hi = b0 == 0xEDU ? 0x9FU : 0xBFU;
    } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
      width = 4;
      lo = b0 == 0xF0U ? 0x90U : 0x80U;
      hi = b0 == 0xF4U ? 0x8FU : 0xBFU;
    } else {
      bad_offset = i;
      return false;
    }
    if (i + width > size) {
      bad_offset = i;
      return false;
    }
    const unsigned char b1 = byte_at(text, i + 1);
    if (b1 < lo || b1 > hi) {
      bad_offset = i;
      return false;
    }
    for (std::size_t k = 2; k < width; ++k) {
      if ((byte_at(text, i + k) & 0xC0U) != 0x80U) {
        bad_offset = i;
        return false;
      }
    }
    i += width;
  }
  return true;
}

Expected<std::size_t, ParseError> check_encoding(std::string_view source) {
  if (const std::string_view encoding = bom_encoding(source);
      !encoding.empty()) {
    return Unexpected(ParseError{convert_message(encoding, true), 1, 1});
  }
  if (const void *nul = std::memchr(source.data(), 0, source.size())) {
    if (const std::string_view encoding = nul_pattern_encoding(source);
        !encoding.empty()) {
      return Unexpected(ParseError{convert_message(encoding, false), 1, 1});
    }
    const auto offset = static_cast<std::size_t>(
        static_cast<const char *>(nul) - source.data());
    return Unexpected(error_at(
        source, offset, "file has a NUL byte; it is a binary file, not text"));
  }
  const std::size_t bom = source.substr(0, 3) == k_utf8_bom ? 3 : 0;
  std::size_t bad = 0;
  if (!is_valid_utf8(source.substr(bom), bad)) {
    return Unexpected(
        error_at(source, bom + bad,
                 "file is not valid UTF-8: byte " +
                     hex_byte(byte_at(source, bom + bad)) +
                     " does not start or continue a UTF-8 character"));
  }
  return bom;
}

} // namespace stalebase::dockerfile::detail
