#pragma once

// What a built image's registry blobs say about its base (`stalebase image`):
// BuildKit's provenance materials and an image config's layers. Pure: every
// function takes the bytes a registry sent, which are hostile input (bounded,
// never trusted as more than a claim; tests/fuzz/provenance_fuzzer.cpp).

#include "stalebase/reference/digest.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::image {

// The in-toto predicate types read (BuildKit writes v0.2 by default, v1 with
// `version=v1`).
inline constexpr std::string_view k_slsa_v02 =
    "https://slsa.dev/provenance/v0.2";
inline constexpr std::string_view k_slsa_v1 = "https://slsa.dev/provenance/v1";

// At most this many materials are read from one statement: a real build uses
// a handful of images.
inline constexpr std::size_t k_max_materials = 256;

// One image a build used, as its provenance names it.
struct Material {
  reference::ImageReference
      image; // with its tag (`latest` when none), no digest
  std::optional<reference::Digest> digest;     // the build it used (sha256)
  std::optional<reference::Platform> platform; // the purl's `platform`
  friend bool operator==(const Material &, const Material &) = default;
};

// BuildKit's docker package URL:
// `pkg:docker/<familiar name>@<tag>?platform=<os>%2F<arch>[&digest=…]`, the
// registry host inside the namespace for images outside Docker Hub, every
// part percent-encoded. Not a docker purl, or not a valid reference once
// decoded: nullopt.
std::optional<Material> parse_docker_purl(std::string_view uri);

// The docker materials of an in-toto statement whose predicate is SLSA v0.2
// (`predicate.materials`) or v1
// (`predicate.buildDefinition.resolvedDependencies`), in their order, each with
// the sha256 digest it lists. Other materials (git sources, HTTP files) are
// left out. Fails with "provenance: not JSON", "…: not an in-toto statement",
// "…: predicate type \"…\" is not SLSA provenance".
Expected<std::vector<Material>, std::string>
parse_provenance(std::string_view statement);

// What `stalebase image` reads of an image config.
struct ImageConfig {
  std::vector<reference::Digest> diff_ids; // rootfs.diff_ids, in order
  reference::Platform platform;            // os, architecture, variant
};

// Parses an image config (OCI or Docker). Fails with "image config: not
// JSON", "…: no rootfs.diff_ids", "…: invalid diff_id \"…\"".
Expected<ImageConfig, std::string> parse_image_config(std::string_view body);

// Whether `base` (non-empty) is a prefix of `image`: the image was built on
// top of it.
bool is_layer_prefix(const std::vector<reference::Digest> &base,
                     const std::vector<reference::Digest> &image);

// `text` with %XX sequences decoded; nullopt for a malformed one.
std::optional<std::string> percent_decode(std::string_view text);

} // namespace stalebase::image
