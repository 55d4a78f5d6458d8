#include "stalebase/util/strings.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::util;

TEST_CASE("util::ascii_lower", "[util]") {
  CHECK(ascii_lower("Docker.IO/Library") == "docker.io/library");
  CHECK(ascii_lower('Z') == 'z');
  CHECK(ascii_lower('@') == '@');
  CHECK(ascii_lower('[') == '[');
  // Only ASCII letters change: UTF-8 bytes pass through.
  CHECK(ascii_lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");
  CHECK(ascii_lower("") == "");
}

TEST_CASE("util::iequals", "[util]") {
  CHECK(iequals("Content-Type", "content-type"));
  CHECK(iequals("", ""));
  CHECK_FALSE(iequals("ltsc2022", "ltsc2025"));
  CHECK_FALSE(iequals("abc", "abcd"));
  CHECK_FALSE(iequals("@", "`")); // 0x40 and 0x60 differ by the case bit only
}

TEST_CASE("util::trim", "[util]") {
  CHECK(trim(" \t a b \t") == "a b");
  CHECK(trim("\t\t") == "");
  CHECK(trim("x") == "x");
  // Only spaces and tabs: a line break is content to the callers.
  CHECK(trim("\nx\n") == "\nx\n");
}
