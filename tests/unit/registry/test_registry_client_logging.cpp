#include "stalebase/registry/base64.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "support/captured_log.hpp"
#include "support/fake_http_client.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using namespace stalebase::registry;
using stalebase::reference::ImageReference;
using stalebase::test::CapturedLog;
using stalebase::test::FakeClock;
using stalebase::test::FakeCredentials;
using stalebase::test::FakeHttpClient;
using stalebase::test::make_response;

TEST_CASE("RegistryClient never logs secrets at trace level", "[registry]") {
  CapturedLog log;
  FakeHttpClient http;
  FakeClock clock;
  FakeCredentials credentials;
  credentials.set(
      "bearer.example",
      Credentials{Credentials::Kind::basic, "alice", "pw-SECRET-1", "test"});
  credentials.set("basic.example", Credentials{Credentials::Kind::basic, "bob",
                                               "pw-SECRET-2", "test"});
  credentials.set("oauth.example",
                  Credentials{Credentials::Kind::identity_token, "<token>",
                              "refresh-SECRET-3", "test"});
  credentials.set("direct.example",
                  Credentials{Credentials::Kind::registry_token, "",
                              "direct-SECRET-4", "test"});

  const std::string challenge =
      R"(Bearer realm="https://auth.example/token",service="svc")";
  const std::string digest =
      "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  const auto ok = make_response(200, "", {{"Docker-Content-Digest", digest}});
  for (const std::string host :
       {"bearer.example", "oauth.example", "direct.example"}) {
    http.on(HttpMethod::get, "https://" + host + "/v2/",
            make_response(401, "", {{"WWW-Authenticate", challenge}}));
    http.on(HttpMethod::head, "https://" + host + "/v2/app/manifests/1", ok);
    http.on(HttpMethod::get, "https://" + host + "/v2/app/tags/list?n=1000",
            make_response(401, R"({"errors":[{"code":"UNAUTHORIZED"}]})",
                          {{"WWW-Authenticate", challenge}}));
  }
  http.on(
      HttpMethod::get,
      "https://auth.example/"
      "token?service=svc&scope=repository%3Aapp%3Apull&account=alice",
      make_response(
          200,
          R"({"token":"token-SECRET-5","refresh_token":"refresh-SECRET-6"})"));
  http.on(HttpMethod::post, "https://auth.example/token",
          make_response(200, R"({"access_token":"token-SECRET-7"})"));
  http.on(HttpMethod::get, "https://basic.example/v2/",
          make_response(401, "", {{"WWW-Authenticate", "Basic realm=x"}}));
  http.on(HttpMethod::head, "https://basic.example/v2/app/manifests/1",
          make_response(307, "", {{"Location", "https://cdn.example/x"}}));
  http.on(HttpMethod::head, "https://cdn.example/x", ok);

  RegistryClient client(http, credentials, clock);
  for (const std::string host :
       {"bearer.example", "basic.example", "oauth.example", "direct.example"}) {
    const ImageReference reference{host, "app", std::string("1"), std::nullopt};
    (void)client.resolve(reference);
    (void)client.list_tags(reference);
  }
  const std::string text = log.text();
  CHECK_FALSE(text.empty());
  const std::vector<std::string> secrets = {"SECRET",
                                            base64_encode("alice:pw-SECRET-1"),
                                            base64_encode("bob:pw-SECRET-2"),
                                            "alice",
                                            "Authorization",
                                            "Bearer",
                                            "Basic "};
  for (const auto &secret : secrets) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
}
