#include "stalebase/version/variants.hpp"

#include "stalebase/version/compare.hpp"
#include "stalebase/version/floating.hpp"
#include "stalebase/version/windows.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_map>

namespace stalebase::version {

namespace {

// The release orders: the one place to extend when a release appears. Oldest
// first; a codename's rank is its place here (Ubuntu's alphabet started over
// after `zesty`, so order is by table, never by letter). `sid` (Debian
// unstable) and Ubuntu's `devel` have no place in an order and are left out on
// purpose: an unknown word is no OS part.
constexpr std::string_view k_debian_codenames[] = {
    "hamm",     "slink",    "potato", "woody",  "sarge",   "etch",
    "lenny",    "squeeze",  "wheezy", "jessie", "stretch", "buster",
    "bullseye", "bookworm", "trixie", "forky",  "duke"};

constexpr std::string_view k_ubuntu_codenames[] = {
    "warty",   "hoary",    "breezy",  "dapper",  "edgy",   "feisty",   "gutsy",
    "hardy",   "intrepid", "jaunty",  "karmic",  "lucid",  "maverick", "natty",
    "oneiric", "precise",  "quantal", "raring",  "saucy",  "trusty",   "utopic",
    "vivid",   "wily",     "xenial",  "yakkety", "zesty",  "artful",   "bionic",
    "cosmic",  "disco",    "eoan",    "focal",   "groovy", "hirsute",  "impish",
    "jammy",   "kinetic",  "lunar",   "mantic",  "noble",  "oracular", "plucky",
    "questing"};

// Suffix words that make a variant a Windows one.
constexpr std::string_view k_windows_words[] = {"windowsservercore",
                                                "nanoserver", "servercore"};

std::optional<std::uint64_t> rank_in(std::span<const std::string_view> names,
                                     std::string_view word) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == word) {
      return i + 1;
    }
  }
  return std::nullopt;
}

// `<digits>` of at most 6 characters, as a number.
std::optional<std::uint64_t> small_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 6) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// `alpine3.20` → 3 * 10^6 + 20; not `alpine`, `alpine3`, `alpine3.20.1`.
std::optional<std::uint64_t> alpine_rank(std::string_view word) {
  constexpr std::string_view k_alpine = "alpine";
  if (word.size() <= k_alpine.size() ||
      word.substr(0, k_alpine.size()) != k_alpine) {
    return std::nullopt;
  }
  const std::string_view number = word.substr(k_alpine.size());
  const std::size_t dot = number.find('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto major = small_number(number.substr(0, dot));
  const auto minor = small_number(number.substr(dot + 1));
  if (!major || !minor) {
    return std::nullopt;
  }
  return *major * 1000000 + *minor;
}

bool is_windows_word(std::string_view word) {
  return std::find(std::begin(k_windows_words), std::end(k_windows_words),
                   word) != std::end(k_windows_words) ||
         windows_build_of_release(word).has_value();
}

// The suffix with its OS word left out, and the OS kind: what is equal for
// every variant of one family.
struct FamilyKey {
  std::string_view before;
  std::string_view after;
  OsKind kind;
  friend bool operator==(const FamilyKey &, const FamilyKey &) = default;
};

// Whether `tag` can have a family at all: what family_key asks before its
// suffix.
bool may_have_family(const Tag &tag) {
  return tag.kind() == TagKind::version && !tag.is_prerelease();
}

std::optional<FamilyKey> suffix_family_key(std::string_view suffix,
                                           OsRelease &release) {
  const auto found = os_release_of_suffix(suffix);
  if (!found) {
    return std::nullopt;
  }
  release = *found;
  return FamilyKey{suffix.substr(0, found->offset),
                   suffix.substr(found->offset + found->length), found->kind};
}

std::optional<FamilyKey> family_key(const Tag &tag, OsRelease &release) {
  if (!may_have_family(tag)) {
    return std::nullopt;
  }
  return suffix_family_key(tag.suffix(), release);
}

std::uint64_t os_rank(const Tag &tag) {
  const auto release = os_release_of_suffix(tag.suffix());
  return release ? release->rank : 0;
}

bool same_leading_numbers(const Tag &a, const Tag &b, std::size_t count) {
  if (a.segment_count() < count || b.segment_count() < count ||
      a.separators().substr(0, count == 0 ? 0 : count - 1) !=
          b.separators().substr(0, count == 0 ? 0 : count - 1)) {
    return false;
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (compare_numbers(a.segment(i), b.segment(i)) != 0) {
      return false;
    }
  }
  return true;
}

std::string leading_text(const Tag &tag, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count && i < tag.segment_count(); ++i) {
    if (i > 0) {
      text += tag.separators()[i - 1];
    }
    text += tag.segment(i);
  }
  return text;
}

