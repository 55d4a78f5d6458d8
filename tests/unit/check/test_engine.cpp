#include "stalebase/check/engine.hpp"

#include "history.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace stalebase;
using namespace stalebase::check;
using check::test::History;
using check::test::occurrence;
using check::test::RecordingRegistry;
using registry::MemoryRegistry;

namespace {

const std::string k_alpine = "docker.io/library/alpine";
const std::string k_python = "docker.io/library/python";
const std::string k_servercore = "mcr.microsoft.com/windows/servercore";

CheckResult check_all(registry::Registry &registry,
                      const std::vector<Occurrence> &occurrences,
                      CheckOptions options = {}) {
  return run_check(registry, occurrences, options);
}

CheckResult check_one(registry::Registry &registry,
                      const std::string &text,
                      CheckOptions options = {}) {
  return run_check(registry, {occurrence(text)}, options);
}

// "kind: message" for every finding, in order.
std::vector<std::string> lines(const CheckResult &result) {
  std::vector<std::string> out;
  for (const Finding &finding : result.findings) {
    out.push_back(std::string(to_string(finding.kind)) + ": " +
                  finding.message);
  }
  return out;
}

const Finding &only(const CheckResult &result, FindingKind kind) {
  const auto count = std::count_if(
      result.findings.begin(), result.findings.end(),
      [&](const Finding &finding) { return finding.kind == kind; });
  REQUIRE(count == 1);
  return *std::find_if(
      result.findings.begin(), result.findings.end(),
      [&](const Finding &finding) { return finding.kind == kind; });
}

reference::Platform platform(const std::string &text) {
  return reference::parse_platform(text).value();
}

} // namespace

TEST_CASE("run_check digest drift of a rebuilt tag", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  const std::string old_index = alpine.index(
      {{"linux/amd64", "3.20 amd64 v1"}, {"linux/arm64", "3.20 arm64 v1"}});
  alpine.tag("3.20", alpine.index({{"linux/amd64", "3.20 amd64 v2"},
                                   {"linux/arm64", "3.20 arm64 v1"}}));
  const std::string now = alpine.digest("3.20");
  RecordingRegistry registry(memory);

  SECTION("for the host platform, whose child changed") {
    const CheckResult result = check_one(registry, "alpine:3.20@" + old_index);
    REQUIRE(lines(result) ==
            std::vector<std::string>{"digest-drift: pinned digest " +
                                     short_digest(old_index) +
                                     " is no longer what 3.20 points at "
                                     "(linux/amd64 changed)"});
    const Finding &drift = result.findings.front();
    CHECK(drift.level == Level::fail);
    CHECK(drift.current == TagDigest{"3.20", old_index});
    CHECK(drift.suggested == TagDigest{"3.20", now});
    CHECK(drift.location.canonical ==
          "docker.io/library/alpine:3.20@" + old_index);
    CHECK(drift.location.platform == "linux/amd64");
    CHECK(result.checked == std::vector<std::string>{
                                "docker.io/library/alpine:3.20@" + old_index});
    CHECK(result.errors.empty());
    CHECK(result.current_digests.at("docker.io/library/alpine:3.20@" +
                                    old_index) == now);
    // The tag, both indexes, the tag list (3.20 has a track); nothing twice.
    CHECK(memory.calls("resolve") == 1);
    CHECK(memory.calls("manifest") == 2);
    CHECK(memory.calls("list_tags") == 1);
  }

  SECTION("for a platform whose child did not change: index drift") {
    CheckOptions options;
    options.platforms = {platform("linux/arm64")};
    const CheckResult result =
        check_one(registry, "alpine:3.20@" + old_index, options);
    REQUIRE(lines(result) ==
            std::vector<std::string>{
                "index-drift: the index 3.20 points at changed since " +
                short_digest(old_index) +
                " was pinned, but not for linux/arm64: only other "
                "platforms changed"});
    CHECK(result.findings.front().level == Level::info);
    CHECK(result.findings.front().location.platform == "linux/arm64");
  }

  SECTION("the FROM's --platform beats the --platform flags") {
    CheckOptions options;
    options.platforms = {platform("linux/amd64")};
    const CheckResult result =
        check_all(registry,
                  {occurrence("alpine:3.20@" + old_index, "Dockerfile", 1,
                              "linux/arm64")},
                  options);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().kind == FindingKind::index_drift);
  }

  SECTION("every platform that matters is compared") {
    CheckOptions options;
    options.platforms = {platform("linux/arm64"), platform("linux/amd64")};
    const CheckResult result =
        check_one(registry, "alpine:3.20@" + old_index, options);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().kind == FindingKind::digest_drift);
    CHECK(result.findings.front().location.platform ==
          "linux/arm64,linux/amd64");
  }

  SECTION("a pin that is current: nothing to say") {
    const CheckResult result = check_one(registry, "alpine:3.20@" + now);
    CHECK(result.findings.empty());
    CHECK(memory.calls("manifest") == 0);
  }
}

