#include "stalebase/registry/base64.hpp"
#include "stalebase/registry/digest.hpp"

#include <catch2/catch.hpp>

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

TEST_CASE("registry::verify_digest", "[registry]") {
  CHECK(verify_digest(
      "abc",
      "sha256:"
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  CHECK(verify_digest(
      "abc",
      "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
  const auto mismatch = verify_digest(
      "abd",
      "sha256:"
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  REQUIRE_FALSE(mismatch);
  CHECK(
      mismatch.error() ==
      "digest mismatch: expected "
      "\"sha256:"
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\", got "
      "\"sha256:"
      "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9\"");
  CHECK(verify_digest("abc", "md5:900150983cd24fb0d6963f7d28e17f72").error() ==
        "unsupported digest \"md5:900150983cd24fb0d6963f7d28e17f72\"");
  CHECK_FALSE(is_valid_digest(
      "sha256:"
      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  CHECK_FALSE(is_valid_digest("sha256:abc"));
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
}
