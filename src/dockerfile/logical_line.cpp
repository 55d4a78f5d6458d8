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
  m_hint_begin = 0;
  m_hint_end = 0;
}

void LogicalLine::find_run(std::size_t pos) const {
  // The last run starting at or before `pos`.
  const auto it = std::upper_bound(
      m_runs.begin(), m_runs.end(), pos,
      [](std::size_t p, const Run &run) { return p < run.text_pos; });
  const auto index = static_cast<std::size_t>(it - m_runs.begin()) - 1;
  m_hint_begin = m_runs[index].text_pos;
  m_hint_end =
      index + 1 < m_runs.size() ? m_runs[index + 1].text_pos : m_text.size();
  m_hint_base = static_cast<std::int64_t>(m_runs[index].source_pos) -
                static_cast<std::int64_t>(m_runs[index].text_pos);
}

TrackedString LogicalLine::tracked(std::size_t begin, std::size_t end) const {
  TrackedString result;
  if (end > begin) {
    result.text.reserve(end - begin);
    append_tracked(result, begin, end);
  }
  return result;
}

void LogicalLine::append_tracked(TrackedString &out,
                                 std::size_t begin,
                                 std::size_t end) const {
  if (end <= begin) {
    return;
  }
  out.text.append(m_text, begin, end - begin);
  std::size_t pos = begin;
  while (pos < end) {
    origin(pos); // moves the hint to the run holding `pos`
    const std::size_t stop = std::min(m_hint_end, end);
    out.origins.append_run(m_hint_base + static_cast<std::int64_t>(pos),
                           stop - pos);
    pos = stop;
  }
}

} // namespace stalebase::dockerfile::detail
