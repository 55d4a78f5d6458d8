#include "stalebase/config/inline_ignore.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::config;
using stalebase::check::FindingKind;

namespace {

InlineIgnore parse_one(std::string_view line) {
  auto parsed = parse_inline_ignore(line);
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->has_value());
  return **parsed;
}

bool is_nothing(std::string_view line) {
  auto parsed = parse_inline_ignore(line);
  return parsed.has_value() && !parsed->has_value();
}

} // namespace

TEST_CASE("config::parse_inline_ignore forms", "[config]") {
  CHECK(parse_one("# stalebase:ignore") == InlineIgnore{});
  CHECK(parse_one("#stalebase:ignore") == InlineIgnore{});
  CHECK(parse_one("   #   stalebase:ignore   ") == InlineIgnore{});
  CHECK(parse_one("# stalebase:ignore\r") == InlineIgnore{});
  CHECK(parse_one("# stalebase:ignore pinned by the platform team") ==
        InlineIgnore{{}, "pinned by the platform team", 0});
  CHECK(parse_one("# stalebase:ignore\tpinned \r") ==
        InlineIgnore{{}, "pinned", 0});
  CHECK(parse_one("# stalebase:ignore=patch,digest") ==
        InlineIgnore{
            {FindingKind::patch_available, FindingKind::digest_drift}, "", 0});
  CHECK(parse_one("# stalebase:ignore=patch,digest waiting for 3.13 \r") ==
        InlineIgnore{{FindingKind::patch_available, FindingKind::digest_drift},
                     "waiting for 3.13",
                     0});
  CHECK(parse_one("# stalebase:ignore=unpinned,unpinned") ==
        InlineIgnore{{FindingKind::unpinned}, "", 0});
  CHECK(
      parse_one("# stalebase:ignore=single-platform-pin,tag-missing x") ==
      InlineIgnore{{FindingKind::single_platform_pin, FindingKind::tag_missing},
                   "x",
                   0});
}

TEST_CASE("config::parse_inline_ignore other lines", "[config]") {
  for (const char *line :
       {"", "FROM python:3.12", "# just a comment",
        "# syntax=docker/dockerfile:1", "# stalebase: prose about this file",
        "# stalebase:", "RUN echo # stalebase:ignore",
        "# see stalebase:ignore in the docs", "\r"}) {
    CAPTURE(line);
    CHECK(is_nothing(line));
  }
}

TEST_CASE("config::parse_inline_ignore errors", "[config]") {
  CHECK(parse_inline_ignore("# stalebase:ignor").error() ==
        "unknown stalebase comment \"stalebase:ignor\", did you mean "
        "\"stalebase:ignore\"?");
  CHECK(parse_inline_ignore("# stalebase:ingore=patch").error() ==
        "unknown stalebase comment \"stalebase:ingore\", did you mean "
        "\"stalebase:ignore\"?");
  CHECK(parse_inline_ignore("# stalebase:disable").error() ==
        "unknown stalebase comment \"stalebase:disable\": expected "
        "\"stalebase:ignore\"");
  CHECK(parse_inline_ignore("# stalebase:ignore=").error() ==
        "expected finding kinds after \"stalebase:ignore=\"");
  CHECK(parse_inline_ignore("# stalebase:ignore= reason").error() ==
        "expected finding kinds after \"stalebase:ignore=\"");
  CHECK(parse_inline_ignore("# stalebase:ignore=pach").error() ==
        "unknown finding kind \"pach\", did you mean \"patch\"?");
  CHECK(parse_inline_ignore("# stalebase:ignore=patch,,digest").error() ==
        "empty finding kind in \"stalebase:ignore=patch,,digest\"");
  CHECK(parse_inline_ignore("# stalebase:ignore=patch, digest").error() ==
        "empty finding kind in \"stalebase:ignore=patch,\"");
}

