#include "stalebase/registry/base64.hpp"
#include "stalebase/registry/digest.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "support/fake_http_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <latch>
#include <thread>

using namespace stalebase;
using namespace stalebase::registry;
using stalebase::reference::ImageReference;
using stalebase::test::FakeClock;
using stalebase::test::FakeCredentials;
using stalebase::test::FakeHttpClient;
using stalebase::test::header_of;
using stalebase::test::make_response;

namespace {

const std::string k_ping = "https://registry.example/v2/";
const std::string k_challenge =
    R"(Bearer realm="https://auth.example/token",service="registry.example")";
const std::string k_token_url =
    "https://auth.example/"
    "token?service=registry.example&scope=repository%3Aorg%2Fapp%3Apull";
const std::string k_manifests =
    "https://registry.example/v2/org/app/manifests/";
const std::string k_tags = "https://registry.example/v2/org/app/tags/list";
const std::string k_digest_a =
    "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string k_index_type = "application/vnd.oci.image.index.v1+json";

ImageReference ref(const std::string &tag,
                   const std::string &registry = "registry.example",
                   const std::string &repository = "org/app") {
  return ImageReference{registry, repository, tag, std::nullopt};
}

HttpResponse found(const std::string &digest,
                   const std::string &type = k_index_type) {
  return make_response(
      200, "", {{"Docker-Content-Digest", digest}, {"Content-Type", type}});
}

HttpResponse unauthorized(const std::string &challenge = k_challenge) {
  return make_response(
      401,
      R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})",
      {{"WWW-Authenticate", challenge}});
}

HttpResponse token(const std::string &value, int expires_in = 300) {
  return make_response(200, R"({"token":")" + value + R"(","expires_in":)" +
                                std::to_string(expires_in) + "}");
}

struct Fixture {
  FakeHttpClient http;
  FakeClock clock;
  FakeCredentials credentials;
  RegistryClientOptions options;

  RegistryClient client() {
    return RegistryClient(http, credentials, clock, options);
  }
};

} // namespace

TEST_CASE("RegistryClient anonymous bearer token flow", "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url, token("anon-token"));
  f.http.on(HttpMethod::head, k_manifests + "1.0",
            [](const HttpRequest &request) {
              return header_of(request, "Authorization") == "Bearer anon-token"
                         ? found(k_digest_a)
                         : unauthorized();
            });
  auto client = f.client();
  const auto digest = client.resolve(ref("1.0"));
  REQUIRE(digest);
  CHECK(digest->digest == k_digest_a);
  CHECK(digest->media_type == k_index_type);
  CHECK(digest->is_index());
  CHECK(f.http.unmatched().empty());
  const auto requests = f.http.requests();
  REQUIRE(requests.size() == 3);
  CHECK(header_of(requests[1], "Authorization")
            .empty()); // anonymous token request
  CHECK(header_of(requests[2], "Accept") ==
        "application/vnd.oci.image.index.v1+json, "
        "application/vnd.docker.distribution.manifest.list.v2+json, "
        "application/vnd.oci.image.manifest.v1+json, "
        "application/vnd.docker.distribution.manifest.v2+json");
}

TEST_CASE(
    "RegistryClient one ping and one token per repository, results cached",
    "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url, token("t"));
  f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
  f.http.on(HttpMethod::head, k_manifests + "2.0", found(k_digest_a));
  auto client = f.client();
  REQUIRE(client.resolve(ref("1.0")));
  REQUIRE(client.resolve(ref("2.0")));
  REQUIRE(client.resolve(ref("1.0")));
  CHECK(f.http.count(HttpMethod::get, k_ping) == 1);
  CHECK(f.http.count(HttpMethod::get, k_token_url) == 1);
  CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 1);
  CHECK(f.http.count(HttpMethod::head, k_manifests + "2.0") == 1);
}

TEST_CASE("RegistryClient token refreshed before expiry", "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url,
            token("first", 10)); // clamped to 60 s
  f.http.on(HttpMethod::get, k_token_url, token("second", 300));
  f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
  f.http.on(HttpMethod::head, k_manifests + "2.0", found(k_digest_a));
  f.http.on(HttpMethod::head, k_manifests + "3.0", found(k_digest_a));
  auto client = f.client();
  REQUIRE(client.resolve(ref("1.0")));
  f.clock.advance(std::chrono::seconds(50));
  REQUIRE(client.resolve(ref("2.0")));
  CHECK(f.http.count(HttpMethod::get, k_token_url) == 1);
  f.clock.advance(std::chrono::seconds(6)); // 56 s: inside the safety margin
  REQUIRE(client.resolve(ref("3.0")));
  CHECK(f.http.count(HttpMethod::get, k_token_url) == 2);
  const auto requests = f.http.requests();
  CHECK(header_of(requests.back(), "Authorization") == "Bearer second");
}

