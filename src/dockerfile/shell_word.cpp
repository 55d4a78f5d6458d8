#include "dockerfile/shell_word.hpp"

#include "dockerfile/go_quote.hpp"
#include "dockerfile/limits.hpp"
#include "dockerfile/pattern_substitution.hpp"
#include "dockerfile/tracked_text.hpp"
#include "dockerfile/unicode_tables.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace stalebase::dockerfile::detail {

namespace {

// `$@ $* $# $? $- $$ $! $0`: POSIX special parameters, a one-rune name.
bool is_special_parameter(std::int32_t ch) {
  switch (ch) {
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

bool is_digit(std::int32_t ch) {
  return ch >= 0 && unicode::is_digit(static_cast<char32_t>(ch));
}

bool is_letter(std::int32_t ch) {
  return ch >= 0 && unicode::is_letter(static_cast<char32_t>(ch));
}

// Go's string(rune): EOF (-1) becomes U+FFFD.
void append_rune_text(std::string &out, std::int32_t ch) {
  util::utf8::append(out, ch < 0 ? util::utf8::k_rune_error
                                 : static_cast<char32_t>(ch));
}

std::string unsupported_modifier(const std::string &chs) {
  return "unsupported modifier (" + chs + ") in substitution";
}

const TrackedString k_empty_value;

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

} // namespace

std::string failed_to_process(std::string_view word, const std::string &why) {
  return "failed to process " + quote_word(word) + ": " + why;
}

Expected<std::vector<std::string>, std::string>
process_words(std::string_view text,
              const Environment &env,
              const LexOptions &options,
              std::size_t *produced) {
  TrackedString word;
  word.text.assign(text);
  std::vector<std::string> matched;
  std::vector<std::string> unmatched;
  TrackedString value;
  WordSplitter words;
  ShellWord shell_word(word, env, options, matched, unmatched,
                       k_max_expansion_length);
  if (!shell_word.process(value, &words)) {
    return Unexpected(shell_word.error());
  }
  if (produced != nullptr) {
    *produced = value.text.size();
  }
  return words.take_words();
}

RuneScanner::RuneScanner(std::string_view text) : m_text(text) {
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    start = 3;
  }
  decode_at(start);
}

void WordSplitter::add_rune(char32_t r) {
  if (!unicode::is_space(r)) {
    add_raw_rune(r);
  } else if (m_in_word && !m_word.empty()) {
    m_words.push_back(std::move(m_word));
    m_word.clear();
    m_in_word = false;
  }
}

void WordSplitter::add_raw_rune(char32_t r) {
  util::utf8::append(m_word, r);
  m_in_word = true;
}

void WordSplitter::add_string(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto rune = util::utf8::decode(s, pos);
    add_rune(rune.value);
    pos += rune.width;
  }
}

void WordSplitter::add_raw_string(std::string_view s) {
  m_word += s;
  m_in_word = true;
}

std::vector<std::string> WordSplitter::take_words() {
  if (!m_word.empty()) {
    m_words.push_back(std::move(m_word));
    m_word.clear();
    m_in_word = false;
  }
  return std::move(m_words);
}

ShellWord::ShellWord(const TrackedString &word,
                     const Environment &env,
                     const LexOptions &options,
                     std::vector<std::string> &matched,
                     std::vector<std::string> &unmatched,
                     std::size_t max_length)
    : m_word(word), m_env(env), m_scanner(word.text),
      m_escape(static_cast<unsigned char>(options.escape)),
      m_raw_quotes(options.raw_quotes),
      m_skip_unset_env(options.skip_unset_env),
      m_raw_escapes(options.raw_escapes), m_matched(matched),
      m_unmatched(unmatched), m_max_length(max_length) {}

bool ShellWord::process(TrackedString &out, WordSplitter *words) {
  if (process_stop_on(k_eof, m_raw_escapes, out, words) &&
      (!is_too_long(out) || fail(expansion_too_long()))) {
    return true;
  }
  m_error = failed_to_process(m_word.text, m_error);
  return false;
}

bool ShellWord::fail(std::string message) {
  m_error = std::move(message);
  return false;
}

void ShellWord::write(TrackedString &out, const RuneScanner::Rune &rune) const {
  tracked::append_decoded(out, m_word, rune.pos,
                          {static_cast<char32_t>(rune.ch), rune.width});
}

