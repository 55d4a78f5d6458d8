#include "stalebase/util/wildmatch.hpp"

#include <cctype>
#include <cstddef>
#include <optional>

namespace stalebase::util {

namespace {

// Whether `c` is in the POSIX class `name` (`alpha`, `digit`, ...); nullopt
// for a name git does not know.
std::optional<bool> in_class(std::string_view name, char c) {
  const int ch = static_cast<unsigned char>(c);
  if (name == "alnum") {
    return std::isalnum(ch) != 0;
  }
  if (name == "alpha") {
    return std::isalpha(ch) != 0;
  }
  if (name == "blank") {
    return c == ' ' || c == '\t';
  }
  if (name == "cntrl") {
    return std::iscntrl(ch) != 0;
  }
  if (name == "digit") {
    return std::isdigit(ch) != 0;
  }
  if (name == "graph") {
    return std::isgraph(ch) != 0;
  }
  if (name == "lower") {
    return std::islower(ch) != 0;
  }
  if (name == "print") {
    return std::isprint(ch) != 0;
  }
  if (name == "punct") {
    return std::ispunct(ch) != 0;
  }
  if (name == "space") {
    return std::isspace(ch) != 0;
  }
  if (name == "upper") {
    return std::isupper(ch) != 0;
  }
  if (name == "xdigit") {
    return std::isxdigit(ch) != 0;
  }
  return std::nullopt;
}

// Matches the bracket expression starting at `pattern[at]` (the `[`) against
// `c`. Returns whether it matched and sets `end` just after the closing `]`;
// nullopt when the expression is malformed (no `]`, unknown class).
std::optional<bool> match_bracket(std::string_view pattern,
                                  std::size_t at,
                                  char c,
                                  std::size_t &end) {
  std::size_t i = at + 1;
  bool negated = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negated = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    first = false;
    if (pattern.compare(i, 2, "[:") == 0) {
      const std::size_t close = pattern.find(":]", i + 2);
      if (close == std::string_view::npos) {
        return std::nullopt;
      }
      const auto found = in_class(pattern.substr(i + 2, close - i - 2), c);
      if (!found) {
        return std::nullopt;
      }
      matched = matched || *found;
      i = close + 2;
      continue;
    }
    char low = pattern[i];
    if (low == '\\' && i + 1 < pattern.size()) {
      low = pattern[++i];
    }
    ++i;
    char high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      high = pattern[i + 1];
      i += 2;
      if (high == '\\' && i < pattern.size()) {
        high = pattern[i++];
      }
    }
    if (low <= c && c <= high) {
      matched = true;
    }
  }
  if (i >= pattern.size()) {
    return std::nullopt;
  }
  end = i + 1;
  return matched != negated;
}

bool match_from(std::string_view pattern, std::string_view path) {
  std::size_t p = 0;
  std::size_t t = 0;
  while (p < pattern.size()) {
    const char c = pattern[p];
    if (c == '*') {
      std::size_t stars = p;
      while (stars < pattern.size() && pattern[stars] == '*') {
        ++stars;
      }
      const bool after_slash = p == 0 || pattern[p - 1] == '/';
      const bool before_slash =
          stars == pattern.size() || pattern[stars] == '/';
      if (stars - p >= 2 && after_slash && before_slash) {
        if (stars == pattern.size()) {
          return true; // a final `**`: everything below
        }
        // `**/`: zero or more folders, each ending in `/`.
        const std::string_view rest = pattern.substr(stars + 1);
        for (std::size_t from = t; from <= path.size();) {
          if (match_from(rest, path.substr(from))) {
            return true;
          }
          const std::size_t slash = path.find('/', from);
          if (slash == std::string_view::npos) {
            return false;
          }
          from = slash + 1;
        }
        return false;
      }
      // `*`: any run of characters but `/`.
      const std::string_view rest = pattern.substr(stars);
      for (std::size_t from = t; from <= path.size(); ++from) {
        if (match_from(rest, path.substr(from))) {
          return true;
        }
        if (from < path.size() && path[from] == '/') {
          return false;
        }
      }
      return false;
    }
    if (t >= path.size()) {
      return false;
    }
    if (c == '?') {
      if (path[t] == '/') {
        return false;
      }
      ++p;
      ++t;
      continue;
    }
    if (c == '[') {
      std::size_t end = 0;
      const auto matched = match_bracket(pattern, p, path[t], end);
      if (!matched || !*matched || path[t] == '/') {
        return false;
      }
      p = end;
      ++t;
      continue;
    }
    char literal = c;
    if (c == '\\' && p + 1 < pattern.size()) {
      literal = pattern[++p];
    }
    if (path[t] != literal) {
      return false;
    }
    ++p;
    ++t;
  }
  return t == path.size();
}

} // namespace

bool wildmatch(std::string_view pattern, std::string_view path) {
  return match_from(pattern, path);
}

} // namespace stalebase::util
