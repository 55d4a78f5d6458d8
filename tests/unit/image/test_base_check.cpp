#include "stalebase/image/base_check.hpp"
#include "stalebase/registry/digest.hpp"

#include "support/memory_registry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace stalebase;
using check::FindingKind;
using nlohmann::json;

namespace {

constexpr const char *k_manifest_type =
    "application/vnd.oci.image.manifest.v1+json";
constexpr const char *k_index_type = "application/vnd.oci.image.index.v1+json";

std::string layer(const std::string &name) {
  return registry::sha256_digest("layer " + name).str();
}

// Images written by hand into a MemoryRegistry, as the integration tests push
// them.
struct Images {
  registry::MemoryRegistry registry;

  std::string manifest(const std::string &repo,
                       const std::string &arch,
                       const std::vector<std::string> &layers,
                       const json &annotations = json::object()) {
    json ids = json::array();
    json descriptors = json::array();
    for (const std::string &name : layers) {
      ids.push_back(layer(name));
      descriptors.push_back(
          {{"mediaType", "application/vnd.oci.image.layer.v1.tar"},
           {"digest", layer(name)},
           {"size", 1}});
    }
    const std::string config = registry.add_blob(
        repo, json{{"os", "linux"},
                   {"architecture", arch},
                   {"rootfs", {{"type", "layers"}, {"diff_ids", ids}}}}
                  .dump());
    json body = {{"schemaVersion", 2},
                 {"mediaType", k_manifest_type},
                 {"config", {{"digest", config}, {"size", 1}}},
                 {"layers", descriptors}};
    if (!annotations.empty()) {
      body["annotations"] = annotations;
    }
    return registry.add_manifest(repo, body.dump(), k_manifest_type);
  }

  static json descriptor(const std::string &digest,
                         const std::string &arch,
                         const json &annotations = json::object()) {
    json entry = {{"mediaType", k_manifest_type},
                  {"digest", digest},
                  {"size", 1},
                  {"platform",
                   {{"os", arch == "unknown" ? "unknown" : "linux"},
                    {"architecture", arch}}}};
    if (!annotations.empty()) {
      entry["annotations"] = annotations;
    }
    return entry;
  }

  std::string index(const std::string &repo,
                    const std::string &tag,
                    const json &descriptors) {
    const std::string digest =
        registry.add_manifest(repo,
                              json{{"schemaVersion", 2},
                                   {"mediaType", k_index_type},
                                   {"manifests", descriptors}}
                                  .dump(),
                              k_index_type);
    registry.set_tag(repo, tag, digest);
    return digest;
  }

  std::string tagged(const std::string &repo,
                     const std::string &tag,
                     const std::string &digest) {
    registry.set_tag(repo, tag, digest);
    return digest;
  }
};

const std::string k_base = "docker.io/library/base";
const std::string k_app = "registry.example.com/app";

json base_annotations(const std::string &digest) {
  return {{"org.opencontainers.image.base.name", "base:1.0.0"},
          {"org.opencontainers.image.base.digest", digest}};
}

std::vector<std::string> kinds(const image::ImageResult &result) {
  std::vector<std::string> out;
  for (const auto &finding : result.findings) {
    out.push_back(finding.platform + " " +
                  std::string(check::to_string(finding.finding.kind)));
  }
  return out;
}

} // namespace

TEST_CASE("image: annotations, current then drifted", "[image]") {
  Images images;
  const std::string amd = images.manifest(k_base, "amd64", {"b-amd"});
  const std::string arm = images.manifest(k_base, "arm64", {"b-arm"});
  const std::string base_index = images.index(
      k_base, "1.0.0",
      {Images::descriptor(amd, "amd64"), Images::descriptor(arm, "arm64")});
  const std::string app_amd = images.manifest(k_app, "amd64", {"b-amd", "a"},
                                              base_annotations(base_index));
  const std::string app_arm = images.manifest(k_app, "arm64", {"b-arm", "a"});
  images.index(
      k_app, "1",
      {Images::descriptor(app_amd, "amd64"),
       Images::descriptor(app_arm, "arm64", base_annotations(base_index))});
  image::ImageOptions options;
  const std::vector<std::string> given{k_app + ":1"};

  auto result = image::check_images(images.registry, given, options);
  CHECK(result.findings.empty());
  CHECK(result.checked == given);
  CHECK(result.platform_images == 2);

  // amd64 rebuilt under the same tag; a newer patch too.
  const std::string rebuilt = images.manifest(k_base, "amd64", {"b-amd2"});
  const std::string moved = images.index(
      k_base, "1.0.0",
      {Images::descriptor(rebuilt, "amd64"), Images::descriptor(arm, "arm64")});
  images.index(k_base, "1.0.1", {Images::descriptor(rebuilt, "amd64")});
  result = image::check_images(images.registry, given, options);
  CHECK(kinds(result) ==
        std::vector<std::string>{
            "linux/amd64 base-drift", "linux/amd64 base-patch-available",
            "linux/arm64 index-drift", "linux/arm64 base-patch-available"});
  const image::ImageFinding &drift = result.findings.front();
  CHECK(drift.image == given.front());
  CHECK(drift.image_digest == app_amd);
  CHECK(drift.base.name == "docker.io/library/base:1.0.0");
  CHECK(drift.base.digest == base_index);
  CHECK(drift.base.current_digest == moved);
  CHECK(drift.base.how == image::BaseSource::annotation);
  CHECK(drift.finding.level == check::Level::fail);
  REQUIRE(drift.finding.suggested);
  CHECK(drift.finding.suggested->digest == moved);
  CHECK(result.findings[1].finding.suggested->tag == "1.0.1");

  // Only arm64.
  options.platforms = {reference::parse_platform("linux/arm64").value()};
  result = image::check_images(images.registry, given, options);
  CHECK(kinds(result) ==
        std::vector<std::string>{"linux/arm64 index-drift",
                                 "linux/arm64 base-patch-available"});
}

