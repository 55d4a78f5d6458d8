#include "stalebase/reference/platform.hpp"

#include <catch2/catch.hpp>

using stalebase::reference::parse_platform;

TEST_CASE("parse_platform", "[reference]") {
  CHECK(parse_platform("linux/amd64")->to_string() == "linux/amd64");
  CHECK(parse_platform("linux/x86_64")->to_string() == "linux/amd64");
  CHECK(parse_platform("linux/aarch64")->to_string() == "linux/arm64");
  CHECK(parse_platform("linux/arm64/v8")->to_string() == "linux/arm64");
  CHECK(parse_platform("linux/arm")->to_string() == "linux/arm/v7");
  CHECK(parse_platform("linux/armhf")->to_string() == "linux/arm/v7");
  CHECK(parse_platform("Windows/AMD64")->to_string() == "windows/amd64");
  CHECK(parse_platform("linux").error() ==
        "expected os/arch[/variant], found \"linux\"");
  CHECK(parse_platform("linux//").error() ==
        "expected os/arch[/variant], found \"linux//\"");
  CHECK(parse_platform("linus/amd64").error() ==
        "unknown operating system \"linus\"");
}
