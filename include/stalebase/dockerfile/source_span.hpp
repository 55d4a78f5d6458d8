#pragma once

#include "stalebase/dockerfile/origin_runs.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile {

// A run of bytes in the original file: `offset` and `length` in bytes from the
// start of the file as read (before the BOM is stripped, so that rewrites can
// use them directly).
struct SourceSpan {
  std::size_t offset = 0;
  std::size_t length = 0;

  std::size_t end() const { return offset + length; }
  friend bool operator==(const SourceSpan &, const SourceSpan &) = default;
};

// A 1-based line and a 1-based column counted in bytes.
struct SourcePosition {
  std::size_t line = 1;
  std::size_t column = 1;
  friend bool operator==(const SourcePosition &,
                         const SourcePosition &) = default;
};

// Maps byte offsets of a file to lines and columns. Lines are split on '\n'
// only, as BuildKit does; a '\r' before it is part of the line's last column.
class LineIndex {
public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);

  // The position of byte `offset` (an offset equal to the file size is the
  // position just after the last byte).
  SourcePosition position(std::size_t offset) const;
  // The text of 1-based line `line` without its line ending, or empty past the
  // end.
  std::string_view line_text(std::string_view text, std::size_t line) const;
  std::size_t line_count() const { return m_starts.size(); }

private:
  std::vector<std::size_t> m_starts;
};

// Text whose every byte remembers where in the source file it came from:
// `origins[i]` is the file offset of `text[i]`, or k_no_origin when it came
// from elsewhere (a --build-arg, a decoded escape, an automatic platform ARG).
// `origins` is either empty (nothing tracked) or exactly as long as `text`; it
// is stored as runs of consecutive offsets (OriginRuns).
struct TrackedString {
  static constexpr std::int64_t k_no_origin = OriginRuns::k_none;

  std::string text;
  OriginRuns origins;

  // A string that comes from outside the file (no origins).
  static TrackedString untracked(std::string text);
  // A string copied verbatim from `source` starting at file offset `offset`.
  static TrackedString from_source(std::string_view source, std::size_t offset);

  // The bytes [pos, pos + count) with their origins (count clamped to the end).
  TrackedString substr(std::size_t pos,
                       std::size_t count = std::string::npos) const;
  void append(const TrackedString &other);
  void push_back(char c, std::int64_t origin);
  bool is_tracked() const { return !origins.empty() || text.empty(); }

  // The maximal runs of consecutive file offsets this text came from, in order.
  // Bytes with no origin are skipped.
  std::vector<SourceSpan> spans() const;
  // One span from the first to the last byte with an origin (empty when none
  // has one).
  SourceSpan extent() const;

  friend bool operator==(const TrackedString &,
                         const TrackedString &) = default;
};

} // namespace stalebase::dockerfile
