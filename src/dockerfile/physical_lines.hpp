#pragma once

#include <cstddef>
#include <string_view>

namespace stalebase::dockerfile::detail {

// The longest physical line BuildKit reads (bufio.Scanner's 64 KiB buffer, less
// the '\n').
inline constexpr std::size_t k_max_line_length = 65535;

// One physical line: bytes [begin, end) including its '\n'; [begin,
// content_end) without the trailing run of '\r' and '\n' bytes (BuildKit's
// trimNewline).
struct PhysicalLine {
  std::size_t begin = 0;
  std::size_t content_end = 0;
  std::size_t end = 0;
  std::size_t number = 0; // 1-based
};

// Splits a file into lines on '\n' only, like BuildKit's scanner: a lone '\r'
// is an ordinary byte and a final '\n' does not start another line. The scan
// stops before a line longer than k_max_line_length, as BuildKit's does;
// too_long_line() then names that line.
class LineScanner {
public:
  // `start` skips a byte order mark on the first line.
  LineScanner(std::string_view source, std::size_t start)
      : m_source(source), m_pos(start) {}

  // Reads the next line; false at the end of the file or at a line that is too
  // long.
  bool next(PhysicalLine &line);

  // The 1-based number of the line that stopped the scan for being too long, or
  // 0.
  std::size_t too_long_line() const { return m_too_long_line; }
  // Where that line begins.
  std::size_t too_long_offset() const { return m_too_long_offset; }

private:
  std::string_view m_source;
  std::size_t m_pos;
  std::size_t m_line = 0;
  std::size_t m_too_long_line = 0;
  std::size_t m_too_long_offset = 0;
  bool m_stopped = false;
};

} // namespace stalebase::dockerfile::detail
