#include "stalebase/config/rules.hpp"

#include "stalebase/config/pattern.hpp"
#include "stalebase/reference/registry_host.hpp"

#include <algorithm>
#include <string>

namespace stalebase::config {

ImageRule rule_for(const Config &config, const reference::ImageReference &ref) {
  for (const ImageRule &rule : config.rules) {
    if (image_matches(rule.image, ref)) {
      return rule;
    }
  }
  return ImageRule{};
}

const RegistryConfig *registry_for(const Config &config,
                                   std::string_view registry) {
  std::string key(registry);
  std::transform(key.begin(), key.end(), key.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (reference::is_docker_hub_host(key)) {
    key = std::string(reference::k_docker_hub_registry);
  }
  const auto found = config.registries.find(key);
  return found == config.registries.end() ? nullptr : &found->second;
}

} // namespace stalebase::config
