#include "stalebase/registry/auth_file.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::registry;

TEST_CASE(
    "registry::parse_auth_file auths with auth, identitytoken, registrytoken",
    "[registry]") {
  const auto file = parse_auth_file(R"({
    "auths": {
      "https://index.docker.io/v1/": {"auth": "aHVidXNlcjpodWJwYXNz"},
      "ghcr.io": {"username": "u", "password": "p"},
      "myacr.azurecr.io": {"identitytoken": "refresh-me"},
      "private.example.com": {"registrytoken": "direct"},
      "marker.example.com": {}
    },
    "unknownField": 1
  })");
  REQUIRE(file);
  CHECK(file->auths.at("https://index.docker.io/v1/").username == "hubuser");
  CHECK(file->auths.at("https://index.docker.io/v1/").password == "hubpass");
  const auto hub = find_auth(*file, "docker.io", "library/alpine");
  REQUIRE(hub);
  CHECK(hub->key == "https://index.docker.io/v1/");
  CHECK(hub->entry->username == "hubuser");
  CHECK(find_auth(*file, "ghcr.io", "o/i")->entry->password == "p");
  CHECK(find_auth(*file, "myacr.azurecr.io", "x")->entry->identity_token ==
        "refresh-me");
  CHECK(find_auth(*file, "private.example.com", "x")->entry->registry_token ==
        "direct");
  CHECK_FALSE(find_auth(*file, "marker.example.com", "x").has_value());
  CHECK_FALSE(find_auth(*file, "quay.io", "x").has_value());
}

TEST_CASE("registry::parse_auth_file NULs stripped and auth errors",
          "[registry]") {
  // base64 of "user:pa\0ss\0\0"
  const auto file =
      parse_auth_file(R"({"auths":{"r.example":{"auth":"dXNlcjpwYQBzcwAA"}}})");
  REQUIRE(file);
  CHECK(file->auths.at("r.example").password == "pass");
  CHECK(parse_auth_file(R"({"auths":{"r.example":{"auth":"!!"}}})").error() ==
        "invalid \"auth\" for \"r.example\": not base64");
  CHECK(parse_auth_file(R"({"auths":{"r.example":{"auth":"bm9jb2xvbg=="}}})")
            .error() ==
        "invalid \"auth\" for \"r.example\": expected base64 of user:password");
  CHECK(parse_auth_file(R"({"auths":{"r.example":{"auth":"OnB3"}}})").error() ==
        "invalid \"auth\" for \"r.example\": empty user name");
  CHECK(parse_auth_file("[]").error() == "not a JSON object");
  CHECK(parse_auth_file("{").error() == "not a JSON object");
  // A password may itself contain ':'; only the first one splits.
  CHECK(parse_auth_file(R"({"auths":{"r":{"auth":"dTpwOnE="}}})")
            ->auths.at("r")
            .password == "p:q");
}

TEST_CASE("registry::find_auth legacy keys, Hub aliases and namespaced keys",
          "[registry]") {
  const auto file = parse_auth_file(R"({"auths": {
      "https://myreg:5000/v1/": {"auth": "bGVnYWN5OnNlY3JldA=="},
      "docker.io": {"username": "podmanhub", "password": "x"},
      "quay.io/org/repo": {"username": "repo", "password": "1"},
      "quay.io/org": {"username": "org", "password": "2"},
      "quay.io": {"username": "host", "password": "3"}
  }})");
  REQUIRE(file);
  const auto legacy = find_auth(*file, "myreg:5000", "a");
  REQUIRE(legacy);
  CHECK(legacy->key == "https://myreg:5000/v1/");
  CHECK(legacy->entry->username == "legacy");
  CHECK(find_auth(*file, "docker.io", "library/alpine")->entry->username ==
        "podmanhub");
  CHECK(find_auth(*file, "quay.io", "other/x")->entry->username == "host");
  const auto without_host_key = parse_auth_file(R"({"auths": {
      "quay.io/org/repo": {"username": "repo", "password": "1"},
      "quay.io/org": {"username": "org", "password": "2"}}})");
  CHECK(find_auth(*without_host_key, "quay.io", "org/repo")->entry->username ==
        "repo");
  CHECK(find_auth(*without_host_key, "quay.io", "org/other")->entry->username ==
        "org");
  CHECK_FALSE(find_auth(*without_host_key, "quay.io", "else/x").has_value());
  CHECK(normalise_auth_key("https://index.docker.io/v1/") == "docker.io");
  CHECK(normalise_auth_key("registry-1.docker.io") == "docker.io");
  CHECK(normalise_auth_key("http://MyReg:5000/v2/") == "myreg:5000");
  CHECK(auth_key_for("docker.io") == "https://index.docker.io/v1/");
  CHECK(auth_key_for("ghcr.io") == "ghcr.io");
}

TEST_CASE("registry::find_auth credHelpers before credsStore before auths",
          "[registry]") {
  const auto file = parse_auth_file(R"({
    "auths": {"ghcr.io": {"auth": "dTpw"}, "123.dkr.ecr.us-east-1.amazonaws.com": {}},
    "credsStore": "desktop",
    "credHelpers": {"123.dkr.ecr.us-east-1.amazonaws.com": "ecr-login",
                    "https://index.docker.io/v1/": "hubhelper"}
  })");
  REQUIRE(file);
  const auto ecr =
      find_auth(*file, "123.dkr.ecr.us-east-1.amazonaws.com", "app");
  REQUIRE(ecr);
  CHECK(ecr->helper == "ecr-login");
  CHECK(find_auth(*file, "docker.io", "library/x")->helper == "hubhelper");
  const auto ghcr = find_auth(*file, "ghcr.io", "o/i");
  CHECK(ghcr->helper == "desktop");
  CHECK_FALSE(ghcr->entry.has_value());
}
