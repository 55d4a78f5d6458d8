#pragma once

#include <cstddef>
#include <string_view>

namespace stalebase::dockerfile::detail {

// Whether text[begin, end) is a comment line: its first non-space byte is `#`.
bool is_comment_line(std::string_view text, std::size_t begin, std::size_t end);

// Whether text[begin, end) holds only Unicode spaces.
bool is_blank_line(std::string_view text, std::size_t begin, std::size_t end);

// The result of looking for a line-continuation character at the end of a line.
struct ContinuationCut {
  bool continues = false;
  std::size_t keep_end = 0; // the line's text to keep is [begin, keep_end)
};

// BuildKit's continuation test, the regexp `([^E])E[ \t]*$|^E[ \t]*$` for
// escape E: the line continues when E is its last byte other than spaces and
// tabs and is not itself preceded by E (so `\\` and, a documented BuildKit
// limitation, `\\\` do not continue). The kept text drops E and the blanks
// after it.
ContinuationCut cut_continuation(std::string_view text,
                                 std::size_t begin,
                                 std::size_t end,
                                 char escape);

} // namespace stalebase::dockerfile::detail
