#include "stalebase/config/trust.hpp"

#include "support/fake_env.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace stalebase::config;
using stalebase::test::fake_env;

namespace {

Config parsed(const std::string &yaml, const std::string &file) {
  auto config = parse_config(yaml, file);
  REQUIRE(config.has_value());
  return *config;
}

} // namespace

TEST_CASE("config::user_config_path", "[config]") {
  CHECK(
      user_config_path(fake_env({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})) ==
      std::filesystem::path("/x/stalebase/config.yaml"));
  CHECK(user_config_path(fake_env({{"XDG_CONFIG_HOME", ""}, {"HOME", "/h"}})) ==
        std::filesystem::path("/h/.config/stalebase/config.yaml"));
  CHECK_FALSE(user_config_path(fake_env({})).has_value());
}

TEST_CASE("config::trust_repo_config_from_env", "[config]") {
  CHECK(trust_repo_config_from_env(
      fake_env({{"STALEBASE_TRUST_REPO_CONFIG", "1"}})));
  CHECK(trust_repo_config_from_env(
      fake_env({{"STALEBASE_TRUST_REPO_CONFIG", "true"}})));
  CHECK_FALSE(trust_repo_config_from_env(
      fake_env({{"STALEBASE_TRUST_REPO_CONFIG", "0"}})));
  CHECK_FALSE(trust_repo_config_from_env(fake_env({})));
}

TEST_CASE("config::drop_user_only_settings: a hostile repository file",
          "[config]") {
  Config repository = parsed(R"(fail-on: [minor]
platforms: [linux/amd64]
build-args: {PY: "python:3.12"}
rules: [{image: alpine, max-level: patch}]
ignore: [{image: node, reason: vendor}]
registries:
  "127.0.0.1:5092": {username-env: CI_USER, password-env: CI_DEPLOY_TOKEN}
  docker.io: {mirror: "http://127.0.0.1:5092", insecure: true, ca-file: /x.pem}
cache: {dir: /tmp/shared, ttl: 2h}
)",
                             ".stalebase.yaml");
  const Config before = repository;
  const auto dropped = drop_user_only_settings(repository);
  CHECK(dropped == std::vector<std::string>{
                       "registries.\"127.0.0.1:5092\".username-env",
                       "registries.\"127.0.0.1:5092\".password-env",
                       "registries.\"docker.io\".mirror",
                       "registries.\"docker.io\".insecure",
                       "registries.\"docker.io\".ca-file", "cache.dir"});
  CHECK(repository.registries.empty());
  CHECK_FALSE(repository.cache.dir.has_value());
  // Policy stays.
  CHECK(repository.fail_on == before.fail_on);
  CHECK(repository.platforms == before.platforms);
  CHECK(repository.build_args == before.build_args);
  CHECK(repository.rules == before.rules);
  CHECK(repository.ignores == before.ignores);
  CHECK(repository.cache.ttl == std::chrono::seconds(7200));

  Config policy_only = parsed("fail-on: [minor]\ncache: {ttl: 1h}\n", "f");
  CHECK(drop_user_only_settings(policy_only).empty());
}

TEST_CASE("config::drop_user_only_settings keeps a registry's skip",
          "[config]") {
  // `skip` only asks less, like an ignore entry: it is policy.
  Config repository = parsed(R"(registries:
  "127.0.0.1:5092": {skip: true, password-env: T, username-env: U}
  ghcr.io: {skip: false, mirror: "http://127.0.0.1:5092"}
)",
                             ".stalebase.yaml");
  CHECK(drop_user_only_settings(repository) ==
        std::vector<std::string>{"registries.\"127.0.0.1:5092\".username-env",
                                 "registries.\"127.0.0.1:5092\".password-env",
                                 "registries.\"ghcr.io\".mirror"});
  RegistryConfig skip_only;
  skip_only.skip = true;
  CHECK(repository.registries ==
        std::map<std::string, RegistryConfig>{{"127.0.0.1:5092", skip_only}});
}

TEST_CASE("config::merge_configs", "[config]") {
  const Config user = parsed(R"(fail-on: [major]
platforms: [linux/arm64]
build-args: {A: user, B: user}
rules: [{image: "*", max-level: minor}]
registries:
  docker.io: {mirror: "http://127.0.0.1:1"}
  ghcr.io: {username-env: U, password-env: P}
cache: {dir: /home/me/cache, ttl: 1d}
)",
                             "user.yaml");
  const Config repository = parsed(R"(fail-on: [minor]
build-args: {A: repo}
rules: [{image: alpine, max-level: patch}]
registries:
  docker.io: {mirror: "http://127.0.0.1:2", ca-file: /repo.pem}
cache: {dir: /repo/cache, ttl: 2h}
)",
                                   "repo.yaml");
  const Config merged = merge_configs(user, repository);
  CHECK(merged.file == "repo.yaml");
  CHECK(merged.fail_on == repository.fail_on);
  CHECK(merged.platforms == user.platforms);
  CHECK(merged.build_args ==
        std::map<std::string, std::string>{{"A", "repo"}, {"B", "user"}});
  REQUIRE(merged.rules.size() == 2);
  CHECK(merged.rules[0].image == "alpine");
  CHECK(merged.rules[1].image == "*");
  CHECK(merged.registries.at("docker.io").mirror == "http://127.0.0.1:1");
  CHECK(merged.registries.at("docker.io").ca_file == "/repo.pem");
  CHECK(merged.registries.at("ghcr.io").password_env == "P");
  CHECK(merged.cache.dir == std::optional<std::string>("/home/me/cache"));
  CHECK(merged.cache.ttl == std::chrono::seconds(7200));

  CHECK(merge_configs(user, std::nullopt) == user);
  CHECK(merge_configs(std::nullopt, repository) == repository);
  CHECK(merge_configs(std::nullopt, std::nullopt) == Config{});
}
