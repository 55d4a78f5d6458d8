#include "stalebase/dockerfile/shell_lexer.hpp"

#include "dockerfile/go_quote.hpp"
#include "dockerfile/limits.hpp"
#include "dockerfile/shell_word.hpp"
#include "dockerfile/tracked_text.hpp"

namespace stalebase::dockerfile {

namespace {

// The word in quotes, shortened when long: a hostile word can be a whole
// 64 KiB line, which no message should repeat.
std::string quote_word(std::string_view word) {
  constexpr std::size_t k_shown = 80;
  if (word.size() <= k_shown) {
    return go_quote(word);
  }
  std::size_t cut = k_shown;
  while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0U) == 0x80U) {
    --cut; // not inside a UTF-8 sequence
  }
  std::string quoted = go_quote(word.substr(0, cut));
  quoted.insert(quoted.size() - 1, "...");
  return quoted;
}

std::string failed_to_process(std::string_view word, const std::string &why) {
  return "failed to process " + quote_word(word) + ": " + why;
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
  } else {
    detail::ShellWord shell_word(word, env, m_escape, result.matched,
                                 result.unmatched,
                                 detail::k_max_expansion_length);
    if (!shell_word.process(result.value, nullptr)) {
      return Unexpected(failed_to_process(word.text, shell_word.error()));
    }
  }
  if (!spend(result.value.text.size())) {
    return Unexpected(
        failed_to_process(word.text, detail::expansions_too_long()));
  }
  return result;
}

bool ShellLexer::spend(std::size_t produced) const {
  m_produced += produced;
  return m_produced <= detail::k_max_expansion_total;
}

Expected<std::vector<std::string>, std::string>
ShellLexer::expand_words(std::string_view text, const Environment &env) const {
  TrackedString word;
  word.text.assign(text);
  std::vector<std::string> matched;
  std::vector<std::string> unmatched;
  TrackedString value;
  detail::WordSplitter words;
  detail::ShellWord shell_word(word, env, m_escape, matched, unmatched,
                               detail::k_max_expansion_length);
  if (!shell_word.process(value, &words)) {
    return Unexpected(failed_to_process(text, shell_word.error()));
  }
  if (!spend(value.text.size())) {
    return Unexpected(failed_to_process(text, detail::expansions_too_long()));
  }
  return words.take_words();
}

} // namespace stalebase::dockerfile
