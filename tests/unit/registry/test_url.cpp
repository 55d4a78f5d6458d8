#include "stalebase/registry/url.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::registry;

TEST_CASE("registry::parse_url", "[registry]") {
  const auto url = parse_url("HTTPS://Registry.Example.com:5000/v2/?x=1#frag");
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "registry.example.com");
  CHECK(url->port == 5000);
  CHECK(url->target == "/v2/?x=1");
  CHECK(url->to_string() == "https://registry.example.com:5000/v2/?x=1");
  const auto v6 = parse_url("http://[::1]:5000");
  REQUIRE(v6);
  CHECK(v6->host == "[::1]");
  CHECK(v6->target == "/");
  CHECK(v6->effective_port() == 5000);
  CHECK(parse_url("https://a.b").value().effective_port() == 443);
  CHECK(parse_url("ftp://a/b").error() == "unsupported URL scheme \"ftp\"");
  CHECK(parse_url("https://user:pw@a/b").error() ==
        "invalid URL \"https://user:pw@a/b\"");
  CHECK_FALSE(parse_url("https://a:99999/"));
  CHECK_FALSE(parse_url("/relative"));
}

TEST_CASE("registry::resolve_url", "[registry]") {
  const Url base =
      parse_url("https://r.example/v2/a/b/tags/list?n=1000").value();
  CHECK(resolve_url(base, "/v2/a/b/tags/list?last=x&n=1000")->to_string() ==
        "https://r.example/v2/a/b/tags/list?last=x&n=1000");
  CHECK(resolve_url(base, "list?last=y")->to_string() ==
        "https://r.example/v2/a/b/tags/list?last=y");
  CHECK(resolve_url(base, "?last=z")->to_string() ==
        "https://r.example/v2/a/b/tags/list?last=z");
  CHECK(resolve_url(base, "../../c/tags/list")->to_string() ==
        "https://r.example/v2/a/c/tags/list");
  CHECK(resolve_url(base, "//other.example/x")->to_string() ==
        "https://other.example/x");
  CHECK(resolve_url(base, "http://other:80/y")->to_string() ==
        "http://other:80/y");
  CHECK(resolve_url(base, "/token")->to_string() == "https://r.example/token");
}

TEST_CASE("registry::same_origin and host classes", "[registry]") {
  CHECK(same_origin(parse_url("https://a/x").value(),
                    parse_url("https://a:443/y").value()));
  CHECK_FALSE(same_origin(parse_url("https://a/x").value(),
                          parse_url("http://a/x").value()));
  CHECK_FALSE(same_origin(parse_url("https://a/x").value(),
                          parse_url("https://a:444/x").value()));
  CHECK_FALSE(same_origin(parse_url("https://a/x").value(),
                          parse_url("https://b/x").value()));
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("registry.localhost"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.1.2.3"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK(is_local_ip_literal("169.254.169.254"));
  CHECK(is_local_ip_literal("10.1.2.3"));
  CHECK(is_local_ip_literal("192.168.0.1"));
  CHECK(is_local_ip_literal("172.16.0.1"));
  CHECK(is_local_ip_literal("[fe80::1]"));
  CHECK_FALSE(is_local_ip_literal("172.32.0.1"));
  CHECK_FALSE(is_local_ip_literal("8.8.8.8"));
  CHECK_FALSE(is_local_ip_literal("auth.example.com"));
  CHECK(url_encode("repository:library/alpine:pull") ==
        "repository%3Alibrary%2Falpine%3Apull");
  CHECK(host_without_port("localhost:5000") == "localhost");
  CHECK(host_without_port("[::1]:5000") == "[::1]");
}