// The builds of `current`'s line across its family, and what a line is for
// it: the analysis both find_variant_end and variant_lines need.
struct LineBuilds {
  std::string line;
  std::vector<Tag> builds; // of the line, in the family, one shape
  std::optional<Tag> newest;
};

std::optional<LineBuilds> line_builds(const Tag &current,
                                      std::span<const Tag> tags) {
  OsRelease release;
  const auto key = family_key(current, release);
  if (!key) {
    return std::nullopt;
  }
  // same_variant_family(tag, current) for every tag, with each suffix read
  // once: thousands of tags share a few dozen suffixes, and reading one is
  // most of the cost.
  std::unordered_map<std::string_view, bool> suffix_in_family;
  std::vector<Tag> family;
  for (const Tag &tag : tags) {
    if (!may_have_family(tag) || tag.prefix() != current.prefix() ||
        tag.has_v() != current.has_v()) {
      continue;
    }
    const auto [entry, inserted] =
        suffix_in_family.try_emplace(tag.suffix(), false);
    if (inserted) {
      OsRelease other;
      const auto other_key = suffix_family_key(tag.suffix(), other);
      entry->second = other_key && *other_key == *key;
    }
    if (entry->second) {
      family.push_back(tag);
    }
  }
  const std::size_t n = current.segment_count();
  // A floating tag (`20-alpine3.18`, `8.1-fpm-bullseye`) names a whole line:
  // its builds are the most precise tags under it. A full version's line is
  // its core without the last number.
  const bool floats = is_floating(current, tags);
  const std::size_t line_length = floats ? n : n - 1;
  if (line_length == 0) {
    return std::nullopt; // `3-alpine3.20` with no finer tag: no line
  }
  std::size_t depth = n;
  if (floats) {
    depth = 0;
    for (const Tag &tag : family) {
      if (tag.segment_count() > n &&
          same_leading_numbers(tag, current, line_length)) {
        depth = std::max(depth, tag.segment_count());
      }
    }
    if (depth == 0) {
      return std::nullopt;
    }
  }
  LineBuilds found;
  found.line = leading_text(current, line_length);
  for (const Tag &tag : family) {
    if (tag.segment_count() != depth ||
        !same_leading_numbers(tag, current, line_length)) {
      continue;
    }
    if (!found.builds.empty() &&
        tag.separators() != found.builds.front().separators()) {
      continue; // one shape: `8.1.33` and `8.1_33` are not compared
    }
    if (!found.newest || compare_versions(*found.newest, tag) < 0) {
      found.newest = tag;
    }
    found.builds.push_back(tag);
  }
  if (!found.newest) {
    return std::nullopt;
  }
  return found;
}

// The newest of `builds` whose suffix is `suffix`.
std::optional<Tag> newest_with_suffix(const std::vector<Tag> &builds,
                                      std::string_view suffix) {
  std::optional<Tag> newest;
  for (const Tag &tag : builds) {
    if (tag.suffix() == suffix && (!newest || compare(*newest, tag) < 0)) {
      newest = tag;
    }
  }
  return newest;
}

// Oldest OS release first, then by text.
bool by_os_release(const Tag &a, const Tag &b) {
  const std::uint64_t ra = os_rank(a);
  const std::uint64_t rb = os_rank(b);
  if (ra != rb) {
    return ra < rb;
  }
  return a.to_string() < b.to_string();
}

} // namespace

std::string_view to_string(OsKind kind) {
  switch (kind) {
  case OsKind::alpine:
    return "alpine";
  case OsKind::debian:
    return "debian";
  case OsKind::ubuntu:
    return "ubuntu";
  }
  return "alpine";
}

