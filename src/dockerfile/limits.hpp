#pragma once

#include <cstddef>
#include <string>

// What one Dockerfile may make the parser do. A Dockerfile comes from a
// repository, so it may be hostile: without these limits a few lines could
// exhaust the stack (nesting) or the memory (values that double each other).
// Each limit lies far beyond what real files use.

namespace stalebase::dockerfile::detail {

// Substitutions inside substitutions (`${A:-${B:-…}}`). Go's stack grows, so
// BuildKit has no limit; ours does not grow.
inline constexpr std::size_t k_max_substitution_depth = 200;

// The result of expanding one word (an ARG default, a FROM image or
// `--platform`): 1 MiB.
inline constexpr std::size_t k_max_expansion_length = std::size_t{1} << 20;

// All the expansions of one file together: 16 MiB.
inline constexpr std::size_t k_max_expansion_total = std::size_t{16} << 20;

inline std::string substitutions_too_deep() {
  return "substitutions nested more than " +
         std::to_string(k_max_substitution_depth) + " levels deep";
}

inline std::string expansion_too_long() {
  return "expands to more than " + std::to_string(k_max_expansion_length) +
         " bytes";
}

inline std::string expansions_too_long() {
  return "the file's substitutions expand to more than " +
         std::to_string(k_max_expansion_total) + " bytes in total";
}

} // namespace stalebase::dockerfile::detail
