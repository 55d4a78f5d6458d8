#pragma once

#include "stalebase/reference/digest.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/util/expected.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::registry {

using reference::Platform;

// The media types the client asks for, in one Accept header, identical on HEAD
// and GET.
inline constexpr std::string_view k_media_oci_index =
    "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view k_media_docker_list =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view k_media_oci_manifest =
    "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view k_media_docker_manifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view k_media_schema1_signed =
    "application/vnd.docker.distribution.manifest.v1+prettyjws";
inline constexpr std::string_view k_media_schema1 =
    "application/vnd.docker.distribution.manifest.v1+json";

// The Accept header value: OCI index, Docker manifest list, OCI manifest,
// Docker v2 manifest.
std::string manifest_accept_header();

// A media type without parameters and surrounding space, lower-cased.
std::string bare_media_type(std::string_view content_type);

// True for the two index types (OCI index, Docker manifest list).
bool is_index_media_type(std::string_view media_type);

// True for Docker schema 1 (legacy; its digest is not the sha256 of the body).
bool is_schema1_media_type(std::string_view media_type);

// The annotations a manifest or descriptor keeps: only those some command
// reads (annotation_keys()), and only printable ASCII values of at most 1024
// bytes; others are dropped when parsing, so nothing else of a hostile
// registry's text is held or cached.
using Annotations = std::map<std::string, std::string>;

// The annotation that names the version an image was built as.
inline constexpr std::string_view k_annotation_version =
    "org.opencontainers.image.version";
// OCI's base image annotations (`stalebase image`).
inline constexpr std::string_view k_annotation_base_name =
    "org.opencontainers.image.base.name";
inline constexpr std::string_view k_annotation_base_digest =
    "org.opencontainers.image.base.digest";
// BuildKit's attestation manifests in an index: the type
// ("attestation-manifest") and the image manifest they attest.
inline constexpr std::string_view k_annotation_reference_type =
    "vnd.docker.reference.type";
inline constexpr std::string_view k_annotation_reference_digest =
    "vnd.docker.reference.digest";
// An in-toto layer's predicate type.
inline constexpr std::string_view k_annotation_predicate_type =
    "in-toto.io/predicate-type";

// The annotation keys parse_manifest keeps.
const std::vector<std::string_view> &annotation_keys();

// Whether parse_manifest keeps `value` for a kept key: printable ASCII, at
// most 1024 bytes.
bool is_kept_annotation_value(std::string_view value);

// A layer of an image manifest (for an attestation manifest: an in-toto
// statement).
struct LayerDescriptor {
  reference::Digest digest;
  std::string media_type;
  std::uint64_t size = 0;
  Annotations annotations;
  friend bool operator==(const LayerDescriptor &,
                         const LayerDescriptor &) = default;
};

// One child of an index.
struct ManifestChild {
  reference::Digest digest;
  std::string media_type;
  std::uint64_t size = 0;
  std::optional<Platform> platform;
  // An attestation or other non-image child (platform "unknown/unknown", or a
  // `vnd.docker.reference.type` annotation): never a platform's image.
  bool is_attestation = false;
  Annotations annotations; // the kept ones (annotation_keys())
};

// A parsed manifest or index.
struct Manifest {
  std::string media_type; // from the body, else from Content-Type
  bool is_index = false;
  std::vector<ManifestChild> children;            // index only
  std::optional<reference::Digest> config_digest; // image manifest only
  // The `org.opencontainers.image.version` annotation, when it is a valid tag:
  // the manifest's own, else (for an index) the one all its annotated image
  // children agree on (Docker's Official Images annotate the children). Empty
  // when absent or when the children disagree.
  std::string version;
  std::vector<LayerDescriptor> layers; // image manifest only
  Annotations annotations;             // the manifest's own, the kept ones
};

// Parses a manifest or index body. `content_type` is used when the body has no
// `mediaType`. Fails with "invalid manifest: …" for non-JSON, a non-object, or
// children without a digest, and with "unsupported legacy schema 1 manifest"
// for schema 1.
Expected<Manifest, std::string> parse_manifest(std::string_view body,
                                               std::string_view content_type);

// The first non-attestation child of `index` whose platform matches `wanted`,
// or nullptr.
const ManifestChild *find_platform(const Manifest &index,
                                   const Platform &wanted);

} // namespace stalebase::registry
