#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <string_view>

namespace stalebase::dockerfile::detail {

// Checks that `source` is UTF-8 text BuildKit can read as a Dockerfile and
// returns the length of its UTF-8 byte order mark (0 or 3). Fails on a
// UTF-16/UTF-32 byte order mark or NUL pattern, on any other NUL byte (a binary
// file) and on invalid UTF-8, naming line and column.
Expected<std::size_t, ParseError> check_encoding(std::string_view source);

// Whether `text` is valid UTF-8; if not, `bad_offset` is the first offending
// byte.
bool is_valid_utf8(std::string_view text, std::size_t &bad_offset);

} // namespace stalebase::dockerfile::detail
