#include "stalebase/config/config.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::config;
using stalebase::check::FindingKind;
using stalebase::version::UpdateLevel;
using std::chrono::seconds;

namespace {

Config parse(std::string_view text) {
  auto config = parse_config(text, ".stalebase.yaml");
  if (!config) {
    FAIL(config.error().to_string());
  }
  return *config;
}

// The whole error line, as the CLI prints it.
std::string error_of(std::string_view text) {
  auto config = parse_config(text, ".stalebase.yaml");
  REQUIRE_FALSE(config.has_value());
  return config.error().to_string();
}

} // namespace

TEST_CASE("config::parse_config empty files", "[config]") {
  for (const char *text : {"", "\n", "# nothing here\n", "---\n", "~\n"}) {
    CAPTURE(text);
    Config empty;
    empty.file = ".stalebase.yaml";
    CHECK(parse(text) == empty);
  }
}

TEST_CASE("config::parse_config every key", "[config]") {
  const Config config = parse(R"(# all of it
fail-on: [patch, digest]
platforms:
  - linux/amd64
  - linux/arm64/v8
  - windows/amd64
build-args:
  BASE: python:3.12
  NUMBER: 3.10
  EMPTY: ""
ignore:
  - image: python
    tag: "3.12*"
    kinds: [patch, minor-available]
    reason: waiting for the 3.13 migration
    until: 2026-01-31
  - image: ghcr.io/org/*
    reason: built by us
rules:
  - image: mcr.microsoft.com/windows/*
    max-level: patch
  - image: node
    max-level: minor
    prereleases: true
    variant: true
  - image: "*"
    max-level: major
    prereleases: false
registries:
  ghcr.io:
    mirror: https://mirror.example.test/ghcr
    insecure: false
    ca-file: /etc/ssl/ghcr.pem
    username-env: GHCR_USER
    password-env: GHCR_TOKEN
  localhost:5000:
    insecure: true
    skip: true
  Index.Docker.IO:
    mirror: http://127.0.0.1:5001
cache:
  dir: /var/cache/stalebase
  ttl: 1h30m
)");
  CHECK(config.file == ".stalebase.yaml");
  REQUIRE(config.fail_on.has_value());
  CHECK(config.fail_on->to_string() == "digest-drift,patch-available");

  REQUIRE(config.platforms.size() == 3);
  CHECK(config.platforms[0].to_string() == "linux/amd64");
  CHECK(config.platforms[1] ==
        stalebase::reference::parse_platform("linux/arm64/v8").value());
  CHECK(config.platforms[2].os == "windows");

  CHECK(config.build_args ==
        std::map<std::string, std::string>{
            {"BASE", "python:3.12"}, {"NUMBER", "3.10"}, {"EMPTY", ""}});

  REQUIRE(config.ignores.size() == 2);
  CHECK(config.ignores[0] ==
        IgnoreRule{"python",
                   "3.12*",
                   {FindingKind::patch_available, FindingKind::minor_available},
                   "waiting for the 3.13 migration",
                   Date{2026, 1, 31},
                   12});
  CHECK(
      config.ignores[1] ==
      IgnoreRule{
          "ghcr.io/org/*", std::nullopt, {}, "built by us", std::nullopt, 17});

  REQUIRE(config.rules.size() == 3);
  CHECK(config.rules[0] ==
        ImageRule{"mcr.microsoft.com/windows/*", UpdateLevel::patch, false});
  CHECK(config.rules[1] == ImageRule{"node", UpdateLevel::minor, true, true});
  CHECK(config.rules[2] == ImageRule{"*", UpdateLevel::major, false});

  REQUIRE(config.registries.size() == 3);
  CHECK(config.registries.at("ghcr.io") ==
        RegistryConfig{"https://mirror.example.test/ghcr", false,
                       "/etc/ssl/ghcr.pem", "GHCR_USER", "GHCR_TOKEN", false});
  CHECK(config.registries.at("localhost:5000") ==
        RegistryConfig{"", true, "", "", "", true});
  CHECK(config.registries.at("docker.io").mirror == "http://127.0.0.1:5001");

  CHECK(config.cache.dir == "/var/cache/stalebase");
  CHECK(config.cache.ttl == seconds(5400));
}

TEST_CASE("config::parse_config empty sections", "[config]") {
  const Config config = parse("platforms:\nbuild-args:\nignore:\n"
                              "#  - image: python\n#    reason: r\n"
                              "rules: ~\nregistries:\ncache:\n");
  Config empty;
  empty.file = ".stalebase.yaml";
  CHECK(config == empty);
  CHECK(parse("ignore: []\nrules: []\ncache: {}\n") == empty);
}

TEST_CASE("config::parse_config fail-on forms", "[config]") {
  CHECK(parse("fail-on: patch,digest\n").fail_on->to_string() ==
        "digest-drift,patch-available");
  CHECK(parse("fail-on: none\n").fail_on->to_string() == "none");
  CHECK(parse("fail-on: [warn]\n").fail_on == parse_fail_on("warn").value());
  CHECK(parse("fail-on:\n  - fail\n  - unpinned\n").fail_on->to_string() ==
        "digest-drift,patch-available,unpinned,tag-missing,invalid-reference,"
        "wrong-platform-pin,base-drift,base-patch-available");
  CHECK_FALSE(parse("platforms: [linux/amd64]\n").fail_on.has_value());
}

TEST_CASE("config::parse_config single strings for lists", "[config]") {
  CHECK(parse("platforms: linux/arm64\n").platforms.at(0).to_string() ==
        "linux/arm64");
  CHECK(parse("ignore:\n  - image: python\n    kinds: digest, patch\n"
              "    reason: r\n")
            .ignores.at(0)
            .kinds == std::vector<FindingKind>{FindingKind::digest_drift,
                                               FindingKind::patch_available});
  CHECK(parse("ignore:\n  - image: python\n    kinds: [digest, digest-drift]\n"
              "    reason: r\n")
            .ignores.at(0)
            .kinds == std::vector<FindingKind>{FindingKind::digest_drift});
}

TEST_CASE("config::parse_config unknown keys", "[config]") {
  CHECK(error_of("platforms: [linux/amd64]\nfail_on: patch\n") ==
        ".stalebase.yaml:2:1: error: unknown key \"fail_on\", did you mean "
        "\"fail-on\"?");
  CHECK(error_of("platform: linux/amd64\n") ==
        ".stalebase.yaml:1:1: error: unknown key \"platform\", did you mean "
        "\"platforms\"?");
  CHECK(error_of("colour: always\n") ==
        ".stalebase.yaml:1:1: error: unknown key \"colour\": expected "
        "fail-on, platforms, build-args, ignore, rules, registries, cache, "
        "sources, include or exclude");
  CHECK(error_of("cache:\n  tll: 1h\n") ==
        ".stalebase.yaml:2:3: error: unknown key \"tll\" in \"cache\", did "
        "you mean \"ttl\"?");
  CHECK(error_of("cache:\n  size: 1G\n") ==
        ".stalebase.yaml:2:3: error: unknown key \"size\" in \"cache\": "
        "expected dir or ttl");
  CHECK(error_of("ignore:\n  - image: python\n    reasn: x\n") ==
        ".stalebase.yaml:3:5: error: unknown key \"reasn\" in an \"ignore\" "
        "entry, did you mean \"reason\"?");
  CHECK(error_of("rules:\n  - image: python\n    max_level: patch\n") ==
        ".stalebase.yaml:3:5: error: unknown key \"max_level\" in a \"rules\" "
        "entry, did you mean \"max-level\"?");
  CHECK(error_of("registries:\n  ghcr.io:\n    mirrors: http://a\n") ==
        ".stalebase.yaml:3:5: error: unknown key \"mirrors\" in registry "
        "\"ghcr.io\", did you mean \"mirror\"?");
  CHECK(error_of("registries:\n  ghcr.io:\n    password: hunter2\n") ==
        ".stalebase.yaml:3:5: error: unknown key \"password\" in registry "
        "\"ghcr.io\", did you mean \"password-env\"?");
}

TEST_CASE("config::parse_config image sources (issue 16)", "[config]") {
  const auto config = parse("sources:\n  kubernetes: false\n  compose: true\n"
                            "include: [\"deploy/**/*.yaml\"]\n"
                            "exclude: vendor/**\n");
  CHECK(config.sources ==
        std::map<std::string, bool>{{"compose", true}, {"kubernetes", false}});
  CHECK(config.include == std::vector<std::string>{"deploy/**/*.yaml"});
  CHECK(config.exclude == std::vector<std::string>{"vendor/**"});
  CHECK(parse("sources:\n  dockerfile: false\n").sources.at("dockerfile") ==
        false);
  CHECK(error_of("sources:\n  kubernetes: no\n") ==
        ".stalebase.yaml:2:15: error: expected true or false for "
        "\"kubernetes\", found \"no\"");
  CHECK(error_of("sources:\n  kubernets: false\n") ==
        ".stalebase.yaml:2:3: error: unknown key \"kubernets\" in "
        "\"sources\", did you mean \"kubernetes\"?");
  CHECK(error_of("sources:\n  terraform: false\n") ==
        ".stalebase.yaml:2:3: error: unknown key \"terraform\" in "
        "\"sources\": expected dockerfile, compose, kubernetes, "
        "github-actions, gitlab-ci, devcontainer or helm-values");
  CHECK(error_of("sources: [compose]\n") ==
        ".stalebase.yaml:1:10: error: expected a map for \"sources\", found "
        "a list");
  CHECK(error_of("include:\n  - {a: b}\n") ==
        ".stalebase.yaml:2:5: error: expected globs in \"include\", found a "
        "map");
  CHECK(error_of("exclude: ''\n") ==
        ".stalebase.yaml:1:10: error: expected a glob in \"exclude\", found "
        "an empty string");
}

