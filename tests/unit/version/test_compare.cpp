#include "stalebase/version/compare.hpp"

#include "unit/version/helpers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace stalebase::version;
using stalebase::version::test::sign;
using stalebase::version::test::tag;
using stalebase::version::test::tags;

namespace {

// Checks that `texts` (space-separated) are sorted oldest first and strictly.
void check_strictly_sorted(std::string_view texts,
                           Scheme scheme = Scheme::generic) {
  const std::vector<Tag> list = tags(texts, scheme);
  INFO(texts);
  CHECK(std::is_sorted(list.begin(), list.end()));
  CHECK(std::adjacent_find(
            list.begin(), list.end(),
            [](const Tag &a, const Tag &b) { return !(a < b); }) == list.end());
  // The reverse is sorted the other way, everywhere.
  for (std::size_t i = 0; i + 1 < list.size(); ++i) {
    CHECK(list[i + 1] > list[i]);
    CHECK(sign(compare(list[i + 1], list[i])) == 1);
  }
}

} // namespace

TEST_CASE("same_track", "[version]") {
  // docs/versions.md, "Tracks".
  CHECK(same_track(tag("3.12.1-slim"), tag("3.12.7-slim")));
  CHECK_FALSE(same_track(tag("3.12.1-slim"), tag("3.12.1-slim-bookworm")));
  CHECK_FALSE(same_track(tag("3.12-slim"), tag("3.12.7-slim")));
  CHECK_FALSE(same_track(tag("v1.2.3"), tag("1.2.4")));
  CHECK(same_track(tag("v1.2.3"), tag("v1.2.5")));
  CHECK_FALSE(same_track(tag("jdk-21.0.1"), tag("21.0.2")));
  CHECK_FALSE(same_track(tag("17.0.8_7"), tag("17.0.8.7")));
  CHECK(same_track(tag("3.13.0rc1"), tag("3.13.1")));
  CHECK(same_track(tag("7.0.0-rc.2"), tag("7.0.0")));
  CHECK(same_track(tag("3.12.8rc1-slim"), tag("3.12.7-slim")));
  CHECK(
      same_track(tag("bookworm-20240101-slim"), tag("bookworm-20241111-slim")));
  CHECK_FALSE(
      same_track(tag("bookworm-20240101-slim"), tag("trixie-20241111-slim")));
  // Dates only with dates of the same shape; never with small integers.
  CHECK_FALSE(same_track(tag("3"), tag("20240606")));
  CHECK_FALSE(same_track(tag("20240101"), tag("2024.01.01")));
  CHECK_FALSE(same_track(tag("2024.01.01"), tag("2024.1.1")));
  CHECK_FALSE(same_track(tag("10.0.14393.321"), tag("11.0.14393.321")));
  CHECK_FALSE(same_track(tag("latest"), tag("latest")));
}

TEST_CASE("compare_versions", "[version]") {
  // docs/versions.md, "Newer and older".
  CHECK(sign(compare_versions(tag("3.12.10"), tag("3.12.9"))) == 1);
  CHECK(sign(compare_versions(tag("3.13.0"), tag("3.13.0rc1"))) == 1);
  CHECK(sign(compare_versions(tag("3.13.0rc10"), tag("3.13.0rc2"))) == 1);
  CHECK(sign(compare_versions(tag("3.13.0beta1"), tag("3.13.0rc1"))) == -1);
  CHECK(sign(compare_versions(tag("7.0.0-rc.2"), tag("7.0.0rc2"))) == 0);
  CHECK(sign(compare_versions(tag("18.04"), tag("18.4"))) == 0);
  CHECK(sign(compare_versions(tag("7.3.0RC5"), tag("7.3.0rc5"))) == 0);
  CHECK(sign(compare_versions(tag("1.0-rc"), tag("1.0-rc0"))) == -1);
  CHECK(sign(compare_versions(tag("99999999999999999999999"),
                              tag("99999999999999999999998"))) == 1);
  CHECK(sign(compare_versions(tag("100000000000000000000"), tag("99"))) == 1);
}

