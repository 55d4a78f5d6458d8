#pragma once

// Grouping a repository's tags into tracks.

#include "stalebase/version/tag.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace stalebase::version {

// The tags of one track, as indexes into the list given to group_tracks, oldest
// first (by compare, so versions equal but written differently are adjacent,
// ordered by text).
struct Track {
  std::string key;  // Tag::track_key() of its members
  std::string name; // Tag::track_name() of its members
  std::vector<std::size_t> members;
};

// The tracks of `tags`, ordered by their first member's index in `tags`. Tags
// without a track (`latest`, hashes) are in none.
std::vector<Track> group_tracks(std::span<const Tag> tags);

} // namespace stalebase::version
