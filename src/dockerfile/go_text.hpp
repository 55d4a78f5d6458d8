#pragma once

// Text helpers that behave like the Go standard library functions BuildKit's
// parser calls (unicode.IsSpace, strings.TrimSpace, utf8.DecodeRune,
// strconv.Quote), so that our parser splits and trims exactly where BuildKit
// does.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stalebase::dockerfile::detail {

// unicode.IsSpace(rune(b)) (unicode::is_space for a whole rune): what BuildKit
// gets when it looks at one byte as a rune, so the bytes 0x85 and 0xA0 (parts
// of UTF-8 sequences) count as spaces.
inline bool is_byte_space_as_rune(unsigned char b) {
  return b == ' ' || (b >= '\t' && b <= '\r') || b == 0x85 || b == 0xA0;
}
// `\s` in Go's regexp: [\t\n\f\r ].
inline bool is_regex_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
// BuildKit's token separator `[\t\v\f\r ]`.
inline bool is_token_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

// The first position in [begin, end) that is not a Unicode space
// (bytes.TrimLeftFunc with unicode.IsSpace); `end` if all are.
std::size_t
skip_go_space(std::string_view text, std::size_t begin, std::size_t end);
// The end of [begin, end) once trailing Unicode spaces are removed
// (TrimRightFunc).
std::size_t
trim_go_space_right(std::string_view text, std::size_t begin, std::size_t end);

// strings.ToLower for keywords: ASCII letters, plus U+212A KELVIN SIGN to `k`
// (the one non-ASCII letter that lowers to ASCII and so can spell a keyword).
// Other runes are kept.
std::string go_lower_keyword(std::string_view text);

// strconv.Quote: a double-quoted Go string literal with Go's escapes.
std::string go_quote(std::string_view text);
void append_go_quoted(std::string &out, std::string_view text);

} // namespace stalebase::dockerfile::detail
