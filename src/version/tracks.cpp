#include "stalebase/version/tracks.hpp"

#include "stalebase/version/compare.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace stalebase::version {

namespace {

// Tag's ordering within one track, as a row of numbers compared left to right:
// the core, then the prerelease (a release above every rank), then its number
// (none = 0). Sorting these rows is several times faster than calling
// compare_versions on scattered Tags.
constexpr std::uint64_t k_release_rank = 1000;

bool fill_row(const Tag &tag, std::uint64_t *row) {
  const std::size_t count = tag.segment_count();
  for (std::size_t i = 0; i < count; ++i) {
    row[i] = tag.number(i);
    if (row[i] == Tag::k_overflow) {
      return false;
    }
  }
  row[count] = tag.is_prerelease()
                   ? static_cast<std::uint64_t>(tag.prerelease_rank())
                   : k_release_rank;
  row[count + 1] = 0;
  const std::string_view number = tag.prerelease_number();
  if (number.size() > 18) {
    return false;
  }
  for (const char c : number) {
    row[count + 1] = row[count + 1] * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!number.empty()) {
    ++row[count + 1];
  }
  return true;
}

void sort_track(std::span<const Tag> tags, std::vector<std::size_t> &members) {
  const std::size_t width = tags[members.front()].segment_count() + 2;
  std::vector<std::uint64_t> rows(members.size() * width);
  bool exact = true;
  for (std::size_t m = 0; m < members.size() && exact; ++m) {
    exact = fill_row(tags[members[m]], &rows[m * width]);
  }
  std::vector<std::size_t> order(members.size());
  for (std::size_t m = 0; m < order.size(); ++m) {
    order[m] = m;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Tag &x = tags[members[a]];
    const Tag &y = tags[members[b]];
    if (exact) {
      const auto ra = rows.begin() + static_cast<std::ptrdiff_t>(a * width);
      const auto rb = rows.begin() + static_cast<std::ptrdiff_t>(b * width);
      const auto [pa, pb] =
          std::mismatch(ra, ra + static_cast<std::ptrdiff_t>(width), rb);
      if (pa != ra + static_cast<std::ptrdiff_t>(width)) {
        return *pa < *pb;
      }
    } else if (const auto c = compare_versions(x, y); c != 0) {
      return c < 0; // a number too large for the rows
    }
    return x.to_string() < y.to_string();
  });
  std::vector<std::size_t> sorted(members.size());
  for (std::size_t m = 0; m < order.size(); ++m) {
    sorted[m] = members[order[m]];
  }
  members = std::move(sorted);
}

} // namespace

std::vector<Track> group_tracks(std::span<const Tag> tags) {
  std::vector<Track> tracks;
  std::unordered_map<std::string, std::size_t> by_key;
  by_key.reserve(tags.size() / 4 + 1);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (!tags[i].is_version()) {
      continue;
    }
    std::string key = tags[i].track_key();
    const auto [it, inserted] = by_key.try_emplace(key, tracks.size());
    if (inserted) {
      tracks.push_back(Track{std::move(key), tags[i].track_name(), {}});
    }
    tracks[it->second].members.push_back(i);
  }
  for (Track &track : tracks) {
    sort_track(tags, track.members);
  }
  return tracks;
}

} // namespace stalebase::version
