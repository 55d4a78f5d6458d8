#include "stalebase/rewrite/edits.hpp"

#include <catch2/catch.hpp>

using stalebase::rewrite::apply_edits;
using stalebase::rewrite::Edit;

TEST_CASE("apply_edits replaces and inserts at exact offsets", "[rewrite]") {
  const auto result =
      apply_edits("FROM a:1 AS b\n", {Edit{{7, 1}, "2"}, Edit{{8, 0}, "@d"}});
  REQUIRE(result);
  CHECK(*result == "FROM a:2@d AS b\n");
}

TEST_CASE("apply_edits sorts edits and applies identical duplicates once",
          "[rewrite]") {
  const auto result = apply_edits(
      "abcdef", {Edit{{4, 1}, "E"}, Edit{{0, 1}, "A"}, Edit{{4, 1}, "E"}});
  REQUIRE(result);
  CHECK(*result == "AbcdEf");
}

TEST_CASE("apply_edits with no edits returns the source", "[rewrite]") {
  const auto result = apply_edits("x\r\ny", {});
  REQUIRE(result);
  CHECK(*result == "x\r\ny");
}

TEST_CASE("apply_edits refuses overlapping edits", "[rewrite]") {
  const auto result =
      apply_edits("abcdef", {Edit{{3, 2}, "x"}, Edit{{4, 2}, "y"}});
  REQUIRE_FALSE(result);
  CHECK(result.error() == "edits at 3..5 and 4..6 overlap");
}

TEST_CASE("apply_edits refuses two different insertions at one offset",
          "[rewrite]") {
  const auto result =
      apply_edits("abc", {Edit{{1, 0}, "x"}, Edit{{1, 0}, "y"}});
  REQUIRE_FALSE(result);
  CHECK(result.error() == "edits at 1..1 and 1..1 overlap");
}

TEST_CASE("apply_edits refuses an edit past the end", "[rewrite]") {
  const auto result = apply_edits("abc", {Edit{{2, 5}, "x"}});
  REQUIRE_FALSE(result);
  CHECK(result.error() == "edit at 2..7 is past the end of the file (3 bytes)");
}

TEST_CASE("edits_clash", "[rewrite]") {
  using stalebase::rewrite::edits_clash;
  CHECK(edits_clash(Edit{{3, 2}, "x"}, Edit{{4, 2}, "y"}));
  CHECK(edits_clash(Edit{{1, 0}, "x"}, Edit{{1, 0}, "y"}));
  CHECK(edits_clash(Edit{{3, 3}, "x"}, Edit{{4, 0}, "y"}));
  CHECK_FALSE(edits_clash(Edit{{1, 0}, "x"}, Edit{{1, 0}, "x"}));
  CHECK_FALSE(edits_clash(Edit{{3, 2}, "x"}, Edit{{5, 0}, "y"}));
  CHECK_FALSE(edits_clash(Edit{{3, 2}, "x"}, Edit{{3, 0}, "y"}));
  CHECK_FALSE(edits_clash(Edit{{3, 2}, "x"}, Edit{{5, 1}, "y"}));
}
