#include "dockerfile/pattern_substitution.hpp"

#include "dockerfile/limits.hpp"
#include "dockerfile/shell_pattern.hpp"
#include "dockerfile/tracked_text.hpp"
#include "dockerfile/unicode_tables.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <vector>

namespace stalebase::dockerfile::pattern {

namespace {

// A value decoded into runes, with the byte offset of each rune (and of the
// end).
struct DecodedText {
  std::vector<char32_t> runes;
  std::vector<std::size_t> offsets;

  explicit DecodedText(std::string_view text) {
    runes.reserve(text.size());
    offsets.reserve(text.size() + 1);
    std::size_t pos = 0;
    while (pos < text.size()) {
      const auto rune = util::utf8::decode(text, pos);
      runes.push_back(rune.value);
      offsets.push_back(pos);
      pos += rune.width;
    }
    offsets.push_back(pos);
  }
};

std::string invalid_pattern(std::string_view pattern, const std::string &why) {
  std::string message = "invalid pattern (";
  message += pattern;
  message += ") in substitution: ";
  message += why;
  return message;
}

// One piece of a ReplaceAllString template: replacement bytes [begin, end), or
// the match.
struct TemplatePart {
  bool is_match = false;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The length of the `$name` / `${name}` reference at `pos` (just after the `$`)
// and whether its name is `0`, as Go's regexp.extract reads it; 0 when it is
// not a valid reference.
std::size_t
extract_reference(std::string_view text, std::size_t pos, bool &is_zero) {
  std::size_t i = pos;
  const bool brace = i < text.size() && text[i] == '{';
  if (brace) {
    ++i;
  }
  const std::size_t name_begin = i;
  while (i < text.size()) {
    const auto rune = util::utf8::decode(text, i);
    if (!unicode::is_letter(rune.value) && !unicode::is_digit(rune.value) &&
        rune.value != '_') {
      break;
    }
    i += rune.width;
  }
  if (i == name_begin) {
    return 0;
  }
  is_zero = text.substr(name_begin, i - name_begin) == "0";
  if (brace) {
    if (i >= text.size() || text[i] != '}') {
      return 0;
    }
    ++i;
  }
  return i - pos;
}

std::vector<TemplatePart> parse_template(std::string_view text) {
  std::vector<TemplatePart> parts;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dollar = text.find('$', pos);
    if (dollar == std::string_view::npos) {
      break;
    }
    if (dollar > pos) {
      parts.push_back({false, pos, dollar});
    }
    if (dollar + 1 < text.size() && text[dollar + 1] == '$') {
      parts.push_back({false, dollar, dollar + 1}); // `$$` is one `$`
      pos = dollar + 2;
      continue;
    }
    bool is_zero = false;
    const std::size_t length = extract_reference(text, dollar + 1, is_zero);
    if (length == 0) {
      parts.push_back(
          {false, dollar, dollar + 1}); // not a reference: a plain `$`
      pos = dollar + 1;
      continue;
    }
    if (is_zero) {
      parts.push_back({true, 0, 0});
    }
    pos = dollar + 1 + length;
  }
  if (pos < text.size()) {
    parts.push_back({false, pos, text.size()});
  }
  return parts;
}

} // namespace

bool trim_prefix(const TrackedString &value,
                 std::string_view pattern,
                 bool greedy,
                 TrackedString &out,
                 std::string &error) {
  const auto compiled = compile(to_runes(pattern), greedy);
  if (!compiled) {
    error = invalid_pattern(pattern, compiled.error());
    return false;
  }
  const DecodedText subject(value.text);
  Matcher matcher(*compiled);
  const auto match = matcher.find(subject.runes, 0, true);
  const std::size_t begin = match ? subject.offsets[match->end] : 0;
  tracked::append_range(out, value, begin, value.text.size());
  return true;
}

bool trim_suffix(const TrackedString &value,
                 std::string_view pattern,
                 bool greedy,
                 TrackedString &out,
                 std::string &error) {
  const auto reversed_pattern = reverse_pattern(to_runes(pattern));
  const auto compiled = compile(reversed_pattern, greedy);
  if (!compiled) {
    // BuildKit reports the reversed pattern.
    error = invalid_pattern(from_runes(reversed_pattern), compiled.error());
    return false;
  }
  const DecodedText subject(value.text);
  std::vector<char32_t> reversed(subject.runes.rbegin(), subject.runes.rend());
  Matcher matcher(*compiled);
  const auto match = matcher.find(reversed, 0, true);
  const std::size_t keep = subject.runes.size() - (match ? match->end : 0);
  for (std::size_t i = 0; i < keep; ++i) {
    const std::size_t pos = subject.offsets[i];
    tracked::append_decoded(out, value, pos,
                            {subject.runes[i], subject.offsets[i + 1] - pos});
  }
  return true;
}

bool replace(const TrackedString &value,
             std::string_view pattern,
             const TrackedString &replacement,
             bool all,
             std::size_t max_length,
             TrackedString &out,
             std::string &error) {
  const auto compiled = compile(to_runes(pattern), true);
  if (!compiled) {
    error = invalid_pattern(pattern, compiled.error());
    return false;
  }
  const DecodedText subject(value.text);
  const std::size_t n = subject.runes.size();
  Matcher matcher(*compiled);
  if (!all) {
    const auto match = matcher.find(subject.runes, 0, false);
    if (!match) {
      tracked::append_all(out, value);
      return true;
    }
    tracked::append_range(out, value, 0, subject.offsets[match->begin]);
    tracked::append_all(out, replacement);
    tracked::append_range(out, value, subject.offsets[match->end],
                          value.text.size());
    return true;
  }

  // Go's Regexp.replaceAll: an empty match right after a match is not replaced,
  // and the search always moves on by at least one rune.
  const auto parts = parse_template(replacement.text);
  std::size_t last_end = 0;
  std::size_t search = 0;
  while (search <= n) {
    const auto match = matcher.find(subject.runes, search, false);
    if (!match) {
      break;
    }
    if (out.text.size() > max_length) {
      error = detail::expansion_too_long();
      return false;
    }
    tracked::append_range(out, value, subject.offsets[last_end],
                          subject.offsets[match->begin]);
    if (match->end > last_end || match->begin == 0) {
      for (const TemplatePart &part : parts) {
        if (part.is_match) {
          tracked::append_range(out, value, subject.offsets[match->begin],
                                subject.offsets[match->end]);
        } else {
          tracked::append_range(out, replacement, part.begin, part.end);
        }
      }
    }
    last_end = match->end;
    search = search + 1 > match->end ? search + 1 : match->end;
  }
  tracked::append_range(out, value, subject.offsets[last_end],
                        value.text.size());
  return true;
}

} // namespace stalebase::dockerfile::pattern
