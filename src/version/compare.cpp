#include "stalebase/version/compare.hpp"

#include <algorithm>

namespace stalebase::version {

std::strong_ordering compare_numbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') {
    a.remove_prefix(1);
  }
  while (b.size() > 1 && b.front() == '0') {
    b.remove_prefix(1);
  }
  if (a.size() != b.size()) {
    return a.size() <=> b.size();
  }
  return a.compare(b) <=> 0;
}

namespace {

std::strong_ordering
compare_segment(const Tag &a, const Tag &b, std::size_t i) {
  const std::uint64_t x = a.number(i);
  const std::uint64_t y = b.number(i);
  if (x != Tag::k_overflow && y != Tag::k_overflow) {
    return x <=> y;
  }
  return compare_numbers(a.segment(i), b.segment(i));
}

std::weak_ordering compare_prereleases(const Tag &a, const Tag &b) {
  if (a.is_prerelease() != b.is_prerelease()) {
    // A release is newer than its prereleases.
    return a.is_prerelease() ? std::weak_ordering::less
                             : std::weak_ordering::greater;
  }
  if (!a.is_prerelease()) {
    return std::weak_ordering::equivalent;
  }
  if (a.prerelease_rank() != b.prerelease_rank()) {
    return a.prerelease_rank() <=> b.prerelease_rank();
  }
  const std::string_view an = a.prerelease_number();
  const std::string_view bn = b.prerelease_number();
  if (an.empty() != bn.empty()) {
    return an.empty() ? std::weak_ordering::less : std::weak_ordering::greater;
  }
  return compare_numbers(an, bn);
}

// The index of the first core segment that differs as a number; segment_count()
// if none.
std::size_t first_difference(const Tag &a, const Tag &b) {
  const std::size_t count = std::min(a.segment_count(), b.segment_count());
  for (std::size_t i = 0; i < count; ++i) {
    if (compare_segment(a, b, i) != 0) {
      return i;
    }
  }
  return count;
}

std::strong_ordering compare_track(const Tag &a, const Tag &b) {
  if (a.kind() != b.kind()) {
    return a.kind() <=> b.kind();
  }
  if (a.has_v() != b.has_v()) {
    return a.has_v() <=> b.has_v();
  }
  if (auto c = a.separators().compare(b.separators()) <=> 0; c != 0) {
    return c;
  }
  if (auto c = a.prefix().compare(b.prefix()) <=> 0; c != 0) {
    return c;
  }
  return a.suffix().compare(b.suffix()) <=> 0;
}

} // namespace

std::string_view to_string(UpdateLevel level) {
  switch (level) {
  case UpdateLevel::none:
    return "none";
  case UpdateLevel::patch:
    return "patch";
  case UpdateLevel::minor:
    return "minor";
  case UpdateLevel::major:
    return "major";
  case UpdateLevel::os:
    return "os";
  }
  return "none";
}

bool same_track(const Tag &a, const Tag &b) {
  return a.is_version() && b.is_version() && compare_track(a, b) == 0;
}

std::weak_ordering compare_versions(const Tag &a, const Tag &b) {
  const std::size_t i = first_difference(a, b);
  if (i < a.segment_count() && i < b.segment_count()) {
    return compare_segment(a, b, i);
  }
  if (a.segment_count() != b.segment_count()) {
    return a.segment_count() <=> b.segment_count();
  }
  return compare_prereleases(a, b);
}

std::strong_ordering compare(const Tag &a, const Tag &b) {
  if (a.is_version() != b.is_version()) {
    return a.is_version() ? std::strong_ordering::less
                          : std::strong_ordering::greater;
  }
  if (!a.is_version()) {
    if (auto c = a.to_string().compare(b.to_string()) <=> 0; c != 0) {
      return c;
    }
    return a.kind() <=> b.kind();
  }
  if (auto c = compare_track(a, b); c != 0) {
    return c;
  }
  if (auto c = compare_versions(a, b); c != 0) {
    return c < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return a.to_string().compare(b.to_string()) <=> 0;
}

bool is_newer(const Tag &candidate, const Tag &current) {
  return same_track(candidate, current) &&
         compare_versions(candidate, current) > 0;
}

bool same_core(const Tag &a, const Tag &b) {
  return a.segment_count() == b.segment_count() &&
         first_difference(a, b) == a.segment_count();
}

UpdateLevel update_level(const Tag &from, const Tag &to) {
  if (!same_track(from, to) || compare_versions(from, to) == 0) {
    return UpdateLevel::none;
  }
  const std::size_t i = first_difference(from, to);
  if (from.kind() == TagKind::date || i == from.segment_count()) {
    // A newer date is a rebuild of the same line; a prerelease-only change is
    // the smallest change there is.
    return UpdateLevel::patch;
  }
  if (from.kind() == TagKind::windows_build) {
    // 10.0.<build>.<revision>: the build is the OS release the host must match.
    return i < 3 ? UpdateLevel::os : UpdateLevel::patch;
  }
  if (i == 0) {
    return UpdateLevel::major;
  }
  if (from.separators()[i - 1] == 'u') {
    return UpdateLevel::patch; // Java's 8u392 → 8u402 is an update release
  }
  return i == 1 ? UpdateLevel::minor : UpdateLevel::patch;
}

} // namespace stalebase::version
