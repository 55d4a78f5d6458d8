#include "stalebase/report/track_view.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace stalebase;
using check::Relation;
using version::UpdateLevel;

namespace {

check::TrackView sample() {
  check::TrackView view;
  view.tag = "3.12.1-slim";
  view.track = "*.*.*-slim";
  view.tags = {
      {"3.13.2-slim", Relation::newer, UpdateLevel::minor, false},
      {"3.12.8rc1-slim", Relation::newer, UpdateLevel::patch, true},
      {"3.12.1-slim", Relation::current, UpdateLevel::none, false},
      {"3.12.01-slim", Relation::same_version, UpdateLevel::none, false},
      {"3.12.0-slim", Relation::older, UpdateLevel::patch, false}};
  view.floating = {{"3.12-slim", "sha256:aa", {"3.12.7-slim"}},
                   {"slim", "sha256:bb", {}},
                   {"3-slim", "", {}}};
  return view;
}

} // namespace

TEST_CASE("report::render_track_view_text", "[report]") {
  CHECK(report::render_track_view_text(sample()) ==
        "track *.*.*-slim, newest first:\n"
        "  3.13.2-slim     minor\n"
        "  3.12.8rc1-slim  patch, prerelease\n"
        "  3.12.1-slim     current\n"
        "  3.12.01-slim    same version\n"
        "  3.12.0-slim     patch, older\n"
        "floating tags:\n"
        "  3.12-slim  = 3.12.7-slim\n"
        "  slim       (no full version found)\n"
        "  3-slim     (could not be resolved)\n");
  check::TrackView windows;
  windows.tag = "ltsc2022";
  windows.tags = {};
  windows.floating = {{"ltsc2022", "sha256:cc", {"10.0.20348.2849"}}};
  CHECK(report::render_track_view_text(windows) ==
        "track: none (\"ltsc2022\" is not a version)\n"
        "floating tags:\n"
        "  ltsc2022  = 10.0.20348.2849\n");
  check::TrackView os;
  os.tag = "10.0.14393.693";
  os.track = "*.*.*.*";
  os.tags = {{"10.0.17763.5458", Relation::newer, UpdateLevel::os, false}};
  CHECK(report::render_track_view_text(os) == "track *.*.*.*, newest first:\n"
                                              "  10.0.17763.5458  os change\n");
}

TEST_CASE("report::track_view_to_json", "[report]") {
  const auto json = report::track_view_to_json(sample(), "python:3.12.1-slim",
                                               "docker.io/library/python");
  CHECK(
      json.dump() ==
      R"({"reference":"python:3.12.1-slim","repository":"docker.io/library/python",)"
      R"("tag":"3.12.1-slim","track":"*.*.*-slim","tags":[)"
      R"({"tag":"3.13.2-slim","relation":"newer","level":"minor","prerelease":false},)"
      R"({"tag":"3.12.8rc1-slim","relation":"newer","level":"patch","prerelease":true},)"
      R"({"tag":"3.12.1-slim","relation":"current","level":"none","prerelease":false},)"
      R"({"tag":"3.12.01-slim","relation":"same-version","level":"none","prerelease":false},)"
      R"({"tag":"3.12.0-slim","relation":"older","level":"patch","prerelease":false}],)"
      R"("floating":[{"tag":"3.12-slim","digest":"sha256:aa","equals":["3.12.7-slim"]},)"
      R"({"tag":"slim","digest":"sha256:bb","equals":[]},)"
      R"({"tag":"3-slim","digest":null,"equals":[]}],"variants":[]})");
  check::TrackView none;
  none.tag = "latest";
  CHECK(
      report::track_view_to_json(none, "alpine", "docker.io/library/alpine")
          .dump() ==
      R"({"reference":"alpine","repository":"docker.io/library/alpine",)"
      R"("tag":"latest","track":null,"tags":[],"floating":[],"variants":[]})");
}

TEST_CASE("report: the OS variants of the line in `tags`", "[report]") {
  check::TrackView view;
  view.tag = "8.1.33-fpm-bullseye";
  view.track = "*.*.*-fpm-bullseye";
  view.tags = {
      {"8.1.33-fpm-bullseye", Relation::current, UpdateLevel::none, false}};
  view.variants = {{"-fpm-bullseye", "8.1.33-fpm-bullseye", true, true},
                   {"-fpm-bookworm", "8.1.34-fpm-bookworm", false, false},
                   {"-fpm-trixie", "8.1.34-fpm-trixie", false, false}};
  CHECK(report::render_track_view_text(view) ==
        "track *.*.*-fpm-bullseye, newest first:\n"
        "  8.1.33-fpm-bullseye  current\n"
        "OS variants of the line, oldest release first (last build):\n"
        "  8.1.33-fpm-bullseye  ended, current variant\n"
        "  8.1.34-fpm-bookworm  newest patch\n"
        "  8.1.34-fpm-trixie    newest patch\n");
  CHECK(
      report::track_view_to_json(view, "php:8.1.33-fpm-bullseye",
                                 "docker.io/library/php")["variants"]
          .dump() ==
      R"([{"suffix":"-fpm-bullseye","last":"8.1.33-fpm-bullseye","current":true,"ended":true},)"
      R"({"suffix":"-fpm-bookworm","last":"8.1.34-fpm-bookworm","current":false,"ended":false},)"
      R"({"suffix":"-fpm-trixie","last":"8.1.34-fpm-trixie","current":false,"ended":false}])");
}
