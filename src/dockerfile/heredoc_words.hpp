#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile::detail {

// How BuildKit's parser sets up its shell lexer (the one ShellWord, see
// shell_word.hpp) for finding heredocs: escape `\`, no variables set and
// SkipUnsetEnv (so `$X` and `${X:-w}` stay as text), and optionally RawQuotes
// (quotes kept) and RawEscapes (escape characters kept).
struct HeredocLexOptions {
  bool raw_quotes = false;
  bool raw_escapes = false;
};

// shell.Lex.ProcessWords as the heredoc code calls it: splits `text` into words
// on unquoted Unicode spaces, `<<` followed by blanks staying in its word.
// Fails with the lexer's message (wrapped as `failed to process "<text>": ...`)
// on an unterminated quote or a bad `${...}`.
Expected<std::vector<std::string>, std::string>
heredoc_lex_words(std::string_view text, HeredocLexOptions options);

// True when heredoc_lex_words(text, options) is exactly {text} whatever the
// options: `text` is non-empty plain ASCII without spaces, quotes, `\`, `$` or
// `<`. Lets callers skip lexing the usual `EOF`.
bool is_plain_heredoc_word(std::string_view text);

} // namespace stalebase::dockerfile::detail
