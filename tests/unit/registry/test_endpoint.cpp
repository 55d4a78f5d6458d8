#include "registry/endpoint.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

using namespace stalebase::registry;

namespace {

Endpoint resolve(const std::string &name,
                 const std::map<std::string, std::string> &mirrors = {},
                 const std::set<std::string> &insecure = {},
                 bool upstream = false) {
  return resolve_endpoint(name, EndpointRules{mirrors, insecure}, upstream)
      .value();
}

} // namespace

TEST_CASE("resolve_endpoint: Docker Hub, mirrors, plain-http fallback",
          "[registry]") {
  CHECK(resolve("docker.io").base.to_string() ==
        "https://registry-1.docker.io");
  CHECK(resolve("Index.Docker.io").registry == "index.docker.io");
  CHECK_FALSE(resolve("ghcr.io").http_fallback);
  CHECK(resolve("127.0.0.1:5000").http_fallback);
  CHECK(resolve("localhost:5000").http_fallback);

  const std::map<std::string, std::string> mirrors = {
      {"docker.io", "http://mirror.example:5000/prefix/"}};
  const Endpoint mirrored = resolve("index.docker.io", mirrors);
  CHECK(mirrored.mirrored);
  CHECK(mirrored.base.to_string() == "http://mirror.example:5000/prefix");
  CHECK_FALSE(resolve("index.docker.io", mirrors, {}, true).mirrored);
  CHECK(resolve_endpoint("docker.io",
                         EndpointRules{{{"docker.io", "mirror"}}, {}}, false)
            .error()
            .message.rfind("invalid mirror for \"docker.io\": ", 0) == 0);
}

TEST_CASE("is_insecure: host:port names that port, a bare host its "
          "default port only",
          "[registry]") {
  const std::set<std::string> bare = {"example.com"};
  const std::set<std::string> with_port = {"example.com:5000"};
  CHECK(resolve("example.com", {}, bare).http_fallback);
  CHECK_FALSE(resolve("example.com:5000", {}, bare).http_fallback);
  CHECK(resolve("example.com:5000", {}, with_port).http_fallback);
  CHECK_FALSE(resolve("example.com", {}, with_port).http_fallback);
  CHECK(plain_http_allowed(parse_url("http://example.com/v2/").value(), bare));
  CHECK_FALSE(
      plain_http_allowed(parse_url("http://example.com:8080/t").value(), bare));
  CHECK(plain_http_allowed(parse_url("http://127.0.0.1:9/t").value(), {}));
  CHECK(plain_http_allowed(parse_url("https://example.org/t").value(), {}));
}

TEST_CASE("names_registry: the same name in any case, or Docker Hub's names",
          "[registry]") {
  CHECK(names_registry("GHCR.io", "ghcr.io"));
  CHECK(names_registry("index.docker.io", "docker.io"));
  CHECK(names_registry("docker.io", "registry-1.docker.io"));
  CHECK_FALSE(names_registry("ghcr.io", "ghcr.io:443"));
  CHECK_FALSE(names_registry("docker.io", "quay.io"));
}
