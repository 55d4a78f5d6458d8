#include "dockerfile/heredoc_detect.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/heredoc_words.hpp"

#include <algorithm>
#include <limits>

namespace stalebase::dockerfile::detail {

namespace {

std::size_t count_quotes(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return c == '\'' || c == '"'; }));
}

// strconv.ParseUint(digits, 10, 0) with its error ignored: 0 when empty, the
// maximum on overflow.
std::size_t parse_fd(std::string_view digits) {
  std::size_t value = 0;
  for (const char c : digits) {
    const auto digit = static_cast<std::size_t>(c - '0');
    if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) {
      return std::numeric_limits<std::size_t>::max();
    }
    value = value * 10 + digit;
  }
  return value;
}

// A line the shell lexer would split without changing a byte: ASCII without
// quotes, `\` or `$` (the heredoc lexer's escape is always `\`).
bool is_plain_line(std::string_view line) {
  for (const char c : line) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80U || c == '\'' || c == '"' || c == '\\' || c == '$') {
      return false;
    }
  }
  return true;
}

} // namespace

Expected<std::optional<HeredocHeader>, std::string>
parse_heredoc_word(std::string_view word) {
  std::size_t pos = 0;
  while (pos < word.size() && word[pos] >= '0' && word[pos] <= '9') {
    ++pos;
  }
  const std::string_view digits = word.substr(0, pos);
  if (word.substr(pos, 2) != "<<") {
    return std::optional<HeredocHeader>();
  }
  pos += 2;
  HeredocHeader header;
  if (pos < word.size() && word[pos] == '-') {
    header.chomp = true;
    ++pos;
  }
  while (pos < word.size() && is_regex_space(word[pos])) {
    ++pos;
  }
  const std::string_view rest = word.substr(pos);
  if (rest.find('<') != std::string_view::npos || rest.empty()) {
    return std::optional<HeredocHeader>();
  }
  header.file_descriptor = parse_fd(digits);
  if (is_plain_heredoc_word(rest)) {
    // Lexing gives the word itself, with no quotes: expanded.
    header.name = std::string(rest);
    return std::optional<HeredocHeader>(std::move(header));
  }

  // Lexed with and without quotes: a difference in quote count means part of
  // the name was quoted, and then the body is not expanded.
  auto words = heredoc_lex_words(rest, {false, false});
  if (!words) {
    return Unexpected(words.error());
  }
  if (words->size() != 1) {
    return std::optional<HeredocHeader>();
  }
  auto raw_words = heredoc_lex_words(rest, {true, false});
  if (!raw_words) {
    return Unexpected(raw_words.error());
  }
  if (raw_words->size() != words->size()) {
    return Unexpected(
        "internal lexing of heredoc produced inconsistent results: " +
        std::string(rest));
  }
  header.name = std::move(words->front());
  header.expand = count_quotes(header.name) == count_quotes(raw_words->front());
  return std::optional<HeredocHeader>(std::move(header));
}

Expected<std::vector<HeredocHeader>, std::string>
heredocs_from_line(std::string_view line) {
  std::vector<HeredocHeader> headers;
  if (is_plain_line(line)) {
    // What the lexer gives for such a line, without building every word:
    // runs of non-spaces, a `<<` keeping the blanks after it in its word.
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() &&
             is_byte_space_as_rune(static_cast<unsigned char>(line[i]))) {
        ++i;
      }
      const std::size_t start = i;
      bool has_heredoc = false;
      while (i < line.size() &&
             !is_byte_space_as_rune(static_cast<unsigned char>(line[i]))) {
        if (line[i] == '<' && i + 1 < line.size() && line[i + 1] == '<') {
          has_heredoc = true;
          i += 2;
          while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
            ++i;
          }
          continue;
        }
        ++i;
      }
      if (!has_heredoc) {
        continue; // a word without `<<` declares nothing
      }
      auto header = parse_heredoc_word(line.substr(start, i - start));
      if (!header) {
        return Unexpected(header.error());
      }
      if (*header) {
        headers.push_back(std::move(**header));
      }
    }
    return headers;
  }
  auto words = heredoc_lex_words(line, {true, true});
  if (!words) {
    return headers; // BuildKit ignores this error: no heredocs
  }
  for (const std::string &word : *words) {
    auto header = parse_heredoc_word(word);
    if (!header) {
      return Unexpected(header.error());
    }
    if (*header) {
      headers.push_back(std::move(**header));
    }
  }
  return headers;
}

} // namespace stalebase::dockerfile::detail
