#include "stalebase/workflow/scan.hpp"

#include "files.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using namespace stalebase::workflow;
using stalebase::test::TempDir;
using workflow::test::load_texts;

TEST_CASE("scan_files numbers the references of every usable file",
          "[workflow]") {
  TempDir dir;
  const auto files = load_texts(
      dir, {{"a/Dockerfile", "FROM alpine:3.19 AS base\nFROM base\n"
                             "FROM scratch\nCOPY --from=busybox:1 / /\n"},
            {"b/Dockerfile", "FROM python:3.12 AS x\nRUN true\n"}});
  const Scan scan = scan_files(files);
  REQUIRE(scan.files.size() == 2);
  REQUIRE(scan.occurrences.size() == 3);
  REQUIRE(scan.sources.size() == 3);
  for (std::size_t i = 0; i < scan.occurrences.size(); ++i) {
    CHECK(scan.occurrences[i].id == i);
  }
  // alpine, the stage `base` (none), scratch (none), busybox.
  const auto &a = scan.files[0].occurrences;
  REQUIRE(a.size() == 4);
  CHECK(a[0] == std::optional<std::size_t>(0));
  CHECK_FALSE(a[1]);
  CHECK_FALSE(a[2]);
  CHECK(a[3] == std::optional<std::size_t>(1));
  CHECK(scan.occurrences[1].location.file == "a/Dockerfile");
  CHECK(scan.occurrences[1].location.line == 4);
  CHECK(scan.occurrences[1].location.reference == "busybox:1");
  CHECK(scan.sources[1].file == 0);
  CHECK(scan.sources[1].reference == 3);
  CHECK(scan.sources[2].file == 1);
  CHECK(scan.sources[2].reference == 0);
  CHECK(scan.occurrences[2].image->canonical() ==
        "docker.io/library/python:3.12");
  CHECK(scan.inline_ignores.count("a/Dockerfile") == 1);
}

TEST_CASE("scan_files leaves out files with errors or bad ignore comments",
          "[workflow]") {
  TempDir dir;
  const auto files = load_texts(
      dir, {{"a/Dockerfile", "FROM alpine\nFROM\n"},
            {"b/Dockerfile", "# stalebase:ignor\nFROM alpine\n"},
            {"c/Dockerfile", "# stalebase:ignore why\nFROM alpine\n"}});
  REQUIRE(files[0].error);
  const Scan scan = scan_files(files);
  CHECK(scan.files[0].occurrences.empty());
  CHECK_FALSE(scan.files[0].ignore_error);
  REQUIRE(scan.files[1].ignore_error);
  CHECK(scan.files[1].ignore_error->line == 1);
  CHECK(scan.files[1].occurrences.empty());
  REQUIRE(scan.occurrences.size() == 1);
  CHECK(scan.occurrences[0].location.file == "c/Dockerfile");
  CHECK(scan.inline_ignores.count("b/Dockerfile") == 0);
  REQUIRE(scan.inline_ignores.count("c/Dockerfile") == 1);
  config::Config configuration;
  CHECK(not_looked_up(scan.occurrences[0], configuration, config::Date{},
                      scan.inline_ignores) == "c/Dockerfile:1 (\"why\")");
}
