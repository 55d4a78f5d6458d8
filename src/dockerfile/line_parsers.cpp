#include "dockerfile/line_parsers.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/json_array.hpp"
#include "dockerfile/unicode_tables.hpp"
#include "util/utf8.hpp"

namespace stalebase::dockerfile::detail {

using namespace std::string_view_literals;

namespace {

const std::string k_not_string_array =
    "when using JSON array syntax, arrays must be comprised of strings only";

void append_from_line(TrackedString &word,
                      const LogicalLine &line,
                      std::size_t pos,
                      std::size_t width) {
  for (std::size_t i = pos; i < pos + width; ++i) {
    push_byte(word, line.text()[i], static_cast<std::int64_t>(line.origin(i)));
  }
}

// An ASCII byte that a word copies as is: not a space, quote or the escape
// character.
bool is_plain_word_byte(char c, char escape) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x80U && !is_byte_space_as_rune(b) && c != '\'' && c != '"' &&
         c != escape;
}

// text[begin, end) as a new string sized to fit.
TrackedString
slice(const TrackedString &text, std::size_t begin, std::size_t end) {
  TrackedString result;
  result.text.assign(text.text, begin, end - begin);
  result.origins.append(text.origins, begin, end - begin);
  return result;
}

// BuildKit's parseWords, calling on_word(scratch word) for each word; stops
// early when on_word returns false.
template <typename OnWord>
void for_each_word(const LogicalLine &line,
                   std::size_t begin,
                   std::size_t end,
                   char escape,
                   TrackedString &word,
                   OnWord on_word) {
  enum class Phase { spaces, in_word, in_quote };
  const std::string_view text = std::string_view(line.text()).substr(0, end);
  const auto escape_rune = static_cast<char32_t>(escape);
  Phase phase = Phase::spaces;
  char32_t quote = 0;
  bool blank_ok = false;
  reset_word(word);
  util::utf8::DecodedRune ch;

  for (std::size_t pos = begin; pos <= end; pos += ch.width) {
    if (pos != end) {
      ch = util::utf8::decode(text, pos);
    }
    if (phase == Phase::spaces) {
      if (pos == end) {
        break;
      }
      if (unicode::is_space(ch.value)) {
        continue;
      }
      phase = Phase::in_word;
    }
    if (pos == end) {
      if (blank_ok || !word.text.empty()) {
        on_word(word);
      }
      break;
    }
    if (phase == Phase::in_word) {
      if (unicode::is_space(ch.value)) {
        phase = Phase::spaces;
        if ((blank_ok || !word.text.empty()) && !on_word(word)) {
          return;
        }
        reset_word(word);
        blank_ok = false;
        continue;
      }
      if (ch.value < 0x80 && is_plain_word_byte(text[pos], escape)) {
        // A run of plain ASCII bytes is copied as is; the loop then resumes
        // at its end.
        std::size_t stop = pos + 1;
        while (stop < end && is_plain_word_byte(text[stop], escape)) {
          ++stop;
        }
        line.append_tracked(word, pos, stop);
        ch.width = stop - pos;
        continue;
      }
      if (ch.value == '\'' || ch.value == '"') {
        quote = ch.value;
        blank_ok = true;
        phase = Phase::in_quote;
      }
      if (ch.value == escape_rune) {
        if (pos + ch.width == end) {
          continue; // an escape character at the end is dropped
        }
        // Unquoted, the escape character and the next character are both kept.
        append_from_line(word, line, pos, ch.width);
        pos += ch.width;
        ch = util::utf8::decode(text, pos);
      }
      append_from_line(word, line, pos, ch.width);
      continue;
    }
    // Phase::in_quote
    if (ch.value == quote) {
      phase = Phase::in_word;
    } else if (ch.value != escape_rune || quote == '\'') {
      // A run of bytes without the quote or (outside single quotes) the
      // escape character is copied as is.
      std::size_t stop = pos + ch.width;
      while (stop < end && static_cast<char32_t>(text[stop]) != quote &&
             (text[stop] != escape || quote == '\'')) {
        ++stop;
      }
      line.append_tracked(word, pos, stop);
      ch.width = stop - pos;
      continue;
    }
    // The escape character is special except inside single quotes.
    if (ch.value == escape_rune && quote != '\'') {
      if (pos + ch.width == end) {
        phase = Phase::in_word;
        continue;
      }
      append_from_line(word, line, pos, ch.width);
      pos += ch.width;
      ch = util::utf8::decode(text, pos);
    }
    append_from_line(word, line, pos, ch.width);
  }
}

// Moves the nodes collected in scratch to the end of `args`, and empties them.
void append_nodes(std::vector<TrackedString> &nodes,
                  std::vector<TrackedString> &args) {
  if (args.empty()) {
    move_nodes(nodes, args);
    return;
  }
  args.reserve(args.size() + nodes.size());
  for (TrackedString &node : nodes) {
    args.push_back(std::move(node));
  }
  nodes.clear();
}

// parseStringsWhitespaceDelimited: regexp.Split on `[\t\v\f\r ]+`. The pieces
// are counted first, so that they are built in place in a vector of their
// exact size.
void split_whitespace(const LogicalLine &line,
                      std::size_t begin,
                      std::size_t end,
                      std::vector<TrackedString> &nodes) {
  if (begin == end) {
    return;
  }
  const std::string &text = line.text();
  std::size_t count = 1;
  for (std::size_t pos = begin; pos < end; ++pos) {
    if (is_token_space(text[pos])) {
      ++count;
      while (pos + 1 < end && is_token_space(text[pos + 1])) {
        ++pos;
      }
    }
  }
  nodes.reserve(nodes.size() + count);
  std::size_t piece = begin;
  std::size_t pos = begin;
  while (pos < end) {
    if (!is_token_space(text[pos])) {
      ++pos;
      continue;
    }
    nodes.push_back(line.tracked(piece, pos));
    while (pos < end && is_token_space(text[pos])) {
      ++pos;
    }
    piece = pos;
  }
  nodes.push_back(line.tracked(piece, end));
}

// parseString: the whole text as one argument.
void whole_string(const LogicalLine &line,
                  std::size_t begin,
                  std::size_t end,
                  std::vector<TrackedString> &nodes) {
  if (begin != end) {
    nodes.reserve(nodes.size() + 1);
    nodes.push_back(line.tracked(begin, end));
  }
}

// parseMaybeJSON: a JSON array of strings, or the whole text as one argument.
Expected<bool, std::string> maybe_json(const LogicalLine &line,
                                       std::size_t begin,
                                       std::size_t end,
                                       ParseScratch &scratch,
                                       std::vector<TrackedString> &args) {
  if (begin == end) {
    return false;
  }
  switch (parse_json_array(line, begin, end, scratch.word, scratch.nodes)) {
  case JsonArrayResult::strings:
    append_nodes(scratch.nodes, args);
    return true;
  case JsonArrayResult::not_strings:
    return Unexpected(k_not_string_array);
  case JsonArrayResult::not_json:
    break;
  }
  whole_string(line, begin, end, args);
  return false;
}

// parseMaybeJSONToList: a JSON array of strings, or the text split on
// whitespace.
Expected<bool, std::string>
maybe_json_to_list(const LogicalLine &line,
                   std::size_t begin,
                   std::size_t end,
                   ParseScratch &scratch,
                   std::vector<TrackedString> &args) {
  switch (parse_json_array(line, begin, end, scratch.word, scratch.nodes)) {
  case JsonArrayResult::strings:
    append_nodes(scratch.nodes, args);
    return true;
  case JsonArrayResult::not_strings:
    return Unexpected(k_not_string_array);
  case JsonArrayResult::not_json:
    break;
  }
  split_whitespace(line, begin, end, args);
  return false;
}

// parseNameVal for ENV and LABEL: `KEY name value` (legacy) or `KEY a=1 b=2`.
Expected<bool, std::string> name_value(std::string_view instruction,
                                       const LogicalLine &line,
                                       std::size_t begin,
                                       std::size_t end,
                                       char escape,
                                       ParseScratch &scratch) {
  enum class Form { none, legacy, pairs };
  Form form = Form::none;
  std::string error;
  for_each_word(
      line, begin, end, escape, scratch.word, [&](const TrackedString &word) {
        const std::size_t equals = word.text.find('=');
        if (form == Form::none) {
          // The first word decides the form.
          form = equals == std::string::npos ? Form::legacy : Form::pairs;
        }
        if (form == Form::legacy) {
          return false;
        }
        if (equals == std::string::npos) {
          error = "Syntax error - can't find = in " + go_quote(word.text) +
                  ". Must be of the form: name=value";
          return false;
        }
        scratch.nodes.push_back(slice(word, 0, equals));
        scratch.nodes.push_back(slice(word, equals + 1, word.text.size()));
        scratch.nodes.push_back(slice(word, equals, equals + 1));
        return true;
      });
  if (!error.empty()) {
    return Unexpected(std::move(error));
  }
  if (form != Form::legacy) {
    return false;
  }
  // Legacy form: the name, then everything after the first whitespace run.
  const std::string &text = line.text();
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
  scratch.nodes.push_back(line.tracked(begin, gap));
  scratch.nodes.push_back(line.tracked(value, end));
  scratch.nodes.emplace_back();
  return false;
}

// parseHealthConfig: the first word (CMD, NONE, ...) then parseMaybeJSON of the
// rest.
Expected<bool, std::string> health_config(const LogicalLine &line,
                                          std::size_t begin,
                                          std::size_t end,
                                          ParseScratch &scratch,
                                          std::vector<TrackedString> &args) {
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
  if (sep == begin) {
    return false;
  }
  args.push_back(line.tracked(begin, sep));
  auto json = maybe_json(line, next, end, scratch, args);
  if (!json) {
    args.clear();
  }
  return json;
}

} // namespace

