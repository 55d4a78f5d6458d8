#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// What one YAML or JSON file may make the readers do. These files come from
// repositories, so they may be hostile: a few lines of aliases can stand for
// billions of nodes ("billion laughs"), and deep nesting exhausts memory or a
// recursive reader's stack. Each limit lies far beyond what real files use
// (Kubernetes CRD bundles, the largest common YAML, are a few MiB and a few
// dozen levels deep).

namespace stalebase::sources::detail {

// The file: 16 MiB.
inline constexpr std::size_t k_max_file_size = std::size_t{16} << 20;

// Collections inside collections.
inline constexpr std::size_t k_max_depth = 256;

// Nodes of all the documents of one file (each scalar, collection and alias
// is one node).
inline constexpr std::size_t k_max_nodes = 1'000'000;

// The nodes one document stands for with every alias expanded: whatever walks
// a document following its aliases and merge keys sees at most this many.
inline constexpr std::uint64_t k_max_expanded_nodes = 4'000'000;

inline std::string file_too_large() {
  return "the file is larger than " + std::to_string(k_max_file_size) +
         " bytes";
}

inline std::string too_deep() {
  return "collections nested more than " + std::to_string(k_max_depth) +
         " levels deep";
}

inline std::string too_many_nodes() {
  return "the file has more than " + std::to_string(k_max_nodes) + " nodes";
}

inline std::string expands_too_much() {
  return "aliases expand the document to more than " +
         std::to_string(k_max_expanded_nodes) + " nodes";
}

} // namespace stalebase::sources::detail
