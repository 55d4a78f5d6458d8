#include "stalebase/version/tag.hpp"

#include "stalebase/util/strings.hpp"

#include "prerelease.hpp"

#include <limits>

namespace stalebase::version {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_tag_char(char c) {
  return is_digit(c) || is_alpha(c) || c == '_' || c == '.' || c == '-';
}

bool ends_with_word(std::string_view text, std::string_view lower_word) {
  if (text.size() < lower_word.size()) {
    return false;
  }
  const std::size_t start = text.size() - lower_word.size();
  for (std::size_t i = 0; i < lower_word.size(); ++i) {
    if (util::ascii_lower(text[start + i]) != lower_word[i]) {
      return false;
    }
  }
  // A whole word: `ltsc` in `nanoserver-ltsc`, not in `xltsc`.
  return start == 0 || !is_alpha(text[start - 1]);
}

// The user's text in double quotes; bytes that are not printable ASCII as \xNN,
// so that an error about a binary tag stays readable.
std::string quoted(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::optional<ParseError> validate(std::string_view text) {
  if (text.empty()) {
    return ParseError{
        "invalid tag \"\": expected 1 to 128 characters, found none"};
  }
  if (text.size() > k_max_tag_length) {
    return ParseError{"invalid tag " + quoted(text.substr(0, 32)) +
                      "...: expected at most 128 characters, found " +
                      std::to_string(text.size())};
  }
  if (text[0] == '.' || text[0] == '-') {
    return ParseError{"invalid tag " + quoted(text) +
                      ": expected a letter, digit or \"_\" first, found " +
                      quoted(text.substr(0, 1))};
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_tag_char(text[i])) {
      return ParseError{
          "invalid tag " + quoted(text) +
          ": expected letters, digits, \"_\", \".\" or \"-\", found " +
          quoted(text.substr(i, 1)) + " at " + std::to_string(i + 1)};
    }
  }
  return std::nullopt;
}

// Counts hex digits from `from`; sets the flags for what it saw.
std::size_t hex_run(std::string_view text,
                    std::size_t from,
                    bool &has_letter,
                    bool &has_digit) {
  std::size_t i = from;
  while (i < text.size() && is_hex(text[i])) {
    has_letter = has_letter || !is_digit(text[i]);
    has_digit = has_digit || is_digit(text[i]);
    ++i;
  }
  return i - from;
}

bool starts_with(std::string_view text, std::string_view start) {
  return text.substr(0, start.size()) == start;
}

// Commit hashes and digest-derived tags, which name one build and never move. A
// hex string of 7+ characters needs a letter: all-digit strings are numbers
// (`20240101`).
bool is_hash_like(std::string_view text) {
  bool letter = false;
  bool digit = false;
  if (hex_run(text, 0, letter, digit) == text.size()) {
    return text.size() >= 7 && letter;
  }
  // Cosign and similar: `sha256-<hex>.sig`, `sha256-<hex>.att`; after an
  // algorithm's name, a short hex word is a hash too (`sha512-feed`), never
  // version 512.
  for (const std::string_view algorithm : {"sha256-", "sha512-", "sha1-"}) {
    if (starts_with(text, algorithm)) {
      const std::size_t run = hex_run(text, algorithm.size(), letter, digit);
      const std::size_t end = algorithm.size() + run;
      return run >= 7 || (run >= 4 && (end == text.size() || text[end] == '.'));
    }
  }
  // `<word>-<hex>` as CI systems write them: `sha-860c190`, `main-1a2b3c4d`.
  const std::size_t dash = text.rfind('-');
  if (dash == std::string_view::npos || dash == 0) {
    return false;
  }
  for (std::size_t i = 0; i < dash; ++i) {
    if (!is_alpha(text[i]) && text[i] != '-' && text[i] != '_') {
      return false;
    }
  }
  letter = false;
  digit = false;
  const std::size_t run = hex_run(text, dash + 1, letter, digit);
  return run >= 7 && dash + 1 + run == text.size() && letter && digit;
}

bool is_valid_date(std::uint64_t year, std::uint64_t month, std::uint64_t day) {
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 &&
         day >= 1 && day <= 31;
}

std::uint64_t digits_value(std::string_view digits) {
  std::uint64_t value = 0;
  for (const char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return Tag::k_overflow;
    }
    value = value * 10 + digit;
  }
  return value;
}

} // namespace

// Builds a Tag from already-validated text. A class (friend of Tag) rather than
// free functions so that it can fill Tag's private fields.
class TagParser {
public:
  TagParser(std::string_view text, Scheme scheme)
      : m_text(text), m_scheme(scheme) {
    m_tag.m_text = std::string(text);
  }

