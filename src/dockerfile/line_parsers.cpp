#include "dockerfile/line_parsers.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/json_array.hpp"

namespace stalebase::dockerfile::detail {

namespace {

const std::string k_not_string_array =
    "when using JSON array syntax, arrays must be comprised of strings only";

void append_from_line(TrackedString &word,
                      const LogicalLine &line,
                      std::size_t pos,
                      std::size_t width) {
  for (std::size_t i = pos; i < pos + width; ++i) {
    word.push_back(line.text()[i], static_cast<std::int64_t>(line.origin(i)));
  }
}

TrackedString
slice(const TrackedString &text, std::size_t begin, std::size_t end) {
  TrackedString result;
  result.text = text.text.substr(begin, end - begin);
  if (text.origins.size() == text.text.size()) {
    result.origins.assign(
        text.origins.begin() + static_cast<std::ptrdiff_t>(begin),
        text.origins.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return result;
}

// parseStringsWhitespaceDelimited: regexp.Split on `[\t\v\f\r ]+`.
ArgumentNodes
split_whitespace(const LogicalLine &line, std::size_t begin, std::size_t end) {
  ArgumentNodes nodes;
  if (begin == end) {
    return nodes;
  }
  const std::string &text = line.text();
  std::size_t piece = begin;
  std::size_t pos = begin;
  while (pos < end) {
    if (!is_token_space(text[pos])) {
      ++pos;
      continue;
    }
    nodes.args.push_back(line.tracked(piece, pos));
    while (pos < end && is_token_space(text[pos])) {
      ++pos;
    }
    piece = pos;
  }
  nodes.args.push_back(line.tracked(piece, end));
  return nodes;
}

// parseString: the whole text as one argument.
ArgumentNodes
whole_string(const LogicalLine &line, std::size_t begin, std::size_t end) {
  ArgumentNodes nodes;
  if (begin != end) {
    nodes.args.push_back(line.tracked(begin, end));
  }
  return nodes;
}

// parseMaybeJSON: a JSON array of strings, or the whole text as one argument.
Expected<ArgumentNodes, std::string>
maybe_json(const LogicalLine &line, std::size_t begin, std::size_t end) {
  ArgumentNodes nodes;
  if (begin == end) {
    return nodes;
  }
  switch (parse_json_array(line, begin, end, nodes.args)) {
  case JsonArrayResult::strings:
    nodes.json = true;
    return nodes;
  case JsonArrayResult::not_strings:
    return Unexpected(k_not_string_array);
  case JsonArrayResult::not_json:
    break;
  }
  return whole_string(line, begin, end);
}

// parseMaybeJSONToList: a JSON array of strings, or the text split on
// whitespace.
Expected<ArgumentNodes, std::string> maybe_json_to_list(const LogicalLine &line,
                                                        std::size_t begin,
                                                        std::size_t end) {
  ArgumentNodes nodes;
  switch (parse_json_array(line, begin, end, nodes.args)) {
  case JsonArrayResult::strings:
    nodes.json = true;
    return nodes;
  case JsonArrayResult::not_strings:
    return Unexpected(k_not_string_array);
  case JsonArrayResult::not_json:
    break;
  }
  return split_whitespace(line, begin, end);
}

// parseNameVal for ENV and LABEL: `KEY name value` (legacy) or `KEY a=1 b=2`.
Expected<ArgumentNodes, std::string> name_value(std::string_view instruction,
                                                const LogicalLine &line,
                                                std::size_t begin,
                                                std::size_t end,
                                                char escape) {
  ArgumentNodes nodes;
  const std::vector<TrackedString> words =
      parse_words(line, begin, end, escape);
  if (words.empty()) {
    return nodes;
  }
  const std::string &text = line.text();
  if (words.front().text.find('=') == std::string::npos) {
    // Legacy form: the name, then everything after the first whitespace run.
    std::size_t gap = begin;
    while (gap < end && !is_token_space(text[gap])) {
      ++gap;
    }
    if (gap == end) {
      return Unexpected(std::string(instruction) + " must have two arguments");
    }
    std::size_t value = gap;
    while (value < end && is_token_space(text[value])) {
      ++value;
    }
    nodes.args.push_back(line.tracked(begin, gap));
    nodes.args.push_back(line.tracked(value, end));
    nodes.args.emplace_back();
    return nodes;
  }
  for (const TrackedString &word : words) {
    const std::size_t equals = word.text.find('=');
    if (equals == std::string::npos) {
      return Unexpected("Syntax error - can't find = in " +
                        go_quote(word.text) +
                        ". Must be of the form: name=value");
    }
    nodes.args.push_back(slice(word, 0, equals));
    nodes.args.push_back(slice(word, equals + 1, word.text.size()));
    nodes.args.push_back(slice(word, equals, equals + 1));
  }
  return nodes;
}

// parseHealthConfig: the first word (CMD, NONE, ...) then parseMaybeJSON of the
// rest.
Expected<ArgumentNodes, std::string>
health_config(const LogicalLine &line, std::size_t begin, std::size_t end) {
  const std::string &text = line.text();
  std::size_t sep = begin;
  while (sep < end &&
         !is_byte_space_as_rune(static_cast<unsigned char>(text[sep]))) {
    ++sep;
  }
  std::size_t next = sep;
  while (next < end &&
         is_byte_space_as_rune(static_cast<unsigned char>(text[next]))) {
    ++next;
  }
  ArgumentNodes nodes;
  if (sep == begin) {
    return nodes;
  }
  auto command = maybe_json(line, next, end);
  if (!command) {
    return command;
  }
  nodes.args.push_back(line.tracked(begin, sep));
  for (TrackedString &arg : command->args) {
    nodes.args.push_back(std::move(arg));
  }
  nodes.json = command->json;
  return nodes;
}

} // namespace

std::vector<TrackedString> parse_words(const LogicalLine &line,
                                       std::size_t begin,
                                       std::size_t end,
                                       char escape) {
  enum class Phase { spaces, word, quote };
  const std::string &text = line.text();
  const auto escape_rune = static_cast<char32_t>(escape);
  std::vector<TrackedString> words;
  Phase phase = Phase::spaces;
  char32_t quote = 0;
  bool blank_ok = false;
  TrackedString word;
  DecodedRune ch;

  for (std::size_t pos = begin; pos <= end; pos += ch.width) {
    if (pos != end) {
      ch = decode_rune(std::string_view(text).substr(0, end), pos);
    }
    if (phase == Phase::spaces) {
      if (pos == end) {
        break;
      }
      if (is_go_space(ch.rune)) {
        continue;
      }
      phase = Phase::word;
    }
    if (pos == end) {
      if (blank_ok || !word.text.empty()) {
        words.push_back(std::move(word));
      }
      break;
    }
    if (phase == Phase::word) {
      if (is_go_space(ch.rune)) {
        phase = Phase::spaces;
        if (blank_ok || !word.text.empty()) {
          words.push_back(std::move(word));
        }
        word = TrackedString();
        blank_ok = false;
        continue;
      }
      if (ch.rune == '\'' || ch.rune == '"') {
        quote = ch.rune;
        blank_ok = true;
        phase = Phase::quote;
      }
      if (ch.rune == escape_rune) {
        if (pos + ch.width == end) {
          continue; // an escape character at the end is dropped
        }
        // Unquoted, the escape character and the next character are both kept.
        append_from_line(word, line, pos, ch.width);
        pos += ch.width;
        ch = decode_rune(std::string_view(text).substr(0, end), pos);
      }
      append_from_line(word, line, pos, ch.width);
      continue;
    }
    // Phase::quote
    if (ch.rune == quote) {
      phase = Phase::word;
    }
    // The escape character is special except inside single quotes.
    if (ch.rune == escape_rune && quote != '\'') {
      if (pos + ch.width == end) {
        phase = Phase::word;
        continue;
      }
      append_from_line(word, line, pos, ch.width);
      pos += ch.width;
      ch = decode_rune(std::string_view(text).substr(0, end), pos);
    }
    append_from_line(word, line, pos, ch.width);
  }
  return words;
}

Expected<ArgumentNodes, std::string> parse_arguments(std::string_view keyword,
                                                     const LogicalLine &line,
                                                     std::size_t begin,
                                                     std::size_t end,
                                                     char escape) {
  if (keyword == "add" || keyword == "copy" || keyword == "volume") {
    return maybe_json_to_list(line, begin, end);
  }
  if (keyword == "cmd" || keyword == "entrypoint" || keyword == "run" ||
      keyword == "shell") {
    return maybe_json(line, begin, end);
  }
  if (keyword == "from" || keyword == "expose") {
    return split_whitespace(line, begin, end);
  }
  if (keyword == "arg") {
    ArgumentNodes nodes;
    nodes.args = parse_words(line, begin, end, escape);
    return nodes;
  }
  if (keyword == "env") {
    return name_value("ENV", line, begin, end, escape);
  }
  if (keyword == "label") {
    return name_value("LABEL", line, begin, end, escape);
  }
  if (keyword == "healthcheck") {
    return health_config(line, begin, end);
  }
  if (keyword == "maintainer" || keyword == "stopsignal" || keyword == "user" ||
      keyword == "workdir") {
    return whole_string(line, begin, end);
  }
  // parseIgnore: an unknown instruction keeps one empty argument node.
  ArgumentNodes nodes;
  nodes.args.emplace_back();
  return nodes;
}

} // namespace stalebase::dockerfile::detail
