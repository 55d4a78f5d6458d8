#pragma once

// A container image tag read as a version:
// [prefix][v]<core>[prerelease][suffix] (docs/versions.md). Parsing never fails
// on a valid tag; tags that are not versions
// (`latest`, `ltsc2022`, commit hashes) are kept with kind `name` or `hash`.

#include "stalebase/util/expected.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::version {

// What a tag is. Only `version`, `date` and `windows_build` have a track.
enum class TagKind {
  version, // numeric core: `3.12.7-slim`, `jdk-21.0.1`, `8u392`
  date,    // `20240101` or `2024.01.01`, also inside `bookworm-20240101-slim`
  windows_build, // `10.0.<build>.<revision>`: a build change is an OS change
  name, // no usable core: `latest`, `bookworm`, `ltsc2022`, `nanoserver-1809`
  hash, // commit-hash-like: `0a1b2c3`, `sha256-<hex>.sig`, `sha-<hex>`
};

// How a repository's tags are read. `windows` is for Windows base images, where
// every four-number core is a Windows build and `1809`-style tags are release
// names.
enum class Scheme { generic, windows };

// Why a string is not a tag at all (an empty string, a character a registry
// would reject).
struct ParseError {
  std::string message;
  friend bool operator==(const ParseError &, const ParseError &) = default;
};

// The longest tag the distribution spec allows.
inline constexpr std::size_t k_max_tag_length = 128;

// One parsed tag: a value made only by parse(). The string_views it returns
// point into the tag itself and stay valid as long as it does.
class Tag {
public:
  // Reads `text` as a tag of a repository using `scheme`. Fails only when
  // `text` is not a valid tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`), with a
  // message such as `invalid tag "a b": expected letters, digits, "_", "." or
  // "-", found " " at 2`. `parse(t.to_string(), s) == t` for every tag parsed
  // with scheme `s`.
  static Expected<Tag, ParseError> parse(std::string_view text,
                                         Scheme scheme = Scheme::generic);

  // The tag exactly as written.
  const std::string &to_string() const { return m_text; }
  TagKind kind() const { return m_kind; }
  // True for the kinds that have a track: version, date and windows_build.
  bool is_version() const;

  // Text before the core (`jdk-`, `alpine`, `bookworm-`), without the `v`.
  std::string_view prefix() const { return view(0, m_prefix_length); }
  // Whether a `v` stands right before the core (`v1.2.3`,
  // `postgresql-v1.37.0`).
  bool has_v() const { return m_has_v; }
  // The core as written, separators included (`17.0.8_7`).
  std::string_view core() const;
  // How many numbers the core has (0 for tags without a track).
  std::size_t segment_count() const { return m_segments.size(); }
  // The digits of core segment `index` (< segment_count()) as written, leading
  // zeros kept (`04` in `18.04`).
  std::string_view segment(std::size_t index) const {
    const Span digits = m_segments[index].digits;
    return view(digits.offset, digits.length);
  }
  // The value of core segment `index` (< segment_count()), or k_overflow when
  // it does not fit in 64 bits (compare_numbers compares those exactly).
  std::uint64_t number(std::size_t index) const {
    return m_segments[index].value;
  }
  static constexpr std::uint64_t k_overflow = UINT64_MAX;
  // One character per gap between segments: `.`, `_`, or `u` (Java's `8u392`).
  std::string_view separators() const { return m_separators; }

  // True when the tag has a prerelease (`3.13.0rc1`, `7.0.0-rc.2`, `24-ea`).
  bool is_prerelease() const { return m_prerelease_length != 0; }
  // The prerelease as written, with its dash if dashed: `rc1`, `-rc.2`,
  // `-ea-31`, `b2`.
  std::string_view prerelease() const;
  // The prerelease word as written (`rc`, `RC`, `beta`, `ea`); empty when none.
  std::string_view prerelease_word() const;
  // The prerelease number's digits (`2` in `-rc.2`); empty when it has none.
  std::string_view prerelease_number() const;
  // Where the word stands in the prerelease order (nightly < dev < ea < alpha <
  // milestone < beta < preview < rc); 0 when there is no prerelease.
  int prerelease_rank() const { return m_prerelease_rank; }

  // The rest from the first `-` after the core and prerelease:
  // `-slim-bookworm`.
  std::string_view suffix() const;

  // A key equal for exactly the tags of one track (same kind, prefix, `v`,
  // separators, and suffix); empty for tags without a track.
  std::string track_key() const;
  // The track for people: `*.*.*-slim`, `jdk-*.*.*`, `bookworm-YYYYMMDD-slim`;
  // empty for tags without a track.
  std::string track_name() const;

  friend bool operator==(const Tag &, const Tag &) = default;

private:
  struct Span {
    std::uint8_t offset = 0;
    std::uint8_t length = 0;
    friend bool operator==(const Span &, const Span &) = default;
  };

  struct Segment {
    std::uint64_t value = 0;
    Span digits;
    friend bool operator==(const Segment &, const Segment &) = default;
  };

  Tag() = default;
  std::string_view view(std::size_t offset, std::size_t length) const {
    return std::string_view(m_text).substr(offset, length);
  }
  friend class TagParser;

  std::string m_text;
  TagKind m_kind = TagKind::name;
  bool m_has_v = false;
  std::uint8_t m_prefix_length = 0;
  std::vector<Segment> m_segments;
  std::string m_separators;
  std::uint8_t m_prerelease_offset = 0;
  std::uint8_t m_prerelease_length = 0;
  Span m_prerelease_word;
  Span m_prerelease_number;
  int m_prerelease_rank = 0;
  std::uint8_t m_suffix_offset = 0;
};

// Parses every string of `texts` that is a valid tag, in order, and drops the
// others.
std::vector<Tag> parse_tags(std::span<const std::string> texts,
                            Scheme scheme = Scheme::generic);

} // namespace stalebase::version
