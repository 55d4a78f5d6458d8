#include "dockerfile/go_text.hpp"

#include "stalebase/util/strings.hpp"

#include "dockerfile/go_quote.hpp"
#include "dockerfile/unicode_tables.hpp"
#include "util/utf8.hpp"

namespace stalebase::dockerfile::detail {

namespace {

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

} // namespace

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
    const auto rune = util::utf8::decode(text.substr(0, end), begin);
    if (!unicode::is_space(rune.value)) {
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
    const auto rune =
        util::utf8::decode_last(text.substr(begin, end - begin), end - begin);
    if (!unicode::is_space(rune.value)) {
      return end;
    }
    end -= rune.width;
  }
  return end;
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
