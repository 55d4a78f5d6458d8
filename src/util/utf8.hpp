#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The one UTF-8 module of stalebase. Decoding follows Go's rules
// (utf8.DecodeRune): an invalid or truncated
// sequence, an overlong form, a surrogate or a value past U+10FFFF decodes as
// U+FFFD with width 1. BuildKit reads words this way, so invalid bytes come out
// as U+FFFD.

namespace stalebase::util::utf8 {

inline constexpr char32_t k_rune_error = 0xFFFD;

struct DecodedRune {
  char32_t value = 0;
  std::size_t width = 0;
};

// The rune starting at byte `pos` of `s` (pos < s.size()).
inline DecodedRune decode(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) -> unsigned {
    return static_cast<unsigned char>(s[i]);
  };
  const unsigned b0 = byte(pos);
  if (b0 < 0x80) {
    return {b0, 1};
  }
  const std::size_t left = s.size() - pos;
  const auto cont = [&](std::size_t i, unsigned lo, unsigned hi) {
    return i < left && byte(pos + i) >= lo && byte(pos + i) <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (cont(1, 0x80, 0xBF)) {
      return {((b0 & 0x1Fu) << 6) | (byte(pos + 1) & 0x3Fu), 2};
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned hi = b0 == 0xED ? 0x9F : 0xBF;
    if (cont(1, lo, hi) && cont(2, 0x80, 0xBF)) {
      return {((b0 & 0x0Fu) << 12) | ((byte(pos + 1) & 0x3Fu) << 6) |
                  (byte(pos + 2) & 0x3Fu),
              3};
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF)) {
      return {((b0 & 0x07u) << 18) | ((byte(pos + 1) & 0x3Fu) << 12) |
                  ((byte(pos + 2) & 0x3Fu) << 6) | (byte(pos + 3) & 0x3Fu),
              4};
    }
  }
  return {k_rune_error, 1};
}

// The rune ending just before byte `end` of `s` (end > 0), as Go's
// utf8.DecodeLastRune: U+FFFD of width 1 when the bytes before `end` do not
// end with a whole valid sequence.
inline DecodedRune decode_last(std::string_view s, std::size_t end) {
  const auto byte = [&](std::size_t i) -> unsigned {
    return static_cast<unsigned char>(s[i]);
  };
  if (byte(end - 1) < 0x80) {
    return {byte(end - 1), 1};
  }
  // Back up over at most three continuation bytes to a possible start byte.
  std::size_t start = end - 1;
  const std::size_t limit = end >= 4 ? end - 4 : 0;
  while (start > limit && (byte(start) & 0xC0u) == 0x80u) {
    --start;
  }
  const DecodedRune rune = decode(s.substr(0, end), start);
  if (start + rune.width != end) {
    return {k_rune_error, 1};
  }
  return rune;
}

// Appends the UTF-8 encoding of `r` (Go's utf8.AppendRune: an invalid value
// gives U+FFFD).
inline void append(std::string &out, char32_t r) {
  if (r < 0x80) {
    out.push_back(static_cast<char>(r));
    return;
  }
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    r = k_rune_error;
  }
  const auto put = [&](std::uint32_t v) {
    out.push_back(static_cast<char>(static_cast<unsigned char>(v)));
  };
  if (r < 0x800) {
    put(0xC0u | (r >> 6));
    put(0x80u | (r & 0x3Fu));
  } else if (r < 0x10000) {
    put(0xE0u | (r >> 12));
    put(0x80u | ((r >> 6) & 0x3Fu));
    put(0x80u | (r & 0x3Fu));
  } else {
    put(0xF0u | (r >> 18));
    put(0x80u | ((r >> 12) & 0x3Fu));
    put(0x80u | ((r >> 6) & 0x3Fu));
    put(0x80u | (r & 0x3Fu));
  }
}

// The number of bytes append() writes for `r`.
inline std::size_t encoded_length(char32_t r) {
  if (r < 0x80) {
    return 1;
  }
  if (r < 0x800) {
    return 2;
  }
  if (r < 0x10000 || r > 0x10FFFF) {
    return 3;
  }
  return 4;
}

} // namespace stalebase::util::utf8
