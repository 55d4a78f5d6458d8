#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include "dockerfile/logical_line.hpp"

#include <cstddef>
#include <vector>

namespace stalebase::dockerfile::detail {

enum class JsonArrayResult {
  strings,  // a JSON array of strings: the instruction is in JSON (exec) form
  not_json, // not a JSON array: BuildKit falls back to the shell form
  not_strings, // valid JSON, but an element is not a string: BuildKit's parse
               // error
};

// BuildKit's parseJSON over line.text()[begin, end): after leading Unicode
// spaces the text must start with `[` and be exactly one JSON value as Go's
// encoding/json accepts it (JSON whitespace after it, nesting up to 10000
// levels). The strings are decoded as Go decodes them (bad surrogates become
// U+FFFD); each byte copied from the line keeps its origin, bytes from escapes
// get none. The strings are appended to `strings` only when the result is
// JsonArrayResult::strings; `word` is a scratch buffer.
JsonArrayResult parse_json_array(const LogicalLine &line,
                                 std::size_t begin,
                                 std::size_t end,
                                 TrackedString &word,
                                 std::vector<TrackedString> &strings);

} // namespace stalebase::dockerfile::detail
