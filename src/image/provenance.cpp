#include "stalebase/image/provenance.hpp"

#include "stalebase/util/hex.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace stalebase::image {

namespace {

using nlohmann::json;

constexpr std::string_view k_purl_prefix = "pkg:docker/";

// The value of qualifier `name` in `query` (`a=b&c=d`), decoded.
std::optional<std::string> qualifier(std::string_view query,
                                     std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return percent_decode(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

// The sha256 digest of a material's `digest` object.
std::optional<reference::Digest> material_digest(const json &item) {
  const auto digest = item.find("digest");
  if (digest == item.end() || !digest->is_object()) {
    return std::nullopt;
  }
  const auto sha256 = digest->find("sha256");
  if (sha256 == digest->end() || !sha256->is_string()) {
    return std::nullopt;
  }
  auto parsed = reference::Digest::parse(
      "sha256:" + sha256->get_ref<const std::string &>());
  if (!parsed) {
    return std::nullopt;
  }
  return std::move(*parsed);
}

const json *member(const json &object, const char *name) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return std::nullopt;
    }
    const int high = util::hex_digit_value(text[i + 1]);
    const int low = util::hex_digit_value(text[i + 2]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::optional<Material> parse_docker_purl(std::string_view uri) {
  if (uri.substr(0, k_purl_prefix.size()) != k_purl_prefix) {
    return std::nullopt;
  }
  std::string_view rest = uri.substr(k_purl_prefix.size());
  std::string_view query;
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  if (const std::size_t mark = rest.find('?'); mark != std::string_view::npos) {
    query = rest.substr(mark + 1);
    rest = rest.substr(0, mark);
  }
  std::string_view version;
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    version = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  const auto name = percent_decode(rest);
  const auto tag = percent_decode(version);
  if (!name || !tag || name->empty() || name->find('@') != std::string::npos ||
      tag->find('@') != std::string::npos) {
    return std::nullopt;
  }
  Material material;
  // A version that is a digest is the digest (`pkg:docker/a@sha256:…`);
  // otherwise it is the tag.
  std::string text = *name;
  auto as_digest = reference::Digest::parse(*tag);
  if (!tag->empty() && !as_digest) {
    text += ":" + *tag;
  }
  auto parsed = reference::parse_reference(text);
  if (!parsed) {
    return std::nullopt;
  }
  material.image = std::move(*parsed);
  if (!material.image.tag) {
    material.image.tag = "latest";
  }
  if (as_digest) {
    material.digest = std::move(*as_digest);
  } else if (auto digest = qualifier(query, "digest")) {
    if (auto parsed_digest = reference::Digest::parse(*digest)) {
      material.digest = std::move(*parsed_digest);
    }
  }
  if (auto platform = qualifier(query, "platform")) {
    if (auto parsed_platform = reference::parse_platform(*platform)) {
      material.platform = std::move(*parsed_platform);
    }
  }
  return material;
}

Expected<std::vector<Material>, std::string>
parse_provenance(std::string_view statement) {
  const json document = json::parse(statement, nullptr, false);
  if (document.is_discarded()) {
    return Unexpected(std::string("provenance: not JSON"));
  }
  const json *type = member(document, "predicateType");
  const json *predicate = member(document, "predicate");
  if (type == nullptr || !type->is_string() || predicate == nullptr ||
      !predicate->is_object()) {
    return Unexpected(std::string("provenance: not an in-toto statement"));
  }
  const std::string &predicate_type = type->get_ref<const std::string &>();
  const json *list = nullptr;
  if (predicate_type == k_slsa_v02) {
    list = member(*predicate, "materials");
  } else if (predicate_type == k_slsa_v1) {
    if (const json *definition = member(*predicate, "buildDefinition")) {
      list = member(*definition, "resolvedDependencies");
    }
  } else {
    std::string shown = predicate_type.substr(0, 100);
    std::replace_if(
        shown.begin(), shown.end(), [](char c) { return c < ' ' || c > '~'; },
        '?');
    return Unexpected("provenance: predicate type \"" + shown +
                      "\" is not SLSA provenance");
  }
  std::vector<Material> materials;
  if (list == nullptr || !list->is_array()) {
    return materials;
  }
  for (const json &item : *list) {
    if (materials.size() >= k_max_materials) {
      break;
    }
    const json *uri = member(item, "uri");
    if (uri == nullptr || !uri->is_string()) {
      continue;
    }
    auto material = parse_docker_purl(uri->get_ref<const std::string &>());
    if (!material) {
      continue;
    }
    if (auto digest = material_digest(item)) {
      material->digest = std::move(*digest);
    }
    if (material->digest) {
      materials.push_back(std::move(*material));
    }
  }
  return materials;
}

Expected<ImageConfig, std::string> parse_image_config(std::string_view body) {
  const json document = json::parse(body, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return Unexpected(std::string("image config: not JSON"));
  }
  const json *rootfs = member(document, "rootfs");
  const json *ids = rootfs == nullptr ? nullptr : member(*rootfs, "diff_ids");
  if (ids == nullptr || !ids->is_array()) {
    return Unexpected(std::string("image config: no rootfs.diff_ids"));
  }
  ImageConfig config;
  for (const json &id : *ids) {
    if (!id.is_string()) {
      return Unexpected(std::string("image config: invalid diff_id"));
    }
    auto digest = reference::Digest::parse(id.get_ref<const std::string &>());
    if (!digest) {
      return Unexpected(std::string("image config: invalid diff_id"));
    }
    config.diff_ids.push_back(std::move(*digest));
  }
  const auto text = [&](const char *name) {
    const json *value = member(document, name);
    return value != nullptr && value->is_string() ? value->get<std::string>()
                                                  : std::string();
  };
  config.platform.os = text("os");
  config.platform.architecture = text("architecture");
  config.platform.variant = text("variant");
  config.platform.os_version = text("os.version");
  return config;
}

bool is_layer_prefix(const std::vector<reference::Digest> &base,
                     const std::vector<reference::Digest> &image) {
  return !base.empty() && base.size() <= image.size() &&
         std::equal(base.begin(), base.end(), image.begin());
}

} // namespace stalebase::image
