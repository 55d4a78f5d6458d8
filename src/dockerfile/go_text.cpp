#include "dockerfile/go_text.hpp"

#include "stalebase/util/strings.hpp"

#include "dockerfile/go_quote.hpp"

namespace stalebase::dockerfile::detail {

namespace {

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

bool is_continuation(unsigned char b) {
  return (b & 0xC0U) == 0x80U;
}

} // namespace

DecodedRune decode_rune(std::string_view text, std::size_t pos) {
  const unsigned char b0 = byte_at(text, pos);
  if (b0 < 0x80U) {
    return {b0, 1};
  }
  const std::size_t left = text.size() - pos;
  auto cont = [&](std::size_t i) {
    return i < left && is_continuation(byte_at(text, pos + i));
  };
  if (b0 >= 0xC2U && b0 <= 0xDFU && cont(1)) {
    return {static_cast<char32_t>(((b0 & 0x1FU) << 6U) |
                                  (byte_at(text, pos + 1) & 0x3FU)),
            2};
  }
  if (b0 >= 0xE0U && b0 <= 0xEFU && cont(1) && cont(2)) {
    const unsigned char b1 = byte_at(text, pos + 1);
    if ((b0 == 0xE0U && b1 < 0xA0U) || (b0 == 0xEDU && b1 >= 0xA0U)) {
      return {k_rune_error, 1}; // overlong or surrogate
    }
    return {static_cast<char32_t>(((b0 & 0x0FU) << 12U) | ((b1 & 0x3FU) << 6U) |
                                  (byte_at(text, pos + 2) & 0x3FU)),
            3};
  }
  if (b0 >= 0xF0U && b0 <= 0xF4U && cont(1) && cont(2) && cont(3)) {
    const unsigned char b1 = byte_at(text, pos + 1);
    if ((b0 == 0xF0U && b1 < 0x90U) || (b0 == 0xF4U && b1 >= 0x90U)) {
      return {k_rune_error, 1}; // overlong or above U+10FFFF
    }
    return {static_cast<char32_t>(((b0 & 0x07U) << 18U) |
                                  ((b1 & 0x3FU) << 12U) |
                                  ((byte_at(text, pos + 2) & 0x3FU) << 6U) |
                                  (byte_at(text, pos + 3) & 0x3FU)),
            4};
  }
  return {k_rune_error, 1};
}

DecodedRune decode_last_rune(std::string_view text, std::size_t end) {
  if (byte_at(text, end - 1) < 0x80U) {
    return {byte_at(text, end - 1), 1};
  }
  // Back up over at most three continuation bytes to a possible start byte.
  std::size_t start = end - 1;
  const std::size_t limit = end >= 4 ? end - 4 : 0;
  while (start > limit && is_continuation(byte_at(text, start))) {
    --start;
  }
  const DecodedRune rune = decode_rune(text.substr(0, end), start);
  if (start + rune.width != end) {
    return {k_rune_error, 1};
  }
  return rune;
}

void append_rune(std::string &out, char32_t rune) {
  if (rune >= 0xD800 && rune <= 0xDFFF) {
    rune = k_rune_error;
  }
  if (rune < 0x80) {
    out.push_back(static_cast<char>(rune));
  } else if (rune < 0x800) {
    out.push_back(static_cast<char>(0xC0U | (rune >> 6U)));
    out.push_back(static_cast<char>(0x80U | (rune & 0x3FU)));
  } else if (rune < 0x10000) {
    out.push_back(static_cast<char>(0xE0U | (rune >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((rune >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (rune & 0x3FU)));
  } else if (rune <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0U | (rune >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((rune >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((rune >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (rune & 0x3FU)));
  } else {
    append_rune(out, k_rune_error);
  }
}

bool is_go_space(char32_t rune) {
  if (rune < 0x100) {
    return rune == ' ' || (rune >= '\t' && rune <= '\r') || rune == 0x85 ||
           rune == 0xA0;
  }
  return rune == 0x1680 || (rune >= 0x2000 && rune <= 0x200A) ||
         rune == 0x2028 || rune == 0x2029 || rune == 0x202F || rune == 0x205F ||
         rune == 0x3000;
}

std::size_t
skip_go_space(std::string_view text, std::size_t begin, std::size_t end) {
  while (begin < end) {
    const unsigned char b = byte_at(text, begin);
    if (b < 0x80U) {
      if (!is_byte_space_as_rune(b)) {
        return begin;
      }
      ++begin;
      continue;
    }
    const DecodedRune rune = decode_rune(text.substr(0, end), begin);
    if (!is_go_space(rune.rune)) {
      return begin;
    }
    begin += rune.width;
  }
  return end;
}

std::size_t
trim_go_space_right(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin) {
    const unsigned char b = byte_at(text, end - 1);
    if (b < 0x80U) {
      if (!is_byte_space_as_rune(b)) {
        return end;
      }
      --end;
      continue;
    }
    const DecodedRune rune =
        decode_last_rune(text.substr(begin, end - begin), end - begin);
    if (!is_go_space(rune.rune)) {
      return end;
    }
    end -= rune.width;
  }
  return end;
}

bool is_go_letter(char32_t rune) {
  if (rune < 0x80) {
    return (rune >= 'a' && rune <= 'z') || (rune >= 'A' && rune <= 'Z');
  }
  return !is_go_space(rune) && rune != k_rune_error && is_go_print(rune);
}

bool is_go_digit(char32_t rune) {
  return rune >= '0' && rune <= '9';
}

bool is_go_print(char32_t rune) {
  if (rune < 0x100) {
    return (rune >= 0x20 && rune < 0x7F) || (rune >= 0xA1 && rune != 0xAD);
  }
  if (is_go_space(rune)) {
    return false;
  }
  // Format characters (Cf), private use (Co) and noncharacters.
  const bool format = (rune >= 0x600 && rune <= 0x605) || rune == 0x61C ||
                      rune == 0x6DD || rune == 0x70F || rune == 0x8E2 ||
                      rune == 0x180E || (rune >= 0x200B && rune <= 0x200F) ||
                      (rune >= 0x202A && rune <= 0x202E) ||
                      (rune >= 0x2060 && rune <= 0x206F) || rune == 0xFEFF ||
                      (rune >= 0xFFF9 && rune <= 0xFFFB) || rune == 0x110BD ||
                      rune == 0x110CD || (rune >= 0x13430 && rune <= 0x1343F) ||
                      (rune >= 0x1BCA0 && rune <= 0x1BCA3) ||
                      (rune >= 0x1D173 && rune <= 0x1D17A) || rune == 0xE0001 ||
                      (rune >= 0xE0020 && rune <= 0xE007F);
  const bool private_use =
      (rune >= 0xE000 && rune <= 0xF8FF) || rune >= 0xF0000;
  const bool noncharacter =
      (rune >= 0xFDD0 && rune <= 0xFDEF) || (rune & 0xFFFEU) == 0xFFFEU;
  return !format && !private_use && !noncharacter && rune <= 0x10FFFF;
}

std::string go_lower_keyword(std::string_view text) {
  // Almost every keyword is plain ASCII: lower it in one copy.
  if (text.find('\xE2') == std::string_view::npos) {
    return util::ascii_lower(text);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\xE2' && text.substr(i, 3) == "\xE2\x84\xAA") {
      out.push_back('k');
      i += 2;
    } else {
      out.push_back(util::ascii_lower(c));
    }
  }
  return out;
}

// One Go %q implementation serves the parser and the shell lexer: the lexer's,
// which uses Go's own Unicode tables for what is printable.
void append_go_quoted(std::string &out, std::string_view text) {
  out += dockerfile::go_quote(text);
}

std::string go_quote(std::string_view text) {
  return dockerfile::go_quote(text);
}

} // namespace stalebase::dockerfile::detail
