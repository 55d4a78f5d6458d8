#pragma once

#include "stalebase/dockerfile/ast.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stalebase::dockerfile::detail {

// Where the parts of a `# key = value` line are (BuildKit's directive regexp
// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, `\s` being [\t\n\f\r ]).
struct DirectiveMatch {
  std::size_t key_begin = 0;
  std::size_t key_end = 0;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
};

// Matches text[begin, end) against the directive pattern.
std::optional<DirectiveMatch>
match_directive(std::string_view text, std::size_t begin, std::size_t end);

// BuildKit's DirectiveParser: looks for `syntax`, `escape` and `check`
// directives in the lines at the top of the file and stops for good at the
// first line that is not one.
class DirectiveParser {
public:
  bool done() const { return m_done; }

  // Looks at one line, already stripped of its line ending and leading spaces.
  // A directive is added to `document` (an `escape` one also sets
  // document.escape). Fails with BuildKit's message on a repeated directive or
  // an escape other than ` or \.
  std::optional<std::string> parse_line(std::string_view source,
                                        std::size_t begin,
                                        std::size_t end,
                                        std::size_t line,
                                        Document &document);

private:
  bool m_done = false;
  bool m_seen_syntax = false;
  bool m_seen_escape = false;
  bool m_seen_check = false;
};

} // namespace stalebase::dockerfile::detail