TEST_CASE("run_check drift of a single-platform image needs no manifest",
          "[check]") {
  MemoryRegistry memory;
  History tool(memory, "ghcr.io/acme/tool");
  const std::string old_image = tool.image("tool v1");
  tool.tag("stable", tool.image("tool v2"));
  const CheckResult result =
      check_one(memory, "ghcr.io/acme/tool:stable@" + old_image);
  CHECK(lines(result) ==
        std::vector<std::string>{"digest-drift: pinned digest " +
                                 short_digest(old_image) +
                                 " is no longer what stable points at (now " +
                                 short_digest(tool.digest("stable")) + ")"});
  CHECK(memory.calls("manifest") == 0);
  // A name pinned by digest and drifted asks what it equals (nothing here).
  CHECK(memory.calls("list_tags") == 1);
}

TEST_CASE("run_check an index that gained a platform", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  const std::string old_index = alpine.index({{"linux/amd64", "amd64 build"}});
  alpine.tag("3.20.3", alpine.index({{"linux/amd64", "amd64 build"},
                                     {"linux/arm64", "arm64 build"},
                                     {"linux/s390x", "s390x build"}}));
  const CheckResult result = check_one(memory, "alpine:3.20.3@" + old_index);
  REQUIRE(lines(result) ==
          std::vector<std::string>{"index-drift: the index 3.20.3 points at "
                                   "changed since " +
                                   short_digest(old_index) +
                                   " was pinned, but not for linux/amd64: "
                                   "only other platforms changed"});
  CHECK(result.findings.front().suggested ==
        TagDigest{"3.20.3", alpine.digest("3.20.3")});

  SECTION("a platform that matters and was added is drift") {
    CheckOptions options;
    options.platforms = {platform("linux/arm64")};
    const CheckResult arm =
        check_one(memory, "alpine:3.20.3@" + old_index, options);
    CHECK(lines(arm) ==
          std::vector<std::string>{"digest-drift: pinned digest " +
                                   short_digest(old_index) +
                                   " is no longer what 3.20.3 points at "
                                   "(linux/arm64 changed)"});
  }
}

TEST_CASE("run_check single-platform pins", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  const std::string old_index =
      alpine.index({{"linux/amd64", "amd64 v1"}, {"linux/arm64", "arm64 v1"}});
  alpine.tag("3.20", alpine.index({{"linux/amd64", "amd64 v2"},
                                   {"linux/arm64", "arm64 v1"}}));
  static_cast<void>(old_index);
  const std::string now = alpine.digest("3.20");

  SECTION("a child of the current index: unchanged, but one platform only") {
    const std::string arm = alpine.child("arm64 v1");
    const CheckResult result = check_all(
        memory,
        {occurrence("alpine:3.20@" + arm, "Dockerfile", 1, "linux/arm64")});
    REQUIRE(lines(result) ==
            std::vector<std::string>{
                "single-platform-pin: pinned digest " + short_digest(arm) +
                " is only the linux/arm64 image of multi-platform 3.20 "
                "(index " +
                short_digest(now) + ")"});
    CHECK(result.findings.front().level == Level::warn);
    CHECK(result.findings.front().suggested == TagDigest{"3.20", now});
    CHECK(memory.calls("manifest") == 1);
  }

  SECTION("a child of another platform than the stage's: a failing pin") {
    const std::string arm = alpine.child("arm64 v1");
    const CheckResult result = check_all(
        memory,
        {occurrence("alpine:3.20@" + arm, "Dockerfile", 1, "linux/amd64")});
    REQUIRE(lines(result) ==
            std::vector<std::string>{
                "wrong-platform-pin: pinned digest " + short_digest(arm) +
                " is the linux/arm64 image of 3.20, not one for linux/amd64 "
                "(index " +
                short_digest(now) + ")"});
    CHECK(result.findings.front().level == Level::fail);
    CHECK(result.findings.front().suggested == TagDigest{"3.20", now});
  }

  SECTION("without a FROM --platform, the --platform flags decide") {
    const std::string amd = alpine.child("amd64 v2");
    CheckOptions options;
    options.platforms = {platform("linux/arm64")};
    const CheckResult result = check_one(memory, "alpine:3.20@" + amd, options);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().kind == FindingKind::wrong_platform_pin);
    options.platforms = {platform("linux/arm64"), platform("linux/amd64")};
    CHECK(check_one(memory, "alpine:3.20@" + amd, options)
              .findings.front()
              .kind == FindingKind::single_platform_pin);
  }

  SECTION("an old child: compared with the same platform's child now") {
    const std::string old_amd64 = alpine.child("amd64 v1");
    const std::string new_amd64 = alpine.child("amd64 v2");
    const CheckResult result =
        check_all(memory, {occurrence("alpine:3.20@" + old_amd64, "Dockerfile",
                                      1, "linux/amd64")});
    REQUIRE(lines(result) ==
            std::vector<std::string>{
                "digest-drift: pinned digest " + short_digest(old_amd64) +
                    " is no longer what 3.20 points at (linux/amd64 is now " +
                    short_digest(new_amd64) + ")",
                "single-platform-pin: pinned digest " +
                    short_digest(old_amd64) +
                    " is a single-platform image, while 3.20 is "
                    "multi-platform (index " +
                    short_digest(now) + ")"});
    CHECK(result.findings.front().suggested == TagDigest{"3.20", new_amd64});
  }
}

