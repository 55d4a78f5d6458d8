#include "stalebase/sources/dotenv.hpp"

// The Dockerfile's bound on what one expansion may produce serves here too:
// `B=${A}${A}`, `C=${B}${B}`… would otherwise double with every line.
#include "dockerfile/limits.hpp"

namespace stalebase::sources {

namespace {

bool is_key_char(char c) {
  return c == '_' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_line_end(char c) {
  return c == '\n' || c == '\r';
}

class DotenvReader {
public:
  DotenvReader(std::string_view text, const ComposeEnvironment &process)
      : m_text(text), m_lines(text), m_process(process), m_scope(process) {}

  Expected<ComposeEnvironment, SourceError> read() {
    // A UTF-8 BOM is no part of the first key.
    if (m_text.starts_with("\xEF\xBB\xBF")) {
      m_at = 3;
    }
    while (m_at < m_text.size()) {
      if (auto done = line(); !done) {
        return Unexpected(std::move(done).error());
      }
    }
    return std::move(m_env);
  }

private:
  SourceError error(std::size_t offset, std::string message) const {
    const SourcePosition at = m_lines.position(offset);
    return SourceError{std::move(message), at.line, at.column};
  }

  void skip_blanks() {
    while (m_at < m_text.size() && is_blank(m_text[m_at])) {
      ++m_at;
    }
  }

  void skip_line() {
    const std::size_t end = m_text.find('\n', m_at);
    m_at = end == std::string_view::npos ? m_text.size() : end + 1;
  }

  // After a value: blanks, then a comment or the end of the line.
  Expected<void, SourceError> end_of_line() {
    skip_blanks();
    if (m_at < m_text.size() && !is_line_end(m_text[m_at]) &&
        m_text[m_at] != '#') {
      return Unexpected(
          error(m_at, "unexpected text after the value's closing quote"));
    }
    skip_line();
    return {};
  }

  Expected<void, SourceError> line() {
    skip_blanks();
    if (m_at >= m_text.size() || is_line_end(m_text[m_at]) ||
        m_text[m_at] == '#') {
      skip_line();
      return {};
    }
    if (m_text.substr(m_at).starts_with("export") && m_at + 6 < m_text.size() &&
        is_blank(m_text[m_at + 6])) {
      m_at += 6;
      skip_blanks();
    }
    const std::size_t key_start = m_at;
    while (m_at < m_text.size() && is_key_char(m_text[m_at])) {
      ++m_at;
    }
    const std::string key(m_text.substr(key_start, m_at - key_start));
    skip_blanks();
    if (m_at >= m_text.size() || is_line_end(m_text[m_at]) ||
        m_text[m_at] == '#') {
      if (key.empty()) {
        return Unexpected(error(key_start, "a variable name is missing"));
      }
      // `KEY` alone: the value comes from the environment, if anywhere.
      skip_line();
      return {};
    }
    if (m_text[m_at] != '=') {
      return Unexpected(error(m_at, key.empty()
                                        ? "a variable name is missing"
                                        : "unexpected character in variable "
                                          "name " +
                                              key));
    }
    if (key.empty()) {
      return Unexpected(error(key_start, "a variable name is missing"));
    }
    ++m_at;
    skip_blanks();
    const char quote = m_at < m_text.size() ? m_text[m_at] : '\0';
    if (quote == '\'' || quote == '"') {
      const std::size_t open_quote = m_at;
      auto value = quoted(quote);
      if (!value) {
        return Unexpected(std::move(value).error());
      }
      if (auto done = end_of_line(); !done) {
        return done;
      }
      if (quote == '\'') {
        set(key, std::move(*value));
        return {};
      }
      return set_interpolated(key, *value, open_quote);
    }
    // Unquoted: up to the line end or a `#` after a blank, trimmed.
    const std::size_t start = m_at;
    std::size_t end = start;
    while (end < m_text.size() && m_text[end] != '\n' &&
           !(m_text[end] == '#' && end > start && is_blank(m_text[end - 1]))) {
      ++end;
    }
    std::size_t last = end;
    while (last > start &&
           (is_blank(m_text[last - 1]) || m_text[last - 1] == '\r')) {
      --last;
    }
    m_at = end;
    skip_line();
    return set_interpolated(key, m_text.substr(start, last - start), start);
  }

  // A quoted value from the opening quote at m_at to its closing one; leaves
  // m_at after it.
  Expected<std::string, SourceError> quoted(char quote) {
    const std::size_t open = m_at++;
    std::string value;
    while (m_at < m_text.size() && m_text[m_at] != quote) {
      const char c = m_text[m_at];
      if (c == '\\' && m_at + 1 < m_text.size()) {
        const char next = m_text[m_at + 1];
        m_at += 2;
        if (quote == '\'') {
          // Only a quote is escaped in single quotes.
          value += next == '\'' ? std::string(1, '\'') : std::string{c, next};
          continue;
        }
        switch (next) {
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case '$':
          value += "$$"; // a literal `$`, as interpolation reads it
          break;
        default:
          value += next;
        }
        continue;
      }
      // A literal `$` in a double-quoted value is interpolated later; in a
      // single-quoted one it is text.
      value += c;
      ++m_at;
    }
    if (m_at >= m_text.size()) {
      return Unexpected(error(open, std::string("unterminated quoted value (") +
                                        quote + " without its closing " +
                                        quote + ")"));
    }
    ++m_at;
    return value;
  }

  void set(const std::string &key, std::string value) {
    if (m_process.find(key) == m_process.end()) {
      m_scope[key] = value; // the shell's variables win
    }
    m_env[key] = std::move(value);
  }

  // The value (written at `offset`) interpolated with the shell's variables,
  // then those set above; left out when one of its variables has no value.
  Expected<void, SourceError> set_interpolated(const std::string &key,
                                               std::string_view value,
                                               std::size_t offset) {
    auto interpolated = interpolate_compose(value, m_scope);
    if (!interpolated) {
      m_env.erase(key);
      if (m_process.find(key) == m_process.end()) {
        m_scope.erase(key);
      }
      return {};
    }
    if (interpolated->size() > dockerfile::detail::k_max_expansion_length) {
      return Unexpected(
          error(offset, dockerfile::detail::expansion_too_long()));
    }
    m_expanded += interpolated->size();
    if (m_expanded > dockerfile::detail::k_max_expansion_total) {
      return Unexpected(
          error(offset, dockerfile::detail::expansions_too_long()));
    }
    set(key, std::move(*interpolated));
    return {};
  }

  std::string_view m_text;
  dockerfile::LineIndex m_lines;
  const ComposeEnvironment &m_process;
  ComposeEnvironment m_scope; // what values are interpolated with
  std::size_t m_at = 0;
  std::size_t m_expanded = 0; // bytes interpolated so far
  ComposeEnvironment m_env;
};

} // namespace

Expected<ComposeEnvironment, SourceError>
parse_dotenv(std::string_view text, const ComposeEnvironment &process) {
  return DotenvReader(text, process).read();
}

ComposeEnvironment compose_environment(const ComposeEnvironment &dotenv,
                                       const ComposeEnvironment &process) {
  ComposeEnvironment result = process;
  result.insert(dotenv.begin(), dotenv.end()); // existing (the shell's) win
  return result;
}

} // namespace stalebase::sources
