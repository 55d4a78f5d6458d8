#pragma once

// Go's unicode predicates over Unicode 15.0.0 (the version Go's tables have),
// which BuildKit's lexer uses for variable names and word splitting and Go's %q
// uses for quoting.

namespace stalebase::dockerfile::unicode {

// unicode.IsLetter: general category L*.
bool is_letter(char32_t c);
// unicode.IsDigit: general category Nd.
bool is_digit(char32_t c);
// unicode.IsSpace: the White_Space property.
bool is_space(char32_t c);
// unicode.IsPrint: categories L, M, N, P, S and U+0020.
bool is_print(char32_t c);

} // namespace stalebase::dockerfile::unicode