TEST_CASE("run_check Windows images", "[check]") {
  MemoryRegistry memory;
  History servercore(memory, k_servercore);
  const auto windows = [&](const std::string &version) {
    return servercore.index({{"windows(" + version + ")/amd64", version}});
  };
  for (const std::string version :
       {"10.0.14393.321", "10.0.14393.693", "10.0.17763.5329",
        "10.0.17763.5458", "10.0.20348.2849"}) {
    servercore.tag(version, windows(version));
  }
  servercore.tag("ltsc2016", servercore.digest("10.0.14393.693"));
  servercore.tag("ltsc2019", servercore.digest("10.0.17763.5458"));
  servercore.tag("ltsc2022", servercore.digest("10.0.20348.2849"));
  CheckOptions on_windows;
  on_windows.host = platform("windows/amd64");

  SECTION("a revision is a patch, a build is an OS change") {
    const std::string pinned = servercore.digest("10.0.14393.321");
    const CheckResult result = check_one(
        memory, "mcr.microsoft.com/windows/servercore:10.0.14393.321@" + pinned,
        on_windows);
    CHECK(lines(result) ==
          std::vector<std::string>{
              "patch-available: newer patch build 10.0.14393.693 in the same "
              "track",
              "major-available: newer major version 10.0.20348.2849 in the "
              "same track: an OS change to Windows build 20348 (ltsc2022), "
              "needs a matching host"});
    CHECK(result.findings[0].suggested ==
          TagDigest{"10.0.14393.693", servercore.digest("10.0.14393.693")});
    CHECK(result.findings[0].current == TagDigest{"10.0.14393.321", pinned});
    CHECK(result.findings[1].level == Level::info);
  }

  SECTION("a policy up to minor never proposes an OS change") {
    CheckOptions options = on_windows;
    options.policy = [](const reference::ImageReference &) {
      return ImagePolicy{version::UpdateLevel::minor, false};
    };
    const CheckResult result = check_one(
        memory, "mcr.microsoft.com/windows/servercore:10.0.14393.321", options);
    CHECK(lines(result) ==
          std::vector<std::string>{"patch-available: newer patch build "
                                   "10.0.14393.693 in the same track"});
  }

  SECTION("a release name equals the newest build of its release") {
    const CheckResult result = check_one(
        memory, "mcr.microsoft.com/windows/servercore:ltsc2022", on_windows);
    REQUIRE(lines(result) ==
            std::vector<std::string>{"unpinned: \"ltsc2022\" moves (now "
                                     "10.0.20348.2849), and no digest pins "
                                     "it"});
    CHECK(result.findings.front().equals ==
          std::vector<std::string>{"10.0.20348.2849"});
    CHECK(result.findings.front().suggested ==
          TagDigest{"ltsc2022", servercore.digest("ltsc2022")});
  }

  SECTION("a drifted release name: what it was and what it is") {
    const std::string pinned = servercore.digest("10.0.17763.5329");
    const CheckResult result = check_one(
        memory, "mcr.microsoft.com/windows/servercore:ltsc2019@" + pinned,
        on_windows);
    REQUIRE(lines(result) ==
            std::vector<std::string>{
                "digest-drift: pinned digest " + short_digest(pinned) +
                " is no longer what ltsc2019 points at (windows/amd64 "
                "changed); it was 10.0.17763.5329, now 10.0.17763.5458"});
    CHECK(result.findings.front().equalled_at_pin ==
          std::vector<std::string>{"10.0.17763.5329"});
    CHECK(result.findings.front().equals ==
          std::vector<std::string>{"10.0.17763.5458"});
  }

  SECTION("a Windows image checked on a Linux host compares its own platform") {
    const std::string pinned = servercore.digest("10.0.17763.5329");
    const CheckResult result = check_one(
        memory, "mcr.microsoft.com/windows/servercore:ltsc2019@" + pinned);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().message ==
          "pinned digest " + short_digest(pinned) +
              " is no longer what ltsc2019 points at (windows/amd64 "
              "10.0.17763 changed; the image has no linux/amd64, so its own "
              "platforms were compared: windows/amd64 10.0.17763); it was "
              "10.0.17763.5329, now 10.0.17763.5458");
  }
}

TEST_CASE("run_check multi-build Windows indexes match the os.version build",
          "[check]") {
  MemoryRegistry memory;
  History runtime(memory, "mcr.microsoft.com/dotnet/runtime");
  const std::string old_index =
      runtime.index({{"windows(10.0.17763.5329)/amd64", "1809 jan"},
                     {"windows(10.0.20348.2113)/amd64", "2022 jan"}});
  CheckOptions on_windows;
  on_windows.host = platform("windows/amd64");

  SECTION("only the revision of each build changed: drift") {
    runtime.tag(
        "8.0.1-nanoserver",
        runtime.index({{"windows(10.0.17763.5458)/amd64", "1809 feb"},
                       {"windows(10.0.20348.2227)/amd64", "2022 feb"}}));
    const CheckResult result = check_one(
        memory,
        "mcr.microsoft.com/dotnet/runtime:8.0.1-nanoserver@" + old_index,
        on_windows);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().kind == FindingKind::digest_drift);
  }

  SECTION("a build was added, the others are unchanged: index drift") {
    runtime.tag("8.0.1-nanoserver",
                runtime.index({{"windows(10.0.17763.5329)/amd64", "1809 jan"},
                               {"windows(10.0.20348.2113)/amd64", "2022 jan"},
                               {"windows(10.0.26100.1)/amd64", "2025"}}));
    const CheckResult result = check_one(
        memory,
        "mcr.microsoft.com/dotnet/runtime:8.0.1-nanoserver@" + old_index,
        on_windows);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().kind == FindingKind::index_drift);
  }

  SECTION("a pin of one build's child is a single-platform pin") {
    runtime.tag("8.0.1-nanoserver", old_index);
    const std::string child = runtime.child("2022 jan");
    const CheckResult result = check_one(
        memory, "mcr.microsoft.com/dotnet/runtime:8.0.1-nanoserver@" + child,
        on_windows);
    REQUIRE(lines(result) ==
            std::vector<std::string>{
                "single-platform-pin: pinned digest " + short_digest(child) +
                " is only the windows/amd64 10.0.20348 image of "
                "multi-platform 8.0.1-nanoserver (index " +
                short_digest(old_index) + ")"});
  }
}