TEST_CASE("config::parse_config duplicate keys", "[config]") {
  CHECK(error_of("fail-on: patch\nfail-on: digest\n") ==
        ".stalebase.yaml:2:1: error: duplicate key \"fail-on\"");
  CHECK(error_of("cache:\n  dir: a\n  dir: b\n") ==
        ".stalebase.yaml:3:3: error: duplicate key \"dir\" in \"cache\"");
  CHECK(error_of("build-args:\n  A: 1\n  A: 2\n") ==
        ".stalebase.yaml:3:3: error: duplicate key \"A\" in \"build-args\"");
  CHECK(error_of("registries:\n  docker.io: {}\n  index.docker.io: {}\n") ==
        ".stalebase.yaml:3:3: error: duplicate registry \"index.docker.io\" "
        "(already configured as \"docker.io\")");
  CHECK(error_of("registries:\n  a.test: {}\n  a.test: {}\n") ==
        ".stalebase.yaml:3:3: error: duplicate registry \"a.test\"");
}

TEST_CASE("config::parse_config type errors", "[config]") {
  CHECK(error_of("- fail-on\n") ==
        ".stalebase.yaml:1:1: error: expected a map of settings at the top of "
        "the file, found a list");
  CHECK(error_of("fail-on\n") ==
        ".stalebase.yaml:1:1: error: expected a map of settings at the top of "
        "the file, found \"fail-on\"");
  CHECK(error_of("platforms:\n  os: linux\n") ==
        ".stalebase.yaml:2:3: error: expected a list of strings for "
        "\"platforms\", found a map");
  CHECK(error_of("platforms: []\n") ==
        ".stalebase.yaml:1:12: error: expected a list of strings for "
        "\"platforms\", found an empty list");
  CHECK(error_of("fail-on:\ncache: {}\n") ==
        ".stalebase.yaml:1:1: error: expected a list of kinds or levels for "
        "\"fail-on\", found nothing");
  CHECK(error_of("platforms:\n  - [linux/amd64]\n") ==
        ".stalebase.yaml:2:5: error: expected strings in \"platforms\", found "
        "a list");
  CHECK(error_of("fail-on: {patch: true}\n") ==
        ".stalebase.yaml:1:10: error: expected a list of kinds or levels for "
        "\"fail-on\", found a map");
  CHECK(error_of("build-args: [A=1]\n") ==
        ".stalebase.yaml:1:13: error: expected a map for \"build-args\", found "
        "a list");
  CHECK(error_of("build-args:\n  A: [1]\n") ==
        ".stalebase.yaml:2:6: error: expected a string for \"A\" in "
        "\"build-args\", found a list");
  CHECK(error_of("build-args:\n  A:\n") ==
        ".stalebase.yaml:2:3: error: expected a string for \"A\" in "
        "\"build-args\", found nothing");
  CHECK(error_of("ignore:\n  image: python\n") ==
        ".stalebase.yaml:2:3: error: expected a list of maps for \"ignore\", "
        "found a map");
  CHECK(error_of("ignore:\n  - python\n") ==
        ".stalebase.yaml:2:5: error: expected a map for each \"ignore\" "
        "entry, found \"python\"");
  CHECK(error_of("ignore:\n  - image: python\n    reason: [a]\n") ==
        ".stalebase.yaml:3:13: error: expected a string for \"reason\", found "
        "a list");
  CHECK(error_of("rules:\n  - image: node\n    variant: 1\n")
            .find("\"variant\"") != std::string::npos);
  CHECK(error_of("rules:\n  - image: node\n    prereleases: yes\n") ==
        ".stalebase.yaml:3:18: error: expected true or false for "
        "\"prereleases\", found \"yes\"");
  CHECK(error_of("registries:\n  ghcr.io:\n    insecure: 1\n") ==
        ".stalebase.yaml:3:15: error: expected true or false for "
        "\"insecure\", found \"1\"");
  CHECK(error_of("registries:\n  ghcr.io: https://mirror\n") ==
        ".stalebase.yaml:2:12: error: expected a map for registry "
        "\"ghcr.io\", found \"https://mirror\"");
  CHECK(error_of("registries:\n  ghcr.io:\n") ==
        ".stalebase.yaml:2:3: error: expected a map for registry \"ghcr.io\", "
        "found nothing");
  CHECK(error_of("cache: 1h\n") ==
        ".stalebase.yaml:1:8: error: expected a map for \"cache\", found "
        "\"1h\"");
  CHECK(error_of("cache:\n  dir: ''\n") ==
        ".stalebase.yaml:2:8: error: \"dir\" must not be empty");
  CHECK(error_of("? [a]\n: b\n") ==
        ".stalebase.yaml:1:3: error: expected a key, found a list");
}

