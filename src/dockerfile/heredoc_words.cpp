#include "dockerfile/heredoc_words.hpp"

#include "dockerfile/shell_word.hpp"

namespace stalebase::dockerfile::detail {

Expected<std::vector<std::string>, std::string>
heredoc_lex_words(std::string_view text, HeredocLexOptions options) {
  static const Environment k_no_variables;
  LexOptions lex;
  lex.escape = '\\';
  lex.raw_quotes = options.raw_quotes;
  lex.raw_escapes = options.raw_escapes;
  lex.skip_unset_env = true;
  return process_words(text, k_no_variables, lex);
}

bool is_plain_heredoc_word(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    if (!is_plain_byte(static_cast<unsigned char>(c), '\\', true)) {
      return false;
    }
  }
  return true;
}

} // namespace stalebase::dockerfile::detail