TEST_CASE("run_check official-image suffix families", "[check]") {
  MemoryRegistry memory;
  History python(memory, k_python);
  python.tags({"3.12.1-slim", "3.12.6-slim", "3.12.7-slim", "3.13.2-slim",
               "3.12.8rc1-slim", "3.12.1-slim-bookworm", "3.12.7-slim-bookworm",
               "3.12.1-alpine3.19", "3.12.7-alpine3.19", "3.12.8-alpine3.20",
               "3.12.1-windowsservercore-ltsc2022",
               "3.12.7-windowsservercore-ltsc2022", "3.13.0-alpine3.20"});
  python.tag("3.12-slim", python.digest("3.12.7-slim"));
  python.tag("3.13-slim", python.digest("3.13.2-slim"));
  python.tag("slim", python.digest("3.13.2-slim"));
  const auto proposals = [&](const std::string &tag) {
    return lines(check_one(memory, "python:" + tag + "@" + python.digest(tag)));
  };

  SECTION("each variant stays in its track") {
    CHECK(
        proposals("3.12.1-slim") ==
        std::vector<std::string>{
            "patch-available: newer patch build 3.12.7-slim in the same track",
            "minor-available: newer minor version 3.13.2-slim in the same "
            "track"});
    CHECK(proposals("3.12.1-slim-bookworm") ==
          std::vector<std::string>{"patch-available: newer patch build "
                                   "3.12.7-slim-bookworm in the same track"});
    // The variant's last build, and the variant that goes on.
    CHECK(proposals("3.12.1-alpine3.19") ==
          std::vector<std::string>{
              "patch-available: newer patch build 3.12.7-alpine3.19 in the "
              "same track",
              "variant-ended: the -alpine3.19 variant of 3.12 no longer gets "
              "builds: its last is 3.12.7-alpine3.19; the newest build of "
              "3.12 is 3.12.8-alpine3.20"});
    CHECK(proposals("3.12.8-alpine3.20") ==
          std::vector<std::string>{"minor-available: newer minor version "
                                   "3.13.0-alpine3.20 in the same track"});
    CHECK(proposals("3.12.1-windowsservercore-ltsc2022") ==
          std::vector<std::string>{
              "patch-available: newer patch build "
              "3.12.7-windowsservercore-ltsc2022 in the same track"});
  }

  SECTION("a floating version: what it equals, and its own track") {
    const CheckResult result = check_one(memory, "python:3.12-slim");
    CHECK(
        lines(result) ==
        std::vector<std::string>{
            "minor-available: newer minor version 3.13-slim in the same track",
            "unpinned: \"3.12-slim\" moves (now 3.12.7-slim), and no "
            "digest pins it"});
    for (const Finding &finding : result.findings) {
      CHECK(finding.equals == std::vector<std::string>{"3.12.7-slim"});
    }
    // The tag and its newest candidate (a match); the minor proposal of an
    // unpinned reference needs no digest.
    CHECK(memory.calls("resolve") == 2);
  }

  SECTION("a drifted floating pin: what it equalled then") {
    const std::string pinned = python.digest("3.12.6-slim");
    const CheckResult result = check_one(memory, "python:3.12-slim@" + pinned);
    CHECK(only(result, FindingKind::digest_drift).message ==
          "pinned digest " + short_digest(pinned) +
              " is no longer what 3.12-slim points at (linux/amd64 changed); "
              "it was 3.12.6-slim, now 3.12.7-slim");
    CHECK(only(result, FindingKind::digest_drift).equalled_at_pin ==
          std::vector<std::string>{"3.12.6-slim"});
  }

  SECTION("a full version without digest is pinned to its version") {
    CHECK(lines(check_one(memory, "python:3.12.7-slim")) ==
          std::vector<std::string>{"minor-available: newer minor version "
                                   "3.13.2-slim in the same track"});
  }
}

