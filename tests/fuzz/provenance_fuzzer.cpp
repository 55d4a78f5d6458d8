// libFuzzer target for what `stalebase image` reads from registries: in-toto
// provenance statements, BuildKit's docker purls, image configs, and the
// annotations and layers of manifests. Hostile bytes must never crash or
// hang, and what is accepted must be valid: every material names a valid
// reference with a tag and a digest, kept annotations are printable one-line
// text of kept keys.
//
// Input: one selector byte (0 statement, 1 config, 2 purl, 3 manifest), then
// the bytes.
#include "stalebase/image/provenance.hpp"
#include "stalebase/registry/manifest.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace stalebase;

void require(bool promise) {
  if (!promise) {
    __builtin_trap();
  }
}

void check_material(const image::Material &material) {
  require(material.image.tag.has_value());
  require(!material.image.digest);
  const auto again = reference::parse_reference(material.image.canonical());
  require(again && *again == material.image);
}

void check_annotations(const registry::Annotations &annotations) {
  const auto &keys = registry::annotation_keys();
  for (const auto &[key, value] : annotations) {
    require(std::find(keys.begin(), keys.end(), key) != keys.end());
    require(registry::is_kept_annotation_value(value));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char *>(data + 1),
                              size - 1);
  switch (data[0] % 4) {
  case 0:
    if (auto materials = image::parse_provenance(text)) {
      require(materials->size() <= image::k_max_materials);
      for (const image::Material &material : *materials) {
        check_material(material);
        require(material.digest.has_value());
      }
    }
    break;
  case 1:
    if (auto config = image::parse_image_config(text)) {
      (void)image::is_layer_prefix(config->diff_ids, config->diff_ids);
    }
    break;
  case 2:
    if (auto material = image::parse_docker_purl(text)) {
      check_material(*material);
    }
    (void)image::percent_decode(text);
    break;
  default:
    if (auto manifest = registry::parse_manifest(text, "")) {
      check_annotations(manifest->annotations);
      for (const auto &child : manifest->children) {
        check_annotations(child.annotations);
      }
      for (const auto &layer : manifest->layers) {
        check_annotations(layer.annotations);
      }
    }
    break;
  }
  return 0;
}
