#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile::detail {

// An instruction's physical lines joined as BuildKit joins them (continuation
// characters and dropped lines removed), remembering for every byte its offset
// in the source file. Each physical line contributes one contiguous run of
// source bytes.
class LogicalLine {
public:
  void clear() {
    m_text.clear();
    m_runs.clear();
  }

  // Appends source bytes [begin, end).
  void append(std::string_view source, std::size_t begin, std::size_t end);

  const std::string &text() const { return m_text; }
  std::size_t size() const { return m_text.size(); }

  // The source offset of text()[pos] (pos < size()).
  std::size_t origin(std::size_t pos) const;

  // text()[begin, end) with the source offset of every byte.
  TrackedString tracked(std::size_t begin, std::size_t end) const;

private:
  struct Run {
    std::size_t text_pos;   // where the run starts in m_text
    std::size_t source_pos; // where it starts in the source
  };
  std::size_t run_index(std::size_t pos) const;

  std::string m_text;
  std::vector<Run> m_runs;
};

} // namespace stalebase::dockerfile::detail
