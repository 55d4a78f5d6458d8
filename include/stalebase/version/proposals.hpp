#pragma once

// What to propose instead of a tag: the newest tag of its track at each level.

#include "stalebase/version/compare.hpp"
#include "stalebase/version/tag.hpp"

#include <optional>
#include <span>

namespace stalebase::version {

struct Proposal {
  Tag tag;
  UpdateLevel level; // patch, minor, major, or os (only in Proposals::major)
  friend bool operator==(const Proposal &, const Proposal &) = default;
};

struct Proposals {
  std::optional<Proposal> patch;
  std::optional<Proposal> minor;
  std::optional<Proposal> major; // also Windows OS changes (level os)
  // When the current tag is a prerelease: the final release of the same core,
  // if it exists (it may be the patch proposal, or older than it).
  std::optional<Tag> release;

  bool empty() const { return !patch && !minor && !major && !release; }
  friend bool operator==(const Proposals &, const Proposals &) = default;
};

// The newest tag of `tags` at each level that may replace `current`. Candidates
// are in `current`'s track and newer than it (never a downgrade, never another
// track). A prerelease is a candidate only when `current` is a prerelease of
// the same core, with a number exactly when `current`'s has one (`rc1` → `rc2`,
// but a floating `-rc` is not moved to `-rc5`). Empty for tags without a track.
// When two candidates are equal as versions
// (`18.4`, `18.04`) the one whose text sorts last is taken.
Proposals propose(const Tag &current, std::span<const Tag> tags);

} // namespace stalebase::version