  Tag parse() {
    if (is_hash_like(m_text)) {
      return as_kind(TagKind::hash);
    }
    std::size_t pos = 0;
    while (pos < m_text.size() && !is_digit(m_text[pos])) {
      ++pos;
    }
    if (pos == m_text.size()) {
      return as_kind(TagKind::name);
    }
    // A `v` right before the core, at the start or after a non-letter
    // (`postgresql-v1`), is the version marker; inside a word (`rev3`, `dev1`)
    // it is part of the prefix.
    const bool v = pos >= 1 && m_text[pos - 1] == 'v' &&
                   (pos == 1 || !is_alpha(m_text[pos - 2]));
    m_tag.m_has_v = v;
    m_tag.m_prefix_length = narrow(v ? pos - 1 : pos);

    pos = read_core(pos);
    if (pos < m_text.size() && is_alpha(m_text[pos])) {
      pos = read_glued_prerelease(pos);
      if (pos == std::string_view::npos) {
        return as_kind(TagKind::name);
      }
    } else if (pos < m_text.size() && m_text[pos] == '-') {
      pos = read_dashed_prerelease(pos);
    }
    if (pos < m_text.size() && m_text[pos] != '-') {
      // `1.2.x`, `3.12_slim`, `1.2.`: a core that does not end cleanly.
      return as_kind(TagKind::name);
    }
    m_tag.m_suffix_offset = narrow(pos);
    m_tag.m_kind = classify();
    if (m_tag.m_kind == TagKind::name) {
      return as_kind(TagKind::name);
    }
    return std::move(m_tag);
  }

private:
  static std::uint8_t narrow(std::size_t value) {
    return static_cast<std::uint8_t>(value);
  }

  Tag as_kind(TagKind kind) {
    Tag tag;
    tag.m_text = std::move(m_tag.m_text);
    tag.m_kind = kind;
    tag.m_suffix_offset = narrow(tag.m_text.size());
    return tag;
  }

  std::size_t read_digits(std::size_t pos) {
    const std::size_t start = pos;
    while (pos < m_text.size() && is_digit(m_text[pos])) {
      ++pos;
    }
    const std::string_view digits = m_text.substr(start, pos - start);
    m_tag.m_segments.push_back(
        {digits_value(digits), {narrow(start), narrow(pos - start)}});
    return pos;
  }

  std::size_t read_core(std::size_t pos) {
    pos = read_digits(pos);
    while (pos + 1 < m_text.size() && is_digit(m_text[pos + 1])) {
      const char separator = m_text[pos];
      // Java's `8u392` (update 392 of 8): only right after the first number.
      const bool java_update = separator == 'u' && m_tag.m_segments.size() == 1;
      if (separator != '.' && separator != '_' && !java_update) {
        break;
      }
      m_tag.m_separators += separator;
      pos = read_digits(pos + 1);
    }
    return pos;
  }

  // Reads an optional prerelease number at `pos`, after `allowed` separators;
  // returns where it ends (`pos` when there is none).
  std::size_t read_prerelease_number(std::size_t pos,
                                     std::string_view allowed) {
    std::size_t start = pos;
    if (pos + 1 < m_text.size() &&
        allowed.find(m_text[pos]) != std::string_view::npos &&
        is_digit(m_text[pos + 1])) {
      start = pos + 1;
    }
    std::size_t end = start;
    while (end < m_text.size() && is_digit(m_text[end])) {
      ++end;
    }
    if (end == start) {
      return pos;
    }
    m_tag.m_prerelease_number = {narrow(start), narrow(end - start)};
    return end;
  }

  std::size_t read_word(std::size_t pos) const {
    while (pos < m_text.size() && is_alpha(m_text[pos])) {
      ++pos;
    }
    return pos;
  }

  // `3.13.0rc1`, `1.22rc2`, `3.7.0b1`, `8.1.0RC5`. Returns npos when the
  // letters are not a prerelease (`20H2`, `1e10`): such a tag is not a version.
  std::size_t read_glued_prerelease(std::size_t pos) {
    const std::size_t word_end = read_word(pos);
    const int rank = detail::prerelease_rank(
        m_text.substr(pos, word_end - pos), detail::PrereleasePlacement::glued);
    if (rank == 0) {
      return std::string_view::npos;
    }
    const std::size_t end = read_prerelease_number(word_end, ".");
    set_prerelease(pos, pos, word_end, end, rank);
    return end;
  }

  // `-rc.1`, `-rc1`, `-beta`, `-ea-31`, `-m14`, when followed by the end or a
  // `-`; anything else after the dash is the suffix.
  std::size_t read_dashed_prerelease(std::size_t dash) {
    const std::size_t word_end = read_word(dash + 1);
    const int rank =
        detail::prerelease_rank(m_text.substr(dash + 1, word_end - dash - 1),
                                detail::PrereleasePlacement::dashed);
    if (rank == 0) {
      return dash;
    }
    const Tag::Span saved = m_tag.m_prerelease_number;
    const std::size_t end = read_prerelease_number(word_end, ".-");
    if (end < m_text.size() && m_text[end] != '-') {
      m_tag.m_prerelease_number = saved;
      return dash;
    }
    set_prerelease(dash, dash + 1, word_end, end, rank);
    return end;
  }

