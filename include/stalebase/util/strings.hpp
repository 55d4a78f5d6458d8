#pragma once

// ASCII text helpers: the program's one copy of each. Protocol tokens, header
// names, host names, platform names and keywords are ASCII and compared
// without regard to case; none of these look at the locale, so a Turkish
// locale cannot turn `I` into a dotless `ı`.

#include <string>
#include <string_view>

namespace stalebase::util {

// `c` with `A`–`Z` lowered; every other byte unchanged.
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `text` with `A`–`Z` lowered; every other byte (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view text);

// Whether `a` and `b` are equal when `A`–`Z` are lowered.
bool iequals(std::string_view a, std::string_view b);

// `text` without leading and trailing spaces and tabs (HTTP's optional
// whitespace; what a person types around a comma-separated item).
std::string_view trim(std::string_view text);

} // namespace stalebase::util
