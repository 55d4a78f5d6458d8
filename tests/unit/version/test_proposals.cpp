#include "stalebase/version/proposals.hpp"

#include "unit/version/helpers.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::version;
using stalebase::version::test::describe;
using stalebase::version::test::tag;
using stalebase::version::test::tags;

namespace {

std::string proposals(std::string_view current,
                      std::string_view available,
                      Scheme scheme = Scheme::generic) {
  return describe(propose(tag(current, scheme), tags(available, scheme)));
}

} // namespace

TEST_CASE("propose spec examples", "[version]") {
  // The examples the version rules were specified with, one by one.
  CHECK(proposals(
            "3.12.1-slim",
            "3.12.7-slim 3.13.2-slim 3.12.8rc1-slim 3.12.7-slim-bookworm") ==
        "patch: 3.12.7-slim, minor: 3.13.2-slim, major: -, release: -");
  CHECK(proposals("10.0.14393.321", "10.0.14393.693 10.0.17763.5458") ==
        "patch: 10.0.14393.693, minor: -, major: 10.0.17763.5458 (os), "
        "release: -");
  CHECK(proposals("3.13.0rc1", "3.13.0rc2 3.13.0 3.13.1") ==
        "patch: 3.13.1, minor: -, major: -, release: 3.13.0");
  CHECK(proposals("v1.2.3", "1.2.4 v1.2.5") ==
        "patch: v1.2.5, minor: -, major: -, release: -");
  CHECK(proposals("3-alpine", "3.20-alpine 4-alpine 20240606") ==
        "patch: -, minor: -, major: 4-alpine, release: -");
  CHECK(proposals("latest", "latest 3.20.1 3.21.0 edge 20240606 4") ==
        "patch: -, minor: -, major: -, release: -");
  CHECK(tag("latest").kind() == TagKind::name);
  CHECK(proposals("bookworm-20240101-slim",
                  "bookworm-20241111-slim trixie-20241111-slim") ==
        "patch: bookworm-20241111-slim, minor: -, major: -, release: -");
}

TEST_CASE("propose levels", "[version]") {
  // Each level separately; nothing bucketed together (unlike Renovate, whose
  // grouping hides a patch behind a minor).
  CHECK(
      proposals("3.12.1-slim",
                "3.12.1-slim 3.12.2-slim 3.12.7-slim 3.13.0-slim 3.13.2-slim "
                "4.0.0-slim 5.1.0-slim 3.12.0-slim 2.9.9-slim") ==
      "patch: 3.12.7-slim, minor: 3.13.2-slim, major: 5.1.0-slim, release: -");
  CHECK(proposals("3.12-slim", "3.12.7-slim 3.13-slim 3.14-slim") ==
        "patch: -, minor: 3.14-slim, major: -, release: -");
  CHECK(proposals("8u392-jdk", "8u402-jdk 8u412-jdk 11u1-jdk") ==
        "patch: 8u412-jdk, minor: -, major: 11u1-jdk, release: -");
  CHECK(proposals("17.0.8_7", "17.0.8_9 17.0.9_1 17.0.9.1 18.0.1_2") ==
        "patch: 17.0.9_1, minor: -, major: 18.0.1_2, release: -");
}

TEST_CASE("propose Windows", "[version]") {
  // A newer build is never a patch, even when it is the only newer tag.
  CHECK(proposals("10.0.14393.3144", "10.0.18363.476") ==
        "patch: -, minor: -, major: 10.0.18363.476 (os), release: -");
  CHECK(proposals("10.0.17763.5329-amd64",
                  "10.0.17763.5458-amd64 10.0.17763.6000 10.0.20348.1-amd64") ==
        "patch: 10.0.17763.5458-amd64, minor: -, "
        "major: 10.0.20348.1-amd64 (os), release: -");
  CHECK(proposals("6.3.9600.100", "6.3.9600.200 10.0.14393.1 6.4.1.1",
                  Scheme::windows) ==
        "patch: 6.3.9600.200, minor: -, major: 10.0.14393.1 (os), release: -");
  CHECK(proposals("1809", "1903 ltsc2022 2004", Scheme::windows) ==
        "patch: -, minor: -, major: -, release: -");
}