TEST_CASE("compare hand-sorted", "[version]") {
  check_strictly_sorted(
      "3.7.0a1 3.7.0a2 3.7.0b1 3.7.0b5 3.7.0rc1 3.7.0rc2 "
      "3.7.0rc10 3.7.0 3.7.1 3.7.9 3.7.10 3.8.0 3.10.0 10.0.0");
  check_strictly_sorted(
      "1.0.0-nightly 1.0.0-dev 1.0.0-dev.3 1.0.0-ea-1 1.0.0-alpha "
      "1.0.0-alpha.1 1.0.0-alpha.2 1.0.0-m1 1.0.0-beta 1.0.0-beta.2 "
      "1.0.0-beta.11 1.0.0-preview.1 1.0.0-rc 1.0.0-rc.0 1.0.0-rc.1 1.0.0 "
      "1.0.1-rc.1 1.0.1 1.1.0");
  check_strictly_sorted("3.12.1-slim 3.12.7-slim 3.12.8rc1-slim 3.12.8-slim "
                        "3.13.2-slim");
  check_strictly_sorted("10.0.14393.321 10.0.14393.693 10.0.17763.1 "
                        "10.0.17763.5458 10.0.20348.2849 10.0.26100.1");
  check_strictly_sorted("20231231 20240101 20240606 20241111");
  check_strictly_sorted("2023.12.31 2024.01.01 2024.06.06");
  check_strictly_sorted("8u92 8u111 8u392");
  check_strictly_sorted("24-ea-1 24-ea-9 24-ea-31 24");
  check_strictly_sorted("17.0.8_7 17.0.8_10 17.0.9_1");
  // Equal versions written differently sort by their text.
  check_strictly_sorted("18.04 18.4 18.10");
  check_strictly_sorted("7.3.0RC5 7.3.0rc5 7.3.0");
  // Tags of different tracks sort by track; names last, by text.
  check_strictly_sorted("3.1 3.12.1 v1.0 bookworm latest");
}

TEST_CASE("compare is a total order consistent with ==", "[version]") {
  const auto list = tags("3.12 3.12.0 3.12.00 v3.12 latest 0a1b2c3 20240101 "
                         "3.12-slim 3.12rc1 10.0.1.2");
  for (const Tag &a : list) {
    CHECK(sign(compare(a, a)) == 0);
    for (const Tag &b : list) {
      CHECK((sign(compare(a, b)) == 0) == (a == b));
      CHECK(sign(compare(a, b)) == -sign(compare(b, a)));
    }
  }
  CHECK(sign(compare(tag("1809"), tag("1809", Scheme::windows))) != 0);
}

TEST_CASE("is_newer", "[version]") {
  CHECK(is_newer(tag("3.12.7-slim"), tag("3.12.1-slim")));
  CHECK_FALSE(is_newer(tag("3.12.1-slim"), tag("3.12.7-slim")));
  CHECK_FALSE(is_newer(tag("3.12.1-slim"), tag("3.12.1-slim")));
  CHECK_FALSE(is_newer(tag("18.4"), tag("18.04")));
  CHECK_FALSE(is_newer(tag("3.12.7"), tag("3.12.1-slim")));
  CHECK_FALSE(is_newer(tag("20240606"), tag("3")));
  CHECK(is_newer(tag("3.13.0"), tag("3.13.0rc1")));
}

TEST_CASE("same_core", "[version]") {
  CHECK(same_core(tag("3.13.0rc1"), tag("3.13.0")));
  CHECK(same_core(tag("18.04"), tag("18.4")));
  CHECK_FALSE(same_core(tag("3.13"), tag("3.13.0")));
  CHECK_FALSE(same_core(tag("3.13.1"), tag("3.13.0")));
}

