#include "stalebase/version/proposals.hpp"

namespace stalebase::version {

namespace {

// Whether `candidate`, a newer tag of the track, may be proposed for `current`.
bool is_acceptable(const Tag &candidate, const Tag &current) {
  if (!candidate.is_prerelease()) {
    return true;
  }
  // A prerelease only for a prerelease of the same core, and a floating `-rc`
  // (no number) is not pinned to `-rc5` by a proposal.
  return current.is_prerelease() && same_core(candidate, current) &&
         candidate.prerelease_number().empty() ==
             current.prerelease_number().empty();
}

void keep_newest(std::optional<Proposal> &slot,
                 const Tag &tag,
                 UpdateLevel level) {
  if (!slot || slot->tag < tag) {
    slot = Proposal{tag, level};
  }
}

} // namespace

Proposals propose(const Tag &current, std::span<const Tag> tags) {
  Proposals proposals;
  if (!current.is_version()) {
    return proposals;
  }
  for (const Tag &candidate : tags) {
    if (!same_track(candidate, current)) {
      continue;
    }
    if (current.is_prerelease() && !candidate.is_prerelease() &&
        same_core(candidate, current) &&
        (!proposals.release || *proposals.release < candidate)) {
      proposals.release = candidate;
    }
    if (compare_versions(candidate, current) <= 0 ||
        !is_acceptable(candidate, current)) {
      continue;
    }
    const UpdateLevel level = update_level(current, candidate);
    switch (level) {
    case UpdateLevel::patch:
      keep_newest(proposals.patch, candidate, level);
      break;
    case UpdateLevel::minor:
      keep_newest(proposals.minor, candidate, level);
      break;
    case UpdateLevel::major:
    case UpdateLevel::os:
      keep_newest(proposals.major, candidate, level);
      break;
    case UpdateLevel::none:
      break;
    }
  }
  return proposals;
}

} // namespace stalebase::version
