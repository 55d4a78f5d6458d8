#include "dockerfile/go_quote.hpp"

#include "dockerfile/unicode_tables.hpp"
#include "util/utf8.hpp"

namespace stalebase::dockerfile {

namespace {

void append_hex(std::string &out, char32_t value, int digits) {
  static constexpr char k_hex[] = "0123456789abcdef";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
    out.push_back(k_hex[(value >> shift) & 0xFu]);
  }
}

} // namespace

std::string go_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (std::size_t pos = 0; pos < s.size();) {
    const auto rune = util::utf8::decode(s, pos);
    const char32_t r = rune.value;
    if (r == util::utf8::k_rune_error && rune.width == 1) {
      out += "\\x";
      append_hex(out, static_cast<unsigned char>(s[pos]), 2);
    } else if (r == '"' || r == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(r));
    } else if (unicode::is_print(r)) {
      out.append(s, pos, rune.width);
    } else {
      switch (r) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (r < ' ' || r == 0x7F) {
          out += "\\x";
          append_hex(out, r, 2);
        } else if (r < 0x10000) {
          out += "\\u";
          append_hex(out, r, 4);
        } else {
          out += "\\U";
          append_hex(out, r, 8);
        }
      }
    }
    pos += rune.width;
  }
  out.push_back('"');
  return out;
}

} // namespace stalebase::dockerfile