std::optional<OsRelease> os_release_of_suffix(std::string_view suffix) {
  std::optional<OsRelease> found;
  std::size_t start = 0;
  while (start < suffix.size()) {
    std::size_t end = suffix.find('-', start);
    if (end == std::string_view::npos) {
      end = suffix.size();
    }
    const std::string_view word = suffix.substr(start, end - start);
    if (is_windows_word(word)) {
      return std::nullopt;
    }
    std::optional<OsRelease> release;
    if (const auto rank = alpine_rank(word)) {
      release = OsRelease{OsKind::alpine, *rank, start, word.size()};
    } else if (const auto debian = rank_in(k_debian_codenames, word)) {
      release = OsRelease{OsKind::debian, *debian, start, word.size()};
    } else if (const auto ubuntu = rank_in(k_ubuntu_codenames, word)) {
      release = OsRelease{OsKind::ubuntu, *ubuntu, start, word.size()};
    }
    if (release) {
      if (found) {
        return std::nullopt; // two OS words: not a variant we can read
      }
      found = release;
    }
    start = end + 1;
  }
  return found;
}

bool same_variant_family(const Tag &a, const Tag &b) {
  OsRelease ra;
  OsRelease rb;
  const auto ka = family_key(a, ra);
  const auto kb = family_key(b, rb);
  return ka && kb && *ka == *kb && a.prefix() == b.prefix() &&
         a.has_v() == b.has_v();
}

std::optional<VariantEnd> find_variant_end(const Tag &current,
                                           std::span<const Tag> tags) {
  const auto found = line_builds(current, tags);
  if (!found) {
    return std::nullopt;
  }
  const std::uint64_t current_rank = os_rank(current);
  std::vector<Tag> carriers;
  for (const Tag &tag : found->builds) {
    if (compare_versions(tag, *found->newest) != 0) {
      continue;
    }
    if (tag.suffix() == current.suffix()) {
      return std::nullopt; // the variant has the newest patch: not ended
    }
    carriers.push_back(tag);
  }
  std::sort(carriers.begin(), carriers.end(), by_os_release);
  if (carriers.empty() || os_rank(carriers.back()) <= current_rank) {
    return std::nullopt; // only older releases have it: never a downgrade
  }
  const Tag *suggestion = &carriers.back();
  if (current.segment_count() < suggestion->segment_count()) {
    // A floating tag stays floating: the same core in the newest release.
    const std::string_view suffix = carriers.back().suffix();
    for (const Tag &tag : tags) {
      if (tag.kind() == current.kind() && tag.prefix() == current.prefix() &&
          tag.has_v() == current.has_v() && !tag.is_prerelease() &&
          tag.core() == current.core() && tag.suffix() == suffix) {
        suggestion = &tag;
        break;
      }
    }
  }
  Tag suggested = *suggestion;
  return VariantEnd{found->line,
                    newest_with_suffix(found->builds, current.suffix()),
                    std::move(carriers), std::move(suggested)};
}

std::vector<VariantLine> variant_lines(const Tag &current,
                                       std::span<const Tag> tags) {
  std::vector<VariantLine> lines;
  const auto found = line_builds(current, tags);
  if (!found) {
    return lines;
  }
  std::vector<Tag> newest_per_variant;
  for (const Tag &tag : found->builds) {
    const auto same = std::find_if(
        newest_per_variant.begin(), newest_per_variant.end(),
        [&](const Tag &other) { return other.suffix() == tag.suffix(); });
    if (same == newest_per_variant.end()) {
      newest_per_variant.push_back(tag);
    } else if (compare(*same, tag) < 0) {
      *same = tag;
    }
  }
  std::sort(newest_per_variant.begin(), newest_per_variant.end(),
            by_os_release);
  for (const Tag &tag : newest_per_variant) {
    lines.push_back(VariantLine{std::string(tag.suffix()), tag,
                                tag.suffix() == current.suffix(),
                                compare_versions(tag, *found->newest) != 0});
  }
  return lines;
}

} // namespace stalebase::version
