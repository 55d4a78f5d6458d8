#include "stalebase/util/gitignore.hpp"

#include "stalebase/util/wildmatch.hpp"

namespace stalebase::util {

namespace {

// `line` without its trailing spaces, unless a space is quoted with `\`.
std::string_view trim_trailing_spaces(std::string_view line) {
  std::size_t end = line.size();
  while (end > 0 && line[end - 1] == ' ') {
    std::size_t backslashes = 0;
    while (backslashes < end - 1 && line[end - 2 - backslashes] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 1) {
      break; // `\ `: the space is part of the pattern
    }
    --end;
  }
  return line.substr(0, end);
}

} // namespace

Gitignore Gitignore::parse(std::string_view text) {
  Gitignore result;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line = trim_trailing_spaces(line);
    if (line.empty() || line[0] == '#') {
      continue;
    }
    Rule rule;
    if (line[0] == '!') {
      rule.negated = true;
      line.remove_prefix(1);
    } else if (line.size() >= 2 && line[0] == '\\' &&
               (line[1] == '!' || line[1] == '#')) {
      line.remove_prefix(1); // `\!`, `\#`: a literal first character
    }
    if (!line.empty() && line.back() == '/') {
      rule.folder_only = true;
      line.remove_suffix(1);
    }
    // A `/` anywhere but at the end anchors the pattern to this folder.
    rule.anchored = line.find('/') != std::string_view::npos;
    if (!line.empty() && line[0] == '/') {
      line.remove_prefix(1);
    }
    if (line.empty()) {
      continue;
    }
    rule.pattern = std::string(line);
    result.m_rules.push_back(std::move(rule));
  }
  return result;
}

std::optional<bool> Gitignore::ignores(std::string_view path,
                                       bool is_folder) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view name =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto rule = m_rules.rbegin(); rule != m_rules.rend(); ++rule) {
    if (rule->folder_only && !is_folder) {
      continue;
    }
    if (wildmatch(rule->pattern, rule->anchored ? path : name)) {
      return !rule->negated;
    }
  }
  return std::nullopt;
}

} // namespace stalebase::util