TEST_CASE("update_level", "[version]") {
  const auto level = [](std::string_view from, std::string_view to,
                        Scheme scheme = Scheme::generic) {
    return update_level(tag(from, scheme), tag(to, scheme));
  };
  // The first segment that differs.
  CHECK(level("3.12.1-slim", "3.12.7-slim") == UpdateLevel::patch);
  CHECK(level("3.12.1-slim", "3.13.2-slim") == UpdateLevel::minor);
  CHECK(level("3.12.1-slim", "4.0.0-slim") == UpdateLevel::major);
  CHECK(level("1.2.3.4", "1.2.3.5") == UpdateLevel::patch);
  CHECK(level("17.0.8_7", "17.0.8_9") == UpdateLevel::patch);
  // Either direction.
  CHECK(level("3.13.2-slim", "3.12.1-slim") == UpdateLevel::minor);
  // Two segments: major and minor only; one segment: major only.
  CHECK(level("3.12-slim", "3.13-slim") == UpdateLevel::minor);
  CHECK(level("3-alpine", "4-alpine") == UpdateLevel::major);
  // Java updates are patches.
  CHECK(level("8u392", "8u402") == UpdateLevel::patch);
  CHECK(level("8u392", "11u1") == UpdateLevel::major);
  // Prerelease-only changes are patches.
  CHECK(level("3.13.0rc1", "3.13.0rc2") == UpdateLevel::patch);
  CHECK(level("3.13.0rc1", "3.13.0") == UpdateLevel::patch);
  CHECK(level("24-ea-31", "24") == UpdateLevel::patch);
  CHECK(level("3.13.0rc1", "3.14.0") == UpdateLevel::minor);
  // Windows: a build change is an OS change, a revision a patch.
  CHECK(level("10.0.14393.321", "10.0.14393.693") == UpdateLevel::patch);
  CHECK(level("10.0.14393.321", "10.0.17763.5458") == UpdateLevel::os);
  CHECK(level("10.0.14393.3144", "10.0.18363.476") == UpdateLevel::os);
  CHECK(level("6.3.9600.1", "10.0.14393.1", Scheme::windows) ==
        UpdateLevel::os);
  CHECK(level("6.3.9600.1", "7.3.9600.1") == UpdateLevel::major);
  // Outside Windows repositories only 10.0.x.y are builds: another track.
  CHECK(level("6.3.9600.1", "10.0.14393.1") == UpdateLevel::none);
  // Dates: any newer date is a patch.
  CHECK(level("bookworm-20240101-slim", "bookworm-20241111-slim") ==
        UpdateLevel::patch);
  CHECK(level("20240101", "20250101") == UpdateLevel::patch);
  CHECK(level("2024.01.01", "2025.02.03") == UpdateLevel::patch);
  // Not one track, or equal.
  CHECK(level("3", "20240606") == UpdateLevel::none);
  CHECK(level("v1.2.3", "1.2.4") == UpdateLevel::none);
  CHECK(level("3.12-slim", "3.12.7-slim") == UpdateLevel::none);
  CHECK(level("18.04", "18.4") == UpdateLevel::none);
  CHECK(level("latest", "latest") == UpdateLevel::none);

  CHECK(to_string(UpdateLevel::none) == "none");
  CHECK(to_string(UpdateLevel::patch) == "patch");
  CHECK(to_string(UpdateLevel::minor) == "minor");
  CHECK(to_string(UpdateLevel::major) == "major");
  CHECK(to_string(UpdateLevel::os) == "os");
}

TEST_CASE("compare_numbers", "[version]") {
  CHECK(sign(compare_numbers("007", "7")) == 0);
  CHECK(sign(compare_numbers("10", "9")) == 1);
  CHECK(sign(compare_numbers("0", "00")) == 0);
  CHECK(sign(compare_numbers("123456789012345678901234567890",
                             "123456789012345678901234567891")) == -1);
}
