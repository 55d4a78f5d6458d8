#include "stalebase/reference/manifest_reference.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace stalebase::reference;

namespace {

const std::string k_hex(64, 'a');

ManifestReference of(const std::string &text) {
  return ManifestReference::of(parse_reference(text).value());
}

} // namespace

TEST_CASE("ManifestReference: a tag is a tag whatever it starts with",
          "[reference]") {
  for (const std::string &tag : std::vector<std::string>{
           "sha", "sha-860c190", "sha256-" + k_hex, "sha256-" + k_hex + ".sig",
           "sha512-feed", "shared-1", "shadow"}) {
    CAPTURE(tag);
    const auto wanted = of("example.com/acme/app:" + tag);
    CHECK_FALSE(wanted.is_digest());
    CHECK(wanted.text() == tag);
    CHECK(wanted.describe() == "tag \"" + tag + "\"");
  }
}

TEST_CASE("ManifestReference: the tag of a pinned reference, else its digest",
          "[reference]") {
  const std::string digest = "sha256:" + k_hex;
  CHECK(of("app:sha-860c190@" + digest).text() == "sha-860c190");
  CHECK_FALSE(of("app:sha-860c190@" + digest).is_digest());
  const auto by_digest = of("app@" + digest);
  REQUIRE(by_digest.is_digest());
  CHECK(by_digest.digest() == digest);
  CHECK(by_digest.describe() == "manifest \"" + digest + "\"");
  CHECK(of("app").text() == "latest");
}

TEST_CASE("Digest::parse accepts only sha256 and sha512 digests",
          "[reference]") {
  CHECK(Digest::parse("sha256:" + k_hex).value().algorithm() == "sha256");
  CHECK(Digest::parse("sha256:" + k_hex).value().encoded() == k_hex);
  CHECK(Digest::parse("sha512:" + std::string(128, 'f')).has_value());
  CHECK(
      Digest::parse("sha-860c190").error() ==
      "invalid digest \"sha-860c190\": expected \"<algorithm>:<hex digits>\"");
  CHECK_FALSE(Digest::parse("sha256-" + k_hex));
  CHECK_FALSE(Digest::parse("sha512:feed"));
}
