#include "stalebase/version/tracks.hpp"

#include "unit/version/helpers.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::version;
using stalebase::version::test::tags;

namespace {

std::string describe(const std::vector<Track> &tracks,
                     const std::vector<Tag> &list) {
  std::string out;
  for (const Track &track : tracks) {
    out += track.name + ":";
    for (const std::size_t i : track.members) {
      out += " " + list[i].to_string();
    }
    out += "\n";
  }
  return out;
}

} // namespace

TEST_CASE("group_tracks", "[version]") {
  const auto list =
      tags("3.12.7-slim latest 3.12.1-slim 3.12-slim 3.13.0rc1-slim "
           "3.12.10-slim v3.12.1-slim 18.4 18.04 0a1b2c3 3.13.0-slim 3 "
           "20240606 20240101 bookworm-20240101-slim 2.0.0 10.0.14393.1");
  const auto tracks = group_tracks(list);
  CHECK(describe(tracks, list) ==
        "*.*.*-slim: 3.12.1-slim 3.12.7-slim 3.12.10-slim 3.13.0rc1-slim "
        "3.13.0-slim\n"
        "*.*-slim: 3.12-slim\n"
        "v*.*.*-slim: v3.12.1-slim\n"
        "*.*: 18.04 18.4\n"
        "*: 3\n"
        "YYYYMMDD: 20240101 20240606\n"
        "bookworm-YYYYMMDD-slim: bookworm-20240101-slim\n"
        "*.*.*: 2.0.0\n"
        "*.*.*.*: 10.0.14393.1\n");
  CHECK(tracks[0].key == list[0].track_key());
  CHECK(group_tracks({}).empty());
}

TEST_CASE("group_tracks numbers too large for 64 bits", "[version]") {
  const auto list = tags("100000000000000000000.1 99999999999999999999.1 "
                         "100000000000000000000.0 1.1 18446744073709551615.1");
  const auto tracks = group_tracks(list);
  CHECK(describe(tracks, list) ==
        "*.*: 1.1 18446744073709551615.1 99999999999999999999.1 "
        "100000000000000000000.0 100000000000000000000.1\n");
}
