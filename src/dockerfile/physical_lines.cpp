#include "dockerfile/physical_lines.hpp"

#include <cstring>

namespace stalebase::dockerfile::detail {

bool LineScanner::next(PhysicalLine &line) {
  if (m_stopped || m_pos >= m_source.size()) {
    return false;
  }
  // The line's raw start: the byte order mark counts towards the length limit.
  const std::size_t raw_begin = m_line == 0 ? 0 : m_pos;
  const void *newline =
      std::memchr(m_source.data() + m_pos, '\n', m_source.size() - m_pos);
  const std::size_t content_end =
      newline != nullptr
          ? static_cast<std::size_t>(static_cast<const char *>(newline) -
                                     m_source.data())
          : m_source.size();
  if (content_end - raw_begin > k_max_line_length) {
    m_stopped = true;
    m_too_long_line = m_line + 1;
    m_too_long_offset = raw_begin;
    return false;
  }
  line.begin = m_pos;
  line.end = newline != nullptr ? content_end + 1 : content_end;
  std::size_t trimmed = content_end;
  while (trimmed > m_pos &&
         (m_source[trimmed - 1] == '\r' || m_source[trimmed - 1] == '\n')) {
    --trimmed;
  }
  line.content_end = trimmed;
  line.number = ++m_line;
  m_pos = line.end;
  return true;
}

} // namespace stalebase::dockerfile::detail