TEST_CASE("RegistryClient a huge expires_in is capped, not overflowed",
          "[registry]") {
  for (const std::string expires_in :
       {"9223372036854775807", "18446744073709551615", "1e300", "-1e300"}) {
    CAPTURE(expires_in);
    Fixture f;
    f.http.on(HttpMethod::get, k_ping, unauthorized());
    f.http.on(
        HttpMethod::get, k_token_url,
        make_response(200, R"({"token":"t","expires_in":)" + expires_in + "}"));
    for (const char *tag : {"1.0", "2.0", "3.0"}) {
      f.http.on(HttpMethod::head, k_manifests + tag, found(k_digest_a));
    }
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    REQUIRE(client.resolve(ref("2.0")));
    // Reused (a lifetime that wrapped negative would fetch one per request).
    CHECK(f.http.count(HttpMethod::get, k_token_url) == 1);
  }
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url,
            make_response(200, R"({"token":"t","expires_in":1e300})"));
  f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
  f.http.on(HttpMethod::head, k_manifests + "2.0", found(k_digest_a));
  auto client = f.client();
  REQUIRE(client.resolve(ref("1.0")));
  f.clock.advance(std::chrono::hours(25)); // past the 24 h cap
  REQUIRE(client.resolve(ref("2.0")));
  CHECK(f.http.count(HttpMethod::get, k_token_url) == 2);
}

TEST_CASE("RegistryClient an issued_at in year 0 makes an expired token",
          "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url,
            make_response(200, R"({"token":"t","expires_in":1e300,)"
                               R"("issued_at":"0000-01-01T00:00:00Z"})"));
  f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
  f.http.on(HttpMethod::head, k_manifests + "2.0", found(k_digest_a));
  auto client = f.client();
  REQUIRE(client.resolve(ref("1.0")));
  REQUIRE(client.resolve(ref("2.0")));
  CHECK(f.http.count(HttpMethod::get, k_token_url) == 2);
}

TEST_CASE("RegistryClient bearer with credentials and Basic challenges",
          "[registry]") {
  Fixture f;
  f.credentials.set("registry.example", Credentials{Credentials::Kind::basic,
                                                    "alice", "s3cret", "test"});
  SECTION("bearer: Basic to the realm, account= added") {
    const std::string url = k_token_url + "&account=alice";
    f.http.on(HttpMethod::get, k_ping, unauthorized());
    f.http.on(HttpMethod::get, url, [](const HttpRequest &request) {
      return header_of(request, "Authorization") ==
                     "Basic " + base64_encode("alice:s3cret")
                 ? token("private-token")
                 : make_response(401);
    });
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(header_of(f.http.requests().back(), "Authorization") ==
          "Bearer private-token");
  }
  SECTION("basic: credentials on every request, no token exchange") {
    f.http.on(HttpMethod::get, k_ping,
              unauthorized(R"(Basic realm="registry")"));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(f.http.requests().size() == 2);
    CHECK(header_of(f.http.requests().back(), "Authorization") ==
          "Basic " + base64_encode("alice:s3cret"));
  }
  SECTION("basic with wrong credentials: clear error, no loop") {
    f.http.on(HttpMethod::get, k_ping,
              unauthorized(R"(Basic realm="registry")"));
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              unauthorized(R"(Basic realm="registry")"));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::unauthorized);
    CHECK(result.error().message ==
          "authentication failed: the registry rejected the credentials");
    CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 1);
  }
  SECTION("wrong credentials at the token server") {
    f.http.on(HttpMethod::get, k_ping, unauthorized());
    f.http.on(HttpMethod::get, k_token_url + "&account=alice",
              make_response(401));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().message ==
          "authentication failed: the token server rejected the credentials");
  }
}

TEST_CASE("RegistryClient identity token uses the OAuth2 POST, GET on 404",
          "[registry]") {
  Fixture f;
  f.credentials.set("registry.example",
                    Credentials{Credentials::Kind::identity_token, "<token>",
                                "refresh-xyz", "test"});
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
  SECTION("POST accepted") {
    f.http.on(
        HttpMethod::post, "https://auth.example/token",
        [](const HttpRequest &request) {
          return request.body == "grant_type=refresh_token&refresh_token="
                                 "refresh-xyz&client_id=stalebase&scope="
                                 "repository%3Aorg%2Fapp%3Apull&service="
                                 "registry.example"
                     ? make_response(
                           200,
                           R"({"access_token":"oauth-token","expires_in":300})")
                     : make_response(400);
        });
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(header_of(f.http.requests().back(), "Authorization") ==
          "Bearer oauth-token");
  }
  SECTION("POST 404 falls back to GET") {
    f.http.on(HttpMethod::post, "https://auth.example/token",
              make_response(404));
    f.http.on(HttpMethod::get, k_token_url, token("get-token"));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(header_of(f.http.requests().back(), "Authorization") ==
          "Bearer get-token");
  }
}

