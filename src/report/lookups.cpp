#include "stalebase/report/lookups.hpp"

namespace stalebase::report {

namespace {

nlohmann::ordered_json platform_json(const registry::ManifestChild &child) {
  nlohmann::ordered_json item = nlohmann::ordered_json::object();
  if (child.platform) {
    item["os"] = child.platform->os;
    item["architecture"] = child.platform->architecture;
    if (!child.platform->variant.empty()) {
      item["variant"] = child.platform->variant;
    }
    if (!child.platform->os_version.empty()) {
      item["os.version"] = child.platform->os_version;
    }
  }
  item["digest"] = child.digest;
  item["media_type"] = child.media_type;
  if (child.is_attestation) {
    item["attestation"] = true;
  }
  return item;
}

} // namespace

nlohmann::ordered_json lookup_error_json(const std::string &text,
                                         const registry::RegistryError &error) {
  return {{"reference", text},
          {"error", error.message},
          {"error_kind", std::string(registry::to_string(error.kind))}};
}

nlohmann::ordered_json
resolution_json(const std::string &text,
                const registry::Resolution &resolution,
                const std::optional<reference::Platform> &platform) {
  const std::string digest =
      resolution.platform_digest.value_or(resolution.digest);
  nlohmann::ordered_json item = {{"reference", text},
                                 {"digest", digest},
                                 {"media_type", resolution.media_type}};
  if (platform) {
    item["platform"] = platform->to_string();
    item["index_digest"] = resolution.digest;
  }
  item["platforms"] = nlohmann::ordered_json::array();
  for (const auto &child : resolution.children) {
    item["platforms"].push_back(platform_json(child));
  }
  return item;
}

nlohmann::ordered_json tags_json(const std::string &text,
                                 const std::string &repository,
                                 const std::vector<std::string> &tags) {
  return {{"reference", text}, {"repository", repository}, {"tags", tags}};
}

} // namespace stalebase::report
