#include "stalebase/registry/challenge.hpp"

#include <catch2/catch.hpp>

using stalebase::registry::Challenge;
using stalebase::registry::parse_challenges;
using stalebase::registry::pick_challenge;

TEST_CASE("registry::parse_challenges Docker Hub bearer", "[registry]") {
  const auto challenges = parse_challenges(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "bearer");
  CHECK(challenges[0].param("realm") == "https://auth.docker.io/token");
  CHECK(challenges[0].param("service") == "registry.docker.io");
  CHECK(challenges[0].param("scope") == "repository:samalba/my-app:pull,push");
}

TEST_CASE("registry::parse_challenges case-insensitive scheme and names",
          "[registry]") {
  const auto challenges =
      parse_challenges(R"(BEARER Realm="https://r/t", SERVICE="svc")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "bearer");
  CHECK(challenges[0].param("realm") == "https://r/t");
  CHECK(challenges[0].param("service") == "svc");
}

TEST_CASE("registry::parse_challenges bare values and spaces around =",
          "[registry]") {
  const auto challenges = parse_challenges(
      "Bearer realm = https://gcr.io/v2/token , service=gcr.io");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("realm") == "https://gcr.io/v2/token");
  CHECK(challenges[0].param("service") == "gcr.io");
}

TEST_CASE("registry::parse_challenges escapes in quoted values", "[registry]") {
  const auto challenges =
      parse_challenges(R"(Basic realm="a \"quoted\" realm, with comma\\")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("realm") == R"(a "quoted" realm, with comma\)");
}

TEST_CASE("registry::parse_challenges several challenges in one value",
          "[registry]") {
  const auto challenges = parse_challenges(
      R"(Bearer realm="https://codeberg.org/v2/token",service="container_registry",scope="*",Basic realm="codeberg")");
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[0].scheme == "bearer");
  CHECK(challenges[0].param("service") == "container_registry");
  CHECK(challenges[0].param("scope") == "*");
  CHECK(challenges[1].scheme == "basic");
  CHECK(challenges[1].param("realm") == "codeberg");
  CHECK(pick_challenge(challenges)->scheme == "bearer");
}

TEST_CASE("registry::parse_challenges several header lines", "[registry]") {
  const std::vector<std::string> headers = {
      R"(Negotiate)", R"(Basic realm="Artifactory Realm")"};
  const auto challenges = parse_challenges(headers);
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[0].scheme == "negotiate");
  CHECK(challenges[0].params.empty());
  const auto picked = pick_challenge(challenges);
  REQUIRE(picked);
  CHECK(picked->scheme == "basic");
  CHECK(picked->param("realm") == "Artifactory Realm");
}

TEST_CASE("registry::parse_challenges missing service and scope",
          "[registry]") {
  const auto challenges = parse_challenges(
      R"(Bearer realm="https://europe-docker.pkg.dev/v2/token")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("service").empty());
  CHECK(challenges[0].param("scope").empty());
  CHECK(challenges[0].params.count("service") == 0);
}

TEST_CASE("registry::parse_challenges relative realm kept as written",
          "[registry]") {
  const auto challenges =
      parse_challenges(R"(Bearer realm="/token",service="local")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("realm") == "/token");
}

TEST_CASE(
    "registry::parse_challenges insufficient_scope and scopes with spaces",
    "[registry]") {
  const auto challenges = parse_challenges(
      R"(Bearer realm="https://r/t",service="s",scope="repository:a:pull repository:registry.example.com:5000/b:pull",error="insufficient_scope")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("error") == "insufficient_scope");
  CHECK(challenges[0].param("scope") ==
        "repository:a:pull repository:registry.example.com:5000/b:pull");
}

TEST_CASE("registry::parse_challenges token68 and scheme only", "[registry]") {
  auto challenges = parse_challenges("Basic dXNlcjpwYXNz==, Bearer");
  REQUIRE(challenges.size() == 2);
  CHECK(challenges[0].param("") == "dXNlcjpwYXNz==");
  CHECK(challenges[1].scheme == "bearer");
  CHECK(challenges[1].params.empty());
}

TEST_CASE("registry::parse_challenges garbage never throws", "[registry]") {
  for (const char *text :
       {"", ",,,", "=", "\"", "Bearer realm=\"unterminated", "Bearer ,=,=\"",
        "Bearer realm", "  Bearer   realm=\"x\" ,, service=y,,"}) {
    INFO(text);
    CHECK_NOTHROW(parse_challenges(text));
  }
  const auto unterminated = parse_challenges("Bearer realm=\"https://r/t");
  REQUIRE(unterminated.size() == 1);
  CHECK(unterminated[0].param("realm") == "https://r/t");
  const auto spaced = parse_challenges("  Bearer   realm=\"x\" ,, service=y,,");
  REQUIRE(spaced.size() == 1);
  CHECK(spaced[0].param("service") == "y");
  CHECK_FALSE(pick_challenge(parse_challenges("Negotiate abc")).has_value());
}

TEST_CASE("registry::parse_challenges duplicate parameter keeps the last",
          "[registry]") {
  const auto challenges = parse_challenges(R"(Bearer realm="a",realm="b")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].param("realm") == "b");
}
