#include "stalebase/registry/cache_entry.hpp"

#include "stalebase/registry/digest.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace stalebase::registry {

using nlohmann::json;

namespace {

// Media types, platform words and messages are short printable ASCII: nothing
// read from the cache may carry a newline into a report or a Dockerfile.
constexpr std::size_t k_max_text = 1024;

bool is_plain_text(const json &value) {
  if (!value.is_string()) {
    return false;
  }
  const auto &text = value.get_ref<const std::string &>();
  return text.size() <= k_max_text &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c >= ' ' && c <= '~'; });
}

// The digest `value` holds, when it is one: a cached "digest" is never trusted
// as one without the grammar's word.
std::optional<Digest> digest_of(const json &value) {
  if (!value.is_string()) {
    return std::nullopt;
  }
  auto digest = Digest::parse(value.get_ref<const std::string &>());
  if (!digest) {
    return std::nullopt;
  }
  return std::move(*digest);
}

std::optional<Digest> digest_field(const json &value, const char *name) {
  const auto found = value.find(name);
  if (found == value.end()) {
    return std::nullopt;
  }
  return digest_of(*found);
}

std::string encode(std::string_view key, std::int64_t stored, json value) {
  return json{{"key", key}, {"stored", stored}, {"value", std::move(value)}}
      .dump();
}

// The envelope: the stored key must be `key` (a hash collision or a foreign
// file is no entry).
struct Envelope {
  std::int64_t stored = 0;
  json value;
};

std::optional<Envelope> envelope(std::string_view text, std::string_view key) {
  if (text.size() > k_max_cache_entry) {
    return std::nullopt;
  }
  json entry = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!entry.is_object()) {
    return std::nullopt;
  }
  const auto stored_key = entry.find("key");
  const auto stored = entry.find("stored");
  const auto value = entry.find("value");
  if (stored_key == entry.end() || !stored_key->is_string() ||
      stored_key->get_ref<const std::string &>() != key ||
      stored == entry.end() || !stored->is_number_integer() ||
      value == entry.end()) {
    return std::nullopt;
  }
  return Envelope{stored->get<std::int64_t>(), std::move(*value)};
}

// A stored "not found" answer.
std::optional<RegistryError> not_found_from(const json &value) {
  if (!value.is_object() || value.size() != 2) {
    return std::nullopt;
  }
  const auto error = value.find("error");
  const auto message = value.find("message");
  if (error == value.end() || *error != "not-found" || message == value.end() ||
      !is_plain_text(*message)) {
    return std::nullopt;
  }
  return RegistryError{RegistryErrorKind::not_found,
                       message->get<std::string>()};
}

// `value`'s field `name` when it is a string passing `check`.
template <typename Check>
std::optional<std::string>
field(const json &value, const char *name, Check check) {
  const auto found = value.find(name);
  if (found == value.end() || !check(*found)) {
    return std::nullopt;
  }
  return found->get<std::string>();
}

std::optional<std::uint64_t> size_field(const json &value, const char *name) {
  const auto found = value.find(name);
  if (found == value.end() || !found->is_number_unsigned()) {
    return std::nullopt;
  }
  return found->get<std::uint64_t>();
}

std::optional<DigestInfo> digest_from(const json &value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  auto digest = digest_field(value, "digest");
  auto media_type = field(value, "media_type", is_plain_text);
  auto size = size_field(value, "size");
  if (!digest || !media_type || !size) {
    return std::nullopt;
  }
  return DigestInfo{std::move(*digest), std::move(*media_type), *size};
}

json platform_json(const Platform &p) {
  return {{"os", p.os},
          {"architecture", p.architecture},
          {"variant", p.variant},
          {"os_version", p.os_version}};
}

