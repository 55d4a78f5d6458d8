#include "stalebase/util/shown_text.hpp"

#include <cstddef>

namespace stalebase::util {

namespace {

// The length of the valid UTF-8 sequence at `text[pos]`, or 0.
std::size_t utf8_length(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char first = byte(pos);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (first >= 0xC2 && first <= 0xDF) {
    length = 2;
  } else if (first >= 0xE0 && first <= 0xEF) {
    length = 3;
    low = first == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
    high = first == 0xED ? 0x9F : 0xBF; // no surrogates
  } else if (first >= 0xF0 && first <= 0xF4) {
    length = 4;
    low = first == 0xF0 ? 0x90 : 0x80;
    high = first == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (pos + length > text.size()) {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(pos + i);
    if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) {
      return 0;
    }
  }
  return length;
}

void append_hex(std::string &out, unsigned char byte) {
  constexpr char k_digits[] = "0123456789abcdef";
  out += "\\x";
  out += k_digits[byte >> 4U];
  out += k_digits[byte & 0x0FU];
}

// Copies `text`, writing as escapes its bytes that are not UTF-8 and, when
// `controls` is set, its control characters.
std::string escape(std::string_view text, bool controls) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    std::size_t length = 1;
    bool control = controls && (c < 0x20 || c == 0x7F);
    if (c >= 0x80) {
      length = utf8_length(text, pos);
      // U+0080 to U+009F are C2 80 to C2 9F.
      control =
          length == 0 || (controls && c == 0xC2 &&
                          static_cast<unsigned char>(text[pos + 1]) < 0xA0);
      length = length == 0 ? 1 : length;
    }
    if (!control) {
      out.append(text, pos, length);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == 0x1B) {
      out += "\\e";
    } else {
      for (std::size_t i = 0; i < length; ++i) {
        append_hex(out, static_cast<unsigned char>(text[pos + i]));
      }
    }
    pos += length;
  }
  return out;
}

} // namespace

std::string escape_invalid_utf8(std::string_view text) {
  return escape(text, false);
}

std::string escape_control(std::string_view text) {
  return escape(text, true);
}

} // namespace stalebase::util
