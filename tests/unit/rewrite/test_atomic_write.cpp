#include "stalebase/rewrite/atomic_write.hpp"
#include "stalebase/util/file.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdint>
#include <fstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using stalebase::rewrite::replace_file;
namespace fs = std::filesystem;

namespace {

using stalebase::test::TempDir;

std::string contents(const fs::path &path) {
  return stalebase::util::read_file(path).value();
}

mode_t mode_of(const fs::path &path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

} // namespace

TEST_CASE("replace_file writes the new bytes and keeps the permissions",
          "[rewrite]") {
  TempDir dir;
  const fs::path file = dir.write("Dockerfile", "FROM a\r\n");
  REQUIRE(::chmod(file.c_str(), 0640) == 0);
  const auto result = replace_file(file, "FROM a\r\n", "FROM a@x\r\n");
  REQUIRE(result);
  CHECK(contents(file) == "FROM a@x\r\n");
  CHECK(mode_of(file) == 0640);
  CHECK(dir.entries() == std::vector<std::string>{"Dockerfile"});
}

TEST_CASE("replace_file leaves a file that changed since it was read",
          "[rewrite]") {
  TempDir dir;
  const fs::path file = dir.write("Dockerfile", "FROM b\n");
  const auto result = replace_file(file, "FROM a\n", "FROM a@x\n");
  REQUIRE_FALSE(result);
  CHECK(result.error() == "the file changed since it was read; run again");
  CHECK(contents(file) == "FROM b\n");
  CHECK(dir.entries() == std::vector<std::string>{"Dockerfile"});
}

TEST_CASE("replace_file refuses a read-only file", "[rewrite]") {
  TempDir dir;
  const fs::path file = dir.write("Dockerfile", "FROM a\n");
  REQUIRE(::chmod(file.c_str(), 0444) == 0);
  const auto result = replace_file(file, "FROM a\n", "FROM a@x\n");
  REQUIRE_FALSE(result);
  CHECK(result.error() == "the file is read-only");
  CHECK(contents(file) == "FROM a\n");
  CHECK(mode_of(file) == 0444);
  CHECK(dir.entries() == std::vector<std::string>{"Dockerfile"});
}

TEST_CASE("replace_file leaves the original when writing fails", "[rewrite]") {
  TempDir dir;
  const fs::path file = dir.write("Dockerfile", "FROM a\n");
  // A file size limit makes write() fail as a full disk does (EFBIG instead of
  // ENOSPC).
  struct rlimit saved {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limited = saved;
  limited.rlim_cur = 4;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
  const auto result =
      replace_file(file, "FROM a\n", "FROM a@sha256:0123456789\n");
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error(),
             Catch::Matchers::StartsWith("cannot write \"" + dir.path.string() +
                                         "/.Dockerfile.stalebase-"));
  CHECK_THAT(result.error(), Catch::Matchers::EndsWith("\": File too large"));
  CHECK(contents(file) == "FROM a\n");
  CHECK(dir.entries() == std::vector<std::string>{"Dockerfile"});
}

TEST_CASE("replace_file reports a missing file", "[rewrite]") {
  TempDir dir;
  const auto result = replace_file(dir.path / "Dockerfile", "", "FROM a\n");
  REQUIRE_FALSE(result);
  CHECK(result.error() == "No such file or directory");
}

TEST_CASE("replace_file replaces a symbolic link's target and keeps the link",
          "[rewrite]") {
  TempDir dir;
  const fs::path target = dir.write("real.Dockerfile", "FROM a\n");
  fs::create_symlink("real.Dockerfile", dir.path / "Dockerfile");
  const auto result =
      replace_file(dir.path / "Dockerfile", "FROM a\n", "FROM a@x\n");
  REQUIRE(result);
  CHECK(fs::is_symlink(dir.path / "Dockerfile"));
  CHECK(contents(target) == "FROM a@x\n");
  CHECK(dir.entries() ==
        std::vector<std::string>{"Dockerfile", "real.Dockerfile"});
}

TEST_CASE("write_file_atomically creates a file and replaces one whole",
          "[rewrite]") {
  TempDir dir;
  const fs::path file = dir.path / "report.sarif";
  const mode_t mask = ::umask(022);
  const auto created = stalebase::rewrite::write_file_atomically(file, "{}\n");
  ::umask(mask);
  REQUIRE(created);
  CHECK(contents(file) == "{}\n");
  CHECK(mode_of(file) == 0644);
  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  REQUIRE(stalebase::rewrite::write_file_atomically(file, "[]\n"));
  CHECK(contents(file) == "[]\n");
  CHECK(mode_of(file) == 0600);
  CHECK(dir.entries() == std::vector<std::string>{"report.sarif"});
  const auto folder = stalebase::rewrite::write_file_atomically(dir.path, "x");
  REQUIRE_FALSE(folder);
  CHECK(folder.error() == "not a regular file");
}