TEST_CASE("config::parse_config invalid values", "[config]") {
  CHECK(error_of("fail-on: patch,pach\n") ==
        ".stalebase.yaml:1:10: error: invalid \"fail-on\": unknown kind or "
        "level \"pach\", did you mean \"patch\"?");
  CHECK(error_of("fail-on:\n  - patch\n  - none\n") ==
        ".stalebase.yaml:3:5: error: \"none\" cannot be combined with other "
        "kinds or levels in \"fail-on\"");
  CHECK(error_of("platforms: [linux/amd64, linus/amd64]\n") ==
        ".stalebase.yaml:1:26: error: invalid \"platforms\": unknown operating "
        "system \"linus\" in platform \"linus/amd64\" (did you mean linux?): "
        "expected one of aix, android, darwin, dragonfly, freebsd, hurd, "
        "illumos, ios, js, linux, nacl, netbsd, openbsd, plan9, solaris, "
        "wasip1, windows, zos");
  CHECK(error_of("ignore:\n  - image: python\n    kinds: [pach]\n"
                 "    reason: r\n") ==
        ".stalebase.yaml:3:13: error: invalid \"kinds\": unknown finding kind "
        "\"pach\", did you mean \"patch\"?");
  CHECK(error_of("ignore:\n  - image: python\n    kinds: patch,,digest\n"
                 "    reason: r\n") ==
        ".stalebase.yaml:3:12: error: invalid \"kinds\": empty word in "
        "\"patch,,digest\"");
  CHECK(error_of("ignore:\n  - image: Python\n    reason: r\n") ==
        ".stalebase.yaml:2:12: error: invalid image pattern \"Python\": "
        "repository name must be lowercase");
  CHECK(error_of("ignore:\n  - image: python:3.12\n    reason: r\n") ==
        ".stalebase.yaml:2:12: error: image pattern \"python:3.12\" has a "
        "tag: match tags with the \"tag\" key");
  CHECK(error_of("ignore:\n  - image: python\n    tag: ''\n    reason: r\n") ==
        ".stalebase.yaml:3:10: error: \"tag\" must not be empty");
  CHECK(error_of("ignore:\n  - image: python\n") ==
        ".stalebase.yaml:2:5: error: missing \"reason\" in the \"ignore\" "
        "entry for \"python\": say why it is ignored");
  CHECK(error_of("ignore:\n  - image: python\n    reason: ''\n") ==
        ".stalebase.yaml:3:13: error: \"reason\" must not be empty");
  CHECK(error_of("ignore:\n  - reason: r\n") ==
        ".stalebase.yaml:2:5: error: missing \"image\" in an \"ignore\" entry");
  CHECK(error_of("rules:\n  - max-level: patch\n") ==
        ".stalebase.yaml:2:5: error: missing \"image\" in a \"rules\" entry");
  CHECK(error_of("rules:\n  - image: node\n    max-level: minr\n") ==
        ".stalebase.yaml:3:16: error: expected patch, minor or major for "
        "\"max-level\", found \"minr\"");
  CHECK(error_of("rules:\n  - image: node\n    max-level: os\n") ==
        ".stalebase.yaml:3:16: error: expected patch, minor or major for "
        "\"max-level\", found \"os\"");
  CHECK(error_of("registries:\n  https://ghcr.io:\n    insecure: true\n") ==
        ".stalebase.yaml:2:3: error: invalid registry host "
        "\"https://ghcr.io\": expected host[:port] without a scheme or path");
  CHECK(error_of("registries:\n  ghcr.io:\n    mirror: mirror.test\n") ==
        ".stalebase.yaml:3:13: error: invalid \"mirror\": expected a URL "
        "starting with http:// or https://, found \"mirror.test\"");
  CHECK(error_of("registries:\n  ghcr.io:\n    username-env: GHCR USER\n"
                 "    password-env: GHCR_TOKEN\n") ==
        ".stalebase.yaml:3:19: error: expected the name of an environment "
        "variable for \"username-env\", found \"GHCR USER\"");
  CHECK(error_of("registries:\n  ghcr.io:\n    password-env: 1TOKEN\n") ==
        ".stalebase.yaml:3:19: error: expected the name of an environment "
        "variable for \"password-env\", found \"1TOKEN\"");
  CHECK(error_of("registries:\n  ghcr.io:\n    username-env: GHCR_USER\n") ==
        ".stalebase.yaml:2:3: error: registry \"ghcr.io\" needs both "
        "\"username-env\" and \"password-env\", or neither");
}

