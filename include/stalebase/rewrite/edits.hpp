#pragma once

// Byte-preserving edits of a file: replace or insert bytes at exact offsets and
// leave every other byte alone.

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace stalebase::rewrite {

// Replace the bytes of `span` with `replacement`; a span of length 0 inserts at
// its offset.
struct Edit {
  dockerfile::SourceSpan span;
  std::string replacement;
  friend bool operator==(const Edit &, const Edit &) = default;
};

// Orders by offset, then length (insertions first), then replacement.
bool operator<(const Edit &a, const Edit &b);

// Whether `a` and `b` (different edits) cannot both be applied: their spans
// overlap, or both insert at one offset.
bool edits_clash(const Edit &a, const Edit &b);

// Applies `edits` to `source` and returns the new bytes. Identical duplicate
// edits count once. Fails when an edit reaches past the end of `source` ("edit
// at 12..20 is past the end of the file (15 bytes)") or when two different
// edits overlap or insert at the same offset
// ("edits at 3..5 and 4..6 overlap").
Expected<std::string, std::string> apply_edits(std::string_view source,
                                               std::vector<Edit> edits);

} // namespace stalebase::rewrite
