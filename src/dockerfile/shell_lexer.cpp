#include "stalebase/dockerfile/shell_lexer.hpp"

#include "dockerfile/limits.hpp"
#include "dockerfile/shell_word.hpp"
#include "dockerfile/tracked_text.hpp"

namespace stalebase::dockerfile {

namespace {

// A word the lexer copies unchanged: ASCII without quotes, `$` or the escape
// character. Most image names are.
bool is_literal_word(std::string_view text, char escape) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80U || c == '$' || c == '\'' ||
        c == '"' || c == escape) {
      return false;
    }
  }
  return true;
}

} // namespace

Expected<ExpandResult, std::string>
ShellLexer::expand(const TrackedString &word, const Environment &env) const {
  ExpandResult result;
  result.value.text.reserve(word.text.size());
  if (is_literal_word(word.text, m_escape)) {
    tracked::append_all(result.value, word);
  } else {
    detail::LexOptions options;
    options.escape = m_escape;
    detail::ShellWord shell_word(word, env, options, result.matched,
                                 result.unmatched,
                                 detail::k_max_expansion_length);
    if (!shell_word.process(result.value, nullptr)) {
      return Unexpected(shell_word.error());
    }
  }
  if (!spend(result.value.text.size())) {
    return Unexpected(
        detail::failed_to_process(word.text, detail::expansions_too_long()));
  }
  return result;
}

bool ShellLexer::spend(std::size_t produced) const {
  m_produced += produced;
  return m_produced <= detail::k_max_expansion_total;
}

Expected<std::vector<std::string>, std::string>
ShellLexer::expand_words(std::string_view text, const Environment &env) const {
  detail::LexOptions options;
  options.escape = m_escape;
  std::size_t produced = 0;
  auto words = detail::process_words(text, env, options, &produced);
  if (words && !spend(produced)) {
    return Unexpected(
        detail::failed_to_process(text, detail::expansions_too_long()));
  }
  return words;
}

} // namespace stalebase::dockerfile
