#include "stalebase/cli/inputs.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace stalebase::cli;
namespace fs = std::filesystem;

namespace {

using stalebase::test::TempDir;

} // namespace

TEST_CASE("is_dockerfile_name", "[cli]") {
  for (const char *yes :
       {"Dockerfile", "Containerfile", "app.Dockerfile", "app.dockerfile",
        "Dockerfile.dev", "Containerfile.arm64"}) {
    CHECK(is_dockerfile_name(yes));
  }
  for (const char *no : {"dockerfile", "Dockerfile.", ".Dockerfile",
                         "Dockerfiles", "README.md", "Containerfile."}) {
    CHECK_FALSE(is_dockerfile_name(no));
  }
}

TEST_CASE("discover_inputs walks folders, sorted, skipping .git", "[cli]") {
  TempDir dir;
  dir.write("b/Dockerfile");
  dir.write("a/app.Dockerfile");
  dir.write("a/notes.txt");
  dir.write(".git/Dockerfile");
  dir.write("Containerfile.dev");
  const auto inputs = discover_inputs({dir.path.string() + "/"});
  REQUIRE(inputs.has_value());
  std::vector<std::string> names;
  for (const auto &input : *inputs) {
    names.push_back(input.display);
  }
  const std::string base = dir.path.string();
  CHECK(names == std::vector<std::string>{base + "/Containerfile.dev",
                                          base + "/a/app.Dockerfile",
                                          base + "/b/Dockerfile"});
}

TEST_CASE("discover_inputs files, stdin and missing paths", "[cli]") {
  TempDir dir;
  dir.write("x.txt");
  const auto file = (dir.path / "x.txt").string();
  const auto inputs = discover_inputs({file, "-"});
  REQUIRE(inputs.has_value());
  REQUIRE(inputs->size() == 2);
  CHECK((*inputs)[0].display == file);
  CHECK((*inputs)[1].is_stdin);
  const auto missing = discover_inputs({(dir.path / "nope").string()});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() ==
        "no such file or folder: \"" + (dir.path / "nope").string() + "\"");
}