  void set_prerelease(std::size_t start,
                      std::size_t word_start,
                      std::size_t word_end,
                      std::size_t end,
                      int rank) {
    m_tag.m_prerelease_offset = narrow(start);
    m_tag.m_prerelease_length = narrow(end - start);
    m_tag.m_prerelease_word = {narrow(word_start),
                               narrow(word_end - word_start)};
    m_tag.m_prerelease_rank = rank;
  }

  TagKind classify() const {
    const std::string_view prefix = m_tag.prefix();
    const std::size_t count = m_tag.m_segments.size();
    const std::string_view separators = m_tag.m_separators;
    if (count == 1 && !m_tag.m_has_v) {
      // Windows release names are not versions: `ltsc2022`,
      // `nanoserver-sac2016`, `windowsservercore-1809`, and `1809`/`2004` in
      // Windows repositories.
      if (ends_with_word(prefix, "ltsc") || ends_with_word(prefix, "sac") ||
          ends_with_word(prefix, "windowsservercore-") ||
          ends_with_word(prefix, "nanoserver-") ||
          ends_with_word(prefix, "servercore-")) {
        return TagKind::name;
      }
      if (m_scheme == Scheme::windows && prefix.empty() &&
          m_tag.segment(0).size() == 4) {
        return TagKind::name;
      }
    }
    if (count == 1 && m_tag.segment(0).size() == 8) {
      const std::string_view d = m_tag.segment(0);
      if (is_valid_date(digits_value(d.substr(0, 4)),
                        digits_value(d.substr(4, 2)),
                        digits_value(d.substr(6, 2)))) {
        return TagKind::date;
      }
    }
    if (count == 3 && separators == ".." && m_tag.segment(0).size() == 4 &&
        m_tag.segment(1).size() == 2 && m_tag.segment(2).size() == 2 &&
        is_valid_date(m_tag.number(0), m_tag.number(1), m_tag.number(2))) {
      return TagKind::date;
    }
    if (count == 4 && separators == "..." &&
        (m_scheme == Scheme::windows ||
         (m_tag.number(0) == 10 && m_tag.number(1) == 0))) {
      return TagKind::windows_build;
    }
    return TagKind::version;
  }

  std::string_view m_text;
  Scheme m_scheme;
  Tag m_tag;
};

Expected<Tag, ParseError> Tag::parse(std::string_view text, Scheme scheme) {
  if (auto error = validate(text)) {
    return Unexpected(std::move(*error));
  }
  return TagParser(text, scheme).parse();
}

bool Tag::is_version() const {
  return m_kind == TagKind::version || m_kind == TagKind::date ||
         m_kind == TagKind::windows_build;
}

std::string_view Tag::core() const {
  if (m_segments.empty()) {
    return {};
  }
  const Span last = m_segments.back().digits;
  const std::size_t start = m_segments.front().digits.offset;
  return view(start, last.offset + last.length - start);
}

std::string_view Tag::prerelease() const {
  return view(m_prerelease_offset, m_prerelease_length);
}

std::string_view Tag::prerelease_word() const {
  return view(m_prerelease_word.offset, m_prerelease_word.length);
}

std::string_view Tag::prerelease_number() const {
  return view(m_prerelease_number.offset, m_prerelease_number.length);
}

std::string_view Tag::suffix() const {
  return std::string_view(m_text).substr(m_suffix_offset);
}

std::string Tag::track_key() const {
  if (!is_version()) {
    return {};
  }
  // `|` cannot appear in a tag, so the parts cannot run into each other.
  std::string key;
  key.reserve(m_text.size() + 8);
  key += static_cast<char>('0' + static_cast<int>(m_kind));
  key += m_has_v ? 'v' : '-';
  key += m_separators;
  key += '|';
  key += prefix();
  key += '|';
  key += suffix();
  return key;
}

std::string Tag::track_name() const {
  if (!is_version()) {
    return {};
  }
  std::string name(prefix());
  if (m_has_v) {
    name += 'v';
  }
  if (m_kind == TagKind::date) {
    name += m_segments.size() == 1 ? "YYYYMMDD" : "YYYY.MM.DD";
  } else {
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
      if (i > 0) {
        name += m_separators[i - 1];
      }
      name += '*';
    }
  }
  name += suffix();
  return name;
}

std::vector<Tag> parse_tags(std::span<const std::string> texts, Scheme scheme) {
  std::vector<Tag> tags;
  tags.reserve(texts.size());
  for (const std::string &text : texts) {
    auto tag = Tag::parse(text, scheme);
    if (tag) {
      tags.push_back(std::move(*tag));
    }
  }
  return tags;
}

} // namespace stalebase::version
