#include "dockerfile/heredoc_words.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/limits.hpp"

#include <cstdint>
#include <optional>

namespace stalebase::dockerfile::detail {

namespace {

constexpr std::int32_t k_eof = -1;
constexpr std::int32_t k_escape = '\\';

std::string rune_string(std::int32_t rune) {
  std::string out;
  append_rune(out, rune < 0 ? k_rune_error : static_cast<char32_t>(rune));
  return out;
}

bool is_special_param(std::int32_t rune) {
  switch (rune) {
  case '@':
  case '*':
  case '#':
  case '?':
  case '-':
  case '$':
  case '!':
  case '0':
    return true;
  default:
    return false;
  }
}

bool is_space(std::int32_t rune) {
  return rune >= 0 && is_go_space(static_cast<char32_t>(rune));
}

// An ASCII byte that the lexer's main loop copies as is: not special, not a
// space, not `stop`.
bool is_plain_byte(char c, std::int32_t stop) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x80U && b != '$' && b != '\'' && b != '"' && b != '<' &&
         b != k_escape && !is_space(b) && static_cast<std::int32_t>(b) != stop;
}

// BuildKit's wordsStruct: collects words, splitting on unquoted Unicode spaces.
class Words {
public:
  void add_char(std::int32_t rune) {
    if (is_space(rune) && m_in_word) {
      if (!m_word.empty()) {
        m_words.push_back(std::move(m_word));
        m_word.clear();
        m_in_word = false;
      }
    } else if (!is_space(rune)) {
      add_raw_char(rune);
    }
  }
  void add_raw_char(std::int32_t rune) {
    append_rune(m_word, static_cast<char32_t>(rune));
    m_in_word = true;
  }
  void add_string(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
      const DecodedRune rune = decode_rune(text, pos);
      add_char(static_cast<std::int32_t>(rune.rune));
      pos += rune.width;
    }
  }
  void add_raw_string(std::string_view text) {
    m_word += text;
    m_in_word = true;
  }
  std::vector<std::string> take_words() {
    if (!m_word.empty()) {
      m_words.push_back(std::move(m_word));
      m_word.clear();
      m_in_word = false;
    }
    return std::move(m_words);
  }

private:
  std::string m_word;
  std::vector<std::string> m_words;
  bool m_in_word = false;
};

using LexError = std::optional<std::string>;

// BuildKit's shellWord with an empty environment and SkipUnsetEnv.
class ShellWordLexer {
public:
  ShellWordLexer(std::string_view text, HeredocLexOptions options)
      : m_text(text), m_raw_quotes(options.raw_quotes),
        m_raw_escapes(options.raw_escapes) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
      m_pos = 3; // text/scanner skips a leading byte order mark
    }
  }

  LexError process_stop_on(std::int32_t stop,
                           bool raw_escapes,
                           std::string &result,
                           Words *words);

private:
  std::int32_t peek() const {
    if (m_pos >= m_text.size()) {
      return k_eof;
    }
    return static_cast<std::int32_t>(decode_rune(m_text, m_pos).rune);
  }
  std::int32_t next() {
    if (m_pos >= m_text.size()) {
      return k_eof;
    }
    const DecodedRune rune = decode_rune(m_text, m_pos);
    m_pos += rune.width;
    return static_cast<std::int32_t>(rune.rune);
  }
  static void put(std::string &out, std::int32_t rune) {
    append_rune(out, static_cast<char32_t>(rune));
  }

  LexError process_single_quote(std::string &out);
  LexError process_double_quote(std::string &out);
  LexError process_dollar(std::string &out);
  void process_possible_heredoc(std::string &out);
  std::string process_name();

  std::string_view m_text;
  std::size_t m_pos = 0;
  bool m_raw_quotes;
  bool m_raw_escapes;
  std::size_t m_depth = 0; // nested `$` expressions being read
};

LexError ShellWordLexer::process_stop_on(std::int32_t stop,
                                         bool raw_escapes,
                                         std::string &result,
                                         Words *words) {
  const bool saved = m_raw_escapes;
  m_raw_escapes = raw_escapes;
  struct Restore {
    bool &flag;
    bool value;
    ~Restore() { flag = value; }
  } restore{m_raw_escapes, saved};

  while (peek() != k_eof) {
    std::int32_t ch = peek();
    if (stop != k_eof && ch == stop) {
      next();
      return std::nullopt;
    }
    if (ch == '$' || ch == '\'' || ch == '"' || ch == '<') {
      std::string tmp;
      LexError error;
      if (ch == '$') {
        error = process_dollar(tmp);
      } else if (ch == '\'') {
        error = process_single_quote(tmp);
      } else if (ch == '"') {
        error = process_double_quote(tmp);
      } else {
        process_possible_heredoc(tmp);
      }
      if (error) {
        return error;
      }
      result += tmp;
      if (words != nullptr) {
        if (ch == '$') {
          words->add_string(tmp);
        } else {
          words->add_raw_string(tmp);
        }
      }
      continue;
    }
    if (ch < 0x80 && ch != k_escape && !is_space(ch)) {
      // A run of plain ASCII bytes goes to the result and the current word as
      // is, exactly as one add_char and put per byte would.
      std::size_t end = m_pos + 1;
      while (end < m_text.size() && is_plain_byte(m_text[end], stop)) {
        ++end;
      }
      const std::string_view run = m_text.substr(m_pos, end - m_pos);
      result += run;
      if (words != nullptr) {
        words->add_raw_string(run);
      }
      m_pos = end;
      continue;
    }
    ch = next();
    if (ch == k_escape) {
      if (m_raw_escapes) {
        if (words != nullptr) {
          words->add_raw_char(ch);
        }
        put(result, ch);
      }
      ch = next();
      if (ch == k_eof) {
        break;
      }
      if (words != nullptr) {
        words->add_raw_char(ch);
      }
    } else if (words != nullptr) {
      words->add_char(ch);
    }
    put(result, ch);
  }
  if (stop != k_eof) {
    return "unexpected end of statement while looking for matching " +
           rune_string(stop);
  }
  return std::nullopt;
}