std::optional<Platform> platform_from(const json &value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  auto os = field(value, "os", is_plain_text);
  auto architecture = field(value, "architecture", is_plain_text);
  auto variant = field(value, "variant", is_plain_text);
  auto os_version = field(value, "os_version", is_plain_text);
  if (!os || !architecture || !variant || !os_version) {
    return std::nullopt;
  }
  return Platform{std::move(*os), std::move(*architecture), std::move(*variant),
                  std::move(*os_version)};
}

json annotations_json(const Annotations &annotations) {
  json object = json::object();
  for (const auto &[key, value] : annotations) {
    object[key] = value;
  }
  return object;
}

// The kept annotations (manifest.hpp) of an entry: any other key, or a value
// parse_manifest would not keep, makes the entry no entry.
std::optional<Annotations> annotations_from(const json &value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  const auto &keys = annotation_keys();
  Annotations annotations;
  for (const auto &[key, text] : value.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end() ||
        !text.is_string() ||
        !is_kept_annotation_value(text.get_ref<const std::string &>())) {
      return std::nullopt;
    }
    annotations.emplace(key, text.get<std::string>());
  }
  return annotations;
}

std::optional<Annotations> annotations_field(const json &value) {
  const auto found = value.find("annotations");
  if (found == value.end()) {
    return std::nullopt;
  }
  return annotations_from(*found);
}

std::optional<LayerDescriptor> layer_from(const json &value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  auto digest = digest_field(value, "digest");
  auto media_type = field(value, "media_type", is_plain_text);
  auto size = size_field(value, "size");
  auto annotations = annotations_field(value);
  if (!digest || !media_type || !size || !annotations) {
    return std::nullopt;
  }
  return LayerDescriptor{std::move(*digest), std::move(*media_type), *size,
                         std::move(*annotations)};
}

std::optional<ManifestChild> child_from(const json &value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  auto media_type = field(value, "media_type", is_plain_text);
  auto digest = digest_field(value, "digest");
  auto size = size_field(value, "size");
  const auto platform = value.find("platform");
  const auto attestation = value.find("is_attestation");
  auto annotations = annotations_field(value);
  if (!media_type || !digest || !size || platform == value.end() ||
      attestation == value.end() || !attestation->is_boolean() ||
      !annotations) {
    return std::nullopt;
  }
  ManifestChild child{std::move(*digest),     {}, 0, {}, false,
                      std::move(*annotations)};
  if (!platform->is_null()) {
    child.platform = platform_from(*platform);
    if (!child.platform) {
      return std::nullopt;
    }
  }
  child.media_type = std::move(*media_type);
  child.size = *size;
  child.is_attestation = attestation->get<bool>();
  return child;
}

std::optional<FetchedManifest> manifest_from(const json &value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  auto digest = digest_field(value, "digest");
  auto media_type = field(value, "media_type", is_plain_text);
  const auto is_index = value.find("is_index");
  const auto children = value.find("children");
  const auto config = value.find("config_digest");
  const auto layers = value.find("layers");
  auto annotations = annotations_field(value);
  if (!annotations || layers == value.end() || !layers->is_array()) {
    return std::nullopt;
  }
  if (!digest || !media_type || is_index == value.end() ||
      !is_index->is_boolean() || children == value.end() ||
      !children->is_array() || config == value.end() ||
      !(config->is_null() || digest_of(*config))) {
    return std::nullopt;
  }
  FetchedManifest fetched{std::move(*digest), {}};
  for (const json &item : *children) {
    auto child = child_from(item);
    if (!child) {
      return std::nullopt;
    }
    fetched.manifest.children.push_back(std::move(*child));
  }
  for (const json &item : *layers) {
    auto layer = layer_from(item);
    if (!layer) {
      return std::nullopt;
    }
    fetched.manifest.layers.push_back(std::move(*layer));
  }
  fetched.manifest.annotations = std::move(*annotations);
  fetched.manifest.media_type = std::move(*media_type);
  fetched.manifest.is_index = is_index->get<bool>();
  if (config->is_string()) {
    fetched.manifest.config_digest = digest_of(*config);
  }
  // Absent in entries written before versions were kept.
  const auto version = value.find("version");
  if (version != value.end()) {
    if (!version->is_string() ||
        !is_valid_tag(version->get_ref<const std::string &>())) {
      return std::nullopt;
    }
    fetched.manifest.version = version->get<std::string>();
  }
  return fetched;
}

