#include "stalebase/dockerfile/shell_lexer.hpp"

#include "dockerfile/go_quote.hpp"
#include "dockerfile/shell_word.hpp"
#include "dockerfile/tracked_text.hpp"

namespace stalebase::dockerfile {

namespace {

std::string failed_to_process(std::string_view word, const std::string &why) {
  return "failed to process " + go_quote(word) + ": " + why;
}

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
    return result;
  }
  detail::ShellWord shell_word(word, env, m_escape, result.matched,
                               result.unmatched);
  if (!shell_word.process(result.value, nullptr)) {
    return Unexpected(failed_to_process(word.text, shell_word.error()));
  }
  return result;
}

Expected<std::vector<std::string>, std::string>
ShellLexer::expand_words(std::string_view text, const Environment &env) const {
  TrackedString word;
  word.text.assign(text);
  std::vector<std::string> matched;
  std::vector<std::string> unmatched;
  TrackedString value;
  detail::WordSplitter words;
  detail::ShellWord shell_word(word, env, m_escape, matched, unmatched);
  if (!shell_word.process(value, &words)) {
    return Unexpected(failed_to_process(text, shell_word.error()));
  }
  return words.take_words();
}

} // namespace stalebase::dockerfile