Expected<bool, std::string> parse_arguments(std::string_view keyword,
                                            const LogicalLine &line,
                                            std::size_t begin,
                                            std::size_t end,
                                            char escape,
                                            ParseScratch &scratch,
                                            std::vector<TrackedString> &args) {
  if (keyword == "run"sv || keyword == "cmd"sv || keyword == "entrypoint"sv ||
      keyword == "shell"sv) {
    return maybe_json(line, begin, end, scratch, args);
  }
  if (keyword == "copy"sv || keyword == "add"sv || keyword == "volume"sv) {
    return maybe_json_to_list(line, begin, end, scratch, args);
  }
  if (keyword == "from"sv || keyword == "expose"sv) {
    split_whitespace(line, begin, end, args);
    return false;
  }
  if (keyword == "arg"sv) {
    for_each_word(line, begin, end, escape, scratch.word,
                  [&](const TrackedString &word) {
                    scratch.nodes.push_back(word);
                    return true;
                  });
    append_nodes(scratch.nodes, args);
    return false;
  }
  if (keyword == "env"sv || keyword == "label"sv) {
    auto pairs = name_value(keyword == "env"sv ? "ENV" : "LABEL", line, begin,
                            end, escape, scratch);
    if (pairs) {
      append_nodes(scratch.nodes, args);
    }
    return pairs;
  }
  if (keyword == "healthcheck"sv) {
    return health_config(line, begin, end, scratch, args);
  }
  if (keyword == "maintainer"sv || keyword == "stopsignal"sv ||
      keyword == "user"sv || keyword == "workdir"sv) {
    whole_string(line, begin, end, args);
    return false;
  }
  // parseIgnore: an unknown instruction keeps one empty argument node.
  args.emplace_back();
  return false;
}

} // namespace stalebase::dockerfile::detail
