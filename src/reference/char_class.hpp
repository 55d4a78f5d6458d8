#pragma once

// ASCII character classes of the reference grammar. <cctype> is
// locale-dependent and takes int, so the grammar uses these instead.

namespace stalebase::reference {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_lower_alnum(char c) {
  return is_lower(c) || is_digit(c);
}
constexpr bool is_alnum(char c) {
  return is_lower_alnum(c) || is_upper(c);
}
// `\w` in Go's regexp: ASCII letters, digits and `_`.
constexpr bool is_word(char c) {
  return is_alnum(c) || c == '_';
}
constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr bool is_lower_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

} // namespace stalebase::reference
