#include "stalebase/util/file.hpp"
#include "stalebase/workflow/rewrite.hpp"

#include "../check/history.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace stalebase;
using namespace stalebase::workflow;
using check::test::History;
using registry::MemoryRegistry;
using report::FileOutcome;
using report::render_rewrite_summary;
using report::RewriteOutcome;
using stalebase::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string k_alpine = "docker.io/library/alpine";
const std::string k_python = "docker.io/library/python";

std::string contents(const TempDir &dir, const std::string &relative) {
  return util::read_file(dir.path / relative).value();
}

std::vector<LoadedFile> load(const TempDir &dir) {
  auto inputs = discover_inputs({dir.path.string()});
  REQUIRE(inputs);
  std::vector<LoadedFile> files;
  for (const InputFile &input : *inputs) {
    files.push_back(load_input(input, {}));
  }
  return files;
}

check::CheckOptions one_job() {
  check::CheckOptions options;
  options.jobs = 1;
  return options;
}

RewriteOptions pin_options() {
  RewriteOptions options;
  options.targets.mode = rewrite::Mode::pin;
  options.targets.add_digests = true;
  return options;
}

const FileOutcome &outcome_for(const RewriteOutcome &outcome,
                               const std::string &suffix) {
  for (const FileOutcome &file : outcome.files) {
    if (file.display.size() >= suffix.size() &&
        file.display.compare(file.display.size() - suffix.size(), suffix.size(),
                             suffix) == 0) {
      return file;
    }
  }
  FAIL("no outcome for " << suffix);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("run_rewrite pins a folder and goes on past a registry error",
          "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tag("3.19.0",
             alpine.index({{"linux/amd64", "a"}, {"linux/arm64", "b"}}));
  memory.fail(k_python,
              registry::RegistryError{registry::RegistryErrorKind::network,
                                      "connection refused"});
  TempDir dir;
  dir.write("a/Dockerfile", "FROM alpine:3.19.0\n");
  dir.write("b/Dockerfile", "FROM python:3.12.1\n");
  dir.write("c/Dockerfile",
            "FROM alpine:3.19.0 AS x\r\nFROM python:3.12.1\r\n");

  const auto outcome = run_rewrite(memory, load(dir), one_job(), pin_options());
  const std::string digest = alpine.digest("3.19.0");
  CHECK(contents(dir, "a/Dockerfile") == "FROM alpine:3.19.0@" + digest + "\n");
  CHECK(contents(dir, "b/Dockerfile") == "FROM python:3.12.1\n");
  CHECK(contents(dir, "c/Dockerfile") ==
        "FROM alpine:3.19.0@" + digest + " AS x\r\nFROM python:3.12.1\r\n");
  REQUIRE(outcome.errors.size() == 1);
  CHECK(outcome.errors.front().first == "docker.io/library/python:3.12.1");
  CHECK(outcome.any_change());
  CHECK_FALSE(outcome.any_file_error());
  const FileOutcome &b = outcome_for(outcome, "b/Dockerfile");
  REQUIRE(b.skipped.size() == 1);
  CHECK(
      b.skipped.front().reason ==
      "could not check 3.12.1 in docker.io/library/python: connection refused");
  CHECK_FALSE(b.written);
  CHECK(outcome_for(outcome, "c/Dockerfile").written);

  // A second run changes nothing.
  const auto again = run_rewrite(memory, load(dir), one_job(), pin_options());
  for (const FileOutcome &file : again.files) {
    CHECK(file.before == file.after);
    CHECK_FALSE(file.written);
  }
}

TEST_CASE("run_rewrite leaves a file that changed since it was read",
          "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tag("3.19.0", alpine.index({{"linux/amd64", "a"}}));
  TempDir dir;
  dir.write("a/Dockerfile", "FROM alpine:3.19.0\n");
  dir.write("b/Dockerfile", "FROM alpine:3.19.0\n");
  const auto files = load(dir);
  dir.write("b/Dockerfile", "FROM alpine:3.19.0\nRUN true\n");

  const auto outcome = run_rewrite(memory, files, one_job(), pin_options());
  CHECK(contents(dir, "a/Dockerfile") ==
        "FROM alpine:3.19.0@" + alpine.digest("3.19.0") + "\n");
  CHECK(contents(dir, "b/Dockerfile") == "FROM alpine:3.19.0\nRUN true\n");
  CHECK(outcome_for(outcome, "b/Dockerfile").error ==
        "the file changed since it was read; run again");
  CHECK(outcome.any_file_error());
}

