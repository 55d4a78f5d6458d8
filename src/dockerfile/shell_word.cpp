#include "dockerfile/shell_word.hpp"

#include "dockerfile/limits.hpp"
#include "dockerfile/pattern_substitution.hpp"
#include "dockerfile/tracked_text.hpp"
#include "dockerfile/unicode_tables.hpp"
#include "dockerfile/utf8.hpp"

#include <algorithm>
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
  utf8::append(out, ch < 0 ? utf8::k_rune_error : static_cast<char32_t>(ch));
}

std::string unsupported_modifier(const std::string &chs) {
  return "unsupported modifier (" + chs + ") in substitution";
}

const TrackedString k_empty_value;

} // namespace

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
  utf8::append(m_word, r);
  m_in_word = true;
}

void WordSplitter::add_string(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const auto rune = utf8::decode(s, pos);
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
                     char escape,
                     std::vector<std::string> &matched,
                     std::vector<std::string> &unmatched,
                     std::size_t max_length)
    : m_word(word), m_env(env), m_scanner(word.text),
      m_escape(static_cast<unsigned char>(escape)), m_matched(matched),
      m_unmatched(unmatched), m_max_length(max_length) {}

bool ShellWord::process(TrackedString &out, WordSplitter *words) {
  if (!process_stop_on(k_eof, false, out, words)) {
    return false;
  }
  return !is_too_long(out) || fail(expansion_too_long());
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
    if (ch == '$' || ch == '\'' || ch == '"') {
      const std::size_t mark = out.text.size();
      const bool ok = ch == '$'   ? process_dollar(out)
                      : ch == '"' ? process_double_quote(out)
                                  : process_single_quote(out);
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
    if (words == nullptr && ch < 0x80 && ch != m_escape) {
      copy_plain_run(stop, out);
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
void ShellWord::copy_plain_run(std::int32_t stop, TrackedString &out) {
  const std::string_view text = m_word.text;
  const std::size_t begin = m_scanner.offset();
  std::size_t end = begin + 1; // the current byte is known to be plain
  while (end < text.size()) {
    const auto c = static_cast<unsigned char>(text[end]);
    if (c >= 0x80 || c == '$' || c == '\'' || c == '"' || c == m_escape ||
        c == stop) {
      break;
    }
    ++end;
  }
  tracked::append_range(out, m_word, begin, end);
  m_scanner.seek(end);
}

bool ShellWord::process_single_quote(TrackedString &out) {
  m_scanner.next();
  while (true) {
    const auto rune = m_scanner.next();
    if (rune.ch == k_eof) {
      return fail("unexpected end of statement while looking for matching "
                  "single-quote");
    }
    if (rune.ch == '\'') {
      return true;
    }
    write(out, rune);
  }
}

bool ShellWord::process_double_quote(TrackedString &out) {
  m_scanner.next();
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
      m_scanner.next();
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
    }
    return true;
  case '/':
    return process_replace(name, out);
  case ':':
    op = m_scanner.next().ch;
    append_rune_text(chs, op);
    return process_modifier(name, op, true, std::move(chs), out);
  case '+':
  case '-':
  case '?':
  case '#':
  case '%':
    return process_modifier(name, op, false, std::move(chs), out);
  default:
    return fail(unsupported_modifier(chs));
  }
}

bool ShellWord::process_modifier(const std::string &name,
                                 std::int32_t op,
                                 bool null_is_unset,
                                 std::string chs,
                                 TrackedString &out) {
  const bool is_pattern = op == '#' || op == '%';
  if (null_is_unset && is_pattern) {
    return fail(unsupported_modifier(chs)); // `${V:#p}` and `${V:%p}`
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

bool ShellWord::process_replace(const std::string &name, TrackedString &out) {
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
  return pattern::replace(value != nullptr ? *value : k_empty_value, pattern,
                          replacement, all, m_max_length, out, m_error);
}

} // namespace stalebase::dockerfile::detail