std::optional<std::vector<std::string>> tags_from(const json &value) {
  if (!value.is_array()) {
    return std::nullopt;
  }
  std::vector<std::string> tags;
  tags.reserve(value.size());
  for (const json &tag : value) {
    if (!tag.is_string() || !is_valid_tag(tag.get_ref<const std::string &>())) {
      return std::nullopt;
    }
    tags.push_back(tag.get<std::string>());
  }
  return tags;
}

// Decodes an entry whose value is a T (by `from`) or a "not found" answer.
template <typename T, typename From>
std::optional<CacheEntry<T>>
decode(std::string_view text, std::string_view key, From from) {
  auto entry = envelope(text, key);
  if (!entry) {
    return std::nullopt;
  }
  if (auto missing = not_found_from(entry->value)) {
    return CacheEntry<T>{entry->stored, std::move(*missing)};
  }
  if (auto value = from(entry->value)) {
    return CacheEntry<T>{entry->stored, std::move(*value)};
  }
  return std::nullopt;
}

} // namespace

std::string encode_digest_entry(std::string_view key,
                                std::int64_t stored,
                                const DigestInfo &info) {
  return encode(key, stored,
                {{"digest", info.digest.str()},
                 {"media_type", info.media_type},
                 {"size", info.size}});
}

std::string encode_manifest_entry(std::string_view key,
                                  std::int64_t stored,
                                  const FetchedManifest &fetched) {
  json children = json::array();
  for (const ManifestChild &child : fetched.manifest.children) {
    children.push_back(
        {{"media_type", child.media_type},
         {"digest", child.digest.str()},
         {"size", child.size},
         {"platform",
          child.platform ? platform_json(*child.platform) : json(nullptr)},
         {"is_attestation", child.is_attestation},
         {"annotations", annotations_json(child.annotations)}});
  }
  json layers = json::array();
  for (const LayerDescriptor &layer : fetched.manifest.layers) {
    layers.push_back({{"media_type", layer.media_type},
                      {"digest", layer.digest.str()},
                      {"size", layer.size},
                      {"annotations", annotations_json(layer.annotations)}});
  }
  json value = {
      {"digest", fetched.digest.str()},
      {"media_type", fetched.manifest.media_type},
      {"is_index", fetched.manifest.is_index},
      {"children", std::move(children)},
      {"layers", std::move(layers)},
      {"annotations", annotations_json(fetched.manifest.annotations)},
      {"config_digest", fetched.manifest.config_digest
                            ? json(fetched.manifest.config_digest->str())
                            : json(nullptr)}};
  if (!fetched.manifest.version.empty()) {
    value["version"] = fetched.manifest.version;
  }
  return encode(key, stored, std::move(value));
}

std::string encode_tags_entry(std::string_view key,
                              std::int64_t stored,
                              const std::vector<std::string> &tags) {
  return encode(key, stored, json(tags));
}

std::string encode_not_found_entry(std::string_view key,
                                   std::int64_t stored,
                                   const RegistryError &error) {
  return encode(key, stored,
                {{"error", "not-found"}, {"message", error.message}});
}

std::optional<CacheEntry<DigestInfo>>
decode_digest_entry(std::string_view text, std::string_view key) {
  return decode<DigestInfo>(text, key, digest_from);
}

std::optional<CacheEntry<FetchedManifest>>
decode_manifest_entry(std::string_view text, std::string_view key) {
  return decode<FetchedManifest>(text, key, manifest_from);
}

std::optional<CacheEntry<std::vector<std::string>>>
decode_tags_entry(std::string_view text, std::string_view key) {
  return decode<std::vector<std::string>>(text, key, tags_from);
}

} // namespace stalebase::registry