LexError ShellWordLexer::process_single_quote(std::string &out) {
  std::int32_t ch = next();
  if (m_raw_quotes) {
    put(out, ch);
  }
  while (true) {
    ch = next();
    if (ch == k_eof) {
      return "unexpected end of statement while looking for matching "
             "single-quote";
    }
    if (ch == '\'') {
      if (m_raw_quotes) {
        put(out, ch);
      }
      return std::nullopt;
    }
    put(out, ch);
  }
}

LexError ShellWordLexer::process_double_quote(std::string &out) {
  std::int32_t ch = next();
  if (m_raw_quotes) {
    put(out, ch);
  }
  while (true) {
    const std::int32_t ahead = peek();
    if (ahead == k_eof) {
      return "unexpected end of statement while looking for matching "
             "double-quote";
    }
    if (ahead == '"') {
      ch = next();
      if (m_raw_quotes) {
        put(out, ch);
      }
      return std::nullopt;
    }
    if (ahead == '$') {
      std::string value;
      if (LexError error = process_dollar(value)) {
        return error;
      }
      out += value;
      continue;
    }
    ch = next();
    if (ch == k_escape) {
      if (m_raw_escapes) {
        put(out, ch);
      }
      const std::int32_t escaped = peek();
      if (escaped == k_eof) {
        continue; // a `\` at the end is dropped; the loop then fails
      }
      if (escaped == '"' || escaped == '$' || escaped == k_escape) {
        ch = next();
      }
    }
    put(out, ch);
  }
}

LexError ShellWordLexer::process_dollar(std::string &out) {
  // Go's stack grows; ours does not. Deeper nesting than any real file has is
  // reported as a lexing error, so the line simply has no heredocs.
  if (m_depth >= k_max_substitution_depth) {
    return "substitutions nested too deeply";
  }
  ++m_depth;
  struct Leave {
    std::size_t &depth;
    ~Leave() { --depth; }
  } leave{m_depth};
  next(); // `$`
  if (peek() != '{') {
    const std::string name = process_name();
    out = name.empty() ? "$" : "$" + name; // unset variables stay as text
    return std::nullopt;
  }
  next(); // `{`
  const std::int32_t first = peek();
  if (first == k_eof) {
    return "syntax error: missing '}'";
  }
  if (first == '{' || first == '}' || first == ':') {
    return "syntax error: bad substitution";
  }
  const std::string name = process_name();
  std::int32_t ch = next();
  std::string modifier = rune_string(ch);
  switch (ch) {
  case '}':
    out = "${" + name + "}";
    return std::nullopt;
  case ':':
    ch = next();
    modifier += rune_string(ch);
    [[fallthrough]];
  case '+':
  case '-':
  case '?':
  case '#':
  case '%': {
    std::string word;
    if (LexError error =
            process_stop_on('}', ch == '#' || ch == '%', word, nullptr)) {
      if (peek() == k_eof) {
        return "syntax error: missing '}'";
      }
      return error;
    }
    out = "${" + name + modifier + word + "}";
    return std::nullopt;
  }
  case '/': {
    if (peek() == '/') {
      next();
    }
    std::string pattern;
    if (LexError error = process_stop_on('/', true, pattern, nullptr)) {
      if (peek() == k_eof) {
        return "syntax error: missing '/' in ${}";
      }
      return error;
    }
    std::string replacement;
    if (LexError error = process_stop_on('}', true, replacement, nullptr)) {
      if (peek() == k_eof) {
        return "syntax error: missing '}'";
      }
      return error;
    }
    out = "${" + name + "/" + pattern + "/" + replacement + "}";
    return std::nullopt;
  }
  default:
    return "unsupported modifier (" + modifier + ") in substitution";
  }
}

void ShellWordLexer::process_possible_heredoc(std::string &out) {
  next(); // `<`
  if (peek() != '<') {
    out = "<";
    return;
  }
  next();
  out = "<<";
  // Blanks after `<<` stay in the word, so `<< EOF` is one word.
  while (peek() == ' ' || peek() == '\t') {
    put(out, next());
  }
}

std::string ShellWordLexer::process_name() {
  std::string name;
  while (peek() != k_eof) {
    const std::int32_t ch = peek();
    const auto rune = static_cast<char32_t>(ch);
    if (name.empty() && is_go_digit(rune)) {
      while (peek() != k_eof && is_go_digit(static_cast<char32_t>(peek()))) {
        put(name, next());
      }
      return name;
    }
    if (name.empty() && is_special_param(ch)) {
      next();
      return rune_string(ch);
    }
    if (!is_go_letter(rune) && !is_go_digit(rune) && ch != '_') {
      break;
    }
    put(name, next());
  }
  return name;
}

} // namespace

Expected<std::vector<std::string>, std::string>
heredoc_lex_words(std::string_view text, HeredocLexOptions options) {
  ShellWordLexer lexer(text, options);
  std::string result;
  Words words;
  if (LexError error =
          lexer.process_stop_on(k_eof, options.raw_escapes, result, &words)) {
    return Unexpected("failed to process " + go_quote(text) + ": " + *error);
  }
  return words.take_words();
}

bool is_plain_heredoc_word(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    if (!is_plain_byte(c, k_eof)) {
      return false;
    }
  }
  return true;
}

} // namespace stalebase::dockerfile::detail
