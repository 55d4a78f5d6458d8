#include "dockerfile/split_command.hpp"

#include "dockerfile/go_text.hpp"

namespace stalebase::dockerfile::detail {

namespace {

enum class Phase { spaces, word, quote };

// Appends byte `b` as BuildKit's `word += string(rune(b))` does.
void append_byte_as_rune(TrackedString &word,
                         unsigned char b,
                         std::int64_t origin) {
  if (b < 0x80U) {
    push_byte(word, static_cast<char>(b), origin);
    return;
  }
  push_byte(word, static_cast<char>(0xC0U | (b >> 6U)),
            TrackedString::k_no_origin);
  push_byte(word, static_cast<char>(0x80U | (b & 0x3FU)),
            TrackedString::k_no_origin);
}

// An ASCII byte that a flag word copies as is: not a space, quote or `\`.
bool is_plain_word_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x80U && !is_byte_space_as_rune(b) && c != '\'' && c != '"' &&
         c != '\\';
}

// An ASCII byte copied as is inside `quote`.
bool is_plain_quoted_byte(char c, unsigned char quote) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x80U && b != quote && c != '\\';
}

bool is_double_dash(const TrackedString &word) {
  return word.text == "--";
}

// extractBuilderFlags over text[begin, end): fills `flags` and returns where
// the arguments start (`end` when every word was a flag).
std::size_t extract_flags(const LogicalLine &line,
                          std::size_t begin,
                          std::size_t end,
                          TrackedString &word,
                          std::vector<TrackedString> &flags) {
  const std::string &text = line.text();
  Phase phase = Phase::spaces;
  reset_word(word);
  bool blank_ok = false;
  unsigned char quote = 0;
  unsigned char ch = 0;
  auto origin = [&](std::size_t pos) {
    return static_cast<std::int64_t>(line.origin(pos));
  };

  for (std::size_t pos = begin; pos <= end; ++pos) {
    if (pos != end) {
      ch = static_cast<unsigned char>(text[pos]);
    }
    if (phase == Phase::spaces) {
      if (pos == end) {
        break;
      }
      if (is_byte_space_as_rune(ch)) {
        continue;
      }
      if (ch != '-' || pos + 1 == end || text[pos + 1] != '-') {
        return pos;
      }
      phase = Phase::word;
    }
    if (pos == end) {
      if (!is_double_dash(word) && (blank_ok || !word.text.empty())) {
        flags.push_back(word);
      }
      break;
    }
    if (phase == Phase::word) {
      if (is_byte_space_as_rune(ch)) {
        phase = Phase::spaces;
        if (is_double_dash(word)) {
          return pos;
        }
        if (blank_ok || !word.text.empty()) {
          flags.push_back(word);
        }
        reset_word(word);
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = Phase::quote;
        continue;
      }
      if (ch < 0x80U && ch != '\\') {
        // A run of plain ASCII bytes is copied as is.
        std::size_t stop = pos + 1;
        while (stop < end && is_plain_word_byte(text[stop])) {
          ++stop;
        }
        line.append_tracked(word, pos, stop);
        pos = stop - 1;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == end) {
          continue; // a `\` at the end is dropped
        }
        ++pos;
        ch = static_cast<unsigned char>(text[pos]);
      }
      append_byte_as_rune(word, ch, origin(pos));
      continue;
    }
    // Phase::quote
    if (ch == quote) {
      phase = Phase::word;
      continue;
    }
    if (ch < 0x80U && ch != '\\') {
      std::size_t stop = pos + 1;
      while (stop < end && is_plain_quoted_byte(text[stop], quote)) {
        ++stop;
      }
      line.append_tracked(word, pos, stop);
      pos = stop - 1;
      continue;
    }
    if (ch == '\\') {
      if (pos + 1 == end) {
        phase = Phase::word;
        continue;
      }
      ++pos;
      ch = static_cast<unsigned char>(text[pos]);
    }
    append_byte_as_rune(word, ch, origin(pos));
  }
  return end;
}

} // namespace

SplitCommand split_command(const LogicalLine &line,
                           std::size_t begin,
                           std::size_t end,
                           ParseScratch &scratch) {
  const std::string &text = line.text();
  SplitCommand result;
  const std::size_t trimmed_begin = skip_go_space(text, begin, end);
  const std::size_t trimmed_end = trim_go_space_right(text, trimmed_begin, end);
  std::size_t keyword_end = trimmed_begin;
  while (keyword_end < trimmed_end && !is_token_space(text[keyword_end])) {
    ++keyword_end;
  }
  result.keyword_begin = trimmed_begin;
  result.keyword_end = keyword_end;
  result.rest_begin = trimmed_end;
  result.rest_end = trimmed_end;
  if (keyword_end == trimmed_end) {
    return result;
  }
  std::size_t rest = keyword_end;
  while (rest < trimmed_end && is_token_space(text[rest])) {
    ++rest;
  }
  const std::size_t args =
      extract_flags(line, rest, trimmed_end, scratch.word, scratch.flags);
  move_nodes(scratch.flags, result.flags);
  result.rest_begin = skip_go_space(text, args, trimmed_end);
  result.rest_end = trim_go_space_right(text, result.rest_begin, trimmed_end);
  return result;
}

} // namespace stalebase::dockerfile::detail