TEST_CASE("image: provenance picks the material under the layers", "[image]") {
  Images images;
  const std::string base =
      images.tagged(k_base, "2.0", images.manifest(k_base, "amd64", {"b"}));
  const std::string builder = images.tagged(
      "docker.io/library/golang", "1.22",
      images.manifest("docker.io/library/golang", "amd64", {"g"}));
  const std::string app = images.manifest(k_app, "amd64", {"b", "a"});
  const auto material = [](const std::string &uri, const std::string &digest) {
    return json{{"uri", uri}, {"digest", {{"sha256", digest.substr(7)}}}};
  };
  const auto statement = [&](const json &materials) {
    return json{{"_type", "https://in-toto.io/Statement/v0.1"},
                {"predicateType", "https://slsa.dev/provenance/v0.2"},
                {"predicate", {{"materials", materials}}}}
        .dump();
  };
  const auto attestation = [&](const std::string &body) {
    const std::string layer_digest = images.registry.add_blob(k_app, body);
    const std::string config = images.registry.add_blob(k_app, "{}");
    const std::string digest = images.registry.add_manifest(
        k_app,
        json{{"schemaVersion", 2},
             {"mediaType", k_manifest_type},
             {"config", {{"digest", config}, {"size", 2}}},
             {"layers",
              {{{"mediaType", "application/vnd.in-toto+json"},
                {"digest", layer_digest},
                {"size", body.size()},
                {"annotations",
                 {{"in-toto.io/predicate-type",
                   "https://slsa.dev/provenance/v0.2"}}}}}}}
            .dump(),
        k_manifest_type);
    return Images::descriptor(
        digest, "unknown",
        {{"vnd.docker.reference.type", "attestation-manifest"},
         {"vnd.docker.reference.digest", app}});
  };
  images.index(
      k_app, "good",
      {Images::descriptor(app, "amd64"),
       attestation(statement(
           {material("pkg:docker/golang@1.22?platform=linux%2Famd64", builder),
            material("pkg:docker/base@2.0?platform=linux%2Famd64", base)}))});
  images.index(
      k_app, "lie",
      {Images::descriptor(app, "amd64"),
       attestation(statement({material(
           "pkg:docker/golang@1.22?platform=linux%2Famd64", builder)}))});
  images.index(k_app, "bad",
               {Images::descriptor(app, "amd64"), attestation("{nope")});

  image::ImageOptions options;
  auto result =
      image::check_images(images.registry, {k_app + ":good"}, options);
  CHECK(result.findings.empty());
  CHECK(result.errors.empty());

  result = image::check_images(images.registry,
                               {k_app + ":lie", k_app + ":bad"}, options);
  REQUIRE(kinds(result) ==
          std::vector<std::string>{"linux/amd64 base-unknown",
                                   "linux/amd64 base-unknown"});
  CHECK_THAT(result.findings[0].finding.message,
             Catch::Contains("none under the image's layers"));
  CHECK_THAT(result.findings[1].finding.message, Catch::Contains("malformed"));
  CHECK(result.findings[0].finding.level == check::Level::warn);

  // --base: the user's word, by layers.
  options.base = reference::parse_reference("base:2.0").value();
  result = image::check_images(images.registry, {k_app + ":lie"}, options);
  CHECK(result.findings.empty());
  images.tagged(k_base, "2.0", images.manifest(k_base, "amd64", {"b2"}));
  result = image::check_images(images.registry, {k_app + ":lie"}, options);
  REQUIRE(kinds(result) == std::vector<std::string>{"linux/amd64 base-drift"});
  CHECK(result.findings[0].base.how == image::BaseSource::layers);
}

TEST_CASE("image: registry failures are check-error", "[image]") {
  Images images;
  image::ImageOptions options;
  const auto result = image::check_images(
      images.registry, {k_app + ":missing", "Not A Reference"}, options);
  REQUIRE(kinds(result) ==
          std::vector<std::string>{" check-error", " check-error"});
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].second.kind == registry::RegistryErrorKind::not_found);
  CHECK(result.checked.empty());
}