TEST_CASE("run_check variants that ended", "[check]") {
  MemoryRegistry memory;
  const std::string k_php = "docker.io/library/php";
  History php(memory, k_php);
  php.tags({"8.1.31-fpm-bullseye", "8.1.33-fpm-bullseye", "8.1.33-fpm-bookworm",
            "8.1.34-fpm-bookworm", "8.1.34-fpm-trixie",
            "8.1.34-fpm-windowsservercore-ltsc2022"});
  php.tag("8.1-fpm-bullseye", php.digest("8.1.33-fpm-bullseye"));
  php.tag("8.1-fpm-trixie", php.digest("8.1.34-fpm-trixie"));
  const std::string k_ended =
      "variant-ended: the -fpm-bullseye variant of 8.1 no longer gets builds: "
      "its last is 8.1.33-fpm-bullseye; the newest build of 8.1 is "
      "8.1.34-fpm-bookworm, 8.1.34-fpm-trixie";

  SECTION("unpinned: the tag list decides, no HEAD") {
    const CheckResult result = check_one(memory, "php:8.1.33-fpm-bullseye");
    CHECK(lines(result) == std::vector<std::string>{k_ended});
    const Finding &ended = only(result, FindingKind::variant_ended);
    CHECK(ended.level == Level::warn);
    CHECK(ended.suggested == TagDigest{"8.1.34-fpm-trixie", ""});
    CHECK(memory.calls("resolve") == 0);
    CHECK(memory.calls("list_tags") == 1);
  }

  SECTION("beside patch-available when the last build is newer") {
    CHECK(lines(check_one(memory, "php:8.1.31-fpm-bullseye")) ==
          std::vector<std::string>{
              "patch-available: newer patch build 8.1.33-fpm-bullseye in the "
              "same track",
              k_ended});
  }

  SECTION("pinned: the suggestion's digest, as for other fixes") {
    const CheckResult result = check_one(
        memory, "php:8.1.33-fpm-bullseye@" + php.digest("8.1.33-fpm-bullseye"));
    CHECK(lines(result) == std::vector<std::string>{k_ended});
    CHECK(only(result, FindingKind::variant_ended).suggested ==
          TagDigest{"8.1.34-fpm-trixie", php.digest("8.1.34-fpm-trixie")});
  }

  SECTION("a floating tag moves to the same floating tag") {
    const CheckResult result = check_one(
        memory, "php:8.1-fpm-bullseye@" + php.digest("8.1-fpm-bullseye"));
    CHECK(only(result, FindingKind::variant_ended).suggested ==
          TagDigest{"8.1-fpm-trixie", php.digest("8.1-fpm-trixie")});
  }

  SECTION("not for a variant with the newest patch, nor Windows") {
    CHECK(lines(check_one(memory, "php:8.1.34-fpm-bookworm")).empty());
    CHECK(lines(check_one(memory, "php:8.1.34-fpm-windowsservercore-ltsc2022"))
              .empty());
  }

  SECTION("not for pin (policy none)") {
    CheckOptions options;
    options.policy = [](const reference::ImageReference &) {
      return ImagePolicy{version::UpdateLevel::none, false};
    };
    CHECK(lines(check_one(memory, "php:8.1.33-fpm-bullseye", options)).empty());
  }
}

TEST_CASE("run_check names what a drifted floating pin equalled only within "
          "a budget of HEADs, or from its version annotation",
          "[check]") {
  MemoryRegistry memory;
  History python(memory, k_python);
  std::vector<std::string> builds;
  for (int patch = 0; patch < 10; ++patch) {
    builds.push_back("3.10." + std::to_string(patch) + "-slim");
  }
  python.tags(builds);
  python.tag("3.10-slim", python.digest("3.10.9-slim"));

  SECTION("a recent pin: named") {
    const std::string pinned = python.digest("3.10.8-slim");
    const CheckResult result = check_one(memory, "python:3.10-slim@" + pinned);
    CHECK(only(result, FindingKind::digest_drift).equalled_at_pin ==
          std::vector<std::string>{"3.10.8-slim"});
    CHECK(only(result, FindingKind::digest_drift).equals ==
          std::vector<std::string>{"3.10.9-slim"});
    // The tag, its newest sibling (now), the next one (the pin).
    CHECK(memory.calls("resolve") == 3);
  }

  SECTION("an old pin: not named, rather than a HEAD of every sibling") {
    const std::string pinned = python.digest("3.10.2-slim");
    const CheckResult result = check_one(memory, "python:3.10-slim@" + pinned);
    CHECK(only(result, FindingKind::digest_drift).equalled_at_pin.empty());
    CHECK(only(result, FindingKind::digest_drift).equals ==
          std::vector<std::string>{"3.10.9-slim"});
    CHECK(only(result, FindingKind::digest_drift).message ==
          "pinned digest " + short_digest(pinned) +
              " is no longer what 3.10-slim points at (linux/amd64 changed); "
              "it is now 3.10.9-slim");
    // The tag, its newest sibling (now), and k_max_pin_probes (1) more.
    CHECK(memory.calls("resolve") == 3);
  }

  // What the pinned index says it was (org.opencontainers.image.version)
  // costs nothing: it was fetched to compare platforms.
  SECTION("an old build annotated with a sibling: named without a HEAD") {
    // A build of 3.10.2-slim no tag points at any more (rebuilt since).
    const std::string pinned =
        python.index({{"linux/amd64", "3.10.2-slim old build"}}, "3.10.2-slim");
    const CheckResult result = check_one(memory, "python:3.10-slim@" + pinned);
    const Finding &drift = only(result, FindingKind::digest_drift);
    CHECK(drift.equalled_at_pin == std::vector<std::string>{"3.10.2-slim"});
    CHECK(drift.equals == std::vector<std::string>{"3.10.9-slim"});
    CHECK(drift.message ==
          "pinned digest " + short_digest(pinned) +
              " is no longer what 3.10-slim points at (linux/amd64 changed); "
              "it was 3.10.2-slim, now 3.10.9-slim");
    // The tag and its newest sibling (now); the pinned index was fetched to
    // compare platforms anyway, so naming it cost nothing.
    CHECK(memory.calls("resolve") == 2);
    CHECK(memory.calls("manifest") == 2);
  }

  SECTION("an annotation that is no sibling: the HEADs as without one") {
    const std::string pinned =
        python.index({{"linux/amd64", "3.10.2 old build"}}, "3.10.2");
    const CheckResult result = check_one(memory, "python:3.10-slim@" + pinned);
    CHECK(only(result, FindingKind::digest_drift).equalled_at_pin.empty());
    CHECK(memory.calls("resolve") == 3);
  }
}