TEST_CASE("config::parse_config bad dates and durations", "[config]") {
  CHECK(error_of("ignore:\n  - image: python\n    reason: r\n"
                 "    until: 31/01/2026\n") ==
        ".stalebase.yaml:4:12: error: invalid \"until\": expected a date as "
        "YYYY-MM-DD, found \"31/01/2026\"");
  CHECK(error_of("ignore:\n  - image: python\n    reason: r\n"
                 "    until: 2026-02-30\n") ==
        ".stalebase.yaml:4:12: error: invalid \"until\": invalid day in "
        "\"2026-02-30\": 2026-02 has 28 days");
  CHECK(error_of("cache:\n  ttl: 1 hour\n") ==
        ".stalebase.yaml:2:8: error: invalid \"ttl\": expected a duration "
        "such as \"90s\", \"30m\", \"1h\" or \"2d\", found \"1 hour\"");
  // A lone number is seconds, as in the flags (one parser for both).
  CHECK(parse("cache:\n  ttl: 3600\n").cache.ttl == seconds(3600));
  CHECK(parse("cache:\n  ttl: 1500ms\n").cache.ttl == seconds(1));
  CHECK(parse("cache:\n  ttl: 0\n").cache.ttl == seconds(0));
  CHECK(parse("cache:\n  ttl: 2d\n").cache.ttl == seconds(172800));
}

