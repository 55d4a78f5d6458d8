#include "stalebase/config/pattern.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::config;
using stalebase::reference::parse_reference;

namespace {

bool matches(std::string_view pattern, std::string_view reference) {
  return image_matches(pattern, parse_reference(reference).value());
}

} // namespace

TEST_CASE("config::glob_match", "[config]") {
  CHECK(glob_match("", ""));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "anything/at/all"));
  CHECK(glob_match("3.12*", "3.12.7-slim"));
  CHECK(glob_match("3.12*", "3.12"));
  CHECK_FALSE(glob_match("3.12*", "3.1"));
  CHECK(glob_match("*-slim", "3.12.7-slim"));
  CHECK_FALSE(glob_match("*-slim", "3.12.7-slim-bookworm"));
  CHECK(glob_match("*slim*", "3.12.7-slim-bookworm"));
  CHECK(glob_match("3.*.*-alpine", "3.12.7-alpine"));
  CHECK_FALSE(glob_match("3.*.*-alpine", "3.12-alpine"));
  CHECK(glob_match("a*b*c", "aXbYbZc"));
  CHECK_FALSE(glob_match("a*b*c", "aXbYbZ"));
  CHECK(glob_match("**", "x"));
  CHECK_FALSE(glob_match("latest", "latest2"));
  CHECK_FALSE(glob_match("latest", "Latest"));
  CHECK_FALSE(glob_match("x", ""));
  // `?` and `[` are plain bytes.
  CHECK(glob_match("a?", "a?"));
  CHECK_FALSE(glob_match("a?", "ab"));
}

TEST_CASE("config::image_matches", "[config]") {
  SECTION("plain names are normalised") {
    for (const char *pattern :
         {"python", "library/python", "docker.io/python",
          "docker.io/library/python", "index.docker.io/library/python"}) {
      CAPTURE(pattern);
      CHECK(matches(pattern, "python:3.12.1-slim"));
      CHECK(matches(pattern,
                    "docker.io/library/python@sha256:" + std::string(64, 'a')));
      CHECK_FALSE(matches(pattern, "pythonx"));
      CHECK_FALSE(matches(pattern, "ghcr.io/library/python"));
    }
    CHECK(matches("ghcr.io/org/app", "ghcr.io/org/app:v1"));
    CHECK_FALSE(matches("ghcr.io/org/app", "ghcr.io/org/app2:v1"));
    CHECK(matches("localhost:5000/demo", "localhost:5000/demo:1"));
  }
  SECTION("globs match the canonical and the short name") {
    CHECK(matches("ghcr.io/org/*", "ghcr.io/org/app:v1"));
    CHECK(matches("ghcr.io/org/*", "ghcr.io/org/team/app"));
    CHECK_FALSE(matches("ghcr.io/org/*", "ghcr.io/other/app"));
    CHECK(matches("docker.io/library/py*", "python:3"));
    CHECK(matches("py*", "python:3"));
    CHECK_FALSE(matches("py*", "ghcr.io/python"));
    CHECK(matches("*/python", "python")); // docker.io/library/python
    CHECK(matches("library/*", "node"));  // the Hub repository
    CHECK(matches("bitnami/*", "bitnami/redis:7"));
    CHECK(matches("*", "mcr.microsoft.com/windows/servercore:ltsc2022"));
    CHECK(matches("mcr.microsoft.com/windows/*",
                  "mcr.microsoft.com/windows/servercore:ltsc2022"));
    CHECK_FALSE(matches("library/*", "ghcr.io/library/x"));
  }
}

TEST_CASE("config::check_image_pattern", "[config]") {
  CHECK(check_image_pattern("python").has_value());
  CHECK(check_image_pattern("ghcr.io/org/*").has_value());
  CHECK(check_image_pattern("*").has_value());
  CHECK(check_image_pattern("*.example.test/*").has_value());
  CHECK(check_image_pattern("").error() ==
        "an image pattern must not be empty");
  CHECK(check_image_pattern("Python").error() ==
        "invalid image pattern \"Python\": repository name must be "
        "lowercase");
  CHECK(check_image_pattern("python:3.12").error() ==
        "image pattern \"python:3.12\" has a tag: match tags with the \"tag\" "
        "key");
  CHECK(check_image_pattern("python:*").error() ==
        "image pattern \"python:*\" has a tag: match tags with the \"tag\" "
        "key");
  CHECK(check_image_pattern("python@sha256:" + std::string(64, 'a')).error() ==
        "image pattern \"python@sha256:" + std::string(64, 'a') +
            "\" has a digest: a pattern names an image only");
}
