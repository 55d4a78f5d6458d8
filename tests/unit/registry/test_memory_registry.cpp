#include "support/memory_registry.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::registry;
using stalebase::reference::ImageReference;
using stalebase::reference::parse_platform;

namespace {

const std::string k_child =
    "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const std::string k_index =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
    k_child +
    R"(","size":1,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]})";

} // namespace

TEST_CASE("MemoryRegistry and resolve_reference", "[registry]") {
  MemoryRegistry registry;
  const std::string digest =
      registry.add_manifest("docker.io/library/alpine", k_index,
                            "application/vnd.oci.image.index.v1+json");
  registry.set_tag("docker.io/library/alpine", "3.19", digest);
  registry.set_tag("docker.io/library/alpine", "latest", digest);
  const ImageReference alpine{"docker.io", "library/alpine",
                              std::string("3.19"), std::nullopt};

  const auto head = registry.resolve(alpine);
  REQUIRE(head);
  CHECK(head->digest == digest);
  CHECK(head->is_index());

  const auto plain = resolve_reference(registry, alpine, std::nullopt, false);
  REQUIRE(plain);
  CHECK(plain->digest == digest);
  CHECK(plain->children.empty());
  CHECK(registry.calls("manifest") == 0);

  const auto arm = resolve_reference(
      registry, alpine, parse_platform("linux/arm64").value(), false);
  REQUIRE(arm);
  CHECK(arm->platform_digest == k_child);
  REQUIRE(arm->children.size() == 1);

  const auto missing = resolve_reference(
      registry, alpine, parse_platform("linux/amd64").value(), false);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == RegistryErrorKind::not_found);
  CHECK(missing.error().message == "no manifest for platform \"linux/amd64\"");

  CHECK(registry.list_tags(alpine).value() ==
        std::vector<std::string>{"3.19", "latest"});
  const ImageReference unknown{"docker.io", "library/nosuch", std::string("1"),
                               std::nullopt};
  CHECK(registry.resolve(unknown).error().message ==
        "repository not found or unauthorized");
  const ImageReference no_tag{"docker.io", "library/alpine", std::string("9"),
                              std::nullopt};
  CHECK(registry.resolve(no_tag).error().message == "tag \"9\" not found");
  registry.fail("docker.io/library/alpine",
                RegistryError{RegistryErrorKind::rate_limited, "slow down"});
  CHECK(registry.resolve(alpine).error().kind ==
        RegistryErrorKind::rate_limited);
}
