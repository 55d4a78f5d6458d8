#include "stalebase/sources/jsonc.hpp"

#include "sources/limits.hpp"
#include "sources/stream_builder.hpp"
#include "util/utf8.hpp"

#include <charconv>

namespace stalebase::sources {

namespace {

class JsoncReader {
public:
  JsoncReader(std::string_view text, std::size_t start)
      : m_text(text), m_pos(start), m_builder(text) {}

  Expected<YamlStream, SourceError> read() {
    m_builder.begin_document();
    auto step = skip_blank();
    if (step) {
      step = value();
    }
    if (step) {
      step = skip_blank();
    }
    if (step && m_pos < m_text.size()) {
      step = fail("unexpected text after the value");
    }
    if (step) {
      step = m_builder.end_document();
    }
    if (!step) {
      return Unexpected(std::move(step).error());
    }
    return m_builder.take();
  }

private:
  using Step = Expected<void, SourceError>;

  Step fail(std::string message) const {
    return Unexpected(m_builder.error_at(m_pos, std::move(message)));
  }

  bool at(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }

  // Whitespace and comments.
  Step skip_blank() {
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++m_pos;
      } else if (m_text.substr(m_pos, 2) == "//") {
        const std::size_t end = m_text.find('\n', m_pos);
        m_pos = end == std::string_view::npos ? m_text.size() : end + 1;
      } else if (m_text.substr(m_pos, 2) == "/*") {
        const std::size_t end = m_text.find("*/", m_pos + 2);
        if (end == std::string_view::npos) {
          return fail("unterminated comment");
        }
        m_pos = end + 2;
      } else {
        break;
      }
    }
    return {};
  }

  Step value() {
    if (m_pos >= m_text.size()) {
      return fail("expected a value, found the end of the file");
    }
    const char c = m_text[m_pos];
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return string();
    }
    return literal();
  }

  Step object() {
    auto step = m_builder.open(NodeKind::mapping, m_pos, true, {}, {});
    ++m_pos;
    while (step) {
      step = skip_blank();
      if (!step) {
        break;
      }
      if (at('}')) {
        ++m_pos;
        return m_builder.close(m_pos);
      }
      if (!at('"')) {
        return fail("expected a string key or '}'");
      }
      step = string();
      if (step) {
        step = skip_blank();
      }
      if (step && !at(':')) {
        return fail("expected ':' after the key");
      }
      ++m_pos;
      if (step) {
        step = skip_blank();
      }
      if (step) {
        step = value();
      }
      if (step) {
        step = skip_blank();
      }
      if (step && at(',')) {
        ++m_pos;
      } else if (step && !at('}')) {
        return fail("expected ',' or '}'");
      }
    }
    return step;
  }

  Step array() {
    auto step = m_builder.open(NodeKind::sequence, m_pos, true, {}, {});
    ++m_pos;
    while (step) {
      step = skip_blank();
      if (!step) {
        break;
      }
      if (at(']')) {
        ++m_pos;
        return m_builder.close(m_pos);
      }
      step = value();
      if (step) {
        step = skip_blank();
      }
      if (step && at(',')) {
        ++m_pos;
      } else if (step && !at(']')) {
        return fail("expected ',' or ']'");
      }
    }
    return step;
  }

  // Four hex digits at m_pos, or -1.
  long hex4() const {
    if (m_pos + 4 > m_text.size()) {
      return -1;
    }
    const char *first = m_text.data() + m_pos;
    unsigned value = 0;
    const auto [end, error] = std::from_chars(first, first + 4, value, 16);
    return error == std::errc() && end == first + 4 ? long{value} : -1;
  }

  Step escape(std::string &out) {
    const char c = m_text[m_pos];
    static constexpr std::string_view k_from = "\"\\/bfnrt";
    static constexpr std::string_view k_to = "\"\\/\b\f\n\r\t";
    if (const std::size_t i = k_from.find(c); i != std::string_view::npos) {
      out += k_to[i];
      ++m_pos;
      return {};
    }
    if (c != 'u') {
      return fail("invalid escape in a string");
    }
    ++m_pos;
    long code = hex4();
    if (code < 0) {
      return fail("expected four hex digits after \\u");
    }
    m_pos += 4;
    if (code >= 0xDC00 && code <= 0xDFFF) {
      return fail("a \\u escape is a lone low surrogate");
    }
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (m_text.substr(m_pos, 2) != "\\u") {
        return fail("a \\u escape is a high surrogate without its low half");
      }
      m_pos += 2;
      const long low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) {
        return fail("a \\u escape is a high surrogate without its low half");
      }
      m_pos += 4;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    util::utf8::append(out, static_cast<char32_t>(code));
    return {};
  }

  Step string() {
    const std::size_t begin = m_pos;
    ++m_pos;
    std::string value;
    for (;;) {
      if (m_pos >= m_text.size()) {
        m_pos = begin;
        return fail("unterminated string");
      }
      const char c = m_text[m_pos];
      if (c == '"') {
        ++m_pos;
        break;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail("control character in a string");
      }
      if (c == '\\') {
        ++m_pos;
        if (m_pos >= m_text.size()) {
          continue;
        }
        auto step = escape(value);
        if (!step) {
          return step;
        }
        continue;
      }
      value += c;
      ++m_pos;
    }
    return m_builder.scalar(std::move(value), ScalarStyle::double_quoted,
                            {begin, m_pos - begin}, {}, {});
  }

  // A number, `true`, `false` or `null`.
  Step literal() {
    const std::size_t begin = m_pos;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '+' || c == '.' || c == 'E';
      if (!word) {
        break;
      }
      ++m_pos;
    }
    const std::string_view word = m_text.substr(begin, m_pos - begin);
    if (word != "true" && word != "false" && word != "null" &&
        !is_number(word)) {
      m_pos = begin;
      return fail(word.empty() ? "expected a value"
                               : "invalid value \"" +
                                     std::string(word.substr(0, 40)) + "\"");
    }
    return m_builder.scalar(std::string(word), ScalarStyle::plain,
                            {begin, word.size()}, {}, {});
  }

  // JSON's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  static bool is_number(std::string_view word) {
    std::size_t i = 0;
    const auto digits = [&] {
      const std::size_t start = i;
      while (i < word.size() && word[i] >= '0' && word[i] <= '9') {
        ++i;
      }
      return i > start;
    };
    if (i < word.size() && word[i] == '-') {
      ++i;
    }
    if (i < word.size() && word[i] == '0') {
      ++i;
    } else if (!digits()) {
      return false;
    }
    if (i < word.size() && word[i] == '.') {
      ++i;
      if (!digits()) {
        return false;
      }
    }
    if (i < word.size() && (word[i] == 'e' || word[i] == 'E')) {
      ++i;
      if (i < word.size() && (word[i] == '+' || word[i] == '-')) {
        ++i;
      }
      if (!digits()) {
        return false;
      }
    }
    return i == word.size();
  }

  std::string_view m_text;
  std::size_t m_pos;
  StreamBuilder m_builder;
};

} // namespace

Expected<YamlStream, SourceError> parse_jsonc(std::string_view text) {
  if (text.size() > detail::k_max_file_size) {
    return Unexpected(SourceError{detail::file_too_large(), 0, 0});
  }
  const std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  return JsoncReader(text, start).read();
}

} // namespace stalebase::sources
