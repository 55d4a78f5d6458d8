#pragma once

// Tracks, order and update levels (docs/versions.md, "Tracks" and "Order and
// levels").

#include "stalebase/version/tag.hpp"

#include <compare>

namespace stalebase::version {

// How big a change between two tags of one track is.
enum class UpdateLevel {
  none,  // not in one track, or equal as versions (`18.04` and `18.4`)
  patch, // third or later segment, Windows revision, any date, prerelease only
  minor, // second segment
  major, // first segment
  os, // Windows build (`10.0.14393.x` → `10.0.17763.x`): reported with majors
};

// The level's name: "none", "patch", "minor", "major", "os".
std::string_view to_string(UpdateLevel level);

// Compares two strings of digits as numbers of any length (`007` == `7`, no
// overflow).
std::strong_ordering compare_numbers(std::string_view a, std::string_view b);

// True when `a` and `b` are versions of one track: same kind, prefix, `v`,
// suffix, number of core segments and separators. False when either has no
// track.
bool same_track(const Tag &a, const Tag &b);

// Precedence of `a` and `b` as versions, ignoring how they are written: the
// core number by number, then a release above its prereleases, then prerelease
// rank and number (a missing number first). Only meaningful within a track;
// `equivalent` for `18.04` and `18.4`.
std::weak_ordering compare_versions(const Tag &a, const Tag &b);

// A total order on tags. Within a track: older before newer (compare_versions),
// and versions that are equal sort by their text. Tags of different tracks sort
// by track, which says nothing about which is newer; tags without a track come
// last, by text.
std::strong_ordering compare(const Tag &a, const Tag &b);

inline std::strong_ordering operator<=>(const Tag &a, const Tag &b) {
  return compare(a, b);
}

// True when `candidate` is in `current`'s track and is a newer version than it.
bool is_newer(const Tag &candidate, const Tag &current);

// True when `a` and `b` have the same core as numbers (`3.13.0rc1` and
// `3.13.0`).
bool same_core(const Tag &a, const Tag &b);

// The level of the change between `from` and `to`, in either direction: the
// first core segment that differs (1st major, 2nd minor, later patch; a segment
// after Java's `u` is a patch); for a windows_build the build is `os` and the
// revision `patch`; any date change and a prerelease-only change are `patch`.
// `none` when they are not in one track or are equal as versions.
UpdateLevel update_level(const Tag &from, const Tag &to);

} // namespace stalebase::version
