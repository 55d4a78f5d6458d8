#pragma once

#include "stalebase/dockerfile/shell_lexer.hpp"
#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include "util/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

// BuildKit's one shell word lexer (shellWord in shell/lex.go). Both the
// expansion of words (ShellLexer) and the search for heredocs (heredoc_words)
// run it; they differ only in LexOptions, as BuildKit's callers differ only in
// the fields they set on shell.Lex.

namespace stalebase::dockerfile::detail {

inline constexpr std::int32_t k_eof = -1;

// The fields of BuildKit's shell.Lex.
struct LexOptions {
  char escape = '\\';
  bool raw_quotes = false;     // RawQuotes: quotes stay in the result
  bool raw_escapes = false;    // RawEscapes: escape characters stay
  bool skip_unset_env = false; // SkipUnsetEnv: `$X`, `${X:-w}`... of an unset
                               // X stay as text
};

// An ASCII byte the lexer's main loop copies as is, exactly as it would one
// rune at a time: not `$`, a quote or the escape character, and when
// `splitting` into words not white space or `<` either.
inline bool is_plain_byte(unsigned char c, char escape, bool splitting) {
  if (c >= 0x80 || c == '$' || c == '\'' || c == '"' ||
      c == static_cast<unsigned char>(escape)) {
    return false;
  }
  return !splitting || (c != '<' && c != ' ' && (c < '\t' || c > '\r'));
}

// Go's text/scanner as BuildKit uses it: reads runes (an invalid byte is U+FFFD
// of width 1) and skips a byte order mark at the very start.
class RuneScanner {
public:
  struct Rune {
    std::int32_t ch = k_eof;
    std::size_t pos = 0;   // byte offset in the word
    std::size_t width = 0; // bytes
  };

  explicit RuneScanner(std::string_view text);

  std::int32_t peek() const { return m_current.ch; }
  Rune next() {
    const Rune rune = m_current;
    if (rune.ch != k_eof) {
      decode_at(rune.pos + rune.width);
    }
    return rune;
  }
  // The byte offset of the rune peek() returns.
  std::size_t offset() const { return m_current.pos; }
  // Continues at byte `pos`, which must start a rune.
  void seek(std::size_t pos) { decode_at(pos); }

private:
  void decode_at(std::size_t pos) {
    if (pos >= m_text.size()) {
      m_current = {k_eof, m_text.size(), 0};
      return;
    }
    const auto byte = static_cast<unsigned char>(m_text[pos]);
    if (byte < 0x80) {
      m_current = {byte, pos, 1};
      return;
    }
    const auto rune = util::utf8::decode(m_text, pos);
    m_current = {static_cast<std::int32_t>(rune.value), pos, rune.width};
  }

  std::string_view m_text;
  Rune m_current;
};

// BuildKit's wordsStruct: splits the expansion into words on unquoted white
// space.
class WordSplitter {
public:
  // An unquoted, unescaped rune: white space ends the current word.
  void add_rune(char32_t r);
  // A quoted or escaped rune: always part of the word.
  void add_raw_rune(char32_t r);
  // The value of a variable: split like unquoted text.
  void add_string(std::string_view s);
  // The content of a quoted string: part of the word, even when empty.
  void add_raw_string(std::string_view s);
  std::vector<std::string> take_words();

private:
  std::string m_word;
  std::vector<std::string> m_words;
  bool m_in_word = false;
};

class ShellWord {
public:
  ShellWord(const TrackedString &word,
            const Environment &env,
            const LexOptions &options,
            std::vector<std::string> &matched,
            std::vector<std::string> &unmatched,
            std::size_t max_length);

  // Expands the whole word into `out` (and `words` if given). On failure
  // returns false and error() is BuildKit's message (`failed to process
  // "<word>": ...`). Fails too when substitutions nest deeper than
  // k_max_substitution_depth or the result grows past `max_length` bytes.
  bool process(TrackedString &out, WordSplitter *words);
  const std::string &error() const { return m_error; }

private:
  bool process_stop_on(std::int32_t stop,
                       bool raw_escapes,
                       TrackedString &out,
                       WordSplitter *words);
  bool
  process_until(std::int32_t stop, TrackedString &out, WordSplitter *words);
  void
  copy_plain_run(std::int32_t stop, TrackedString &out, WordSplitter *words);
  bool process_single_quote(TrackedString &out);
  bool process_double_quote(TrackedString &out);
  bool process_dollar(TrackedString &out);
  void process_possible_heredoc(TrackedString &out);
  bool process_modifier(std::size_t dollar,
                        const std::string &name,
                        std::int32_t op,
                        bool null_is_unset,
                        std::string chs,
                        TrackedString &out);
  bool process_replace(std::size_t dollar,
                       const std::string &name,
                       TrackedString &out);
  bool is_plain_byte(unsigned char c, std::int32_t stop, bool splitting) const {
    return static_cast<std::int32_t>(c) != stop &&
           detail::is_plain_byte(c, static_cast<char>(m_escape), splitting);
  }
  // SkipUnsetEnv's text for an unset variable: `${`, the name, `parts`, `}`.
  void append_unexpanded(std::size_t dollar,
                         const std::string &name,
                         std::initializer_list<std::string_view> parts,
                         TrackedString &out) const;
  std::string process_name();
  const TrackedString *lookup(const std::string &name);
  void write(TrackedString &out, const RuneScanner::Rune &rune) const;
  bool fail(std::string message);
  bool is_too_long(const TrackedString &out) const {
    return out.text.size() > m_max_length;
  }

  const TrackedString &m_word;
  const Environment &m_env;
  RuneScanner m_scanner;
  std::int32_t m_escape;
  bool m_raw_quotes;
  bool m_skip_unset_env;
  bool m_raw_escapes;
  std::vector<std::string> &m_matched;
  std::vector<std::string> &m_unmatched;
  std::string m_error;
  std::size_t m_max_length;
  std::size_t m_depth = 0; // `${` being read
};

// BuildKit's `failed to process "<word>": <why>`, the word shortened when long.
std::string failed_to_process(std::string_view word, const std::string &why);

// ProcessWords: expands `text` with `options` and splits the result into words
// on unquoted white space. `produced`, when given, gets the length of the whole
// expansion. Fails like ShellWord::process.
Expected<std::vector<std::string>, std::string>
process_words(std::string_view text,
              const Environment &env,
              const LexOptions &options,
              std::size_t *produced = nullptr);

} // namespace stalebase::dockerfile::detail