const TrackedString *ShellWord::lookup(const std::string &name) {
  const auto it = m_env.find(name);
  auto &names = it != m_env.end() ? m_matched : m_unmatched;
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    if (names.empty()) {
      names.reserve(4);
    }
    names.push_back(name);
  }
  return it != m_env.end() ? &it->second : nullptr;
}

bool ShellWord::process_stop_on(std::int32_t stop,
                                bool raw_escapes,
                                TrackedString &out,
                                WordSplitter *words) {
  // Inside `${V#p}`, `${V%p}` and `${V/p/r}` escapes are kept for the pattern.
  const bool saved = std::exchange(m_raw_escapes, raw_escapes);
  const bool ok = process_until(stop, out, words);
  m_raw_escapes = saved;
  return ok;
}

bool ShellWord::process_until(std::int32_t stop,
                              TrackedString &out,
                              WordSplitter *words) {
  while (m_scanner.peek() != k_eof) {
    // Each step adds at most one value, itself no longer than the limit.
    if (is_too_long(out)) {
      return fail(expansion_too_long());
    }
    const std::int32_t ch = m_scanner.peek();
    if (stop != k_eof && ch == stop) {
      m_scanner.next();
      return true;
    }
    // `<` only matters when splitting: processPossibleHeredoc gives back the
    // text it read, but keeps the blanks after `<<` in the word.
    if (ch == '$' || ch == '\'' || ch == '"' ||
        (ch == '<' && words != nullptr)) {
      const std::size_t mark = out.text.size();
      bool ok = true;
      if (ch == '<') {
        process_possible_heredoc(out);
      } else {
        ok = ch == '$'   ? process_dollar(out)
             : ch == '"' ? process_double_quote(out)
                         : process_single_quote(out);
      }
      if (!ok) {
        return false;
      }
      if (words != nullptr) {
        const std::string_view added = std::string_view(out.text).substr(mark);
        if (ch == '$') {
          words->add_string(added);
        } else {
          words->add_raw_string(added);
        }
      }
      continue;
    }
    if (ch < 0x80 &&
        is_plain_byte(static_cast<unsigned char>(ch), stop, words != nullptr)) {
      copy_plain_run(stop, out, words);
      continue;
    }
    auto rune = m_scanner.next();
    if (rune.ch == m_escape) {
      if (m_raw_escapes) {
        if (words != nullptr) {
          words->add_raw_rune(static_cast<char32_t>(rune.ch));
        }
        write(out, rune);
      }
      rune = m_scanner.next();
      if (rune.ch == k_eof) {
        break; // a trailing escape is dropped
      }
      if (words != nullptr) {
        words->add_raw_rune(static_cast<char32_t>(rune.ch));
      }
    } else if (words != nullptr) {
      words->add_rune(static_cast<char32_t>(rune.ch));
    }
    write(out, rune);
  }
  if (stop != k_eof) {
    std::string message =
        "unexpected end of statement while looking for matching ";
    append_rune_text(message, stop);
    return fail(std::move(message));
  }
  return true;
}

// Copies the ASCII bytes from the current one up to the next byte that needs a
// decision (the usual bulk of a word) in one go.
void ShellWord::copy_plain_run(std::int32_t stop,
                               TrackedString &out,
                               WordSplitter *words) {
  const std::string_view text = m_word.text;
  const std::size_t begin = m_scanner.offset();
  std::size_t end = begin + 1; // the current byte is known to be plain
  while (end < text.size() &&
         is_plain_byte(static_cast<unsigned char>(text[end]), stop,
                       words != nullptr)) {
    ++end;
  }
  tracked::append_range(out, m_word, begin, end);
  if (words != nullptr) {
    words->add_raw_string(text.substr(begin, end - begin));
  }
  m_scanner.seek(end);
}

void ShellWord::process_possible_heredoc(TrackedString &out) {
  const std::size_t begin = m_scanner.offset();
  m_scanner.next(); // `<`
  if (m_scanner.peek() == '<') {
    m_scanner.next();
    // Blanks after `<<` stay in the word, so `<< EOF` is one word.
    while (m_scanner.peek() == ' ' || m_scanner.peek() == '\t') {
      m_scanner.next();
    }
  }
  tracked::append_range(out, m_word, begin, m_scanner.offset());
}

