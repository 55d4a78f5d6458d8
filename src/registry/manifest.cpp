#include "stalebase/registry/manifest.hpp"

#include "stalebase/registry/digest.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

namespace {

std::string string_field(const nlohmann::json &object, const char *name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>()
                                               : std::string();
}

// The kept annotations of a JSON object's "annotations" member.
Annotations kept_annotations(const nlohmann::json &object) {
  Annotations kept;
  const auto annotations = object.find("annotations");
  if (annotations == object.end() || !annotations->is_object()) {
    return kept;
  }
  for (const std::string_view key : annotation_keys()) {
    const auto value = annotations->find(std::string(key));
    if (value != annotations->end() && value->is_string() &&
        is_kept_annotation_value(value->get_ref<const std::string &>())) {
      kept.emplace(key, value->get<std::string>());
    }
  }
  return kept;
}

// Folds one image child's version annotation into what the children agree on
// so far: unset before any names one, empty once two differ.
void agree_on_version(std::string version, std::optional<std::string> &agreed) {
  if (version.empty()) {
    return;
  }
  if (!agreed) {
    agreed = std::move(version);
  } else if (*agreed != version) {
    agreed = std::string();
  }
}

// The version annotation among `annotations` when it is a valid tag (it may
// be shown as one), else empty.
std::string version_annotation(const Annotations &annotations) {
  const auto version = annotations.find(std::string(k_annotation_version));
  return version != annotations.end() && is_valid_tag(version->second)
             ? version->second
             : std::string();
}

} // namespace

const std::vector<std::string_view> &annotation_keys() {
  static const std::vector<std::string_view> k_keys = {
      k_annotation_base_name,      k_annotation_base_digest,
      k_annotation_reference_type, k_annotation_reference_digest,
      k_annotation_predicate_type, k_annotation_version};
  return k_keys;
}

bool is_kept_annotation_value(std::string_view value) {
  return value.size() <= 1024 &&
         std::all_of(value.begin(), value.end(),
                     [](char c) { return c >= ' ' && c <= '~'; });
}

std::string manifest_accept_header() {
  return std::string(k_media_oci_index) + ", " +
         std::string(k_media_docker_list) + ", " +
         std::string(k_media_oci_manifest) + ", " +
         std::string(k_media_docker_manifest);
}

std::string bare_media_type(std::string_view content_type) {
  return util::ascii_lower(
      util::trim(content_type.substr(0, content_type.find(';'))));
}

bool is_index_media_type(std::string_view media_type) {
  return media_type == k_media_oci_index || media_type == k_media_docker_list;
}

bool is_schema1_media_type(std::string_view media_type) {
  return media_type == k_media_schema1_signed || media_type == k_media_schema1;
}

Expected<Manifest, std::string> parse_manifest(std::string_view body,
                                               std::string_view content_type) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) {
    return Unexpected(std::string("invalid manifest: not JSON"));
  }
  if (!json.is_object()) {
    return Unexpected(std::string("invalid manifest: not a JSON object"));
  }
  Manifest manifest;
  manifest.media_type = bare_media_type(string_field(json, "mediaType"));
  if (manifest.media_type.empty()) {
    manifest.media_type = bare_media_type(content_type);
  }
  manifest.version = version_annotation(kept_annotations(json));
  const auto schema = json.find("schemaVersion");
  if (is_schema1_media_type(manifest.media_type) ||
      (schema != json.end() && schema->is_number_integer() &&
       schema->get<int>() == 1)) {
    return Unexpected(std::string("unsupported legacy schema 1 manifest"));
  }
  const auto manifests = json.find("manifests");
  if (is_index_media_type(manifest.media_type) ||
      (manifests != json.end() && manifests->is_array())) {
    manifest.is_index = true;
    if (manifests == json.end() || !manifests->is_array()) {
      return Unexpected(
          std::string("invalid manifest: index without a \"manifests\" array"));
    }
    // Unset until an image child names a version; empty once two disagree.
    std::optional<std::string> children_version;
    for (const auto &item : *manifests) {
      if (!item.is_object()) {
        return Unexpected(
            std::string("invalid manifest: index child is not an object"));
      }
      const std::string digest_text = string_field(item, "digest");
      auto digest = Digest::parse(digest_text);
      if (!digest) {
        return Unexpected("invalid manifest: index child digest \"" +
                          digest_text + "\"");
      }
      ManifestChild child{std::move(*digest), {}, 0, {}, false, {}};
      child.media_type = bare_media_type(string_field(item, "mediaType"));
      const auto size = item.find("size");
      if (size != item.end() && size->is_number_unsigned()) {
        child.size = size->get<std::uint64_t>();
      }
      const auto platform = item.find("platform");
      if (platform != item.end() && platform->is_object()) {
        Platform p;
        p.os = string_field(*platform, "os");
        p.architecture = string_field(*platform, "architecture");
        p.variant = string_field(*platform, "variant");
        p.os_version = string_field(*platform, "os.version");
        child.platform = p;
        child.is_attestation = p.os == "unknown" || p.architecture == "unknown";
      }
      const auto annotations = item.find("annotations");
      if (annotations != item.end() && annotations->is_object() &&
          annotations->contains("vnd.docker.reference.type")) {
        child.is_attestation = true;
      }
      child.annotations = kept_annotations(item);
      if (!child.is_attestation) {
        agree_on_version(version_annotation(child.annotations),
                         children_version);
      }
      manifest.children.push_back(std::move(child));
    }
    if (manifest.version.empty() && children_version) {
      manifest.version = std::move(*children_version);
    }
    return manifest;
  }
  const auto config = json.find("config");
  if (config != json.end() && config->is_object()) {
    const std::string digest = string_field(*config, "digest");
    if (!digest.empty()) {
      auto parsed = Digest::parse(digest);
      if (!parsed) {
        return Unexpected("invalid manifest: config digest \"" + digest + "\"");
      }
      manifest.config_digest = std::move(*parsed);
    }
  }
  manifest.annotations = kept_annotations(json);
  // Layers are kept for what reads them (attestations); one this client
  // cannot name is left out rather than failing a manifest `check` only
  // needs the config of.
  const auto layers = json.find("layers");
  if (layers != json.end() && layers->is_array()) {
    for (const auto &item : *layers) {
      if (!item.is_object()) {
        continue;
      }
      auto digest = Digest::parse(string_field(item, "digest"));
      if (!digest) {
        continue;
      }
      LayerDescriptor layer{std::move(*digest),
                            bare_media_type(string_field(item, "mediaType")), 0,
                            kept_annotations(item)};
      const auto size = item.find("size");
      if (size != item.end() && size->is_number_unsigned()) {
        layer.size = size->get<std::uint64_t>();
      }
      manifest.layers.push_back(std::move(layer));
    }
  }
  return manifest;
}

const ManifestChild *find_platform(const Manifest &index,
                                   const Platform &wanted) {
  for (const auto &child : index.children) {
    if (!child.is_attestation && child.platform &&
        platform_matches(wanted, *child.platform)) {
      return &child;
    }
  }
  return nullptr;
}

} // namespace stalebase::registry
