#include "stalebase/util/wildmatch.hpp"

#include <catch2/catch.hpp>

using stalebase::util::wildmatch;

TEST_CASE("util::wildmatch literals, * and ?", "[util]") {
  CHECK(wildmatch("Dockerfile", "Dockerfile"));
  CHECK_FALSE(wildmatch("Dockerfile", "Dockerfile.dev"));
  CHECK_FALSE(wildmatch("Dockerfile", "dockerfile"));
  CHECK(wildmatch("*.Dockerfile", "app.Dockerfile"));
  CHECK(wildmatch("*.Dockerfile", ".Dockerfile"));
  CHECK_FALSE(wildmatch("*.Dockerfile", "a/app.Dockerfile"));
  CHECK(wildmatch("build-*", "build-"));
  CHECK(wildmatch("a*b*c", "aXXbYYc"));
  CHECK_FALSE(wildmatch("a*b*c", "aXXbYY"));
  CHECK(wildmatch("?at", "cat"));
  CHECK_FALSE(wildmatch("?at", "at"));
  CHECK_FALSE(wildmatch("a?b", "a/b"));
  CHECK_FALSE(wildmatch("a*b", "a/b"));
  CHECK(wildmatch("\\*x", "*x"));
  CHECK_FALSE(wildmatch("\\*x", "ax"));
  CHECK(wildmatch("", ""));
  CHECK_FALSE(wildmatch("", "a"));
}

TEST_CASE("util::wildmatch **", "[util]") {
  CHECK(wildmatch("**/vendor", "vendor"));
  CHECK(wildmatch("**/vendor", "a/b/vendor"));
  CHECK_FALSE(wildmatch("**/vendor", "a/b/vendors"));
  CHECK(wildmatch("vendor/**", "vendor/x"));
  CHECK(wildmatch("vendor/**", "vendor/x/y/Dockerfile"));
  CHECK_FALSE(wildmatch("vendor/**", "vendor"));
  CHECK(wildmatch("a/**/b", "a/b"));
  CHECK(wildmatch("a/**/b", "a/x/b"));
  CHECK(wildmatch("a/**/b", "a/x/y/b"));
  CHECK_FALSE(wildmatch("a/**/b", "a/xb"));
  CHECK_FALSE(wildmatch("a/**/b", "b"));
  // Not between slashes: an ordinary `*`.
  CHECK(wildmatch("a**", "abc"));
  CHECK_FALSE(wildmatch("a**", "a/c"));
  CHECK(wildmatch("**", "a/b/c"));
}

TEST_CASE("util::wildmatch bracket expressions", "[util]") {
  CHECK(wildmatch("[abc].txt", "b.txt"));
  CHECK_FALSE(wildmatch("[abc].txt", "d.txt"));
  CHECK(wildmatch("file[0-9]", "file7"));
  CHECK_FALSE(wildmatch("file[0-9]", "filex"));
  CHECK(wildmatch("file[!0-9]", "filex"));
  CHECK(wildmatch("file[^0-9]", "filex"));
  CHECK_FALSE(wildmatch("file[!0-9]", "file7"));
  CHECK(wildmatch("[]x]", "]"));
  CHECK(wildmatch("[a-]", "-"));
  CHECK(wildmatch("[[:digit:]]x", "5x"));
  CHECK_FALSE(wildmatch("[[:digit:]]x", "ax"));
  CHECK(wildmatch("[[:upper:][:digit:]]", "Q"));
  CHECK_FALSE(wildmatch("a[/]b", "a/b"));
  // Malformed: never matches.
  CHECK_FALSE(wildmatch("[abc", "a"));
  CHECK_FALSE(wildmatch("[abc", "[abc"));
  CHECK_FALSE(wildmatch("[[:nope:]]", "a"));
}