bool ShellWord::process_single_quote(TrackedString &out) {
  const auto open = m_scanner.next();
  if (m_raw_quotes) {
    write(out, open);
  }
  while (true) {
    const auto rune = m_scanner.next();
    if (rune.ch == k_eof) {
      return fail("unexpected end of statement while looking for matching "
                  "single-quote");
    }
    if (rune.ch == '\'') {
      if (m_raw_quotes) {
        write(out, rune);
      }
      return true;
    }
    write(out, rune);
  }
}

bool ShellWord::process_double_quote(TrackedString &out) {
  const auto open = m_scanner.next();
  if (m_raw_quotes) {
    write(out, open);
  }
  while (true) {
    if (is_too_long(out)) {
      return fail(expansion_too_long());
    }
    const std::int32_t ch = m_scanner.peek();
    if (ch == k_eof) {
      return fail("unexpected end of statement while looking for matching "
                  "double-quote");
    }
    if (ch == '"') {
      const auto close = m_scanner.next();
      if (m_raw_quotes) {
        write(out, close);
      }
      return true;
    }
    if (ch == '$') {
      if (!process_dollar(out)) {
        return false;
      }
      continue;
    }
    auto rune = m_scanner.next();
    if (rune.ch == m_escape) {
      if (m_raw_escapes) {
        write(out, rune);
      }
      const std::int32_t following = m_scanner.peek();
      if (following == k_eof) {
        continue; // reported as an unterminated quote next time round
      }
      // Only `"`, `$` and the escape itself can be escaped; other escapes stay.
      if (following == '"' || following == '$' || following == m_escape) {
        rune = m_scanner.next();
      }
    }
    write(out, rune);
  }
}

std::string ShellWord::process_name() {
  std::string name;
  while (m_scanner.peek() != k_eof) {
    const std::int32_t ch = m_scanner.peek();
    if (name.empty() && is_digit(ch)) {
      // A positional parameter: all the digits.
      while (is_digit(m_scanner.peek())) {
        append_rune_text(name, m_scanner.next().ch);
      }
      return name;
    }
    if (name.empty() && is_special_parameter(ch)) {
      append_rune_text(name, m_scanner.next().ch);
      return name;
    }
    if (!is_letter(ch) && !is_digit(ch) && ch != '_') {
      break;
    }
    append_rune_text(name, m_scanner.next().ch);
  }
  return name;
}

bool ShellWord::process_dollar(TrackedString &out) {
  const auto dollar = m_scanner.next();
  if (m_scanner.peek() != '{') {
    const std::string name = process_name();
    if (name.empty()) {
      write(out, dollar); // a `$` that starts no name is literal
      return true;
    }
    if (const TrackedString *value = lookup(name)) {
      tracked::append_all(out, *value);
    } else if (m_skip_unset_env) {
      tracked::append_range(out, m_word, dollar.pos, m_scanner.offset());
    }
    return true;
  }
  m_scanner.next();
  // Go's stack grows; ours does not.
  if (m_depth >= k_max_substitution_depth) {
    return fail(substitutions_too_deep());
  }
  ++m_depth;
  struct Leave {
    std::size_t &depth;
    ~Leave() { --depth; }
  } leave{m_depth};
  const std::int32_t first = m_scanner.peek();
  if (first == k_eof) {
    return fail("syntax error: missing '}'");
  }
  if (first == '{' || first == '}' || first == ':') {
    return fail("syntax error: bad substitution");
  }
  const std::string name = process_name();
  std::int32_t op = m_scanner.next().ch;
  std::string chs;
  append_rune_text(chs, op);
  switch (op) {
  case '}':
    if (const TrackedString *value = lookup(name)) {
      tracked::append_all(out, *value);
    } else if (m_skip_unset_env) {
      tracked::append_range(out, m_word, dollar.pos, m_scanner.offset());
    }
    return true;
  case '/':
    return process_replace(dollar.pos, name, out);
  case ':':
    op = m_scanner.next().ch;
    append_rune_text(chs, op);
    return process_modifier(dollar.pos, name, op, true, std::move(chs), out);
  case '+':
  case '-':
  case '?':
  case '#':
  case '%':
    return process_modifier(dollar.pos, name, op, false, std::move(chs), out);
  default:
    return fail(unsupported_modifier(chs));
  }
}