TEST_CASE("run_rewrite leaves a read-only file", "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tag("3.19.0", alpine.index({{"linux/amd64", "a"}}));
  TempDir dir;
  dir.write("Dockerfile", "FROM alpine:3.19.0\n");
  REQUIRE(::chmod((dir.path / "Dockerfile").c_str(), 0444) == 0);
  const auto outcome = run_rewrite(memory, load(dir), one_job(), pin_options());
  CHECK(contents(dir, "Dockerfile") == "FROM alpine:3.19.0\n");
  REQUIRE(outcome.files.size() == 1);
  CHECK(outcome.files.front().error == "the file is read-only");
  CHECK(render_rewrite_summary(outcome, "pinned", false) ==
        outcome.files.front().display +
            ": not changed: the file is read-only\nnothing to change\n");
}

TEST_CASE("run_rewrite without writing shows what would change", "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  alpine.tag("3.19.0", alpine.index({{"linux/amd64", "a"}}));
  TempDir dir;
  dir.write("Dockerfile",
            "ARG V=3.19.0\nFROM alpine:${V}\nFROM busybox:${V}\n");
  RewriteOptions options = pin_options();
  options.write = false;
  memory.fail("docker.io/library/busybox",
              registry::RegistryError{registry::RegistryErrorKind::not_found,
                                      "not found"});
  const auto outcome = run_rewrite(memory, load(dir), one_job(), options);
  CHECK(contents(dir, "Dockerfile") ==
        "ARG V=3.19.0\nFROM alpine:${V}\nFROM busybox:${V}\n");
  REQUIRE(outcome.files.size() == 1);
  const FileOutcome &file = outcome.files.front();
  CHECK(file.after == "ARG V=3.19.0\nFROM alpine:${V}@" +
                          alpine.digest("3.19.0") + "\nFROM busybox:${V}\n");
  CHECK(render_rewrite_summary(outcome, "pinned", true) ==
        file.display + ":\n  line 2: alpine:3.19.0 → alpine:3.19.0@" +
            check::short_digest(alpine.digest("3.19.0")) +
            " (the digest holds only while the ARG values are V=3.19.0)"
            "\n  line 3: left busybox:3.19.0 alone: could not check 3.19.0 in "
            "docker.io/library/busybox: not found\n1 reference would be pinned "
            "in 1 file, 1 "
            "left alone\n");
}

TEST_CASE("run_rewrite updates to the newest tag the level allows",
          "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  const std::string old = alpine.index({{"linux/amd64", "old"}});
  alpine.tag("3.19.0", alpine.index({{"linux/amd64", "3.19.0"}}));
  alpine.tag("3.19.1", alpine.index({{"linux/amd64", "3.19.1"}}));
  alpine.tag("3.20.0", alpine.index({{"linux/amd64", "3.20.0"}}));
  alpine.tag("4.0.0", alpine.index({{"linux/amd64", "4.0.0"}}));
  TempDir dir;
  dir.write("a/Dockerfile", "FROM alpine:3.19.0@" + old + "\n");
  dir.write("b/Dockerfile", "FROM alpine:3.19.0\n");
  RewriteOptions options;
  options.targets.mode = rewrite::Mode::update;
  check::CheckOptions check_options = one_job();

  SECTION("patch") {
    check_options.policy = [](const reference::ImageReference &) {
      return check::ImagePolicy{version::UpdateLevel::patch, false};
    };
    run_rewrite(memory, load(dir), check_options, options);
    CHECK(contents(dir, "a/Dockerfile") ==
          "FROM alpine:3.19.1@" + alpine.digest("3.19.1") + "\n");
    CHECK(contents(dir, "b/Dockerfile") == "FROM alpine:3.19.1\n");
  }
  SECTION("minor, with --pin") {
    check_options.policy = [](const reference::ImageReference &) {
      return check::ImagePolicy{version::UpdateLevel::minor, false};
    };
    options.targets.add_digests = true;
    run_rewrite(memory, load(dir), check_options, options);
    CHECK(contents(dir, "a/Dockerfile") ==
          "FROM alpine:3.20.0@" + alpine.digest("3.20.0") + "\n");
    CHECK(contents(dir, "b/Dockerfile") ==
          "FROM alpine:3.20.0@" + alpine.digest("3.20.0") + "\n");
  }
}

