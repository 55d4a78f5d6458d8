#include "stalebase/util/gitignore.hpp"

#include <catch2/catch.hpp>

#include <optional>

using stalebase::util::Gitignore;

namespace {

constexpr std::optional<bool> k_ignored = true;
constexpr std::optional<bool> k_kept = false;
constexpr std::optional<bool> k_unmentioned = std::nullopt;

} // namespace

TEST_CASE("util::Gitignore blank lines, comments and spaces", "[util]") {
  const Gitignore rules =
      Gitignore::parse("\n# a comment\n   \n\\#hash\nspace\\ \ntrail   \r\n");
  CHECK(rules.ignores("# a comment", false) == k_unmentioned);
  CHECK(rules.ignores("#hash", false) == k_ignored);
  CHECK(rules.ignores("space ", false) == k_ignored);
  CHECK(rules.ignores("space", false) == k_unmentioned);
  CHECK(rules.ignores("trail", false) == k_ignored);
  CHECK(Gitignore::parse("# only\n\n").empty());
  CHECK(Gitignore::parse("!\n/\n").empty());
}

TEST_CASE("util::Gitignore names match at any depth, paths are anchored",
          "[util]") {
  const Gitignore rules = Gitignore::parse("*.Dockerfile\nbuild\n/top\n"
                                           "docs/Dockerfile\n");
  CHECK(rules.ignores("app.Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("a/b/app.Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("build", true) == k_ignored);
  CHECK(rules.ignores("src/build", true) == k_ignored);
  CHECK(rules.ignores("top", true) == k_ignored);
  CHECK(rules.ignores("src/top", true) == k_unmentioned);
  CHECK(rules.ignores("docs/Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("x/docs/Dockerfile", false) == k_unmentioned);
  CHECK(rules.ignores("Dockerfile", false) == k_unmentioned);
}

TEST_CASE("util::Gitignore folder-only rules", "[util]") {
  const Gitignore rules = Gitignore::parse("vendor/\n/out/\n");
  CHECK(rules.ignores("vendor", true) == k_ignored);
  CHECK(rules.ignores("a/vendor", true) == k_ignored);
  CHECK(rules.ignores("vendor", false) == k_unmentioned);
  CHECK(rules.ignores("out", true) == k_ignored);
  CHECK(rules.ignores("a/out", true) == k_unmentioned);
}

TEST_CASE("util::Gitignore negation: the last matching rule wins", "[util]") {
  const Gitignore rules =
      Gitignore::parse("Dockerfile.*\n!Dockerfile.prod\n\\!bang\n");
  CHECK(rules.ignores("Dockerfile.dev", false) == k_ignored);
  CHECK(rules.ignores("Dockerfile.prod", false) == k_kept);
  CHECK(rules.ignores("!bang", false) == k_ignored);
  const Gitignore later = Gitignore::parse("!Dockerfile.prod\nDockerfile.*\n");
  CHECK(later.ignores("Dockerfile.prod", false) == k_ignored);
}

TEST_CASE("util::Gitignore ** and classes", "[util]") {
  const Gitignore rules =
      Gitignore::parse("**/fixtures/**\nold/**/Dockerfile\nv[0-9]/\n");
  CHECK(rules.ignores("fixtures/Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("a/fixtures/b/Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("old/Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("old/a/b/Dockerfile", false) == k_ignored);
  CHECK(rules.ignores("v1", true) == k_ignored);
  CHECK(rules.ignores("vx", true) == k_unmentioned);
}
