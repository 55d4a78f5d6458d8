#include "stalebase/registry/manifest.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::registry;

namespace {

const char *const k_oci_index = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1000,
     "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
     "platform": {"architecture": "amd64", "os": "linux"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1001,
     "digest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
     "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 566,
     "digest": "sha256:3333333333333333333333333333333333333333333333333333333333333333",
     "annotations": {"vnd.docker.reference.type": "attestation-manifest",
                     "vnd.docker.reference.digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111"},
     "platform": {"architecture": "unknown", "os": "unknown"}}
  ]
})";

const char *const k_windows_list = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
  "manifests": [
    {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 10,
     "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.5329"}},
    {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 11,
     "digest": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
     "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.2227"}}
  ]
})";

} // namespace

TEST_CASE("registry::parse_manifest OCI index with attestation", "[registry]") {
  const auto index = parse_manifest(k_oci_index, "");
  REQUIRE(index);
  CHECK(index->is_index);
  CHECK(index->media_type == "application/vnd.oci.image.index.v1+json");
  REQUIRE(index->children.size() == 3);
  CHECK(index->children[1].platform->variant == "v8");
  CHECK(index->children[1].size == 1001);
  CHECK_FALSE(index->children[0].is_attestation);
  CHECK(index->children[2].is_attestation);
  const auto *arm = find_platform(
      *index, stalebase::reference::parse_platform("linux/arm64").value());
  REQUIRE(arm != nullptr);
  CHECK(arm->digest ==
        "sha256:"
        "2222222222222222222222222222222222222222222222222222222222222222");
  CHECK(find_platform(
            *index,
            stalebase::reference::parse_platform("linux/s390x").value()) ==
        nullptr);
  CHECK(find_platform(*index, Platform{"unknown", "unknown", "", ""}) ==
        nullptr);
}

TEST_CASE(
    "registry::parse_manifest Docker manifest list with Windows os.version",
    "[registry]") {
  const auto list = parse_manifest(
      k_windows_list,
      "application/vnd.docker.distribution.manifest.list.v2+json");
  REQUIRE(list);
  CHECK(list->is_index);
  REQUIRE(list->children.size() == 2);
  CHECK(list->children[0].platform->os_version == "10.0.17763.5329");
  const auto *ltsc2022 = find_platform(
      *list, stalebase::reference::parse_platform("windows(10.0.20348)/amd64")
                 .value());
  REQUIRE(ltsc2022 != nullptr);
  CHECK(ltsc2022->digest ==
        "sha256:"
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  CHECK(find_platform(*list, stalebase::reference::parse_platform(
                                 "windows(10.0.2034)/amd64")
                                 .value()) == nullptr);
  CHECK(find_platform(*list, stalebase::reference::parse_platform("linux/amd64")
                                 .value()) == nullptr);
}

TEST_CASE(
    "registry::parse_manifest image manifest and media type from Content-Type",
    "[registry]") {
  const auto image = parse_manifest(
      R"({"schemaVersion":2,"config":{"digest":"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},"layers":[]})",
      "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
  REQUIRE(image);
  CHECK_FALSE(image->is_index);
  CHECK(image->media_type == "application/vnd.oci.image.manifest.v1+json");
  CHECK(image->config_digest ==
        "sha256:"
        "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
}

TEST_CASE("registry::parse_manifest failures", "[registry]") {
  CHECK(parse_manifest("<html>", "").error() == "invalid manifest: not JSON");
  CHECK(parse_manifest("[]", "").error() ==
        "invalid manifest: not a JSON object");
  CHECK(parse_manifest(R"({"schemaVersion":1,"fsLayers":[]})", "").error() ==
        "unsupported legacy schema 1 manifest");
  CHECK(parse_manifest(
            "{}", "application/vnd.docker.distribution.manifest.v1+prettyjws")
            .error() == "unsupported legacy schema 1 manifest");
  CHECK(parse_manifest(R"({"manifests":[{"digest":"nope"}]})", "").error() ==
        "invalid manifest: index child digest \"nope\"");
  CHECK(parse_manifest(
            R"({"mediaType":"application/vnd.oci.image.index.v1+json"})", "")
            .error() ==
        "invalid manifest: index without a \"manifests\" array");
}

TEST_CASE("registry::manifest_accept_header", "[registry]") {
  CHECK(manifest_accept_header() ==
        "application/vnd.oci.image.index.v1+json, "
        "application/vnd.docker.distribution.manifest.list.v2+json, "
        "application/vnd.oci.image.manifest.v1+json, "
        "application/vnd.docker.distribution.manifest.v2+json");
}

TEST_CASE("registry::parse_manifest version annotation", "[registry]") {
  const auto index = [](const std::string &top, const std::string &first,
                        const std::string &second) {
    const auto annotated = [](const std::string &version) {
      return version.empty()
                 ? std::string()
                 : R"(,"annotations":{"org.opencontainers.image.version":")" +
                       version + R"("})";
    };
    return R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json")" +
           annotated(top) + R"(,"manifests":[)" +
           R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,)"
           R"("digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111",)"
           R"("platform":{"architecture":"amd64","os":"linux"})" +
           annotated(first) + "}," +
           R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,)"
           R"("digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222",)"
           R"("platform":{"architecture":"arm64","os":"linux"})" +
           annotated(second) + "}," +
           R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,)"
           R"("digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333",)"
           R"("platform":{"architecture":"unknown","os":"unknown"},)"
           R"("annotations":{"vnd.docker.reference.type":"attestation-manifest",)"
           R"("org.opencontainers.image.version":"other"}}]})";
  };
  const auto version = [](const std::string &body) {
    const auto parsed = parse_manifest(body, "");
    REQUIRE(parsed.has_value());
    return parsed->version;
  };
  // Docker's Official Images annotate each image child; attestations are
  // left out.
  CHECK(version(index("", "3.12.7-slim", "3.12.7-slim")) == "3.12.7-slim");
  CHECK(version(index("", "3.12.7-slim", "")) == "3.12.7-slim");
  CHECK(version(index("", "3.12.7-slim", "3.12.6-slim")).empty());
  CHECK(version(index("3.12.7", "3.12.7-slim", "3.12.6-slim")) == "3.12.7");
  CHECK(version(index("", "", "")).empty());
  // Not a tag: never shown.
  CHECK(version(index("", "3.12 slim", "3.12 slim")).empty());
  CHECK(version(index("", std::string(129, 'a'), "")).empty());
  CHECK(version(k_oci_index).empty());
  CHECK(
      version(
          R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
          R"("config":{"digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111"},)"
          R"("annotations":{"org.opencontainers.image.version":"1.2.3"}})") ==
      "1.2.3");
  CHECK(
      version(
          R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
          R"("annotations":{"org.opencontainers.image.version":7}})")
          .empty());
}
