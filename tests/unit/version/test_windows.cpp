#include "stalebase/version/windows.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::version;

TEST_CASE("scheme_for_repository", "[version]") {
  for (const char *name :
       {"mcr.microsoft.com/windows", "mcr.microsoft.com/windows/servercore",
        "mcr.microsoft.com/windows/nanoserver",
        "mcr.microsoft.com/windows/server", "microsoft/windowsservercore",
        "docker.io/microsoft/windowsservercore", "microsoft/nanoserver",
        "docker.io/microsoft/nanoserver",
        "localhost:5000/microsoft/nanoserver"}) {
    INFO(name);
    CHECK(scheme_for_repository(name) == Scheme::windows);
  }
  for (const char *name :
       {"docker.io/library/python", "mcr.microsoft.com/dotnet/runtime",
        "mcr.microsoft.com/windowsfoo", "example.com/notmicrosoft/nanoserver",
        "microsoft/nanoserver-extra", "docker.io/library/mongo", ""}) {
    INFO(name);
    CHECK(scheme_for_repository(name) == Scheme::generic);
  }
}

TEST_CASE("windows_build_of_release", "[version]") {
  // docs/versions.md, "Windows images": 14393 = 2016/ltsc2016, 17763 =
  // 2019/1809/ltsc2019, 20348 = 2022/ltsc2022, 26100 = 2025/ltsc2025.
  CHECK(windows_build_of_release("ltsc2016") == 14393u);
  CHECK(windows_build_of_release("sac2016") == 14393u);
  CHECK(windows_build_of_release("1607") == 14393u);
  CHECK(windows_build_of_release("1809") == 17763u);
  CHECK(windows_build_of_release("ltsc2019") == 17763u);
  CHECK(windows_build_of_release("LTSC2019") == 17763u);
  CHECK(windows_build_of_release("ltsc2022") == 20348u);
  CHECK(windows_build_of_release("ltsc2025") == 26100u);
  CHECK(windows_build_of_release("20H2") == 19042u);
  CHECK(windows_build_of_release("20h2") == 19042u);
  CHECK(windows_build_of_release("1709") == 16299u);
  CHECK_FALSE(windows_build_of_release("ltsc2030").has_value());
  CHECK_FALSE(windows_build_of_release("").has_value());
}

TEST_CASE("windows_release_of_build", "[version]") {
  CHECK(windows_release_of_build(14393) == "ltsc2016");
  CHECK(windows_release_of_build(17763) == "ltsc2019");
  CHECK(windows_release_of_build(20348) == "ltsc2022");
  CHECK(windows_release_of_build(26100) == "ltsc2025");
  CHECK(windows_release_of_build(19042) == "20H2");
  CHECK(windows_release_of_build(1).empty());
}
