#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/util/expected.hpp"

#include <string_view>

namespace stalebase::dockerfile {

// Parses a whole Dockerfile with BuildKit's semantics (directives,
// continuations, heredocs, flags, JSON form). `source` is the file's bytes as
// read; offsets in the result refer to them. Fails on what BuildKit rejects and
// on input it cannot read as text: UTF-16/32, NUL bytes, invalid UTF-8, a line
// over 64 KiB, an unterminated heredoc.
Expected<Document, ParseError> parse_dockerfile(std::string_view source);

} // namespace stalebase::dockerfile
