#include "stalebase/image/provenance.hpp"
#include "stalebase/registry/manifest.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using namespace stalebase::image;

namespace {

std::string hex(char c) {
  return std::string(64, c);
}

} // namespace

TEST_CASE("docker purls as BuildKit writes them", "[image]") {
  const auto hub =
      parse_docker_purl("pkg:docker/alpine@3.19?platform=linux%2Famd64");
  REQUIRE(hub);
  CHECK(hub->image.canonical() == "docker.io/library/alpine:3.19");
  REQUIRE(hub->platform);
  CHECK(hub->platform->to_string() == "linux/amd64");
  CHECK_FALSE(hub->digest);

  const auto local = parse_docker_purl(
      "pkg:docker/127.0.0.1%3A5000/base/img@1.0.0?platform=linux%2Farm64%2Fv8");
  REQUIRE(local);
  CHECK(local->image.canonical() == "127.0.0.1:5000/base/img:1.0.0");

  const auto pinned =
      parse_docker_purl("pkg:docker/ghcr.io/o/i@sha256:" + hex('a'));
  REQUIRE(pinned);
  CHECK(pinned->image.canonical() == "ghcr.io/o/i:latest");
  CHECK(pinned->digest->str() == "sha256:" + hex('a'));

  CHECK_FALSE(parse_docker_purl("pkg:golang/x@1"));
  CHECK_FALSE(parse_docker_purl("pkg:docker/"));
  CHECK_FALSE(parse_docker_purl("pkg:docker/a%zz@1"));
  CHECK_FALSE(parse_docker_purl("pkg:docker/A@1"));
  CHECK_FALSE(parse_docker_purl("pkg:docker/a%40b@1"));
  CHECK_FALSE(percent_decode("%4"));
  CHECK(percent_decode("a%2Fb") == "a/b");
}

TEST_CASE("provenance materials, SLSA v0.2 and v1", "[image]") {
  const std::string v02 =
      R"({"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2",)"
      R"("predicate":{"materials":[)"
      R"({"uri":"pkg:docker/docker/dockerfile@1?platform=linux%2Famd64","digest":{"sha256":")" +
      hex('1') +
      R"("}},)"
      R"({"uri":"https://example.invalid/a.tgz","digest":{"sha256":")" +
      hex('2') +
      R"("}},)"
      R"({"uri":"pkg:docker/alpine@3.20","digest":{"sha256":"short"}},)"
      R"({"uri":"pkg:docker/alpine@3.20?platform=linux%2Famd64","digest":{"sha256":")" +
      hex('3') + R"("}}]}})";
  const auto materials = parse_provenance(v02);
  REQUIRE(materials);
  REQUIRE(materials->size() == 2);
  CHECK((*materials)[0].image.canonical() == "docker.io/docker/dockerfile:1");
  CHECK((*materials)[1].digest->str() == "sha256:" + hex('3'));

  const std::string v1 =
      R"({"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":)"
      R"({"resolvedDependencies":[{"uri":"pkg:docker/debian@bookworm","digest":{"sha256":")" +
      hex('4') + R"("}}]}}})";
  const auto resolved = parse_provenance(v1);
  REQUIRE(resolved);
  REQUIRE(resolved->size() == 1);
  CHECK(resolved->front().image.canonical() ==
        "docker.io/library/debian:bookworm");

  CHECK(parse_provenance("{").error() == "provenance: not JSON");
  CHECK(parse_provenance("[]").error() ==
        "provenance: not an in-toto statement");
  CHECK(parse_provenance(
            R"({"predicateType":"https://spdx.dev/Document","predicate":{}})")
            .error() ==
        "provenance: predicate type \"https://spdx.dev/Document\" is not SLSA "
        "provenance");
}

TEST_CASE("image configs and layer prefixes", "[image]") {
  const auto config = parse_image_config(
      R"({"os":"linux","architecture":"arm","variant":"v7","rootfs":{"diff_ids":["sha256:)" +
      hex('1') + R"(","sha256:)" + hex('2') + R"("]}})");
  REQUIRE(config);
  CHECK(config->platform.to_string() == "linux/arm/v7");
  REQUIRE(config->diff_ids.size() == 2);
  const std::vector<reference::Digest> base{config->diff_ids.front()};
  CHECK(is_layer_prefix(base, config->diff_ids));
  CHECK_FALSE(is_layer_prefix(config->diff_ids, base));
  CHECK_FALSE(is_layer_prefix({}, config->diff_ids));
  CHECK(parse_image_config(R"({"rootfs":{"diff_ids":[1]}})").error() ==
        "image config: invalid diff_id");
  CHECK(parse_image_config(R"({"rootfs":{}})").error() ==
        "image config: no rootfs.diff_ids");
}

TEST_CASE("manifests keep the annotations and layers `image` reads",
          "[image]") {
  const auto manifest = registry::parse_manifest(
      R"({"schemaVersion":2,"config":{"digest":"sha256:)" + hex('c') +
          R"("},"layers":[{"digest":"bad"},{"mediaType":"application/vnd.in-toto+json","digest":"sha256:)" +
          hex('d') +
          R"(","size":5,"annotations":{"in-toto.io/predicate-type":"https://slsa.dev/provenance/v0.2","other":"x"}}],)"
          R"("annotations":{"org.opencontainers.image.base.name":"alpine:3.20","org.opencontainers.image.title":"t",)"
          R"("org.opencontainers.image.base.digest":"a\u0007b"}})",
      "application/vnd.oci.image.manifest.v1+json");
  REQUIRE(manifest);
  CHECK(manifest->annotations ==
        registry::Annotations{
            {"org.opencontainers.image.base.name", "alpine:3.20"}});
  REQUIRE(manifest->layers.size() == 1);
  CHECK(manifest->layers[0].size == 5);
  CHECK(manifest->layers[0].annotations.size() == 1);
}
