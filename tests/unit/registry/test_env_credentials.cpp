#include "stalebase/registry/env_credentials.hpp"

#include "support/fake_env.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace stalebase::registry;
using stalebase::test::fake_env;
using stalebase::util::EnvLookup;
using stalebase::util::process_env;

TEST_CASE("registry::env_credentials", "[registry]") {
  const EnvLookup env = fake_env(
      {{"GHCR_USER", "robot"}, {"GHCR_TOKEN", "s3cret"}, {"EMPTY", ""}});
  SECTION("no variables named: anonymous") {
    const auto none = env_credentials("", "", "ghcr.io", env);
    REQUIRE(none.has_value());
    CHECK_FALSE(none->has_value());
  }
  SECTION("both set") {
    const auto found =
        env_credentials("GHCR_USER", "GHCR_TOKEN", "ghcr.io", env);
    REQUIRE(found.has_value());
    REQUIRE(found->has_value());
    const Credentials &credentials = **found;
    CHECK(credentials.kind == Credentials::Kind::basic);
    CHECK(credentials.username == "robot");
    CHECK(credentials.secret == "s3cret");
    CHECK(credentials.source ==
          "environment variables GHCR_USER and GHCR_TOKEN");
  }
  SECTION("unset or empty, never quoting a value") {
    CHECK(env_credentials("GHCR_USER", "MISSING", "ghcr.io", env).error() ==
          "registry \"ghcr.io\": \"password-env\" names "
          "MISSING, which is not set");
    CHECK(env_credentials("EMPTY", "GHCR_TOKEN", "ghcr.io", env).error() ==
          "registry \"ghcr.io\": \"username-env\" names "
          "EMPTY, which is empty");
  }
}

TEST_CASE("util::process_env", "[util]") {
  CHECK(process_env("PATH").has_value());
  CHECK_FALSE(process_env("STALEBASE_TEST_SURELY_UNSET_VARIABLE").has_value());
}