TEST_CASE("config::parse_config invalid YAML", "[config]") {
  CHECK(error_of("platforms: [linux/amd64,\n") ==
        ".stalebase.yaml:2:1: error: invalid YAML: end of sequence flow not "
        "found");
  CHECK(error_of("fail-on: patch: digest\n") ==
        ".stalebase.yaml:1:15: error: invalid YAML: illegal map value");
  CHECK(error_of("a: *nope\n") ==
        ".stalebase.yaml:1:4: error: invalid YAML: the referenced anchor is "
        "not defined");
}

TEST_CASE("config::parse_config names the file it was given", "[config]") {
  const auto config = parse_config("fail_on: x\n", "ci/stalebase.yaml");
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error() == ConfigError{"ci/stalebase.yaml", 1, 1,
                                      "unknown key \"fail_on\", did you mean "
                                      "\"fail-on\"?"});
  CHECK(parse_config("", "x.yaml")->file == "x.yaml");
}

TEST_CASE("config::ConfigError::to_string", "[config]") {
  CHECK(ConfigError{"a.yaml", 3, 1, "unknown key \"x\""}.to_string() ==
        "a.yaml:3:1: error: unknown key \"x\"");
  CHECK(ConfigError{"a.yaml", 0, 0, "cannot read the file: Permission denied"}
            .to_string() ==
        "a.yaml: error: cannot read the file: Permission denied");
}
