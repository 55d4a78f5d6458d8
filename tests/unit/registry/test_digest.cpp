#include "stalebase/registry/base64.hpp"
#include "stalebase/registry/digest.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace stalebase::registry;

TEST_CASE("registry::sha256_digest", "[registry]") {
  CHECK(sha256_digest("") ==
        "sha256:"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_digest("abc") ==
        "sha256:"
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Raw bytes, not re-serialised JSON: whitespace changes the digest.
  CHECK(sha256_digest("{\"a\":1}") != sha256_digest("{\"a\": 1}"));
}

namespace {

Digest digest(std::string_view text) {
  return Digest::parse(text).value();
}

} // namespace

TEST_CASE("registry::verify_digest", "[registry]") {
  CHECK(verify_digest(
      "abc",
      digest(
          "sha256:"
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
  CHECK(verify_digest(
      "abc",
      digest(
          "sha512:"
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")));
  const auto mismatch = verify_digest(
      "abd",
      digest(
          "sha256:"
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  REQUIRE_FALSE(mismatch);
  CHECK(
      mismatch.error() ==
      "digest mismatch: expected "
      "\"sha256:"
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\", got "
      "\"sha256:"
      "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9\"");
}

TEST_CASE("registry::parse_digest_header", "[registry]") {
  const std::string hex =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  CHECK(parse_digest_header("sha256:" + hex).value() == "sha256:" + hex);
  // Tags that look like digests, upper-case hex, other algorithms: never one.
  for (const std::string &text : std::vector<std::string>{
           "sha-860c190", "sha256-" + hex, "sha256-" + hex + ".sig",
           "sha512-feed", "sha", "sha256:" + std::string(64, 'A'), "sha256:abc",
           "md5:900150983cd24fb0d6963f7d28e17f72", std::string()}) {
    CAPTURE(text);
    const auto parsed = parse_digest_header(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error() ==
          "the registry sent an invalid Docker-Content-Digest \"" + text +
              "\"");
  }
  CHECK(parse_digest_header("a\"b\nc").error() ==
        "the registry sent an invalid Docker-Content-Digest \"a?b?c\"");
  CHECK(parse_digest_header(std::string(100, 'x')).error() ==
        "the registry sent an invalid Docker-Content-Digest \"" +
            std::string(80, 'x') + "…\"");
}

TEST_CASE("registry::base64", "[registry]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("user:pass") == "dXNlcjpwYXNz");
  CHECK(base64_decode("dXNlcjpwYXNz").value() == "user:pass");
  CHECK(base64_decode("Zg").value() == "f");
  CHECK(base64_decode(" Zm8=\n").value() == "fo");
  CHECK(base64_decode("Zm9v!").error() == "invalid base64");
  CHECK(base64_decode("Z").error() == "invalid base64");
  CHECK(base64_decode("Zg==Zg==").error() == "invalid base64");
  CHECK(base64_decode("Zm 9v").error() == "invalid base64");
  CHECK(base64_decode("").value().empty());
  std::string all;
  for (int c = 0; c < 256; ++c) {
    all += static_cast<char>(c);
  }
  for (std::size_t length = 0; length <= all.size(); length += 85) {
    CAPTURE(length);
    CHECK(base64_decode(base64_encode(all.substr(0, length))).value() ==
          all.substr(0, length));
  }
}
