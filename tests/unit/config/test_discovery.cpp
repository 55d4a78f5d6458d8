#include "stalebase/config/discovery.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace stalebase::config;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system's temporary folder, removed at the end of
// the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("stalebase-config-test-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
    path = fs::canonical(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  void write(const std::string &relative, const std::string &text) const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << text;
  }
};

} // namespace

TEST_CASE("config::find_config walks up to the nearest file", "[config]") {
  TempDir dir;
  fs::create_directories(dir.path / "repo/services/api/src");
  fs::create_directories(dir.path / "other/deep");
  dir.write("repo/.stalebase.yaml", "fail-on: none\n");
  dir.write("repo/services/api/.stalebase.yml", "fail-on: patch\n");
  dir.write("repo/services/.stalebase.yaml/keep", "a folder, not a file\n");

  CHECK(find_config(dir.path / "repo/services/api/src") ==
        dir.path / "repo/services/api/.stalebase.yml");
  CHECK(find_config(dir.path / "repo/services/api") ==
        dir.path / "repo/services/api/.stalebase.yml");
  // A folder named .stalebase.yaml is passed over.
  CHECK(find_config(dir.path / "repo/services") ==
        dir.path / "repo/.stalebase.yaml");
  CHECK(find_config(dir.path / "repo") == dir.path / "repo/.stalebase.yaml");
  CHECK(find_config(dir.path / "repo/services/api/src/../../..") ==
        dir.path / "repo/.stalebase.yaml");

  SECTION(".yaml wins over .yml in one folder") {
    dir.write("repo/services/api/.stalebase.yaml", "fail-on: digest\n");
    CHECK(find_config(dir.path / "repo/services/api/src") ==
          dir.path / "repo/services/api/.stalebase.yaml");
  }
  SECTION("nothing up to the root") {
    // Assumes no .stalebase.yaml in the temporary folder's ancestors, which a
    // test machine has no reason to have; say so if it does.
    for (fs::path folder = dir.path; !folder.empty();
         folder = folder.parent_path()) {
      REQUIRE_FALSE(fs::exists(folder / ".stalebase.yaml"));
      REQUIRE_FALSE(fs::exists(folder / ".stalebase.yml"));
      if (folder == folder.parent_path()) {
        break;
      }
    }
    CHECK(find_config(dir.path / "other/deep") == std::nullopt);
  }
}

TEST_CASE("config::load_config reads, parses and resolves paths", "[config]") {
  TempDir dir;
  dir.write("repo/.stalebase.yaml", R"(fail-on: digest
registries:
  ghcr.io:
    ca-file: certs/ghcr.pem
  quay.io:
    ca-file: /etc/ssl/quay.pem
cache:
  dir: ../cache
)");
  const auto config = load_config(dir.path / "repo/.stalebase.yaml");
  REQUIRE(config.has_value());
  CHECK(config->file == (dir.path / "repo/.stalebase.yaml").string());
  CHECK(config->fail_on->to_string() == "digest-drift");
  CHECK(config->registries.at("ghcr.io").ca_file ==
        (dir.path / "repo/certs/ghcr.pem").string());
  CHECK(config->registries.at("quay.io").ca_file == "/etc/ssl/quay.pem");
  CHECK(config->cache.dir == (dir.path / "cache").string());
}

TEST_CASE("config::load_config expands ~ in paths", "[config]") {
  TempDir dir;
  dir.write(".stalebase.yaml", "cache:\n  dir: ~/stalebase-cache\n");
  const char *home = std::getenv("HOME");
  REQUIRE(home != nullptr);
  const auto config = load_config(dir.path / ".stalebase.yaml");
  REQUIRE(config.has_value());
  CHECK(config->cache.dir == (fs::path(home) / "stalebase-cache").string());
}

TEST_CASE("config::load_config errors name the file", "[config]") {
  TempDir dir;
  const fs::path missing = dir.path / "nope.yaml";
  const auto absent = load_config(missing);
  REQUIRE_FALSE(absent.has_value());
  CHECK(absent.error().to_string() ==
        missing.string() +
            ": error: cannot read the file: No such file or directory");
  const auto folder = load_config(dir.path);
  REQUIRE_FALSE(folder.has_value());
  CHECK(folder.error().to_string() ==
        dir.path.string() + ": error: cannot read the file: is a directory");

  dir.write("bad.yaml", "cache:\n  tll: 1h\n");
  const auto bad = load_config(dir.path / "bad.yaml");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().to_string() ==
        (dir.path / "bad.yaml").string() +
            ":2:3: error: unknown key \"tll\" in \"cache\", did you mean "
            "\"ttl\"?");
}
