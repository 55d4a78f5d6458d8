#pragma once

#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile::detail {

// What a `<<NAME` word declares; the body is read later.
struct HeredocHeader {
  std::string name;
  bool expand = true;
  bool chomp = false;
  std::size_t file_descriptor = 0;
};

// BuildKit's ParseHeredoc: whether `word` matches `^(\d*)<<(-?)\s*([^<]*)$`
// with a name that lexes to exactly one word. The name is the lexed word
// (quotes removed); `expand` is false when any of it was quoted. Fails only
// when lexing the name fails.
Expected<std::optional<HeredocHeader>, std::string>
parse_heredoc_word(std::string_view word);

// BuildKit's heredocsFromLine: the heredocs declared on a joined instruction
// line, in order. The line is lexed keeping quotes and escapes; a line that
// does not lex has none.
Expected<std::vector<HeredocHeader>, std::string>
heredocs_from_line(std::string_view line);

} // namespace stalebase::dockerfile::detail
