#include "stalebase/reference/grammar.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/registry_host.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace stalebase::reference;

namespace {

const std::string k_sha256(64, 'a');
const std::string k_digest =
    "sha256:" +
    std::string(
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
const std::string k_sha512_digest = "sha512:" + std::string(128, 'f');

// Parses `text` and fails the test, showing the reason, if it is refused.
ImageReference parsed(const std::string &text) {
  const auto result = parse_reference(text);
  INFO("reference: " << text);
  if (!result) {
    FAIL_CHECK("refused: " << result.error());
  }
  REQUIRE(result.has_value());
  return *result;
}

// The reason `text` is refused; fails the test if it is accepted.
std::string reason(const std::string &text) {
  const auto result = parse_reference(text);
  INFO("reference: " << text);
  if (result) {
    FAIL_CHECK("accepted as " << result->canonical());
  }
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

struct Vector {
  std::string input;
  std::string api_host;
  std::string registry;
  std::string repository;
  std::optional<std::string> tag;
  std::optional<std::string> digest;
};

} // namespace

TEST_CASE("parse_reference normalisation vectors", "[reference]") {
  const Vector vectors[] = {
      {"ubuntu", "registry-1.docker.io", "docker.io", "library/ubuntu", {}, {}},
      {"ubuntu:22.04",
       "registry-1.docker.io",
       "docker.io",
       "library/ubuntu",
       "22.04",
       {}},
      {"docker.io/ubuntu",
       "registry-1.docker.io",
       "docker.io",
       "library/ubuntu",
       {},
       {}},
      {"index.docker.io/ubuntu",
       "registry-1.docker.io",
       "docker.io",
       "library/ubuntu",
       {},
       {}},
      {"bitnami/redis:7.2",
       "registry-1.docker.io",
       "docker.io",
       "bitnami/redis",
       "7.2",
       {}},
      {"ghcr.io/owner/img:v1", "ghcr.io", "ghcr.io", "owner/img", "v1", {}},
      {"mcr.microsoft.com/dotnet/sdk:8.0",
       "mcr.microsoft.com",
       "mcr.microsoft.com",
       "dotnet/sdk",
       "8.0",
       {}},
      {"localhost:5000/app", "localhost:5000", "localhost:5000", "app", {}, {}},
      {"localhost/app", "localhost", "localhost", "app", {}, {}},
      {"myreg:5000/a/b:t", "myreg:5000", "myreg:5000", "a/b", "t", {}},
      {"[::1]:5000/app:t", "[::1]:5000", "[::1]:5000", "app", "t", {}},
      {"alpine:3.19@" + k_digest, "registry-1.docker.io", "docker.io",
       "library/alpine", "3.19", k_digest},
      {"Foo/bar", "Foo", "Foo", "bar", {}, {}},
      {"example.com",
       "registry-1.docker.io",
       "docker.io",
       "library/example.com",
       {},
       {}},
  };
  for (const auto &v : vectors) {
    const auto ref = parsed(v.input);
    INFO("reference: " << v.input);
    CHECK(ref.registry == v.registry);
    CHECK(ref.repository == v.repository);
    CHECK(ref.tag == v.tag);
    CHECK(ref.digest == v.digest);
    CHECK(api_host(ref) == v.api_host);
  }
  CHECK(reason("foo/Bar") == "repository name must be lowercase");
}

TEST_CASE("parse_reference host detection", "[reference]") {
  SECTION("a first component is a host with '.', ':', uppercase or localhost") {
    CHECK(parsed("example.com/app").registry == "example.com");
    CHECK(parsed("myreg:5000/app").registry == "myreg:5000");
    CHECK(parsed("LOCALDOMAIN/debian").registry == "LOCALDOMAIN");
    CHECK(parsed("localhost/app").registry == "localhost");
    CHECK(parsed("app.localhost/x").registry == "app.localhost");
    CHECK(parsed("192.168.0.1:8/debian").registry == "192.168.0.1:8");
  }
  SECTION("otherwise the name is on Docker Hub, kept whole") {
    const auto ref = parsed("myorg/team/app:1");
    CHECK(ref.registry == "docker.io");
    CHECK(ref.repository == "myorg/team/app");
    CHECK(parsed("localhostx/app").repository == "localhostx/app");
    CHECK(parsed("library/ubuntu").repository == "library/ubuntu");
  }
  SECTION("a single component is always a Docker Hub name") {
    const auto bare_localhost = parsed("localhost:5000");
    CHECK(bare_localhost.registry == "docker.io");
    CHECK(bare_localhost.repository == "library/localhost");
    CHECK(bare_localhost.tag == "5000");
    CHECK(parsed("192.168.0.1").repository == "library/192.168.0.1");
    CHECK(parsed("example.com:8080").canonical() ==
          "docker.io/library/example.com:8080");
    // The name part is `sha256`, the 64 hex digits a tag.
    CHECK(parsed("sha256:" + k_sha256).canonical() ==
          "docker.io/library/sha256:" + k_sha256);
  }
}

TEST_CASE("parse_reference Docker Hub names", "[reference]") {
  for (const char *host :
       {"docker.io", "index.docker.io", "registry-1.docker.io"}) {
    const std::string prefix = host;
    INFO("host: " << prefix);
    const auto official = parsed(prefix + "/ubuntu:22.04");
    CHECK(official.registry == "docker.io");
    CHECK(official.repository == "library/ubuntu");
    CHECK(official.is_docker_hub());
    CHECK(parsed(prefix + "/library/ubuntu").repository == "library/ubuntu");
    CHECK(parsed(prefix + "/bitnami/redis").repository == "bitnami/redis");
  }
  SECTION("only those names, spelled exactly, are Docker Hub") {
    const auto upper = parsed("Docker.io/ubuntu");
    CHECK(upper.registry == "Docker.io");
    CHECK(upper.repository == "ubuntu");
    CHECK_FALSE(upper.is_docker_hub());
    const auto port = parsed("docker.io:443/ubuntu");
    CHECK(port.registry == "docker.io:443");
    CHECK(port.repository == "ubuntu");
  }
  SECTION("other registries get no library/ prefix") {
    CHECK(parsed("ghcr.io/app").repository == "app");
    CHECK(parsed("localhost:5000/app").repository == "app");
  }
}

TEST_CASE("parse_reference IPv6 and ports", "[reference]") {
  CHECK(parsed("[2001:db8::1]/repo:tag").registry == "[2001:db8::1]");
  CHECK(parsed("[2001:db8::1]/repo:tag").tag == "tag");
  CHECK(parsed("[::1]/app").registry == "[::1]");
  CHECK(parsed("[FE80::1]:5000/app").registry == "[FE80::1]:5000");
  CHECK(parsed("localhost:5000/a/b:t@" + k_digest).canonical() ==
        "localhost:5000/a/b:t@" + k_digest);

  CHECK(reason("[2001:db8::1]:5000") ==
        "missing repository path after registry host \"[2001:db8::1]:5000\"");
  CHECK(reason("[::1]") ==
        "missing repository path after registry host \"[::1]\"");
  CHECK(reason("fc00::1:5000/debian") ==
        "invalid registry host \"fc00::1:5000\": an IPv6 address must be "
        "enclosed in \"[]\"");
  CHECK(reason("[fe80::1%eth0]:5000/app") ==
        "invalid registry host \"[fe80::1%eth0]:5000\": IPv6 zone ids are not "
        "allowed");
  CHECK(reason("[::ffff:192.168.0.1]/app") ==
        "invalid registry host \"[::ffff:192.168.0.1]\": expected an IPv6 "
        "address of hex digits and \":\"");
  CHECK(reason("[]:5000/app") ==
        "invalid registry host \"[]:5000\": expected an IPv6 address of hex "
        "digits and \":\"");
  CHECK(
      reason("[::1/app") ==
      "invalid registry host \"[::1\": expected \"]\" after the IPv6 address");
  CHECK(reason("[::1]x:5000/app") ==
        "invalid registry host \"[::1]x:5000\": expected \":\" and a port "
        "after \"]\"");
  CHECK(reason("[::1]:/app") == "invalid port \"\": expected digits");
  CHECK(reason("localhost:abc/app") == "invalid port \"abc\": expected digits");
  CHECK(reason("localhost:/app") == "invalid port \"\": expected digits");
  CHECK(reason("myreg:50a0/app:1") == "invalid port \"50a0\": expected digits");
  CHECK(reason("ubuntu:22.04/x") == "invalid port \"22.04\": expected digits");
  CHECK(reason("x:y:z/app") == "invalid port \"y:z\": expected digits");
  SECTION("ports only on the host") {
    CHECK(reason("myreg/app:5000/x") ==
          "invalid repository name component \"app:5000\": a port is only "
          "allowed on the registry host");
    CHECK(reason("example.com/a/b:80/c") ==
          "invalid repository name component \"b:80\": a port is only allowed "
          "on the registry host");
  }
}

TEST_CASE("parse_reference registry host grammar", "[reference]") {
  const std::string expected = ": expected labels of letters, digits and \"-\" "
                               "separated by \".\"";
  CHECK(reason("foo_bar.com/x") ==
        "invalid registry host \"foo_bar.com\"" + expected);
  CHECK(reason("-bad.com/x") ==
        "invalid registry host \"-bad.com\"" + expected);
  CHECK(reason("bad-.com/x") ==
        "invalid registry host \"bad-.com\"" + expected);
  CHECK(reason("a..com/x") == "invalid registry host \"a..com\"" + expected);
  CHECK(reason(".com/x") == "invalid registry host \".com\"" + expected);
  CHECK(reason("example.com./x") ==
        "invalid registry host \"example.com.\"" + expected);
  CHECK(reason(":5000/x") == "invalid registry host \":5000\"" + expected);
  CHECK(reason("Foo_Bar/x") == "invalid registry host \"Foo_Bar\"" + expected);
  CHECK(parsed("a-b--c.example/x").registry == "a-b--c.example");
  CHECK(parsed("1.2.3.4/x").registry == "1.2.3.4");
  CHECK(reason("ghcr.io/") ==
        "missing repository path after registry host \"ghcr.io\"");
  CHECK(reason("localhost:5000/") ==
        "missing repository path after registry host \"localhost:5000\"");
}

TEST_CASE("parse_reference repository path grammar", "[reference]") {
  SECTION("separators") {
    for (const char *ok : {"a.b", "a_b", "a__b", "a-b", "a---b",
                           "a1.b2_c3__d4-e5", "0", "a/b/c/d"}) {
      INFO("path: " << ok);
      CHECK(parsed(std::string("example.com/") + ok).repository == ok);
    }
    const std::string expected =
        ": expected lowercase letters and digits joined by \".\", \"_\", "
        "\"__\" or \"-\"";
    for (const char *bad : {"a..b", "a___b", "a_.b", "a.-b", "-a", "a-", ".a",
                            "a.", "_a", "a_", "a!b", "a b", "a+b", "a%b"}) {
      INFO("component: " << bad);
      CHECK(reason(std::string("example.com/") + bad) ==
            "invalid repository name component \"" + std::string(bad) + "\"" +
                expected);
    }
    CHECK(reason("example.com/a:b/c") ==
          "invalid repository name component \"a:b\"" + expected);
    CHECK(reason("org/a..b:1") ==
          "invalid repository name component \"a..b\"" + expected);
    CHECK(reason("a\x01/b") ==
          "invalid repository name component \"a\\x01\"" + expected);
  }
  SECTION("uppercase") {
    CHECK(reason("Ubuntu") == "repository name must be lowercase");
    CHECK(reason("ubuntU:22.04") == "repository name must be lowercase");
    CHECK(reason("ghcr.io/Owner/img") == "repository name must be lowercase");
    CHECK(reason("docker.io/Ubuntu") == "repository name must be lowercase");
    CHECK(parsed("lowercase:Uppercase").tag == "Uppercase");
  }
  SECTION("empty components and names") {
    CHECK(reason("a//b") == "repository name has an empty path component");
    CHECK(reason("a/") == "repository name has an empty path component");
    CHECK(reason("/a") == "repository name has an empty path component");
    CHECK(reason("ghcr.io/a//b") ==
          "repository name has an empty path component");
    CHECK(reason(":tag") == "repository name is empty");
    CHECK(reason("@" + k_digest) == "repository name is empty");
    CHECK(reason(":") == "repository name is empty");
  }
  SECTION("at most 255 characters, host excluded, library/ included") {
    const std::string a255(255, 'a');
    CHECK(parsed("example.com/" + a255).repository == a255);
    CHECK(reason("example.com/" + a255 + "a") ==
          "repository name is longer than 255 characters");
    CHECK(parsed(std::string(247, 'a')).repository ==
          "library/" + std::string(247, 'a'));
    CHECK(reason(std::string(248, 'a')) ==
          "repository name is longer than 255 characters");
    CHECK(parsed("org/" + std::string(251, 'b')).repository.size() == 255);
  }
}

TEST_CASE("parse_reference tags", "[reference]") {
  CHECK(parsed("a:_x").tag == "_x");
  CHECK(parsed("a:1.2-rc.1_b").tag == "1.2-rc.1_b");
  CHECK(parsed("a:" + std::string(128, 't')).tag == std::string(128, 't'));
  CHECK(reason("a:" + std::string(129, 't')) ==
        "invalid tag \"" + std::string(80, 't') +
            "\"... (129 bytes): expected at most 128 characters");
  CHECK(reason("ubuntu:") == "invalid tag \"\": expected at least 1 character");
  CHECK(reason("ubuntu:-x") ==
        "invalid tag \"-x\": expected a letter, digit or \"_\" first");
  CHECK(reason("ubuntu:.x") ==
        "invalid tag \".x\": expected a letter, digit or \"_\" first");
  const std::string chars =
      ": expected only letters, digits, \"_\", \".\" and \"-\"";
  CHECK(reason("ubuntu:a+b") == "invalid tag \"a+b\"" + chars);
  CHECK(reason("ubuntu:a\"b") == "invalid tag \"a\\\"b\"" + chars);
  CHECK(reason("ubuntu:a\xc3\xa9") == "invalid tag \"a\\xc3\\xa9\"" + chars);
  CHECK(reason("localhost:5000/app:a b") == "invalid tag \"a b\"" + chars);
}

TEST_CASE("parse_reference digests", "[reference]") {
  SECTION("sha256 and sha512, alone or with a tag") {
    const auto digested = parsed("node@" + k_digest);
    CHECK(digested.tag == std::nullopt);
    CHECK(digested.digest == k_digest);
    const auto both = parsed("node:8.9.0@" + k_digest);
    CHECK(both.tag == "8.9.0");
    CHECK(both.digest == k_digest);
    CHECK(parsed("ghcr.io/o/i@" + k_sha512_digest).digest == k_sha512_digest);
  }
  SECTION("refused digests") {
    const std::string hex64 = ": expected 64 lowercase hex digits after "
                              "\"sha256:\"";
    CHECK(reason("node@sha256:" + std::string(63, 'a')) ==
          "invalid digest \"sha256:" + std::string(63, 'a') + "\"" + hex64);
    CHECK(reason("node@sha256:" + std::string(65, 'a')) ==
          "invalid digest \"sha256:" + std::string(65, 'a') + "\"" + hex64);
    CHECK(reason("node@sha256:" + std::string(100, 'a')) ==
          "invalid digest \"sha256:" + std::string(73, 'a') +
              "\"... (107 bytes)" + hex64);
    CHECK(reason("node@sha256:" + std::string(64, 'A')) ==
          "invalid digest \"sha256:" + std::string(64, 'A') + "\"" + hex64);
    CHECK(reason("node@sha512:" + k_sha256) ==
          "invalid digest \"sha512:" + k_sha256 +
              "\": expected 128 lowercase hex digits after \"sha512:\"");
    CHECK(reason("node@sha256:") == "invalid digest \"sha256:\"" + hex64);
    const std::string form = ": expected \"<algorithm>:<hex digits>\"";
    CHECK(reason("node@") == "invalid digest \"\"" + form);
    CHECK(reason("node@" + k_sha256) ==
          "invalid digest \"" + k_sha256 + "\"" + form);
    CHECK(reason("node@:" + k_sha256) ==
          "invalid digest \":" + k_sha256 + "\"" + form);
    CHECK(reason("node@1sha:" + k_sha256) ==
          "invalid digest \"1sha:" + k_sha256 + "\"" + form);
    CHECK(reason("node@sha256:" + k_sha256 + "@x") ==
          "invalid digest \"sha256:" + k_sha256 + "@x\"" + hex64);
    CHECK(reason("node@md5:" + std::string(32, 'a')) ==
          "unsupported digest algorithm \"md5\": expected sha256 or sha512");
    CHECK(reason("node@SHA256:" + k_sha256) ==
          "unsupported digest algorithm \"SHA256\": expected sha256 or sha512");
    CHECK(reason("node@sha256+b64:" + k_sha256) ==
          "unsupported digest algorithm \"sha256+b64\": expected sha256 or "
          "sha512");
  }
}

TEST_CASE("parse_reference whole-input reasons", "[reference]") {
  CHECK(reason("") == "reference is empty");
  CHECK(reason(k_sha256) ==
        "repository name cannot be a 64-character hexadecimal string");
  // 63 or 65 hex digits, or uppercase, are ordinary names (or not lowercase).
  CHECK(parsed(std::string(63, 'a')).repository ==
        "library/" + std::string(63, 'a'));
  CHECK(reason(std::string(64, 'A')) == "repository name must be lowercase");
  CHECK(reason(" ubuntu") ==
        "invalid repository name component \" ubuntu\": expected lowercase "
        "letters and digits joined by \".\", \"_\", \"__\" or \"-\"");
}

TEST_CASE("parse_reference distribution/reference name lists", "[reference]") {
  for (const char *ok :
       {"docker/docker", "docker.io/docker/docker", "127.0.0.1:5000/debian",
        "192.168.0.1:80", "192.168.0.2:25000/debian", "[fc00::1]:5000/docker",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "DOCKER/docker",
        "docker---rules/docker", "dock__er/docker", "d/docker", "jess/t",
        "xn--n3h.com:18080/foo", "test-com:8080/foo",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"}) {
    INFO("reference: " << ok);
    CHECK(parse_reference(ok).has_value());
  }
  CHECK(parsed("test_com/foo").canonical() == "docker.io/test_com/foo:latest");
  CHECK(parsed("docker.io/" + k_sha256).repository == "library/" + k_sha256);
  CHECK(reason("https://github.com/docker/docker") ==
        "unexpected URL scheme \"https://\": a reference starts with the "
        "registry host");
  CHECK(reason("-docker.io/docker/docker") ==
        "invalid registry host \"-docker.io\": expected labels of letters, "
        "digits and \"-\" separated by \".\"");
  CHECK(reason("[2001:db8:3:4::192.0.2.33]:5000/debian") ==
        "invalid registry host \"[2001:db8:3:4::192.0.2.33]:5000\": expected "
        "an IPv6 address of hex digits and \":\"");
  CHECK(reason("docker.io/docker///docker") ==
        "repository name has an empty path component");
  CHECK(reason("____/____") ==
        "invalid repository name component \"____\": expected lowercase "
        "letters and digits joined by \".\", \"_\", \"__\" or \"-\"");
}

TEST_CASE("ImageReference::canonical and familiar", "[reference]") {
  CHECK(parsed("node").canonical() == "docker.io/library/node:latest");
  CHECK(parsed("node").familiar() == "node");
  CHECK(parsed("node:18").canonical() == "docker.io/library/node:18");
  CHECK(parsed("node@" + k_digest).canonical() ==
        "docker.io/library/node@" + k_digest);
  CHECK(parsed("node:8.9.0@" + k_digest).canonical() ==
        "docker.io/library/node:8.9.0@" + k_digest);
  CHECK(parsed("node:8.9.0@" + k_digest).familiar() ==
        "node:8.9.0@" + k_digest);
  CHECK(parsed("docker.io/bitnami/redis:7").familiar() == "bitnami/redis:7");
  CHECK(parsed("library/a/b").familiar() == "library/a/b");
  // Dropping docker.io/ here would turn the first component into a host.
  CHECK(parsed("docker.io/a.b/c:1").familiar() == "docker.io/a.b/c:1");
  CHECK(parsed("docker.io/localhost/c").familiar() == "docker.io/localhost/c");
  CHECK(parsed("docker.io/a.b").familiar() == "a.b");
  CHECK(parsed("ghcr.io/o/i:v1").familiar() == "ghcr.io/o/i:v1");
  CHECK(parsed("ghcr.io/o/i").canonical() == "ghcr.io/o/i:latest");
  CHECK(parsed("[::1]:5000/app").canonical() == "[::1]:5000/app:latest");
  CHECK(parsed("localhost/library/x").familiar() == "localhost/library/x");
  CHECK(parsed("node").name() == "docker.io/library/node");

  SECTION("familiar() parses back to the same reference") {
    for (const std::string &text :
         {std::string("node:1"), std::string("docker.io/a.b/c"),
          std::string("docker.io/localhost/c"), std::string("ghcr.io/a/b"),
          std::string("localhost:5000/x"), std::string("docker.io/x.y")}) {
      const auto ref = parsed(text);
      CHECK(parsed(ref.familiar()) == ref);
    }
  }
  SECTION("canonical() parses back to the same reference") {
    for (const std::string &text :
         {std::string("node"), std::string("node:18"), "node@" + k_digest,
          "node:8.9.0@" + k_digest, std::string("[::1]:5000/a/b:t"),
          std::string("Foo/bar"), std::string("registry-1.docker.io/x/y")}) {
      const auto ref = parsed(text);
      auto again = parsed(ref.canonical());
      if (!ref.tag && !ref.digest) {
        again.tag.reset(); // canonical() added `:latest`
      }
      CHECK(again == ref);
    }
  }
}

TEST_CASE("ImageReference::effective_tag", "[reference]") {
  CHECK(parsed("node").effective_tag() == "latest");
  CHECK(parsed("node:18").effective_tag() == "18");
  CHECK(parsed("node@" + k_digest).effective_tag().empty());
  CHECK(parsed("node:18@" + k_digest).effective_tag() == "18");
}

TEST_CASE("registry_host api_host and credential_key", "[reference]") {
  CHECK(is_docker_hub_host("docker.io"));
  CHECK(is_docker_hub_host("index.docker.io"));
  CHECK(is_docker_hub_host("registry-1.docker.io"));
  CHECK_FALSE(is_docker_hub_host("Docker.io"));
  CHECK_FALSE(is_docker_hub_host("docker.io:443"));
  CHECK(api_host("docker.io") == "registry-1.docker.io");
  CHECK(api_host("index.docker.io") == "registry-1.docker.io");
  CHECK(api_host("ghcr.io") == "ghcr.io");
  CHECK(api_host("[::1]:5000") == "[::1]:5000");
  CHECK(registry_key("Index.Docker.IO") == "docker.io");
  CHECK(registry_key("REGISTRY-1.docker.io") == "docker.io");
  CHECK(registry_key("GHCR.io") == "ghcr.io");
  CHECK(registry_key("[::1]:5000") == "[::1]:5000");
  CHECK(credential_key("docker.io") == "https://index.docker.io/v1/");
  CHECK(credential_key("index.docker.io") == "https://index.docker.io/v1/");
  CHECK(credential_key("registry-1.docker.io") ==
        "https://index.docker.io/v1/");
  CHECK(credential_key("ghcr.io") == "ghcr.io");
  CHECK(credential_key("localhost:5000") == "localhost:5000");
  CHECK(credential_key("Foo:5000") == "foo:5000");
  CHECK(credential_key(parsed("ubuntu").registry) ==
        "https://index.docker.io/v1/");
}

TEST_CASE("grammar validate_tag validate_digest is_image_id", "[reference]") {
  CHECK(validate_tag("v1.2.3").has_value());
  CHECK(validate_tag("a!").error() ==
        "invalid tag \"a!\": expected only letters, digits, \"_\", \".\" and "
        "\"-\"");
  CHECK(validate_digest(k_digest).has_value());
  CHECK(validate_digest(k_sha512_digest).has_value());
  CHECK(validate_digest("sha256:xyz").error() ==
        "invalid digest \"sha256:xyz\": expected 64 lowercase hex digits after "
        "\"sha256:\"");
  CHECK(is_image_id(k_sha256));
  CHECK_FALSE(is_image_id(std::string(64, 'g')));
  CHECK_FALSE(is_image_id(std::string(63, 'a')));
}
