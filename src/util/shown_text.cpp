#include "stalebase/util/shown_text.hpp"

#include "util/utf8.hpp"

#include <cstddef>

namespace stalebase::util {

namespace {

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
      const auto rune = utf8::decode(text, pos);
      const bool invalid = rune.value == utf8::k_rune_error && rune.width == 1;
      // U+0080 to U+009F are C1 controls.
      control = invalid || (controls && rune.value < 0xA0);
      length = rune.width;
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
