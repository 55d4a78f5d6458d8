#include "stalebase/report/diagnostic.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;

TEST_CASE("format_diagnostic", "[report]") {
  SECTION("with a line: source line and caret") {
    const std::string text =
        report::format_diagnostic("app/Dockerfile", "FROM a\n\tFROM a AS 1x\n",
                                  {"invalid name for build stage", 2, 12});
    CHECK(text == "app/Dockerfile:2:12: error: invalid name for build stage\n"
                  "  \tFROM a AS 1x\n"
                  "  \t          ^\n");
  }
  SECTION("UTF-8 before the column counts once") {
    const std::string text = report::format_diagnostic(
        "f", "# \xc3\xa9t\xc3\xa9 x\n", {"bad", 1, 9});
    CHECK(text == "f:1:9: error: bad\n  # \xc3\xa9t\xc3\xa9 x\n        ^\n");
  }
  SECTION("without a line") {
    CHECK(report::format_diagnostic("f", "", {"cannot read file: x", 0, 0}) ==
          "f: error: cannot read file: x\n");
  }
  SECTION("binary lines are not printed") {
    const std::string source("FROM a\x01\x02\n", 9);
    CHECK(report::format_diagnostic("f", source, {"binary", 1, 7}) ==
          "f:1:7: error: binary\n");
  }
}
