#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include <utility>
#include <vector>

namespace stalebase::dockerfile::detail {

// Buffers reused from one instruction to the next, so that building an
// instruction allocates little more than the strings it keeps: words grow in
// `word`, nodes collect in `nodes` and `flags`, and each kept string is copied
// out at its exact size.
struct ParseScratch {
  TrackedString word;
  std::vector<TrackedString> nodes;
  std::vector<TrackedString> flags;
};

// Starts a new word in `word`.
inline void reset_word(TrackedString &word) {
  word.text.clear();
  word.origins.clear();
}

// Appends one byte and where it came from to a word being built.
inline void push_byte(TrackedString &word, char c, std::int64_t origin) {
  word.text.push_back(c);
  word.origins.push_back(origin);
}

// Moves the collected `nodes` into `out`, sized to fit, and empties `nodes`.
inline void move_nodes(std::vector<TrackedString> &nodes,
                       std::vector<TrackedString> &out) {
  out.clear();
  out.reserve(nodes.size());
  for (TrackedString &node : nodes) {
    out.push_back(std::move(node));
  }
  nodes.clear();
}

} // namespace stalebase::dockerfile::detail
