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
  const auto found = config.registries.find(reference::registry_key(registry));
  return found == config.registries.end() ? nullptr : &found->second;
}

} // namespace stalebase::config
