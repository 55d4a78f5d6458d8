#pragma once

// Variants that end (docs/versions.md, "Variants that end"): a suffix that
// names the OS release an image is built on (`-alpine3.17`, `-fpm-bullseye`,
// `-jammy`) stops getting builds when its OS release leaves support, while the
// version line goes on in a newer release of the same OS. The tag list alone
// decides it: no digest is needed.

#include "stalebase/version/tag.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::version {

// The OS whose releases a suffix word may name. Different kinds never form
// one family (an Alpine variant never becomes a Debian one).
enum class OsKind { alpine, debian, ubuntu };

// "alpine", "debian", "ubuntu".
std::string_view to_string(OsKind kind);

// The OS release one word of a suffix names.
struct OsRelease {
  OsKind kind = OsKind::alpine;
  // Its place in its OS's release order: larger is newer. Alpine `3.10` is
  // newer than `3.9` (compared as numbers).
  std::uint64_t rank = 0;
  // Where the word stands in the suffix it was read from (after its `-`).
  std::size_t offset = 0;
  std::size_t length = 0;
};

// The OS release `suffix` (a Tag::suffix(), `-fpm-bullseye`) names in one of
// its `-`-separated words: `alpine<major>.<minor>` or a Debian or Ubuntu
// codename of the release tables (src/version/variants.cpp, the one place to
// extend when a release appears). Nothing when no word names a known release
// (`-alpine` without a number, `-sid`, an unknown codename: never guessed),
// when two words do, or when the suffix is a Windows one (`windowsservercore`,
// `nanoserver`, `ltsc2022`, …): Windows OS changes need a matching host and are
// never variant ends.
std::optional<OsRelease> os_release_of_suffix(std::string_view suffix);

// True when `a` and `b` are variants of one family: both versions (not dates
// or Windows builds) with the same prefix and `v`, and suffixes that name a
// release of the same OS and are equal outside that word (`-fpm-bullseye` and
// `-fpm-trixie`; not `-slim-bookworm` and `-bookworm`). A tag is in its own
// family when its suffix names an OS release.
bool same_variant_family(const Tag &a, const Tag &b);

// A variant of `current`'s line that stopped getting builds.
struct VariantEnd {
  // The line for people: `8.1` for `8.1.33-fpm-bullseye` (the core without its
  // last segment), the whole core for a floating tag (`20` for
  // `20-alpine3.18`).
  std::string line;
  // The newest build of the line in `current`'s own variant
  // (`8.1.33-fpm-bullseye`); none when the variant never had a full build of
  // the line (a floating tag alone).
  std::optional<Tag> last_build;
  // The line's newest patch in the family, in every OS release that has it,
  // oldest OS release first (`8.1.34-fpm-bookworm`, `8.1.34-fpm-trixie`).
  std::vector<Tag> carriers;
  // What to move to: the newest patch in the newest OS release that carries
  // it (`8.1.34-fpm-trixie`); for a floating tag, the tag of the same core in
  // that release when it exists (`20-alpine3.22` for `20-alpine3.18`).
  Tag suggestion;
};

// Whether `current`'s variant has ended, from the repository's `tags`: the
// line's newest patch exists in a newer OS release of the family and not in
// `current`'s variant. Nothing for tags whose suffix names no OS release, for
// prereleases, dates and Windows builds, for a one-segment core that does not
// float (it has no line), and when the newest patch is only in older
// releases (never a suggestion of an older OS).
std::optional<VariantEnd> find_variant_end(const Tag &current,
                                           std::span<const Tag> tags);

// One variant of `current`'s line, for `stalebase tags`.
struct VariantLine {
  std::string suffix;   // `-fpm-bookworm`
  Tag last_build;       // the newest build of the line in this variant
  bool current = false; // `current`'s own variant
  bool ended = false;   // it does not have the line's newest patch
};

// The variants of `current`'s family that have builds of its line, oldest OS
// release first; `ended` marks those without the line's newest patch. Empty
// when `current` has no variant family (as for find_variant_end).
std::vector<VariantLine> variant_lines(const Tag &current,
                                       std::span<const Tag> tags);

} // namespace stalebase::version