TEST_CASE("config::inline_ignores maps comments to the next instruction",
          "[config]") {
  const std::string source = "# syntax=docker/dockerfile:1\n"          // 1
                             "ARG BASE=python:3.12\n"                  // 2
                             "# stalebase:ignore=patch upstream\n"     // 3
                             "FROM ${BASE} AS build\n"                 // 4
                             "RUN make\n"                              // 5
                             "\n"                                      // 6
                             "# stalebase:ignore\n"                    // 7
                             "\n"                                      // 8
                             "# a note\n"                              // 9
                             "   \t\n"                                 // 10
                             "FROM alpine:3.20 \\\n"                   // 11
                             "  AS final\n"                            // 12
                             "# stalebase:ignore=digest at the end\n"; // 13
  const auto ignores = inline_ignores(source, "Dockerfile");
  REQUIRE(ignores.has_value());
  REQUIRE(ignores->size() == 2);
  CHECK(ignores->at(4) ==
        InlineIgnore{{FindingKind::patch_available}, "upstream", 3});
  CHECK(ignores->at(11) == InlineIgnore{{}, "", 7});
}

TEST_CASE("config::inline_ignores with CRLF lines and a BOM", "[config]") {
  const std::string source = "\xEF\xBB\xBF# stalebase:ignore=digest pinned\r\n"
                             "FROM alpine:3.20@sha256:abc\r\n"
                             "\r\n"
                             "# stalebase:ignore=unpinned\r\n"
                             "\r\n"
                             "FROM busybox\r\n";
  const auto ignores = inline_ignores(source, "Dockerfile");
  REQUIRE(ignores.has_value());
  REQUIRE(ignores->size() == 2);
  CHECK(ignores->at(2) ==
        InlineIgnore{{FindingKind::digest_drift}, "pinned", 1});
  CHECK(ignores->at(6) == InlineIgnore{{FindingKind::unpinned}, "", 4});
}

TEST_CASE("config::inline_ignores merges stacked comments", "[config]") {
  const auto kinds = inline_ignores("# stalebase:ignore=digest first\n"
                                    "# stalebase:ignore=patch,digest second\n"
                                    "FROM python:3.12.1\n",
                                    "Dockerfile");
  REQUIRE(kinds.has_value());
  CHECK(kinds->at(3) ==
        InlineIgnore{{FindingKind::digest_drift, FindingKind::patch_available},
                     "first; second",
                     1});
  const auto all = inline_ignores("# stalebase:ignore=digest\n"
                                  "# stalebase:ignore everything\n"
                                  "FROM python:3.12.1\n",
                                  "Dockerfile");
  REQUIRE(all.has_value());
  CHECK(all->at(3) == InlineIgnore{{}, "everything", 1});
}

TEST_CASE("config::inline_ignores errors name the place", "[config]") {
  const auto bad = inline_ignores("FROM a\n"
                                  "\n"
                                  "  # stalebase:ignore=patch,pach why\n"
                                  "FROM b\n",
                                  "app/Dockerfile");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == ConfigError{"app/Dockerfile", 3, 28,
                                   "unknown finding kind \"pach\", did you "
                                   "mean \"patch\"?"});
  CHECK(bad.error().to_string() ==
        "app/Dockerfile:3:28: error: unknown finding kind \"pach\", did you "
        "mean \"patch\"?");
  const auto word = inline_ignores("#stalebase:ignor\nFROM b\n", "Dockerfile");
  REQUIRE_FALSE(word.has_value());
  CHECK(word.error().to_string() ==
        "Dockerfile:1:2: error: unknown stalebase comment \"stalebase:ignor\", "
        "did you mean \"stalebase:ignore\"?");
}

TEST_CASE("config::inline_ignores of a file without any", "[config]") {
  CHECK(inline_ignores("", "Dockerfile")->empty());
  CHECK(inline_ignores("FROM a\n# stalebase: prose\nFROM b\n", "Dockerfile")
            ->empty());
}
