#include "stalebase/registry/error_body.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::registry;

TEST_CASE("registry::parse_error_body", "[registry]") {
  const auto entries = parse_error_body(
      R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}},{"code":7},{"code":"DENIED"}]})");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0] ==
        RegistryErrorEntry{"MANIFEST_UNKNOWN", "manifest unknown"});
  CHECK(entries[1] == RegistryErrorEntry{"DENIED", ""});
  CHECK(parse_error_body("<html>502 Bad Gateway</html>").empty());
  CHECK(parse_error_body("").empty());
  CHECK(parse_error_body(R"({"errors":null})").empty());
  CHECK(parse_error_body(R"([1,2])").empty());
}

TEST_CASE("registry::describe_error_code", "[registry]") {
  CHECK(describe_error_code("NAME_UNKNOWN") ==
        "repository not found or unauthorized");
  CHECK(describe_error_code("UNAUTHORIZED") ==
        "repository not found or unauthorized");
  CHECK(describe_error_code("DENIED") == "access denied");
  CHECK(describe_error_code("TOOMANYREQUESTS") ==
        "too many requests: rate limited by the registry");
  CHECK(describe_error_code("UNAVAILABLE") == "registry unavailable");
  CHECK(describe_error_code("MANIFEST_UNKNOWN") == "manifest unknown");
  CHECK(describe_error_code("SOMETHING_NEW").empty());
}