TEST_CASE("RegistryClient 401 re-authenticates once, then reports",
          "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url, token("t"));
  SECTION("same challenge after a fresh token: not found or unauthorized") {
    f.http.on(
        HttpMethod::head, k_manifests + "1.0",
        unauthorized(
            k_challenge +
            R"(,scope="repository:org/app:pull",error="insufficient_scope")"));
    f.http.on(
        HttpMethod::get, k_manifests + "1.0",
        unauthorized(
            k_challenge +
            R"(,scope="repository:org/app:pull",error="insufficient_scope")"));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::unauthorized);
    CHECK(result.error().message == "repository not found or unauthorized");
    CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 2);
    CHECK(f.http.count(HttpMethod::get, k_token_url) == 2);
  }
  SECTION("a cached token that stopped working is replaced once") {
    f.http.on(HttpMethod::get, k_token_url, token("t2"));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    f.http.on(HttpMethod::head, k_manifests + "2.0",
              [](const HttpRequest &request) {
                return header_of(request, "Authorization") == "Bearer t2"
                           ? found(k_digest_a)
                           : unauthorized();
              });
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    REQUIRE(client.resolve(ref("2.0")));
    CHECK(f.http.count(HttpMethod::head, k_manifests + "2.0") == 2);
  }
  SECTION("a challenge naming other scopes is not adopted: only pull on the "
          "repository is asked") {
    // A registry (or whoever answers for it) asking for push, delete or the
    // catalogue: the token request would carry the user's credentials for
    // rights stalebase never needs.
    const std::string wide =
        "https://auth.example/"
        "token?service=registry.example&scope=repository%3Aorg%2Fapp%3Apush"
        "&scope=repository%3Aorg%2Fapp%3Apull";
    f.http.on(HttpMethod::get, wide, token("wide"));
    f.http.on(
        HttpMethod::head, k_manifests + "1.0", [](const HttpRequest &request) {
          return header_of(request, "Authorization") == "Bearer wide"
                     ? found(k_digest_a)
                     : unauthorized(
                           k_challenge +
                           R"(,scope="repository:org/app:push registry:catalog:*")" +
                           R"(,error="insufficient_scope")");
        });
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "repository not found or unauthorized");
    CHECK(f.http.count(HttpMethod::get, wide) == 0);
    for (const auto &request : f.http.requests()) {
      CHECK(request.url.find("push") == std::string::npos);
      CHECK(request.url.find("catalog") == std::string::npos);
    }
    CHECK(f.http.count(HttpMethod::get, k_token_url) == 2);
  }
}

TEST_CASE("RegistryClient registry without auth and a later bearer challenge",
          "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, make_response(200, "{}"));
  f.http.on(HttpMethod::head, k_manifests + "1.0",
            [](const HttpRequest &request) {
              return header_of(request, "Authorization") == "Bearer late"
                         ? found(k_digest_a)
                         : unauthorized();
            });
  f.http.on(HttpMethod::get, k_token_url, token("late"));
  auto client = f.client();
  REQUIRE(client.resolve(ref("1.0")));
}

TEST_CASE("RegistryClient retries 503 and 429 with backoff and Retry-After",
          "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, make_response(200));
  SECTION("503 then success, exponential backoff with jitter") {
    f.http.on(HttpMethod::head, k_manifests + "1.0", make_response(503));
    f.http.on(HttpMethod::head, k_manifests + "1.0", make_response(503));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    const auto sleeps = f.clock.sleeps();
    REQUIRE(sleeps.size() == 2);
    CHECK(sleeps[0].count() >= 800);
    CHECK(sleeps[0].count() <= 1200);
    CHECK(sleeps[1].count() >= 1600);
    CHECK(sleeps[1].count() <= 2400);
  }
  SECTION("429 with Retry-After seconds") {
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(429, "", {{"Retry-After", "7"}}));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    REQUIRE(f.clock.sleeps() ==
            std::vector<std::chrono::milliseconds>{std::chrono::seconds(7)});
  }
  SECTION("503 with Retry-After as an HTTP date") {
    // The fake wall clock starts at 2026-01-01T00:00:00Z.
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(
                  503, "", {{"Retry-After", "Thu, 01 Jan 2026 00:00:12 GMT"}}));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    REQUIRE(f.clock.sleeps() ==
            std::vector<std::chrono::milliseconds>{std::chrono::seconds(12)});
  }
  SECTION("Retry-After above the cap is not waited for") {
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(429, "", {{"Retry-After", "3600"}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::rate_limited);
    CHECK(result.error().message ==
          "rate limited: the registry asks to wait 3600 s");
    CHECK(f.clock.sleeps().empty());
  }
  SECTION("gives up after the attempt limit") {
    f.http.on(HttpMethod::head, k_manifests + "1.0", make_response(502));
    f.options.max_attempts = 3;
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::unavailable);
    CHECK(result.error().message == "registry answered HTTP 502");
    CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 3);
  }
  SECTION("network errors are retried") {
    f.http.fail(HttpMethod::head, k_manifests + "1.0", HttpFailure::transport,
                "connection reset by peer");
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(f.clock.sleeps().size() == 1);
  }
  SECTION("a refused connection is not retried, and the host fails at once "
          "for the rest of the run") {
    f.http.fail(HttpMethod::head, k_manifests + "1.0", HttpFailure::connect,
                "connection refused");
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    f.http.on(HttpMethod::head, k_manifests + "2.0", found(k_digest_a));
    auto client = f.client();
    const auto first = client.resolve(ref("1.0"));
    REQUIRE_FALSE(first);
    CHECK(first.error().kind == RegistryErrorKind::network);
    CHECK(first.error().message == "connection refused");
    const auto second = client.resolve(ref("2.0"));
    REQUIRE_FALSE(second);
    CHECK(second.error().message == "connection refused");
    CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 1);
    CHECK(f.http.count(HttpMethod::head, k_manifests + "2.0") == 0);
    CHECK(f.clock.sleeps().empty());
  }
  SECTION("waits the registry asks for do not use up the attempts") {
    f.options.max_attempts = 2;
    for (int i = 0; i < 5; ++i) {
      f.http.on(HttpMethod::head, k_manifests + "1.0",
                make_response(429, "", {{"Retry-After", "1"}}));
    }
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(f.clock.sleeps() ==
          std::vector<std::chrono::milliseconds>(5, std::chrono::seconds(1)));
  }
  SECTION("a registry that keeps asking to wait is given up on") {
    f.options.max_attempts = 2;
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(429, "", {{"Retry-After", "1"}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::rate_limited);
    // 8 waits as asked, then the 2 attempts of its own.
    CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 10);
  }
  SECTION("a Retry-After wait does not raise the backoff of later 503s") {
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(429, "", {{"Retry-After", "1"}}));
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(429, "", {{"Retry-After", "1"}}));
    f.http.on(HttpMethod::head, k_manifests + "1.0", make_response(503));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    const auto sleeps = f.clock.sleeps();
    REQUIRE(sleeps.size() == 3);
    CHECK(sleeps[0] == std::chrono::seconds(1));
    CHECK(sleeps[1] == std::chrono::seconds(1));
    // The first level of the backoff, with its jitter.
    CHECK(sleeps[2].count() >= 800);
    CHECK(sleeps[2].count() <= 1200);
  }
  SECTION("the run deadline stops waiting") {
    f.options.deadline = f.clock.now() + std::chrono::seconds(5);
    f.http.on(HttpMethod::head, k_manifests + "1.0",
              make_response(503, "", {{"Retry-After", "30"}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::timeout);
    CHECK(result.error().message == "run deadline reached");
    CHECK(f.clock.sleeps().empty());
  }
}

TEST_CASE("RegistryClient Docker Hub pull limit stops at once", "[registry]") {
  Fixture f;
  const std::string hub = "https://registry-1.docker.io/v2/";
  f.http.on(HttpMethod::get, hub, make_response(200));
  f.http.on(HttpMethod::head, hub + "library/alpine/manifests/3.19",
            make_response(200, "",
                          {{"Content-Type", k_index_type},
                           {"ratelimit-limit", "100;w=21600"},
                           {"ratelimit-remaining", "0;w=21600"}}));
  f.http.on(
      HttpMethod::get, hub + "library/alpine/manifests/3.19",
      make_response(
          429,
          R"({"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]})"));
  auto client = f.client();
  const auto result =
      client.resolve(ref("3.19", "docker.io", "library/alpine"));
  REQUIRE_FALSE(result);
  CHECK(result.error().kind == RegistryErrorKind::rate_limited);
  CHECK(result.error().message ==
        "docker hub pull rate limit reached: log in (docker login, or "
        "--authfile with Docker Hub "
        "credentials) to raise the limit, or wait");
  CHECK(f.http.count(HttpMethod::get, hub + "library/alpine/manifests/3.19") ==
        0);
  CHECK(f.clock.sleeps().empty());
}

