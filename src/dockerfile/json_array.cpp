#include "dockerfile/json_array.hpp"

#include "stalebase/util/hex.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/parse_scratch.hpp"
#include "util/utf8.hpp"

#include <string>

namespace stalebase::dockerfile::detail {

namespace {

// encoding/json's maxNestingDepth.
constexpr std::size_t k_max_depth = 10000;

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A validating scanner for one JSON text, decoding the strings of the top-level
// array.
class JsonScanner {
public:
  JsonScanner(const LogicalLine &line, std::size_t begin, std::size_t end)
      : m_line(line), m_text(line.text()), m_pos(begin), m_end(end) {}

  JsonArrayResult run(TrackedString &word, std::vector<TrackedString> &strings);

private:
  void skip_space() {
    while (m_pos < m_end && is_json_space(m_text[m_pos])) {
      ++m_pos;
    }
  }
  bool at(char c) const { return m_pos < m_end && m_text[m_pos] == c; }

  // A `\uXXXX` at m_text[pos]: its value, or -1.
  long u4_at(std::size_t pos) const;
  bool scan_string(TrackedString *out);
  bool scan_number();
  bool scan_literal(std::string_view literal);
  // `"key" :` inside an object.
  bool scan_key();

  const LogicalLine &m_line;
  const std::string &m_text;
  std::size_t m_pos;
  std::size_t m_end;
};

long JsonScanner::u4_at(std::size_t pos) const {
  if (pos + 6 > m_end || m_text[pos] != '\\' || m_text[pos + 1] != 'u') {
    return -1;
  }
  long value = 0;
  for (std::size_t i = pos + 2; i < pos + 6; ++i) {
    const int digit = util::hex_digit_value(m_text[i]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

bool JsonScanner::scan_string(TrackedString *out) {
  ++m_pos; // the opening quote
  std::size_t literal_begin = m_pos;
  auto flush = [&](std::size_t literal_end) {
    if (out != nullptr) {
      m_line.append_tracked(*out, literal_begin, literal_end);
    }
  };
  auto push_decoded = [&](char32_t rune) {
    if (out == nullptr) {
      return;
    }
    const std::size_t before = out->text.size();
    util::utf8::append(out->text, rune);
    out->origins.append_run(TrackedString::k_no_origin,
                            out->text.size() - before);
  };
  while (m_pos < m_end) {
    const auto c = static_cast<unsigned char>(m_text[m_pos]);
    if (c == '"') {
      flush(m_pos);
      ++m_pos;
      return true;
    }
    if (c < 0x20U) {
      return false;
    }
    if (c != '\\') {
      ++m_pos;
      continue;
    }
    flush(m_pos);
    if (m_pos + 1 >= m_end) {
      return false;
    }
    const char escaped = m_text[m_pos + 1];
    switch (escaped) {
    case '"':
    case '\\':
    case '/':
      push_decoded(static_cast<char32_t>(escaped));
      break;
    case 'b':
      push_decoded('\b');
      break;
    case 'f':
      push_decoded('\f');
      break;
    case 'n':
      push_decoded('\n');
      break;
    case 'r':
      push_decoded('\r');
      break;
    case 't':
      push_decoded('\t');
      break;
    case 'u': {
      const long first = u4_at(m_pos);
      if (first < 0) {
        return false;
      }
      auto rune = static_cast<char32_t>(first);
      if (rune >= 0xD800 && rune < 0xE000) {
        // Go pairs a high surrogate with a following low one; anything else is
        // U+FFFD.
        const long second = u4_at(m_pos + 6);
        if (rune < 0xDC00 && second >= 0xDC00 && second < 0xE000) {
          rune = 0x10000 + ((rune - 0xD800) << 10U) +
                 (static_cast<char32_t>(second) - 0xDC00);
          m_pos += 6;
        } else {
          rune = util::utf8::k_rune_error;
        }
      }
      push_decoded(rune);
      m_pos += 4; // the hex digits; the `\u` is skipped below
      break;
    }
    default:
      return false;
    }
    m_pos += 2;
    literal_begin = m_pos;
  }
  return false;
}

bool JsonScanner::scan_number() {
  if (at('-')) {
    ++m_pos;
  }
  if (at('0')) {
    ++m_pos;
  } else if (m_pos < m_end && m_text[m_pos] >= '1' && m_text[m_pos] <= '9') {
    while (m_pos < m_end && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
  } else {
    return false;
  }
  if (at('.')) {
    ++m_pos;
    if (m_pos >= m_end || !is_digit(m_text[m_pos])) {
      return false;
    }
    while (m_pos < m_end && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
  }
  if (at('e') || at('E')) {
    ++m_pos;
    if (at('+') || at('-')) {
      ++m_pos;
    }
    if (m_pos >= m_end || !is_digit(m_text[m_pos])) {
      return false;
    }
    while (m_pos < m_end && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
  }
  return true;
}

bool JsonScanner::scan_literal(std::string_view literal) {
  if (m_end - m_pos < literal.size() ||
      std::string_view(m_text).substr(m_pos, literal.size()) != literal) {
    return false;
  }
  m_pos += literal.size();
  return true;
}

bool JsonScanner::scan_key() {
  skip_space();
  if (!at('"') || !scan_string(nullptr)) {
    return false;
  }
  skip_space();
  if (!at(':')) {
    return false;
  }
  ++m_pos;
  return true;
}

JsonArrayResult JsonScanner::run(TrackedString &word,
                                 std::vector<TrackedString> &strings) {
  std::string stack; // '[' or '{' per open container
  bool all_strings = true;
  bool expect_value = true;
  while (true) {
    if (expect_value) {
      skip_space();
      if (m_pos >= m_end) {
        return JsonArrayResult::not_json;
      }
      const char c = m_text[m_pos];
      const bool element = stack.size() == 1 && stack[0] == '[';
      if (c == '[' || c == '{') {
        all_strings = all_strings && !element;
        stack.push_back(c);
        if (stack.size() > k_max_depth) {
          return JsonArrayResult::not_json;
        }
        ++m_pos;
        skip_space();
        const char close = c == '[' ? ']' : '}';
        if (at(close)) {
          ++m_pos;
          stack.pop_back();
          expect_value = false;
        } else if (c == '{' && !scan_key()) {
          return JsonArrayResult::not_json;
        }
        continue;
      }
      bool ok = false;
      if (c == '"') {
        if (element) {
          reset_word(word);
          ok = scan_string(&word);
          strings.push_back(word);
        } else {
          ok = scan_string(nullptr);
        }
      } else {
        all_strings = all_strings && !element;
        if (c == '-' || is_digit(c)) {
          ok = scan_number();
        } else if (c == 't') {
          ok = scan_literal("true");
        } else if (c == 'f') {
          ok = scan_literal("false");
        } else if (c == 'n') {
          ok = scan_literal("null");
        }
      }
      if (!ok) {
        return JsonArrayResult::not_json;
      }
      expect_value = false;
      continue;
    }
    skip_space();
    if (stack.empty()) {
      if (m_pos != m_end) {
        return JsonArrayResult::not_json;
      }
      return all_strings ? JsonArrayResult::strings
                         : JsonArrayResult::not_strings;
    }
    if (m_pos >= m_end) {
      return JsonArrayResult::not_json;
    }
    const char c = m_text[m_pos];
    const char close = stack.back() == '[' ? ']' : '}';
    ++m_pos;
    if (c == close) {
      stack.pop_back();
    } else if (c == ',') {
      if (stack.back() == '{' && !scan_key()) {
        return JsonArrayResult::not_json;
      }
      expect_value = true;
    } else {
      return JsonArrayResult::not_json;
    }
  }
}

} // namespace

JsonArrayResult parse_json_array(const LogicalLine &line,
                                 std::size_t begin,
                                 std::size_t end,
                                 TrackedString &word,
                                 std::vector<TrackedString> &strings) {
  const std::size_t start = skip_go_space(line.text(), begin, end);
  if (start >= end || line.text()[start] != '[') {
    return JsonArrayResult::not_json;
  }
  const std::size_t before = strings.size();
  const JsonArrayResult result =
      JsonScanner(line, start, end).run(word, strings);
  if (result != JsonArrayResult::strings) {
    strings.resize(before);
  }
  return result;
}

} // namespace stalebase::dockerfile::detail