TEST_CASE("run_check date tags", "[check]") {
  MemoryRegistry memory;
  History debian(memory, "docker.io/library/debian");
  debian.tags({"bookworm-20240101-slim", "bookworm-20241111-slim",
               "trixie-20241111-slim", "bookworm-20240101", "bookworm-20241111",
               "12.8", "12"});
  debian.tag("bookworm", debian.digest("bookworm-20241111"));
  CHECK(lines(check_one(memory, "debian:bookworm-20240101-slim")) ==
        std::vector<std::string>{"patch-available: newer patch build "
                                 "bookworm-20241111-slim in the same track"});
  const CheckResult bookworm = check_one(memory, "debian:bookworm");
  CHECK(lines(bookworm) ==
        std::vector<std::string>{"unpinned: \"bookworm\" moves (now "
                                 "bookworm-20241111), and no digest pins it"});
}

TEST_CASE("run_check prereleases before and after their release", "[check]") {
  MemoryRegistry memory;
  History python(memory, k_python);
  python.tags({"3.12.1", "3.12.2rc1", "3.13.0rc1", "3.13.0rc2", "3.14.0a1"});

  SECTION("before the release: the next prerelease of the same release") {
    CHECK(
        lines(check_one(memory, "python:3.13.0rc1")) ==
        std::vector<std::string>{
            "patch-available: newer patch build 3.13.0rc2 in the same track"});
  }
  SECTION("a release is never offered a prerelease by default") {
    CHECK(lines(check_one(memory, "python:3.12.1")).empty());
  }
  SECTION("unless the policy allows prereleases") {
    CheckOptions options;
    options.policy = [](const reference::ImageReference &) {
      return ImagePolicy{version::UpdateLevel::major, true};
    };
    CHECK(
        lines(check_one(memory, "python:3.12.1", options)) ==
        std::vector<std::string>{
            "patch-available: newer patch build 3.12.2rc1 in the same track",
            "minor-available: newer minor version 3.14.0a1 in the same track"});
  }
  SECTION("after the release: the newest release, and the final one named") {
    python.tags({"3.13.0", "3.13.1"});
    const CheckResult result = check_one(memory, "python:3.13.0rc1");
    CHECK(lines(result) ==
          std::vector<std::string>{
              "patch-available: newer patch build 3.13.1 in the same track; "
              "its final release 3.13.0 exists too"});
    // Unpinned: the fix is the tag alone, and its digest is not asked for.
    CHECK(result.findings.front().suggested == TagDigest{"3.13.1", ""});
    CheckOptions rewriting;
    rewriting.all_digests = true;
    CHECK(check_one(memory, "python:3.13.0rc1", rewriting)
              .findings.front()
              .suggested == TagDigest{"3.13.1", python.digest("3.13.1")});
  }
}

TEST_CASE("run_check a deleted tag", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  const std::string pinned = alpine.index({{"linux/amd64", "3.19.0"}});
  alpine.tags({"3.19.4", "3.20.3"});
  const CheckResult result = check_one(memory, "alpine:3.19.0@" + pinned);
  CHECK(lines(result) ==
        std::vector<std::string>{
            "patch-available: newer patch build 3.19.4 in the same track",
            "minor-available: newer minor version 3.20.3 in the same track",
            "tag-missing: tag \"3.19.0\" no longer exists in "
            "docker.io/library/alpine"});
  CHECK(only(result, FindingKind::tag_missing).level == Level::fail);
  CHECK(only(result, FindingKind::tag_missing).current ==
        TagDigest{"3.19.0", pinned});
  CHECK(result.errors.empty());
  CHECK(lines(check_one(memory, "alpine:3.99")) ==
        std::vector<std::string>{"tag-missing: tag \"3.99\" does not exist in "
                                 "docker.io/library/alpine"});
}

