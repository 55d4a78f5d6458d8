#include "dockerfile/directives.hpp"

#include "dockerfile/go_text.hpp"

namespace stalebase::dockerfile::detail {

namespace {

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_alnum(char c) {
  return is_ascii_letter(c) || (c >= '0' && c <= '9');
}

} // namespace

std::optional<DirectiveMatch>
match_directive(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t p = begin;
  if (p >= end || text[p] != '#') {
    return std::nullopt;
  }
  ++p;
  while (p < end && is_regex_space(text[p])) {
    ++p;
  }
  DirectiveMatch match;
  match.key_begin = p;
  if (p >= end || !is_ascii_letter(text[p])) {
    return std::nullopt;
  }
  while (p < end && is_ascii_alnum(text[p])) {
    ++p;
  }
  match.key_end = p;
  while (p < end && is_regex_space(text[p])) {
    ++p;
  }
  if (p >= end || text[p] != '=') {
    return std::nullopt;
  }
  ++p;
  if (p >= end) {
    return std::nullopt; // `(.+?)` needs at least one character
  }
  std::size_t value_begin = p;
  while (value_begin < end && is_regex_space(text[value_begin])) {
    ++value_begin;
  }
  if (value_begin == end) {
    // All blanks: the greedy `\s*` gives back one blank for `(.+?)`.
    match.value_begin = end - 1;
    match.value_end = end;
    return match;
  }
  std::size_t value_end = end;
  while (value_end > value_begin && is_regex_space(text[value_end - 1])) {
    --value_end;
  }
  match.value_begin = value_begin;
  match.value_end = value_end;
  return match;
}

std::optional<std::string> DirectiveParser::parse_line(std::string_view source,
                                                       std::size_t begin,
                                                       std::size_t end,
                                                       std::size_t line,
                                                       Document &document) {
  if (m_done) {
    return std::nullopt;
  }
  const std::optional<DirectiveMatch> match =
      match_directive(source, begin, end);
  if (!match) {
    m_done = true;
    return std::nullopt;
  }
  const std::string key = go_lower_keyword(
      source.substr(match->key_begin, match->key_end - match->key_begin));
  bool *seen = nullptr;
  if (key == "syntax") {
    seen = &m_seen_syntax;
  } else if (key == "escape") {
    seen = &m_seen_escape;
  } else if (key == "check") {
    seen = &m_seen_check;
  } else {
    m_done = true;
    return std::nullopt;
  }
  if (*seen) {
    return "only one " + key + " parser directive can be used";
  }
  *seen = true;

  Directive directive;
  directive.name = key;
  directive.value = std::string(
      source.substr(match->value_begin, match->value_end - match->value_begin));
  directive.value_span = {match->value_begin,
                          match->value_end - match->value_begin};
  directive.line = line;
  if (key == "escape") {
    if (directive.value != "`" && directive.value != "\\") {
      return "invalid escape token '" + directive.value +
             "' does not match ` or \\";
    }
    document.escape = directive.value[0];
  }
  document.directives.push_back(std::move(directive));
  return std::nullopt;
}

} // namespace stalebase::dockerfile::detail
