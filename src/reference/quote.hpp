#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stalebase::reference {

// Values longer than this are cut in error messages.
inline constexpr std::size_t k_max_quoted_length = 80;

// `value` in double quotes, for an error message. `"` and `\` are escaped with
// `\`, bytes outside printable ASCII as `\xNN`, so the message is safe on a
// terminal. A value longer than k_max_quoted_length bytes is cut there and
// followed by `... (<size> bytes)` after the closing quote.
std::string quote(std::string_view value);

} // namespace stalebase::reference