TEST_CASE("run_check a failing repository does not stop the others",
          "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tags({"3.20.3"});
  History python(memory, k_python);
  python.tags({"3.12.7"});
  memory.fail(k_python,
              registry::RegistryError{registry::RegistryErrorKind::rate_limited,
                                      "too many requests"});
  CheckOptions options;
  options.jobs = 2;
  const CheckResult result =
      check_all(memory,
                {occurrence("alpine:3.20.3", "a/Dockerfile"),
                 occurrence("python:3.12.7", "b/Dockerfile"),
                 occurrence("ghcr.io/acme/gone:1.0", "c/Dockerfile")},
                options);
  CHECK(lines(result) ==
        std::vector<std::string>{
            "check-error: could not check 3.12.7 in docker.io/library/python: "
            "too many requests",
            "check-error: could not check 1.0 in ghcr.io/acme/gone: "
            "repository not found or unauthorized"});
  CHECK(result.findings.front().level == Level::error);
  CHECK(result.findings.front().location.file == "b/Dockerfile");
  CHECK(result.checked ==
        std::vector<std::string>{"docker.io/library/alpine:3.20.3"});
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].first == "docker.io/library/python:3.12.7");
  CHECK(result.errors[0].second.kind ==
        registry::RegistryErrorKind::rate_limited);
  CHECK(result.errors[1].first == "ghcr.io/acme/gone:1.0");
}

TEST_CASE("run_check dedupes references across files", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tags({"3.20.1", "3.20.3", "3.21.0"});
  alpine.tag("latest", alpine.digest("3.21.0"));
  History python(memory, k_python);
  python.tags({"3.12.1-slim", "3.12.7-slim"});
  RecordingRegistry registry(memory);
  const std::string pin = alpine.digest("3.21.0");
  std::vector<Occurrence> occurrences;
  for (const std::string file :
       {"a/Dockerfile", "b/Dockerfile", "c/Dockerfile"}) {
    occurrences.push_back(occurrence("alpine:3.20.1", file, 1));
    occurrences.push_back(
        occurrence("docker.io/library/alpine:3.20.1", file, 2));
    occurrences.push_back(occurrence("python:3.12.1-slim", file, 3));
    occurrences.push_back(occurrence("alpine", file, 4));
    occurrences.push_back(occurrence("alpine@" + pin, file, 5));
  }
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  CheckOptions options;
  options.jobs = 4;
  options.progress = [&](std::size_t done, std::size_t total) {
    progress.emplace_back(done, total);
  };
  const CheckResult result = check_all(registry, occurrences, options);

  CHECK(registry.most_repeated() == 1);
  // Unpinned version tags that do not float need only their tag list: no
  // HEAD of their own, none for their proposals.
  CHECK(registry.questions() ==
        std::map<std::string, int>{
            {"list_tags docker.io/library/alpine", 1},
            {"list_tags docker.io/library/python", 1},
            {"resolve docker.io/library/alpine:latest", 1},
            {"resolve docker.io/library/alpine@" + pin, 1}});
  CHECK(memory.calls("manifest") == 0);
  CHECK(progress == std::vector<std::pair<std::size_t, std::size_t>>{
                        {1, 4}, {2, 4}, {3, 4}, {4, 4}});
  // 3 files × (2 alpine:3.20.1 × 2 proposals + 1 python proposal + unpinned
  // + the digest-only reference's tag, `latest`, which costs no more HEAD).
  CHECK(result.findings.size() == 21);
  CHECK(result.findings.front().location.file == "a/Dockerfile");
  CHECK(result.findings.back().location.file == "c/Dockerfile");
  CHECK(std::is_sorted(result.findings.begin(), result.findings.end()));
  CHECK(result.checked ==
        std::vector<std::string>{"docker.io/library/alpine:3.20.1",
                                 "docker.io/library/alpine:latest",
                                 "docker.io/library/alpine@" + pin,
                                 "docker.io/library/python:3.12.1-slim"});

  // pin and update write digests: then every tag and proposal is resolved,
  // still once each.
  RecordingRegistry rewriting(memory);
  CheckOptions all;
  all.jobs = 4;
  all.all_digests = true;
  const CheckResult full = check_all(rewriting, occurrences, all);
  CHECK(rewriting.most_repeated() == 1);
  CHECK(rewriting.questions() ==
        std::map<std::string, int>{
            {"list_tags docker.io/library/alpine", 1},
            {"list_tags docker.io/library/python", 1},
            {"resolve docker.io/library/alpine:3.20.1", 1},
            {"resolve docker.io/library/alpine:3.20.3", 1},
            {"resolve docker.io/library/alpine:3.21.0", 1},
            {"resolve docker.io/library/alpine:latest", 1},
            {"resolve docker.io/library/alpine@" + pin, 1},
            {"resolve docker.io/library/python:3.12.1-slim", 1},
            {"resolve docker.io/library/python:3.12.7-slim", 1}});
  CHECK(full.current_digests.at("docker.io/library/python:3.12.1-slim") ==
        python.digest("3.12.1-slim"));
  CHECK(full.findings.size() == result.findings.size());
}

TEST_CASE("run_check unpinned references", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tags({"3.20.3", "latest", "0a1b2c3d"});
  CHECK(lines(check_one(memory, "alpine")) ==
        std::vector<std::string>{
            "unpinned: no tag or digest: \"latest\" is used, and it moves"});
  const CheckResult latest = check_one(memory, "alpine:latest");
  CHECK(lines(latest) ==
        std::vector<std::string>{
            "unpinned: \"latest\" moves, and no digest pins it"});
  CHECK(latest.findings.front().current == TagDigest{"latest", ""});
  CHECK(latest.findings.front().suggested ==
        TagDigest{"latest", alpine.digest("latest")});
  // A hash tag names one build by convention only: it is a tag all the same,
  // unpinned without a digest, with nothing to propose and no tag list.
  CHECK(lines(check_one(memory, "alpine:0a1b2c3d")) ==
        std::vector<std::string>{"unpinned: \"0a1b2c3d\" is a tag, which can "
                                 "be pushed again, and no digest pins it"});
  CHECK(memory.calls("list_tags") == 0);
}

