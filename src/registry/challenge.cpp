#include "stalebase/registry/challenge.hpp"

#include "stalebase/util/strings.hpp"

// Our own parser for WWW-Authenticate (RFC 7235 challenges): libcurl parses
// challenges only inside its own authentication and exposes no parser, and no
// Debian library we build with has one.

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

namespace {

// RFC 7230 tchar.
bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

class ChallengeParser {
public:
  explicit ChallengeParser(std::string_view text) : m_text(text) {}

  std::vector<Challenge> parse() {
    std::vector<Challenge> challenges;
    while (true) {
      skip_separators();
      if (at_end()) {
        break;
      }
      const std::string_view scheme = read_token();
      if (scheme.empty()) {
        ++m_pos; // not a token character: skip it and resynchronise
        continue;
      }
      Challenge challenge;
      challenge.scheme = util::ascii_lower(scheme);
      parse_params(challenge);
      challenges.push_back(std::move(challenge));
    }
    return challenges;
  }

private:
  bool at_end() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }

  void skip_spaces() {
    while (!at_end() && is_space(peek())) {
      ++m_pos;
    }
  }

  void skip_separators() {
    while (!at_end() && (is_space(peek()) || peek() == ',')) {
      ++m_pos;
    }
  }

  std::string_view read_token() {
    const std::size_t start = m_pos;
    while (!at_end() && is_token_char(peek())) {
      ++m_pos;
    }
    return m_text.substr(start, m_pos - start);
  }

  // A quoted-string with backslash escapes; an unterminated one runs to the
  // end.
  std::string read_quoted() {
    std::string value;
    ++m_pos; // opening quote
    while (!at_end()) {
      const char c = peek();
      ++m_pos;
      if (c == '"') {
        return value;
      }
      if (c == '\\' && !at_end()) {
        value += peek();
        ++m_pos;
        continue;
      }
      value += c;
    }
    return value;
  }

  // A bare value: everything up to a comma or white space.
  std::string read_bare() {
    const std::size_t start = m_pos;
    while (!at_end() && peek() != ',' && !is_space(peek())) {
      ++m_pos;
    }
    return std::string(m_text.substr(start, m_pos - start));
  }

  // token68 ("Basic dXNlcjpwYXNz==") right after the scheme: base64-like
  // characters, then optional '=' padding, then the end or a comma.
  bool read_token68(Challenge &challenge) {
    const std::size_t start = m_pos;
    while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) ||
                         std::string_view("-._~+/").find(peek()) !=
                             std::string_view::npos)) {
      ++m_pos;
    }
    if (m_pos == start) {
      return false;
    }
    while (!at_end() && peek() == '=') {
      ++m_pos;
    }
    std::size_t after = m_pos;
    while (after < m_text.size() && is_space(m_text[after])) {
      ++after;
    }
    const std::string_view candidate = m_text.substr(start, m_pos - start);
    const bool padded = candidate.back() == '=';
    const bool ends = after >= m_text.size() || m_text[after] == ',';
    // `name=value` is a parameter; `abc` followed by a space and more text is
    // the next challenge's scheme, so only a value that ends the challenge
    // counts.
    if (ends && (padded || candidate.find('=') == std::string_view::npos) &&
        (padded || candidate.find_first_of("/") != std::string_view::npos)) {
      challenge.params[""] = std::string(candidate);
      m_pos = after;
      return true;
    }
    m_pos = start;
    return false;
  }

  void parse_params(Challenge &challenge) {
    skip_spaces();
    if (!at_end() && peek() != ',' && read_token68(challenge)) {
      return;
    }
    while (true) {
      const std::size_t before = m_pos;
      skip_separators();
      if (at_end()) {
        return;
      }
      const std::size_t name_start = m_pos;
      const std::string_view name = read_token();
      if (name.empty()) {
        if (peek() == '"') {
          read_quoted(); // a stray quoted string is not a parameter: drop it
          continue;
        }
        m_pos = before;
        return;
      }
      skip_spaces();
      if (at_end() || peek() != '=') {
        // A token not followed by '=' starts the next challenge.
        m_pos = name_start;
        return;
      }
      ++m_pos;
      skip_spaces();
      std::string value;
      if (!at_end() && peek() == '"') {
        value = read_quoted();
      } else {
        value = read_bare();
      }
      challenge.params[util::ascii_lower(name)] = std::move(value);
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

} // namespace

std::string Challenge::param(std::string_view name) const {
  const auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

std::vector<Challenge> parse_challenges(std::string_view header) {
  return ChallengeParser(header).parse();
}

std::vector<Challenge>
parse_challenges(const std::vector<std::string> &headers) {
  std::vector<Challenge> all;
  for (const auto &header : headers) {
    auto parsed = parse_challenges(header);
    all.insert(all.end(), std::make_move_iterator(parsed.begin()),
               std::make_move_iterator(parsed.end()));
  }
  return all;
}

std::optional<Challenge>
pick_challenge(const std::vector<Challenge> &challenges) {
  for (const char *scheme : {"bearer", "basic"}) {
    for (const auto &challenge : challenges) {
      if (challenge.scheme == scheme) {
        return challenge;
      }
    }
  }
  return std::nullopt;
}

} // namespace stalebase::registry