TEST_CASE("propose dates", "[version]") {
  CHECK(proposals("3", "20240606 4 3.20") ==
        "patch: -, minor: -, major: 4, release: -");
  CHECK(proposals("20240101", "20231231 20240606 3 2024.07.01") ==
        "patch: 20240606, minor: -, major: -, release: -");
  CHECK(proposals("2024.01.01", "2024.02.01 2025.01.01 20250101") ==
        "patch: 2025.01.01, minor: -, major: -, release: -");
}

TEST_CASE("propose prereleases", "[version]") {
  // Never a prerelease for a release.
  CHECK(proposals("3.12.7", "3.12.8rc1 3.13.0b1 4.0.0a1") ==
        "patch: -, minor: -, major: -, release: -");
  // A prerelease of the same core for a prerelease, with the final release.
  CHECK(proposals("3.13.0rc1", "3.13.0rc2") ==
        "patch: 3.13.0rc2, minor: -, major: -, release: -");
  CHECK(proposals("3.13.0rc1", "3.13.0rc2 3.13.0") ==
        "patch: 3.13.0, minor: -, major: -, release: 3.13.0");
  CHECK(proposals("3.13.0rc1", "3.13.0rc2 3.14.0a1 4.0.0rc1") ==
        "patch: 3.13.0rc2, minor: -, major: -, release: -");
  CHECK(proposals("3.13.0rc2", "3.13.0rc1 3.13.0b1") ==
        "patch: -, minor: -, major: -, release: -");
  // Dashed prereleases are not stranded (Renovate #20106).
  CHECK(proposals("3.0.0-rc.0", "3.0.0-rc.1 3.0.0 3.0.1") ==
        "patch: 3.0.1, minor: -, major: -, release: 3.0.0");
  CHECK(proposals(
            "v2.8.0-rc1-windowsservercore-1809",
            "v2.8.0-windowsservercore-1809 v2.8.0-rc2-windowsservercore-1809 "
            "v2.9.1-windowsservercore-1809 v2.8.0-rc2") ==
        "patch: v2.8.0-windowsservercore-1809, "
        "minor: v2.9.1-windowsservercore-1809, major: -, "
        "release: v2.8.0-windowsservercore-1809");
  CHECK(proposals("24-ea-31-jdk", "24-ea-32-jdk 25-ea-1-jdk 24-jdk") ==
        "patch: 24-jdk, minor: -, major: -, release: 24-jdk");
  CHECK(proposals("24-ea-31-jdk", "24-ea-32-jdk 25-ea-1-jdk") ==
        "patch: 24-ea-32-jdk, minor: -, major: -, release: -");
  // A floating `-rc` is moved to releases only.
  CHECK(proposals("7.3-rc-fpm", "7.3-rc1-fpm 7.3-fpm 7.4-rc-fpm") ==
        "patch: 7.3-fpm, minor: -, major: -, release: 7.3-fpm");
  // Case and spelling do not matter: `RC5` and `rc5` are the same version.
  CHECK(proposals("7.3.0RC5", "7.3.0rc5 7.3.0RC6") ==
        "patch: 7.3.0RC6, minor: -, major: -, release: -");
}

TEST_CASE("propose never downgrades nor leaves the track", "[version]") {
  CHECK(proposals("3.12.7-slim",
                  "3.12.1-slim 3.11.9-slim 2.7.18-slim 3.12.7 3.12.8 "
                  "v3.12.8-slim 3.12.8-slim-bookworm 3.12-slim 3.12.8.1-slim "
                  "python-3.12.8-slim latest") ==
        "patch: -, minor: -, major: -, release: -");
  // Equal versions written differently are not updates.
  CHECK(proposals("18.04", "18.4 18.004") ==
        "patch: -, minor: -, major: -, release: -");
  // Of two equal candidates, the one whose text sorts last is taken.
  CHECK(proposals("18.04", "18.10 18.010") ==
        "patch: -, minor: 18.10, major: -, release: -");
  CHECK(proposals("18.04", "18.010 18.10") ==
        "patch: -, minor: 18.10, major: -, release: -");
}

TEST_CASE("Proposals::empty", "[version]") {
  CHECK(propose(tag("1.0"), {}).empty());
  CHECK_FALSE(propose(tag("1.0"), tags("1.1")).empty());
  CHECK_FALSE(propose(tag("1.0rc1"), tags("1.0")).empty());
}
