#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include <cstddef>
#include <cstdint>
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
    m_hint_begin = 0;
    m_hint_end = 0;
  }

  // Appends source bytes [begin, end).
  void append(std::string_view source, std::size_t begin, std::size_t end);

  const std::string &text() const { return m_text; }
  std::size_t size() const { return m_text.size(); }

  // The source offset of text()[pos] (pos < size()). Fast for nearby positions.
  std::size_t origin(std::size_t pos) const {
    if (pos < m_hint_begin || pos >= m_hint_end) {
      find_run(pos);
    }
    return static_cast<std::size_t>(m_hint_base +
                                    static_cast<std::int64_t>(pos));
  }

  // text()[begin, end) with the source offset of every byte, allocated to fit.
  TrackedString tracked(std::size_t begin, std::size_t end) const;
  // Appends text()[begin, end) and its origins to `out` (which must be
  // tracked).
  void
  append_tracked(TrackedString &out, std::size_t begin, std::size_t end) const;

private:
  struct Run {
    std::size_t text_pos;   // where the run starts in m_text
    std::size_t source_pos; // where it starts in the source
  };
  // Points the hint at the run holding `pos`.
  void find_run(std::size_t pos) const;

  std::string m_text;
  std::vector<Run> m_runs;
  // The run of the last lookup: text positions [m_hint_begin, m_hint_end) map
  // to m_hint_base + position.
  mutable std::size_t m_hint_begin = 0;
  mutable std::size_t m_hint_end = 0;
  mutable std::int64_t m_hint_base = 0;
};

} // namespace stalebase::dockerfile::detail
