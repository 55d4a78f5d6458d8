#include "stalebase/workflow/inputs.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace stalebase::workflow;
namespace fs = std::filesystem;

namespace {

using stalebase::test::TempDir;

} // namespace

TEST_CASE("is_dockerfile_name", "[workflow]") {
  for (const char *yes :
       {"Dockerfile", "Containerfile", "app.Dockerfile", "app.dockerfile",
        "Dockerfile.dev", "Containerfile.arm64",
        // issue 13, as Renovate finds them
        "dockerfile", "containerfile", "Dockerfile-dev", "Dockerfile_prod",
        "dockerfile.dev", "app.containerfile", "app.Containerfile",
        "Containerfile-arm64", "Dockerfile.prod.windows"}) {
    INFO(yes);
    CHECK(is_dockerfile_name(yes));
  }
  for (const char *no : {"Dockerfile.",
                         ".Dockerfile",
                         "Dockerfiles",
                         "README.md",
                         "Containerfile.",
                         "Dockerfile-",
                         "DOCKERFILE",
                         "Dockerfile2",
                         "my-dockerfile",
                         "Dockerfile.md",
                         "Dockerfile.MD",
                         "Dockerfile.txt",
                         "Dockerfile.dockerignore",
                         "app.Dockerfile.dockerignore",
                         "Dockerfile.j2",
                         "Dockerfile.tmpl",
                         "Dockerfile.in",
                         "Dockerfile~",
                         "Dockerfile.orig",
                         "Dockerfile.rej",
                         "Dockerfile.swp",
                         "dockerfile-lint.sh",
                         "Dockerfile.prod.bak"}) {
    INFO(no);
    CHECK_FALSE(is_dockerfile_name(no));
  }
}

TEST_CASE("discover_inputs walks folders, sorted, skipping .git",
          "[workflow]") {
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

TEST_CASE("discover_inputs skips what .gitignore files ignore", "[workflow]") {
  TempDir dir;
  dir.write(".gitignore", "# generated\n/build/\n*.tmp.Dockerfile\n"
                          "Dockerfile.*\n!Dockerfile.prod\n");
  dir.write("build/Dockerfile");
  dir.write("app/build/Dockerfile"); // `/build/` is anchored
  dir.write("app/x.tmp.Dockerfile");
  dir.write("app/Dockerfile.dev");
  dir.write("app/Dockerfile.prod");
  dir.write("app/Dockerfile");
  // A deeper .gitignore applies to its own folder and below, and wins.
  dir.write("svc/.gitignore", "!Dockerfile.dev\nvendor\n");
  dir.write("svc/Dockerfile.dev");
  dir.write("svc/vendor/Dockerfile");
  dir.write("svc/vendor.Dockerfile");
  dir.write("other/vendor/Dockerfile"); // not below svc/
  // A folder that is ignored is not entered: `!` cannot bring a file back.
  dir.write(".gitignore.d/Dockerfile");
  dir.write("cache/Dockerfile");
  dir.write("cache/.gitignore", "");
  std::ofstream(dir.path / ".gitignore", std::ios::app)
      << "cache/\n!cache/Dockerfile\n";
  const auto inputs = discover_inputs({dir.path.string()});
  REQUIRE(inputs.has_value());
  std::vector<std::string> names;
  for (const auto &input : *inputs) {
    names.push_back(input.display.substr(dir.path.string().size() + 1));
  }
  CHECK(names == std::vector<std::string>{
                     ".gitignore.d/Dockerfile", "app/Dockerfile",
                     "app/Dockerfile.prod", "app/build/Dockerfile",
                     "other/vendor/Dockerfile", "svc/Dockerfile.dev",
                     "svc/vendor.Dockerfile"});

  SECTION("a file named on the command line is always read") {
    const std::string ignored = (dir.path / "build/Dockerfile").string();
    const auto named = discover_inputs({ignored});
    REQUIRE(named.has_value());
    REQUIRE(named->size() == 1);
    CHECK((*named)[0].display == ignored);
  }
  SECTION("a folder named on the command line is walked with its own rules "
          "only") {
    const auto named = discover_inputs({(dir.path / "build").string()});
    REQUIRE(named.has_value());
    CHECK(named->size() == 1);
  }
}

TEST_CASE("discover_inputs files, stdin and missing paths", "[workflow]") {
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
