#include "stalebase/util/spellcheck.hpp"

#include <catch2/catch.hpp>

using stalebase::util::closest_match;
using stalebase::util::edit_distance;

TEST_CASE("util::edit_distance", "[util]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("fail-on", "fail-on") == 0);
  CHECK(edit_distance("fail_on", "fail-on") == 1);
  CHECK(edit_distance("fial", "fail") == 1); // transposition
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("platform", "platforms") == 1);
}

TEST_CASE("util::closest_match", "[util]") {
  const std::vector<std::string> keys = {"fail-on", "platforms", "build-args",
                                         "ignore",  "rules",     "registries",
                                         "cache"};
  CHECK(closest_match("fail_on", keys) == "fail-on");
  CHECK(closest_match("platform", keys) == "platforms");
  CHECK(closest_match("Cache", keys) == "cache");
  CHECK(closest_match("buildargs", keys) == "build-args");
  CHECK(closest_match("registry", keys) == "registries");
  CHECK(closest_match("zzz", keys) == std::nullopt);
  CHECK(closest_match("", keys) == std::nullopt);
  // Two edits away from a two-letter word is not a typo of it.
  CHECK(closest_match("ab", {"cd"}) == std::nullopt);
  // Ties go to the first candidate.
  CHECK(closest_match("ab", {"abc", "abd"}) == "abc");
}