TEST_CASE("run_check digest-only references", "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tags({"3.20.3"});
  const std::string digest = alpine.digest("3.20.3");
  // The tag it equals, found in the tag list with a bounded number of HEADs.
  const CheckResult named = check_one(memory, "alpine@" + digest);
  REQUIRE(lines(named) == std::vector<std::string>{
                              "digest-only: digest " + short_digest(digest) +
                              " is what tag 3.20.3 points at now; with "
                              "the tag written, updates can be proposed"});
  CHECK(named.findings.front().level == Level::info);
  CHECK(named.findings.front().suggested == TagDigest{"3.20.3", digest});
  CHECK(memory.calls("list_tags") == 1);
  const int listed = memory.calls("list_tags");
  const int manifests = memory.calls("manifest");
  const std::string gone = registry::sha256_digest("gone");
  const CheckResult result = check_one(memory, "alpine@" + gone);
  CHECK(lines(result) ==
        std::vector<std::string>{
            "check-error: could not check " + short_digest(gone) +
            " in docker.io/library/alpine: pinned digest " +
            short_digest(gone) + " not found (manifest \"" + gone +
            "\" not found)"});
  CHECK(memory.calls("list_tags") == listed);
  CHECK(memory.calls("manifest") == manifests);
}

TEST_CASE("run_check names a digest-only reference's tag with a bounded "
          "number of HEADs",
          "[check]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tags(
      {"3.18.0", "3.19.0", "3.19.1", "3.20.0", "3.20.1", "3.20.2", "latest"});
  // `latest` and the four newest releases are asked; 3.18.0 is not.
  const std::string old = alpine.digest("3.18.0");
  const CheckResult result = check_one(memory, "alpine@" + old);
  CHECK(result.findings.empty());
  // One HEAD of the digest, five of tags.
  CHECK(memory.calls("resolve") == 6);
  CHECK(memory.calls("list_tags") == 1);
  const std::string newest = alpine.digest("3.20.2");
  CHECK(lines(check_one(memory, "alpine@" + newest)) ==
        std::vector<std::string>{"digest-only: digest " + short_digest(newest) +
                                 " is what tag 3.20.2 points at now; with the "
                                 "tag written, updates can be proposed"});
}

TEST_CASE("run_check unresolvable occurrences", "[check]") {
  MemoryRegistry memory;
  Occurrence empty;
  empty.location.file = "Dockerfile";
  empty.location.line = 3;
  empty.location.reference = "${BASE}";
  empty.status = dockerfile::ReferenceStatus::unresolved;
  empty.reason = "empty after expansion";
  empty.args = {"BASE", "VARIANT"};
  Occurrence invalid = empty;
  invalid.location.line = 4;
  invalid.status = dockerfile::ReferenceStatus::invalid;
  invalid.reason = "repository name must be lowercase";
  invalid.args = {};
  // The extractor's own reason names the ARGs and the flag: not said twice.
  Occurrence extracted = empty;
  extracted.location.line = 5;
  extracted.reason =
      "expands to an empty name (ARGs involved: BASE, VARIANT; set "
      "them with --build-arg)";
  const CheckResult result = check_all(memory, {empty, invalid, extracted});
  CHECK(lines(result) ==
        std::vector<std::string>{
            "unresolvable: empty after expansion (set --build-arg BASE=…, "
            "--build-arg VARIANT=…)",
            "invalid-reference: repository name must be lowercase",
            "unresolvable: expands to an empty name (ARGs involved: BASE, "
            "VARIANT; set them with --build-arg)"});
  CHECK(result.findings.front().level == Level::warn);
  CHECK(result.findings[1].level == Level::fail);
  CHECK(result.checked.empty());
  CHECK(memory.calls("resolve") == 0);
}

TEST_CASE("run_check policy levels", "[check]") {
  MemoryRegistry memory;
  History node(memory, "docker.io/library/node");
  node.tags({"18.19.0", "18.20.4", "20.18.0", "18.19.1", "22.11.0"});
  const auto with_level = [&](version::UpdateLevel level) {
    CheckOptions options;
    options.policy = [level](const reference::ImageReference &image) {
      CHECK(image.repository == "library/node");
      return ImagePolicy{level, false};
    };
    return lines(check_one(memory, "node:18.19.0", options));
  };
  CHECK(with_level(version::UpdateLevel::major) ==
        std::vector<std::string>{
            "patch-available: newer patch build 18.19.1 in the same track",
            "minor-available: newer minor version 18.20.4 in the same track",
            "major-available: newer major version 22.11.0 in the same track"});
  CHECK(with_level(version::UpdateLevel::minor).size() == 2);
  CHECK(with_level(version::UpdateLevel::patch) ==
        std::vector<std::string>{
            "patch-available: newer patch build 18.19.1 in the same track"});
  CHECK(with_level(version::UpdateLevel::none).empty());
}

TEST_CASE("short_digest", "[check]") {
  CHECK(short_digest("sha256:0123456789abcdef0123") == "sha256:0123456789ab…");
  CHECK(short_digest("sha256:0123") == "sha256:0123");
}
