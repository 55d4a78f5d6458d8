#include "stalebase/config/env_credentials.hpp"

#include "support/fake_env.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace stalebase::config;
using stalebase::registry::Credentials;
using stalebase::test::fake_env;

namespace {

RegistryConfig named(std::string user, std::string password) {
  RegistryConfig registry;
  registry.username_env = std::move(user);
  registry.password_env = std::move(password);
  return registry;
}

} // namespace

TEST_CASE("config::env_credentials", "[config]") {
  const EnvLookup env = fake_env(
      {{"GHCR_USER", "robot"}, {"GHCR_TOKEN", "s3cret"}, {"EMPTY", ""}});
  SECTION("no variables named: anonymous") {
    const auto none = env_credentials(RegistryConfig{}, "ghcr.io", env);
    REQUIRE(none.has_value());
    CHECK_FALSE(none->has_value());
  }
  SECTION("both set") {
    const auto found =
        env_credentials(named("GHCR_USER", "GHCR_TOKEN"), "ghcr.io", env);
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
    CHECK(env_credentials(named("GHCR_USER", "MISSING"), "ghcr.io", env)
              .error() == "registry \"ghcr.io\": \"password-env\" names "
                          "MISSING, which is not set");
    CHECK(
        env_credentials(named("EMPTY", "GHCR_TOKEN"), "ghcr.io", env).error() ==
        "registry \"ghcr.io\": \"username-env\" names "
        "EMPTY, which is empty");
  }
}

TEST_CASE("config::process_env", "[config]") {
  CHECK(process_env("PATH").has_value());
  CHECK_FALSE(process_env("STALEBASE_TEST_SURELY_UNSET_VARIABLE").has_value());
}
