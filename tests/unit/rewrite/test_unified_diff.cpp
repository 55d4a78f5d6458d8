#include "stalebase/rewrite/unified_diff.hpp"

#include <catch2/catch.hpp>

using stalebase::rewrite::unified_diff;

TEST_CASE("unified_diff of equal texts is empty", "[rewrite]") {
  CHECK(unified_diff("FROM a\n", "FROM a\n", "Dockerfile").empty());
}

TEST_CASE("unified_diff shows changed lines with three lines of context",
          "[rewrite]") {
  const std::string before =
      "1\n2\n3\n4\nFROM a\n6\n7\n8\n9\n10\n11\n12\nFROM b\n";
  const std::string after =
      "1\n2\n3\n4\nFROM a@x\n6\n7\n8\n9\n10\n11\n12\nFROM b@y\n";
  CHECK(unified_diff(before, after, "dir/Dockerfile") ==
        "--- dir/Dockerfile\n+++ dir/Dockerfile\n"
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-FROM a\n+FROM a@x\n 6\n 7\n 8\n"
        "@@ -10,4 +10,4 @@\n 10\n 11\n 12\n-FROM b\n+FROM b@y\n");
}

TEST_CASE("unified_diff joins close changes and groups a block", "[rewrite]") {
  CHECK(unified_diff("a\nb\nc\n", "A\nB\nc\n", "f") ==
        "--- f\n+++ f\n@@ -1,3 +1,3 @@\n-a\n-b\n+A\n+B\n c\n");
}

TEST_CASE("unified_diff keeps CR and marks a missing final newline",
          "[rewrite]") {
  CHECK(unified_diff("x\r\nFROM a", "x\r\nFROM b", "f") ==
        "--- f\n+++ f\n@@ -1,2 +1,2 @@\n x\r\n-FROM a\n\\ No newline at end of "
        "file\n+FROM "
        "b\n\\ No newline at end of file\n");
}
