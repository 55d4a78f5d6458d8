#include "dockerfile/continuation.hpp"

#include "dockerfile/go_text.hpp"

namespace stalebase::dockerfile::detail {

bool is_comment_line(std::string_view text,
                     std::size_t begin,
                     std::size_t end) {
  const std::size_t first = skip_go_space(text, begin, end);
  return first < end && text[first] == '#';
}

bool is_blank_line(std::string_view text, std::size_t begin, std::size_t end) {
  return skip_go_space(text, begin, end) == end;
}

ContinuationCut cut_continuation(std::string_view text,
                                 std::size_t begin,
                                 std::size_t end,
                                 char escape) {
  std::size_t last = end;
  while (last > begin && (text[last - 1] == ' ' || text[last - 1] == '\t')) {
    --last;
  }
  if (last == begin || text[last - 1] != escape) {
    return {false, end};
  }
  const std::size_t escape_pos = last - 1;
  if (escape_pos > begin && text[escape_pos - 1] == escape) {
    return {false, end};
  }
  return {true, escape_pos};
}

} // namespace stalebase::dockerfile::detail
