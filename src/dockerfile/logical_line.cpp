#include "dockerfile/logical_line.hpp"

#include <algorithm>

namespace stalebase::dockerfile::detail {

void LogicalLine::append(std::string_view source,
                         std::size_t begin,
                         std::size_t end) {
  if (end <= begin) {
    return;
  }
  m_runs.push_back({m_text.size(), begin});
  m_text.append(source.substr(begin, end - begin));
}

std::size_t LogicalLine::run_index(std::size_t pos) const {
  // The last run starting at or before `pos`.
  const auto it = std::upper_bound(
      m_runs.begin(), m_runs.end(), pos,
      [](std::size_t p, const Run &run) { return p < run.text_pos; });
  return static_cast<std::size_t>(it - m_runs.begin()) - 1;
}

std::size_t LogicalLine::origin(std::size_t pos) const {
  const Run &run = m_runs[run_index(pos)];
  return run.source_pos + (pos - run.text_pos);
}

TrackedString LogicalLine::tracked(std::size_t begin, std::size_t end) const {
  TrackedString result;
  if (end <= begin) {
    return result;
  }
  result.text.assign(m_text, begin, end - begin);
  result.origins.resize(end - begin);
  std::size_t run = run_index(begin);
  std::size_t pos = begin;
  while (pos < end) {
    const std::size_t run_end =
        run + 1 < m_runs.size() ? m_runs[run + 1].text_pos : m_text.size();
    const std::size_t stop = std::min(run_end, end);
    const auto base = static_cast<std::int64_t>(m_runs[run].source_pos) -
                      static_cast<std::int64_t>(m_runs[run].text_pos);
    for (; pos < stop; ++pos) {
      result.origins[pos - begin] = base + static_cast<std::int64_t>(pos);
    }
    ++run;
  }
  return result;
}

} // namespace stalebase::dockerfile::detail