TEST_CASE("RegistryClient no retry on 404, details from GET", "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, make_response(200));
  f.http.on(HttpMethod::head, k_manifests + "9.9", make_response(404));
  SECTION("missing tag") {
    f.http.on(
        HttpMethod::get, k_manifests + "9.9",
        make_response(
            404,
            R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=1",
              make_response(200, R"({"tags":["1.0"]})"));
    auto client = f.client();
    const auto result = client.resolve(ref("9.9"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::not_found);
    CHECK(result.error().message == "tag \"9.9\" not found");
  }
  SECTION("missing repository, told apart by a tag-list request") {
    f.http.on(
        HttpMethod::get, k_manifests + "9.9",
        make_response(404, R"({"errors":[{"code":"MANIFEST_UNKNOWN"}]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=1",
              make_response(404, R"({"errors":[{"code":"NAME_UNKNOWN"}]})"));
    auto client = f.client();
    const auto result = client.resolve(ref("9.9"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::not_found);
    CHECK(result.error().message == "repository not found or unauthorized");
  }
  SECTION("missing repository") {
    f.http.on(
        HttpMethod::get, k_manifests + "9.9",
        make_response(
            404,
            R"({"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known"}]})"));
    auto client = f.client();
    const auto result = client.resolve(ref("9.9"));
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "repository not found or unauthorized");
  }
  CHECK(f.http.count(HttpMethod::head, k_manifests + "9.9") == 1);
  CHECK(f.http.count(HttpMethod::get, k_manifests + "9.9") == 1);
  CHECK(f.clock.sleeps().empty());
}

TEST_CASE("RegistryClient HEAD without digest header falls back to GET and "
          "hashes the body",
          "[registry]") {
  Fixture f;
  const std::string body = "{\"schemaVersion\": 2,\n \"mediaType\": "
                           "\"application/vnd.oci.image.manifest.v1+json\"}";
  f.http.on(HttpMethod::get, k_ping, make_response(200));
  f.http.on(HttpMethod::head, k_manifests + "1.0",
            make_response(200, "",
                          {{"Content-Type",
                            "application/vnd.oci.image.manifest.v1+json"}}));
  f.http.on(HttpMethod::get, k_manifests + "1.0",
            make_response(200, body,
                          {{"Content-Type",
                            "application/vnd.oci.image.manifest.v1+json"}}));
  auto client = f.client();
  const auto result = client.resolve(ref("1.0"));
  REQUIRE(result);
  CHECK(result->digest == sha256_digest(body));
  CHECK(f.http.count(HttpMethod::get, k_manifests + "1.0") == 1);
}

TEST_CASE("RegistryClient HEAD without digest header and a GET that is no "
          "manifest fails instead of hashing it",
          "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, make_response(200));
  f.http.on(HttpMethod::head, k_manifests + "1.0",
            make_response(200, "", {{"Content-Type", k_index_type}}));
  SECTION("an HTML page") {
    f.http.on(HttpMethod::get, k_manifests + "1.0",
              make_response(200, "<html><body>502 Bad Gateway</body></html>",
                            {{"Content-Type", k_index_type}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::invalid_response);
    CHECK(result.error().message == "invalid manifest: not JSON");
  }
  SECTION("a cut-off index") {
    f.http.on(HttpMethod::get, k_manifests + "1.0",
              make_response(200, R"({"schemaVersion":2,"manifests":[{"dig)",
                            {{"Content-Type", k_index_type}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "invalid manifest: not JSON");
  }
  SECTION("an index of the wrong shape") {
    f.http.on(HttpMethod::get, k_manifests + "1.0",
              make_response(200, R"({"tags":"not a list","manifests":{"a":1}})",
                            {{"Content-Type", k_index_type}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().message ==
          "invalid manifest: index without a \"manifests\" array");
  }
  CHECK(f.http.count(HttpMethod::get, k_manifests + "1.0") == 1);
}

TEST_CASE("RegistryClient manifest by digest is verified and parsed",
          "[registry]") {
  Fixture f;
  const std::string index =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
      k_digest_a +
      R"(","size":1,"platform":{"os":"linux","architecture":"amd64"}}]})";
  const auto digest = sha256_digest(index);
  f.http.on(HttpMethod::get, k_ping, make_response(200));
  f.http.on(HttpMethod::get, k_manifests + digest,
            make_response(200, index, {{"Content-Type", k_index_type}}));
  const auto wrong =
      Digest::parse(
          "sha256:"
          "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
          .value();
  f.http.on(HttpMethod::get, k_manifests + wrong,
            make_response(200, index, {{"Content-Type", k_index_type}}));
  auto client = f.client();
  const auto fetched = client.manifest(ref("1.0"), digest);
  REQUIRE(fetched);
  CHECK(fetched->manifest.is_index);
  REQUIRE(fetched->manifest.children.size() == 1);
  CHECK(fetched->manifest.children[0].digest == k_digest_a);
  const auto bad = client.manifest(ref("1.0"), wrong);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == RegistryErrorKind::invalid_response);
  CHECK(bad.error().message == "digest mismatch: expected \"" + wrong +
                                   "\", got \"" + digest.str() + "\"");
}

TEST_CASE("RegistryClient redirects", "[registry]") {
  Fixture f;
  f.credentials.set("registry.example", Credentials{Credentials::Kind::basic,
                                                    "alice", "s3cret", "test"});
  f.http.on(HttpMethod::get, k_ping, unauthorized(R"(Basic realm="r")"));
  SECTION("to another host: followed without Authorization") {
    f.http.on(
        HttpMethod::head, k_manifests + "1.0",
        make_response(307, "", {{"Location", "https://cdn.example/m/1.0"}}));
    f.http.on(HttpMethod::head, "https://cdn.example/m/1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    const auto requests = f.http.requests();
    REQUIRE(requests.size() == 3);
    CHECK_FALSE(header_of(requests[1], "Authorization").empty());
    CHECK(requests[2].url == "https://cdn.example/m/1.0");
    CHECK(header_of(requests[2], "Authorization").empty());
  }
  SECTION("relative, same origin: Authorization kept") {
    f.http.on(
        HttpMethod::head, k_manifests + "1.0",
        make_response(302, "", {{"Location", "/v2/org/app/manifests/1.1"}}));
    f.http.on(HttpMethod::head, k_manifests + "1.1", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK_FALSE(header_of(f.http.requests().back(), "Authorization").empty());
  }
  SECTION("https to http: refused") {
    f.http.on(
        HttpMethod::head, k_manifests + "1.0",
        make_response(301, "",
                      {{"Location",
                        "http://registry.example/v2/org/app/manifests/1.0"}}));
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::refused);
    CHECK(result.error().message ==
          "refused redirect from https to http (\"registry.example\")");
  }
}

TEST_CASE("RegistryClient credentials never over plain http to other hosts",
          "[registry]") {
  Fixture f;
  const Credentials alice{Credentials::Kind::basic, "alice", "s3cret", "test"};
  // The Authorization a plain-http mirror on mirror.example:5000 gets, with
  // `insecure` named by --insecure-registry.
  const auto mirror_authorization = [&f, &alice](const std::string &insecure) {
    f.options.mirrors["docker.io"] = "http://mirror.example:5000";
    if (!insecure.empty()) {
      f.options.insecure_registries.insert(insecure);
    }
    f.credentials.set("docker.io", alice);
    f.http.on(HttpMethod::get, "http://mirror.example:5000/v2/",
              unauthorized(R"(Basic realm="r")"));
    f.http.on(HttpMethod::head,
              "http://mirror.example:5000/v2/library/alpine/manifests/3",
              found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("3", "docker.io", "library/alpine")));
    return header_of(f.http.requests().back(), "Authorization");
  };
  SECTION("mirror on a non-loopback http host: no Authorization") {
    CHECK(mirror_authorization("").empty());
  }
  SECTION("the same host named with --insecure-registry gets them") {
    CHECK(mirror_authorization("mirror.example:5000") ==
          "Basic " + base64_encode("alice:s3cret"));
  }
  SECTION("--insecure-registry HOST without a port does not cover other "
          "ports of HOST, as docker") {
    CHECK(mirror_authorization("mirror.example").empty());
  }
  SECTION("--insecure-registry HOST covers HOST on its default port") {
    f.options.insecure_registries.insert("registry.example");
    f.credentials.set("registry.example", alice);
    f.http.fail(HttpMethod::get, "https://registry.example/v2/",
                HttpFailure::tls, "tls handshake failed");
    f.http.on(HttpMethod::get, "http://registry.example/v2/",
              unauthorized(R"(Basic realm="r")"));
    f.http.on(HttpMethod::head,
              "http://registry.example/v2/org/app/manifests/3",
              found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("3")));
    CHECK(header_of(f.http.requests().back(), "Authorization") ==
          "Basic " + base64_encode("alice:s3cret"));
  }
  SECTION(
      "loopback registry: https fails, http fallback, credentials allowed") {
    f.credentials.set("127.0.0.1:5000", alice);
    f.http.fail(HttpMethod::get, "https://127.0.0.1:5000/v2/", HttpFailure::tls,
                "wrong version number");
    f.http.on(HttpMethod::get, "http://127.0.0.1:5000/v2/",
              unauthorized(R"(Basic realm="r")"));
    f.http.on(HttpMethod::head, "http://127.0.0.1:5000/v2/app/manifests/1",
              found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1", "127.0.0.1:5000", "app")));
    CHECK(f.http.count(HttpMethod::get, "https://127.0.0.1:5000/v2/") == 1);
    CHECK(f.clock.sleeps().empty());
    CHECK(header_of(f.http.requests().back(), "Authorization") ==
          "Basic " + base64_encode("alice:s3cret"));
  }
  SECTION("a non-loopback registry never falls back to http") {
    f.options.max_attempts = 1;
    f.http.fail(HttpMethod::get, k_ping, HttpFailure::connect,
                "connection refused");
    auto client = f.client();
    const auto result = client.resolve(ref("1.0"));
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == RegistryErrorKind::network);
    CHECK(result.error().message == "connection refused");
    CHECK(f.http.requests().size() == 1);
  }
  SECTION("a token realm on a private address gets no credentials") {
    // However it is spelled: 2852039166 is 169.254.169.254, and libcurl
    // reads it as the address it is.
    const std::string realm =
        GENERATE(as<std::string>{}, "https://169.254.169.254/token",
                 "https://2852039166/token");
    f.credentials.set("registry.example", alice);
    f.http.on(HttpMethod::get, k_ping,
              unauthorized("Bearer realm=\"" + realm + "\",service=\"s\""));
    f.http.on(HttpMethod::get,
              "https://169.254.169.254/"
              "token?service=s&scope=repository%3Aorg%2Fapp%3Apull",
              token("anon"));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(header_of(f.http.requests()[1], "Authorization").empty());
  }
  SECTION("a challenge reached through a redirect gets no credentials") {
    f.credentials.set("registry.example", alice);
    f.http.on(HttpMethod::get, k_ping,
              make_response(302, "",
                            {{"Location", "https://elsewhere.example/v2/"}}));
    f.http.on(
        HttpMethod::get, "https://elsewhere.example/v2/",
        unauthorized(
            R"(Bearer realm="https://elsewhere.example/token",service="s")"));
    f.http.on(HttpMethod::get,
              "https://elsewhere.example/"
              "token?service=s&scope=repository%3Aorg%2Fapp%3Apull",
              token("anon"));
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(header_of(f.http.requests()[2], "Authorization").empty());
  }
}

TEST_CASE("RegistryClient tag listing pagination", "[registry]") {
  Fixture f;
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url, token("t"));
  SECTION("relative and absolute links, one token, invalid tags dropped") {
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(
                  200,
                  R"({"name":"org/app","tags":["b","a",null,"sha256:abc",""]})",
                  {{"Link",
                    R"(</v2/org/app/tags/list?last=a&n=1000>; rel="next")"}}));
    f.http.on(
        HttpMethod::get, k_tags + "?last=a&n=1000",
        make_response(
            200, R"({"tags":["c","b"]})",
            {{"Link",
              R"(<https://registry.example/v2/org/app/tags/list?next_page=x%3D>; rel=next)"}}));
    f.http.on(HttpMethod::get, k_tags + "?next_page=x%3D",
              make_response(200, R"({"tags":["0.1"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"b", "a", "c", "0.1"});
    CHECK(f.http.count(HttpMethod::get, k_token_url) == 1);
    for (const auto &request : f.http.requests()) {
      if (request.url.find("/tags/list") != std::string::npos) {
        CHECK(header_of(request, "Authorization") == "Bearer t");
      }
    }
  }
  SECTION("a link to another host is refused") {
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(
                  200, R"({"tags":["a"]})",
                  {{"Link", R"(<https://evil.example/v2/x>; rel="next")"}}));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE_FALSE(tags);
    CHECK(tags.error().message ==
          "refused pagination link to another host (\"https://evil.example\")");
    CHECK(f.http.count(HttpMethod::get, "https://evil.example/v2/x") == 0);
  }
  SECTION("a loop is refused") {
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(
                  200, R"({"tags":["a"]})",
                  {{"Link", R"(</v2/org/app/tags/list?last=a>; rel="next")"}}));
    f.http.on(HttpMethod::get, k_tags + "?last=a",
              make_response(
                  200, R"({"tags":["b"]})",
                  {{"Link", R"(</v2/org/app/tags/list?n=1000>; rel="next")"}}));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE_FALSE(tags);
    CHECK(tags.error().message == "pagination links loop");
  }
  SECTION("a runaway page count is refused") {
    f.options.max_tag_pages = 3;
    for (int i = 0; i < 5; ++i) {
      const std::string url =
          i == 0 ? k_tags + "?n=1000" : k_tags + "?p=" + std::to_string(i);
      f.http.on(HttpMethod::get, url,
                make_response(
                    200, R"({"tags":["t)" + std::to_string(i) + R"("]})",
                    {{"Link", "</v2/org/app/tags/list?p=" +
                                  std::to_string(i + 1) + ">; rel=\"next\""}}));
    }
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE_FALSE(tags);
    CHECK(tags.error().message == "tag list has more than 3 pages");
  }
  SECTION("tags are capped in number and bytes over all pages") {
    // Pages of 3 tags (24 bytes each), each linking to the next, without end.
    for (int i = 0; i < 10; ++i) {
      const std::string url =
          i == 0 ? k_tags + "?n=1000" : k_tags + "?p=" + std::to_string(i);
      const std::string n = std::to_string(i);
      f.http.on(
          HttpMethod::get, url,
          make_response(
              200,
              R"({"tags":["a)" + n + R"(","b)" + n + R"(","c)" + n + R"("]})",
              {{"Link", "</v2/org/app/tags/list?p=" + std::to_string(i + 1) +
                            ">; rel=\"next\""}}));
    }
    SECTION("in number") {
      f.options.max_tags = 7;
      auto client = f.client();
      const auto tags = client.list_tags(ref("1.0"));
      REQUIRE_FALSE(tags);
      CHECK(tags.error().kind == RegistryErrorKind::refused);
      CHECK(tags.error().message ==
            "tag list of \"registry.example/org/app\" has more than 7 tags");
      CHECK(f.http.count(HttpMethod::get, k_tags + "?p=2") == 1);
      CHECK(f.http.count(HttpMethod::get, k_tags + "?p=3") == 0);
    }
    SECTION("in bytes") {
      f.options.max_tag_bytes = 60;
      auto client = f.client();
      const auto tags = client.list_tags(ref("1.0"));
      REQUIRE_FALSE(tags);
      CHECK(tags.error().kind == RegistryErrorKind::refused);
      CHECK(tags.error().message == "tag list of \"registry.example/org/app\" "
                                    "is larger than 60 bytes");
      CHECK(f.http.count(HttpMethod::get, k_tags + "?p=2") == 1);
      CHECK(f.http.count(HttpMethod::get, k_tags + "?p=3") == 0);
    }
  }
  SECTION("a full page without a Link: asked again after its last tag") {
    f.options.tag_page_size = 2;
    f.http.on(HttpMethod::get, k_tags + "?n=2",
              make_response(200, R"({"tags":["b","a"]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=2&last=a",
              make_response(200, R"({"tags":["c","d"]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=2&last=d",
              make_response(200, R"({"tags":["e"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"b", "a", "c", "d", "e"});
    // The short page ends the list: no fourth request.
    CHECK(f.http.count(HttpMethod::get, k_tags + "?n=2&last=e") == 0);
  }
  SECTION("a registry that ignores last: stops at the page adding nothing") {
    f.options.tag_page_size = 2;
    f.http.on(HttpMethod::get, k_tags + "?n=2",
              make_response(200, R"({"tags":["a","b"]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=2&last=b",
              make_response(200, R"({"tags":["a","b"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"a", "b"});
    CHECK(f.http.count(HttpMethod::get, k_tags + "?n=2&last=b") == 1);
  }
  SECTION("a page longer than n without a Link is everything: one request") {
    f.options.tag_page_size = 2;
    f.http.on(HttpMethod::get, k_tags + "?n=2",
              make_response(200, R"({"tags":["a","b","c"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(tags->size() == 3);
    CHECK(f.http.count(HttpMethod::get, k_tags + "?n=2&last=c") == 0);
  }
  SECTION("a short page without a Link is the last: one request") {
    f.options.tag_page_size = 2;
    f.http.on(HttpMethod::get, k_tags + "?n=2",
              make_response(200, R"({"tags":["a"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"a"});
    std::size_t tag_requests = 0;
    for (const auto &request : f.http.requests()) {
      tag_requests += request.url.find("/tags/list") != std::string::npos;
    }
    CHECK(tag_requests == 1);
  }
  SECTION("large n rejected: n=100, then no n") {
    f.http.on(
        HttpMethod::get, k_tags + "?n=1000",
        make_response(
            400,
            R"({"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"bad n"}]})"));
    f.http.on(
        HttpMethod::get, k_tags + "?n=100",
        make_response(405, "Member must have value less than or equal to 50"));
    f.http.on(HttpMethod::get, k_tags, make_response(200, R"({"tags":["x"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"x"});
  }
  SECTION("a tag list of the wrong shape is an error, null is empty") {
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(200, R"({"name":"org/app","tags":"not a list"})"));
    f.http.on(HttpMethod::get,
              "https://registry.example/v2/org/empty/tags/list?n=1000",
              make_response(200, R"({"name":"org/empty","tags":null})"));
    f.http.on(HttpMethod::get,
              "https://auth.example/"
              "token?service=registry.example&scope=repository%3Aorg%2Fempty%"
              "3Apull",
              token("e"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE_FALSE(tags);
    CHECK(tags.error().kind == RegistryErrorKind::invalid_response);
    CHECK(tags.error().message == "tag list has no \"tags\" array");
    const auto empty =
        client.list_tags(ref("1.0", "registry.example", "org/empty"));
    REQUIRE(empty);
    CHECK(empty->empty());
  }
  SECTION("missing repository") {
    f.http.on(
        HttpMethod::get, k_tags + "?n=1000",
        make_response(404,
                      R"({"errors":[{"code":"NAME_UNKNOWN","message":"x"}]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE_FALSE(tags);
    CHECK(tags.error().kind == RegistryErrorKind::not_found);
    CHECK(tags.error().message == "repository not found or unauthorized");
  }
}

TEST_CASE("RegistryClient concurrent identical look-ups share one request",
          "[registry]") {
  constexpr int k_threads = 8;
  Fixture f;
  // Every thread has asked before the one answer comes back: threads that
  // ran one after another (each finding the answer already cached) cannot
  // make this pass, and a look-up that is not shared while in flight sends
  // several HEADs.
  std::latch asked(k_threads);
  f.http.on(HttpMethod::get, k_ping, make_response(200));
  f.http.on(HttpMethod::head, k_manifests + "1.0",
            [&asked](const HttpRequest &) -> FakeHttpClient::Result {
              asked.wait();
              return found(k_digest_a);
            });
  auto client = f.client();
  std::atomic<int> resolved{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < k_threads; ++i) {
    threads.emplace_back([&client, &resolved, &asked] {
      asked.count_down();
      if (client.resolve(ref("1.0"))) {
        ++resolved;
      }
    });
  }
  for (auto &thread : threads) {
    thread.join();
  }
  CHECK(resolved == 8);
  CHECK(f.http.count(HttpMethod::get, k_ping) == 1);
  CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 1);
}

TEST_CASE("RegistryClient falls back from a failing mirror to the registry",
          "[registry]") {
  Fixture f;
  f.options.mirrors["registry.example"] = "https://mirror.example";
  f.http.on(HttpMethod::get, k_ping, unauthorized());
  f.http.on(HttpMethod::get, k_token_url, token("t"));
  SECTION("an unreachable mirror: the registry answers") {
    f.http.fail(HttpMethod::get, "https://mirror.example/v2/",
                HttpFailure::connect, "connection refused");
    f.http.on(HttpMethod::head, k_manifests + "1.0", found(k_digest_a));
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(200, R"({"tags":["1.0","1.1"]})"));
    auto client = f.client();
    const auto digest = client.resolve(ref("1.0"));
    REQUIRE(digest);
    CHECK(digest->digest == k_digest_a);
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"1.0", "1.1"});
    // The registry's ping and token are asked once, and the mirror's failed
    // ping is remembered rather than asked again.
    CHECK(f.http.count(HttpMethod::get, k_ping) == 1);
    CHECK(f.http.count(HttpMethod::get, k_token_url) == 1);
  }
  SECTION("a mirror that does not have the repository: the registry does") {
    f.http.on(HttpMethod::get, "https://mirror.example/v2/",
              make_response(200, "{}"));
    f.http.on(
        HttpMethod::get, "https://mirror.example/v2/org/app/tags/list?n=1000",
        make_response(404,
                      R"({"errors":[{"code":"NAME_UNKNOWN","message":"x"}]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(200, R"({"tags":["2.0"]})"));
    auto client = f.client();
    const auto tags = client.list_tags(ref("1.0"));
    REQUIRE(tags);
    CHECK(*tags == std::vector<std::string>{"2.0"});
  }
  SECTION("a working mirror: the registry is never asked") {
    f.http.on(HttpMethod::get, "https://mirror.example/v2/",
              make_response(200, "{}"));
    f.http.on(HttpMethod::head,
              "https://mirror.example/v2/org/app/manifests/1.0",
              found(k_digest_a));
    auto client = f.client();
    REQUIRE(client.resolve(ref("1.0")));
    CHECK(f.http.count(HttpMethod::get, k_ping) == 0);
    CHECK(f.http.count(HttpMethod::head, k_manifests + "1.0") == 0);
  }
  SECTION("both failing: the registry's error, then the mirror's") {
    f.http.fail(HttpMethod::get, "https://mirror.example/v2/",
                HttpFailure::connect, "connection refused");
    f.http.on(HttpMethod::head, k_manifests + "1.0", make_response(404, ""));
    f.http.on(
        HttpMethod::get, k_manifests + "1.0",
        make_response(
            404, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"x"}]})"));
    f.http.on(HttpMethod::get, k_tags + "?n=1000",
              make_response(200, R"({"tags":["0.9"]})"));
    auto client = f.client();
    const auto digest = client.resolve(ref("1.0"));
    REQUIRE_FALSE(digest);
    CHECK(digest.error().kind == RegistryErrorKind::not_found);
    CHECK_THAT(digest.error().message,
               Catch::EndsWith("(and the mirror https://mirror.example: "
                               "connection refused)"));
  }
}