void ShellWord::append_unexpanded(std::size_t dollar,
                                  const std::string &name,
                                  std::initializer_list<std::string_view> parts,
                                  TrackedString &out) const {
  tracked::append_range(out, m_word, dollar, dollar + 2 + name.size());
  for (const std::string_view part : parts) {
    for (const char c : part) {
      tracked::push(out, c, tracked::k_none);
    }
  }
  tracked::push(out, '}', tracked::k_none);
}

bool ShellWord::process_modifier(std::size_t dollar,
                                 const std::string &name,
                                 std::int32_t op,
                                 bool null_is_unset,
                                 std::string chs,
                                 TrackedString &out) {
  const bool is_pattern = op == '#' || op == '%';
  // `${V:#p}` and `${V:%p}`; SkipUnsetEnv keeps them as text when V is unset.
  if (null_is_unset && is_pattern && !m_skip_unset_env) {
    return fail(unsupported_modifier(chs));
  }
  // The word is expanded into `out` and dropped again when the value is used
  // instead.
  const std::size_t mark = out.text.size();
  if (!process_stop_on('}', is_pattern, out, nullptr)) {
    if (m_scanner.peek() == k_eof) {
      return fail("syntax error: missing '}'");
    }
    return false;
  }
  const TrackedString *value = lookup(name);
  if (value == nullptr && m_skip_unset_env) {
    const std::string word = out.text.substr(mark);
    tracked::truncate(out, mark);
    append_unexpanded(dollar, name, {chs, word}, out);
    return true;
  }
  if (null_is_unset && is_pattern) {
    return fail(unsupported_modifier(chs));
  }
  const bool unset_or_null =
      value == nullptr || (null_is_unset && value->text.empty());
  switch (op) {
  case '-':
    if (!unset_or_null) {
      tracked::truncate(out, mark);
      tracked::append_all(out, *value);
    }
    return true;
  case '+':
    if (unset_or_null) {
      tracked::truncate(out, mark);
    }
    return true;
  case '?': {
    if (unset_or_null) {
      std::string message = out.text.substr(mark);
      if (message.empty()) {
        message = value == nullptr ? "is not allowed to be unset"
                                   : "is not allowed to be empty";
      }
      return fail(name + ": " + message);
    }
    tracked::truncate(out, mark);
    tracked::append_all(out, *value);
    return true;
  }
  case '#':
  case '%': {
    std::string pattern = out.text.substr(mark);
    tracked::truncate(out, mark);
    // `##` / `%%`: the longest match.
    const bool greedy = !pattern.empty() && pattern[0] == static_cast<char>(op);
    const std::string_view body =
        greedy ? std::string_view(pattern).substr(1) : pattern;
    const TrackedString &subject = value != nullptr ? *value : k_empty_value;
    return op == '%'
               ? pattern::trim_suffix(subject, body, greedy, out, m_error)
               : pattern::trim_prefix(subject, body, greedy, out, m_error);
  }
  default:
    return fail(unsupported_modifier(chs));
  }
}

bool ShellWord::process_replace(std::size_t dollar,
                                const std::string &name,
                                TrackedString &out) {
  const bool all = m_scanner.peek() == '/';
  if (all) {
    m_scanner.next();
  }
  const std::size_t mark = out.text.size();
  if (!process_stop_on('/', true, out, nullptr)) {
    if (m_scanner.peek() == k_eof) {
      return fail("syntax error: missing '/' in ${}");
    }
    return false;
  }
  const std::string pattern = out.text.substr(mark);
  tracked::truncate(out, mark);
  if (!process_stop_on('}', true, out, nullptr)) {
    if (m_scanner.peek() == k_eof) {
      return fail("syntax error: missing '}'");
    }
    return false;
  }
  TrackedString replacement;
  tracked::append_range(replacement, out, mark, out.text.size());
  tracked::truncate(out, mark);
  const TrackedString *value = lookup(name);
  if (value == nullptr && m_skip_unset_env) {
    // BuildKit writes one `/` back, even for `${V//p/r}`.
    append_unexpanded(dollar, name, {"/", pattern, "/", replacement.text}, out);
    return true;
  }
  return pattern::replace(value != nullptr ? *value : k_empty_value, pattern,
                          replacement, all, m_max_length, out, m_error);
}

} // namespace stalebase::dockerfile::detail
