#pragma once

// "Did you mean" suggestions for mistyped keys, flags and words.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::util {

// The Levenshtein distance between `a` and `b` (insertions, deletions and
// substitutions of single bytes), plus transpositions of two adjacent bytes
// counted as one edit (`fial` → `fail` is 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo:
// at most 2 edits, or a third of the candidate's length for longer words.
// Ties go to the earlier candidate. Nothing when no candidate is close, or
// when `word` is empty. Comparison ignores ASCII case differences.
std::optional<std::string>
closest_match(std::string_view word,
              const std::vector<std::string> &candidates);

} // namespace stalebase::util
