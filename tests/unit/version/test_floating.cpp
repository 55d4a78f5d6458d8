#include "stalebase/version/floating.hpp"

#include "unit/version/helpers.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::version;
using stalebase::version::test::joined;
using stalebase::version::test::tag;
using stalebase::version::test::tags;

namespace {

const char *const k_python =
    "3.12.6-slim 3.12.7-slim 3.12-slim 3.13.0-slim 3.13-slim 3-slim "
    "3.12.8rc1-slim 3.12.7-slim-bookworm 3.12.7 3.12 slim latest bookworm "
    "3.12.7-bookworm bookworm-slim 3.12.7-slim-bookworm 3.13.0-alpine3.20";

bool floats(std::string_view current,
            std::string_view available,
            Scheme scheme = Scheme::generic) {
  return is_floating(tag(current, scheme), tags(available, scheme));
}

std::string candidates(std::string_view current,
                       std::string_view available,
                       Scheme scheme = Scheme::generic) {
  return joined(
      floating_candidates(tag(current, scheme), tags(available, scheme)));
}

} // namespace

TEST_CASE("is_floating", "[version]") {
  // docs/versions.md, "Floating tags".
  CHECK(floats("3.12-slim", k_python));
  CHECK(floats("3-slim", k_python));
  CHECK(floats("3-alpine", "3.20.1-alpine 3-alpine"));
  CHECK(floats("ltsc2022", "10.0.20348.2849"));
  CHECK(floats("bookworm", ""));
  CHECK(floats("latest", ""));
  CHECK_FALSE(floats("3.12.7-slim", k_python));
  // Fewer segments than a sibling that does not start with its numbers.
  CHECK_FALSE(floats("3.11-slim", k_python));
  CHECK(floats("24-ea-jdk", "24-ea-31-jdk"));
  CHECK_FALSE(floats("24-ea-31-jdk", "24-ea-31-jdk 11.0.2-jdk"));
  CHECK(floats("8", "8u392"));
  CHECK_FALSE(floats("20240101", "2024.01.01"));
  CHECK_FALSE(floats("0a1b2c3", "0a1b2c3"));
}

TEST_CASE("floating_candidates versions", "[version]") {
  CHECK(candidates("3.12-slim", k_python) ==
        "3.12.7-slim 3.12.6-slim 3.12.8rc1-slim");
  CHECK(candidates("3-slim", k_python) ==
        "3.13.0-slim 3.12.7-slim 3.12.6-slim 3.12.8rc1-slim");
  CHECK(candidates("3-alpine",
                   "3.20-alpine 3.20.1-alpine 3.19.4-alpine "
                   "4.0.1-alpine 3.20.1") == "3.20.1-alpine 3.19.4-alpine");
  // A refinement that is itself refined is floating too: 11.0.14 → 11.0.14.1.
  CHECK(candidates("11", "11.0.14 11.0.14.1 11.0.16 11.0 12.0.1") ==
        "11.0.16 11.0.14.1");
  CHECK(
      candidates("24-ea-jdk", "24-ea-9-jdk 24-ea-31-jdk 24-jdk 25-ea-1-jdk") ==
      "24-ea-31-jdk 24-ea-9-jdk");
  CHECK(candidates("7.3-rc-fpm", "7.3.0RC5-fpm 7.3.0RC6-fpm 7.3.0-fpm") ==
        "7.3.0RC6-fpm 7.3.0RC5-fpm");
  CHECK(candidates("8", "8u392 8u402 11u1") == "8u402 8u392");
  CHECK(candidates("3.12.7-slim", k_python).empty());
  CHECK(candidates("20240101", "20240101 20240202").empty());
}

TEST_CASE("floating_candidates names", "[version]") {
  // Windows release names: servercore:ltsc2022 = 10.0.20348.2849.
  CHECK(candidates("ltsc2022",
                   "10.0.20348.2700 10.0.20348.2849 10.0.17763.5458 ltsc2019",
                   Scheme::windows) == "10.0.20348.2849 10.0.20348.2700");
  CHECK(candidates("1809", "10.0.20348.2849 10.0.17763.5458 1809",
                   Scheme::windows) == "10.0.17763.5458");
  // A suffix family: alpine → *-alpine.
  CHECK(candidates("alpine", "3.20.1-alpine 3.20-alpine 3-alpine 3.19.4-alpine "
                             "3.20.1") == "3.20.1-alpine 3.19.4-alpine");
  CHECK(candidates("nanoserver-ltsc2022",
                   "3.1.2-nanoserver-ltsc2022 v3.1.3-nanoserver-ltsc2022 "
                   "3.1.2-nanoserver-1809") ==
        "v3.1.3-nanoserver-ltsc2022 3.1.2-nanoserver-ltsc2022");
  // A prefix family: bookworm → bookworm-<date>.
  CHECK(candidates("bookworm", "bookworm-20240101 bookworm-20241111 "
                               "trixie-20241111 bookworm-20241111-slim 12.8") ==
        "bookworm-20241111 bookworm-20240101");
  // Leading words dropped: lts-alpine → *-alpine.
  CHECK(candidates("lts-alpine", "22.11.0-alpine 20.18.0-alpine 22.11.0") ==
        "22.11.0-alpine 20.18.0-alpine");
  // Otherwise the bare versions, releases first, dates last.
  CHECK(candidates("latest", "3.20.1 3.20 3.21.0rc1 20240606 3.19.4 v3.20.1 "
                             "3.20.1-alpine") ==
        "v3.20.1 3.20.1 3.19.4 20240606 3.21.0rc1");
  CHECK(candidates("latest", "").empty());
  CHECK(candidates("0a1b2c3", "3.20.1").empty());
}
