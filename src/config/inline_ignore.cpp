#include "stalebase/config/inline_ignore.hpp"

#include "stalebase/config/policy.hpp"
#include "stalebase/util/spellcheck.hpp"

#include <algorithm>

namespace stalebase::config {

namespace {

constexpr std::string_view k_prefix = "stalebase:";
constexpr std::string_view k_ignore = "ignore";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::size_t skip_blanks(std::string_view text, std::size_t i) {
  while (i < text.size() && is_blank(text[i])) {
    ++i;
  }
  return i;
}

// An error and the byte offset in the line it is about.
struct LineError {
  std::string message;
  std::size_t offset = 0;
};

Expected<std::optional<InlineIgnore>, LineError>
parse_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  std::size_t i = skip_blanks(line, 0);
  if (i >= line.size() || line[i] != '#') {
    return std::optional<InlineIgnore>{};
  }
  i = skip_blanks(line, i + 1);
  if (line.substr(i, k_prefix.size()) != k_prefix) {
    return std::optional<InlineIgnore>{};
  }
  const std::size_t start = i;
  const std::size_t word_start = i + k_prefix.size();
  std::size_t word_end = word_start;
  while (word_end < line.size() && !is_blank(line[word_end]) &&
         line[word_end] != '=') {
    ++word_end;
  }
  if (word_end == word_start) {
    return std::optional<InlineIgnore>{};
  }
  const std::string_view word = line.substr(word_start, word_end - word_start);
  if (word != k_ignore) {
    std::string message = "unknown stalebase comment \"" +
                          std::string(line.substr(start, word_end - start)) +
                          "\"";
    if (util::closest_match(word, {std::string(k_ignore)})) {
      message += ", did you mean \"stalebase:ignore\"?";
    } else {
      message += ": expected \"stalebase:ignore\"";
    }
    return Unexpected(LineError{message, start});
  }
  InlineIgnore ignore;
  i = word_end;
  if (i < line.size() && line[i] == '=') {
    ++i;
    std::size_t list_end = i;
    while (list_end < line.size() && !is_blank(line[list_end])) {
      ++list_end;
    }
    if (list_end == i) {
      return Unexpected(
          LineError{"expected finding kinds after \"stalebase:ignore=\"", i});
    }
    while (i <= list_end) {
      std::size_t comma = line.find(',', i);
      if (comma == std::string_view::npos || comma > list_end) {
        comma = list_end;
      }
      const std::string_view kind_word = line.substr(i, comma - i);
      if (kind_word.empty()) {
        return Unexpected(LineError{
            "empty finding kind in \"" +
                std::string(line.substr(start, list_end - start)) + "\"",
            i});
      }
      auto kind = parse_kind_word(kind_word);
      if (!kind) {
        return Unexpected(LineError{kind.error(), i});
      }
      if (std::find(ignore.kinds.begin(), ignore.kinds.end(), *kind) ==
          ignore.kinds.end()) {
        ignore.kinds.push_back(*kind);
      }
      i = comma + 1;
    }
    i = list_end;
  }
  std::string_view reason = line.substr(skip_blanks(line, i));
  while (!reason.empty() && is_blank(reason.back())) {
    reason.remove_suffix(1);
  }
  ignore.reason = std::string(reason);
  return std::optional<InlineIgnore>(std::move(ignore));
}

bool is_comment_or_blank(std::string_view line) {
  const std::size_t i = skip_blanks(line, 0);
  return i >= line.size() || line[i] == '#' || line[i] == '\r';
}

void merge(InlineIgnore &into, const InlineIgnore &other) {
  if (into.kinds.empty() || other.kinds.empty()) {
    into.kinds.clear();
  } else {
    for (check::FindingKind kind : other.kinds) {
      if (std::find(into.kinds.begin(), into.kinds.end(), kind) ==
          into.kinds.end()) {
        into.kinds.push_back(kind);
      }
    }
  }
  if (!other.reason.empty()) {
    into.reason += into.reason.empty() ? other.reason : "; " + other.reason;
  }
}

} // namespace

Expected<std::optional<InlineIgnore>, std::string>
parse_inline_ignore(std::string_view comment_line) {
  auto parsed = parse_line(comment_line);
  if (!parsed) {
    return Unexpected(parsed.error().message);
  }
  return *parsed;
}

Expected<std::map<std::size_t, InlineIgnore>, ConfigError>
inline_ignores(std::string_view source, std::string_view file_name) {
  constexpr std::string_view k_bom = "\xEF\xBB\xBF";
  if (source.substr(0, k_bom.size()) == k_bom) {
    source.remove_prefix(k_bom.size());
  }
  std::map<std::size_t, InlineIgnore> result;
  std::optional<InlineIgnore> pending;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) {
      end = source.size();
    }
    const std::string_view line = source.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!is_comment_or_blank(line)) {
      if (pending) {
        result.emplace(line_number, std::move(*pending));
        pending.reset();
      }
      continue;
    }
    auto parsed = parse_line(line);
    if (!parsed) {
      ConfigError error;
      error.file = std::string(file_name);
      error.line = line_number;
      error.column = parsed.error().offset + 1;
      error.message = parsed.error().message;
      return Unexpected(std::move(error));
    }
    if (!*parsed) {
      continue;
    }
    InlineIgnore &found = **parsed;
    if (pending) {
      merge(*pending, found);
    } else {
      found.comment_line = line_number;
      pending = std::move(found);
    }
  }
  return result;
}

} // namespace stalebase::config
