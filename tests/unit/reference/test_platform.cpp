#include "stalebase/reference/platform.hpp"

#include <catch2/catch.hpp>

using stalebase::reference::normalize_platform;
using stalebase::reference::parse_platform;
using stalebase::reference::Platform;
using stalebase::reference::platform_matches;

namespace {

std::string normalized(const char *text) {
  const auto platform = parse_platform(text);
  return platform ? platform->to_string() : "error: " + platform.error();
}

} // namespace

TEST_CASE("parse_platform normalises as containerd", "[reference]") {
  const std::pair<const char *, const char *> table[] = {
      {"linux/amd64", "linux/amd64"},
      {"linux/x86_64", "linux/amd64"},
      {"linux/x86-64", "linux/amd64"},
      {"linux/amd64/v1", "linux/amd64"},
      {"linux/amd64/v3", "linux/amd64/v3"},
      {"linux/i386", "linux/386"},
      {"linux/386", "linux/386"},
      {"linux/aarch64", "linux/arm64"},
      {"linux/arm64/v8", "linux/arm64"},
      {"linux/arm64/8", "linux/arm64"},
      {"linux/arm64/v8.0", "linux/arm64"},
      {"linux/arm64/9", "linux/arm64/v9"},
      {"linux/arm", "linux/arm/v7"},
      {"linux/arm/7", "linux/arm/v7"},
      {"linux/arm/6", "linux/arm/v6"},
      {"linux/arm/v5", "linux/arm/v5"},
      {"linux/armhf", "linux/arm/v7"},
      {"linux/armel", "linux/arm/v6"},
      {"Windows/AMD64", "windows/amd64"},
      {"macos/arm64", "darwin/arm64"},
      {"linux/s390x", "linux/s390x"},
      {"linux/ppc64le", "linux/ppc64le"},
      {"windows(10.0.17763)/amd64", "windows(10.0.17763)/amd64"},
  };
  for (const auto &[text, expected] : table) {
    INFO(text);
    CHECK(normalized(text) == expected);
  }
  CHECK(parse_platform("linux/arm64/v8").value() ==
        parse_platform("linux/arm64").value());
  CHECK(parse_platform("windows(10.0.17763)/amd64").value().os_version ==
        "10.0.17763");
}

TEST_CASE("parse_platform errors", "[reference]") {
  for (const char *text :
       {"linux", "linux/", "/amd64", "linux//", "linux/arm/v7/extra",
        "linux/am d64", "windows(10.0/amd64", ""}) {
    INFO(text);
    CHECK(parse_platform(text).error() == "invalid platform \"" +
                                              std::string(text) +
                                              "\": expected os/arch[/variant]");
  }
  const std::string os_error = parse_platform("linus/amd64").error();
  CHECK(os_error.rfind("unknown operating system \"linus\" in platform "
                       "\"linus/amd64\" (did you mean linux?): expected one "
                       "of aix, android, darwin,",
                       0) == 0);
  CHECK(os_error.find("windows") != std::string::npos);
  const std::string arch_error = parse_platform("linux/amd46").error();
  CHECK(arch_error.rfind("unknown architecture \"amd46\" in platform "
                         "\"linux/amd46\" (did you mean amd64?): expected one "
                         "of 386, amd64,",
                         0) == 0);
  CHECK(
      parse_platform("plan10/quux")
          .error()
          .rfind(
              "unknown operating system \"plan10\" in platform \"plan10/quux\"",
              0) == 0);
}

TEST_CASE("normalize_platform", "[reference]") {
  CHECK(normalize_platform(Platform{"Linux", "ARMHF", "", ""}) ==
        Platform{"linux", "arm", "v7", ""});
  CHECK(normalize_platform(Platform{"linux", "aarch64", "v8", "x"}) ==
        Platform{"linux", "arm64", "", "x"});
  // Unknown names are kept: image indexes list `unknown/unknown` children.
  CHECK(normalize_platform(Platform{"unknown", "unknown", "", ""}) ==
        Platform{"unknown", "unknown", "", ""});
}

TEST_CASE("platform_matches", "[reference]") {
  struct Case {
    Platform wanted;
    Platform candidate;
    bool matches;
  };
  const Case cases[] = {
      {{"linux", "arm64", "", ""}, {"linux", "arm64", "v8", ""}, true},
      {{"linux", "arm", "", ""}, {"linux", "arm", "v7", ""}, true},
      {{"linux", "386", "", ""}, {"linux", "i386", "", ""}, true},
      {{"linux", "arm", "v6", ""}, {"linux", "arm", "v7", ""}, false},
      {{"linux", "amd64", "", ""}, {"windows", "amd64", "", ""}, false},
      {{"windows", "amd64", "", ""}, {"windows", "amd64", "", "10.0.1"}, true},
      {{"windows", "amd64", "", "10.0.1"},
       {"windows", "amd64", "", "10.0.1.5"},
       true},
      {{"windows", "amd64", "", "10.0.1"},
       {"windows", "amd64", "", "10.0.15"},
       false},
  };
  for (const Case &c : cases) {
    INFO(c.wanted.to_string() + " ~ " + c.candidate.to_string());
    CHECK(platform_matches(c.wanted, c.candidate) == c.matches);
  }
}
