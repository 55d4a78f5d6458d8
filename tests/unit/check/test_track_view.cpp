#include "stalebase/check/track_view.hpp"

#include "history.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using namespace stalebase::check;
using check::test::History;
using registry::MemoryRegistry;
using version::UpdateLevel;

namespace {

reference::ImageReference ref(const std::string &text) {
  return reference::parse_reference(text).value();
}

} // namespace

TEST_CASE("check::track_view of a version", "[check]") {
  MemoryRegistry memory;
  History python(memory, "docker.io/library/python");
  python.tags({"3.12.0-slim", "3.12.1-slim", "3.12.7-slim", "3.13.2-slim",
               "3.12.8rc1-slim", "3.12.7-slim-bookworm", "3.12.7",
               "4.0.0-slim"});
  python.tag("3.12-slim", python.digest("3.12.7-slim"));
  python.tag("3-slim", python.digest("3.13.2-slim"));
  python.tag("slim", python.digest("4.0.0-slim"));
  python.tag("latest", python.digest("3.12.7"));

  const auto view = track_view(memory, ref("python:3.12.1-slim"));
  REQUIRE(view);
  CHECK(view->tag == "3.12.1-slim");
  CHECK(view->track == "*.*.*-slim");
  const std::vector<std::string> order = [&] {
    std::vector<std::string> tags;
    for (const TrackTag &tag : view->tags) {
      tags.push_back(tag.tag);
    }
    return tags;
  }();
  CHECK(order == std::vector<std::string>{"4.0.0-slim", "3.13.2-slim",
                                          "3.12.8rc1-slim", "3.12.7-slim",
                                          "3.12.1-slim", "3.12.0-slim"});
  CHECK(view->tags[0].level == UpdateLevel::major);
  CHECK(view->tags[1].level == UpdateLevel::minor);
  CHECK(view->tags[2].prerelease);
  CHECK(view->tags[3].relation == Relation::newer);
  CHECK(view->tags[3].level == UpdateLevel::patch);
  CHECK(view->tags[4].relation == Relation::current);
  CHECK(view->tags[4].level == UpdateLevel::none);
  CHECK(view->tags[5].relation == Relation::older);
  CHECK(view->tags[5].level == UpdateLevel::patch);

  REQUIRE(view->floating.size() == 3);
  CHECK(view->floating[0].tag == "3.12-slim");
  CHECK(view->floating[0].equals == std::vector<std::string>{"3.12.7-slim"});
  CHECK(view->floating[0].digest == python.digest("3.12.7-slim"));
  CHECK(view->floating[1].tag == "3-slim");
  CHECK(view->floating[1].equals == std::vector<std::string>{"3.13.2-slim"});
  CHECK(view->floating[2].tag == "slim");
  CHECK(view->floating[2].equals == std::vector<std::string>{"4.0.0-slim"});
  CHECK(memory.calls("list_tags") == 1);
  CHECK(memory.calls("manifest") == 0);
}

TEST_CASE("check::track_view of Windows release names", "[check]") {
  MemoryRegistry memory;
  History servercore(memory, "mcr.microsoft.com/windows/servercore");
  for (const std::string version :
       {"10.0.14393.693", "10.0.17763.5458", "10.0.20348.2849"}) {
    servercore.tag(version, servercore.index(
                                {{"windows(" + version + ")/amd64", version}}));
  }
  servercore.tag("ltsc2016", servercore.digest("10.0.14393.693"));
  servercore.tag("ltsc2022", servercore.digest("10.0.20348.2849"));

  const auto build = track_view(
      memory, ref("mcr.microsoft.com/windows/servercore:10.0.17763.5458"));
  REQUIRE(build);
  REQUIRE(build->tags.size() == 3);
  CHECK(build->tags[0].level == UpdateLevel::os);
  CHECK(build->tags[2].relation == Relation::older);
  REQUIRE(build->floating.size() == 2);
  CHECK(build->floating[0].tag == "ltsc2016");
  CHECK(build->floating[0].equals ==
        std::vector<std::string>{"10.0.14393.693"});
  CHECK(build->floating[1].equals ==
        std::vector<std::string>{"10.0.20348.2849"});

  const auto name =
      track_view(memory, ref("mcr.microsoft.com/windows/servercore:ltsc2022"));
  REQUIRE(name);
  CHECK(name->track.empty());
  CHECK(name->tags.empty());
  REQUIRE(name->floating.size() == 1);
  CHECK(name->floating[0].tag == "ltsc2022");
  CHECK(name->floating[0].equals ==
        std::vector<std::string>{"10.0.20348.2849"});
}

TEST_CASE("check::track_view failures", "[check]") {
  MemoryRegistry memory;
  const auto missing = track_view(memory, ref("ghcr.io/acme/nosuch:1.0"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "repository not found or unauthorized");
  CHECK(to_string(Relation::same_version) == "same-version");
}