TEST_CASE("run_rewrite leaves ignored references alone", "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, k_alpine);
  const std::string old = alpine.index({{"linux/amd64", "old"}});
  alpine.tag("3.19.0", alpine.index({{"linux/amd64", "3.19.0"}}));
  alpine.tag("3.19.1", alpine.index({{"linux/amd64", "3.19.1"}}));
  TempDir dir;

  SECTION("pin: inline comments for every kind, unpinned, digest-drift") {
    const std::string text = "FROM alpine:3.19.0\n"
                             "# stalebase:ignore keep it\n"
                             "FROM alpine:3.19.0\n"
                             "# stalebase:ignore=unpinned\n"
                             "FROM alpine:3.19.0\n"
                             "# stalebase:ignore=digest\n"
                             "FROM alpine:3.19.0@" +
                             old +
                             "\n"
                             "# stalebase:ignore=patch\n"
                             "FROM alpine:3.19.0@" +
                             old + "\n";
    dir.write("Dockerfile", text);
    const auto outcome =
        run_rewrite(memory, load(dir), one_job(), pin_options());
    const std::string now = alpine.digest("3.19.0");
    CHECK(contents(dir, "Dockerfile") == "FROM alpine:3.19.0@" + now +
                                             "\n"
                                             "# stalebase:ignore keep it\n"
                                             "FROM alpine:3.19.0\n"
                                             "# stalebase:ignore=unpinned\n"
                                             "FROM alpine:3.19.0\n"
                                             "# stalebase:ignore=digest\n"
                                             "FROM alpine:3.19.0@" +
                                             old +
                                             "\n"
                                             "# stalebase:ignore=patch\n"
                                             "FROM alpine:3.19.0@" +
                                             now + "\n");
    REQUIRE(outcome.files.size() == 1);
    CHECK(outcome.files.front().skipped.empty());
    CHECK(outcome.files.front().changes.size() == 2);
  }
  SECTION("update: a configuration entry in force, then lapsed") {
    dir.write("Dockerfile", "FROM alpine:3.19.0\n");
    RewriteOptions options;
    options.targets.mode = rewrite::Mode::update;
    options.configuration.file = ".stalebase.yaml";
    options.configuration.ignores = {
        config::IgnoreRule{"alpine",
                           std::string("3.19*"),
                           {check::FindingKind::patch_available},
                           "waiting",
                           config::Date{2026, 1, 31},
                           2}};
    options.today = config::Date{2026, 1, 31};
    check::CheckOptions check_options = one_job();
    check_options.policy = [](const reference::ImageReference &) {
      return check::ImagePolicy{version::UpdateLevel::patch, false};
    };
    run_rewrite(memory, load(dir), check_options, options);
    CHECK(contents(dir, "Dockerfile") == "FROM alpine:3.19.0\n");
    options.today = config::Date{2026, 2, 1};
    run_rewrite(memory, load(dir), check_options, options);
    CHECK(contents(dir, "Dockerfile") == "FROM alpine:3.19.1\n");
  }
  SECTION("a malformed ignore comment is a file error, as in check") {
    dir.write("Dockerfile", "# stalebase:ignor\nFROM alpine:3.19.0\n");
    const auto outcome =
        run_rewrite(memory, load(dir), one_job(), pin_options());
    CHECK(contents(dir, "Dockerfile") ==
          "# stalebase:ignor\nFROM alpine:3.19.0\n");
    REQUIRE(outcome.files.size() == 1);
    CHECK(outcome.files.front().error ==
          "line 1: unknown stalebase comment \"stalebase:ignor\", did you "
          "mean \"stalebase:ignore\"?");
    CHECK(outcome.any_file_error());
  }
}
