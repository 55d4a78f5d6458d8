#include "stalebase/reference/registry_host.hpp"

#include "stalebase/util/strings.hpp"

namespace stalebase::reference {

bool is_docker_hub_host(std::string_view registry) {
  return registry == k_docker_hub_registry ||
         registry == k_docker_hub_index_host ||
         registry == k_docker_hub_api_host;
}

std::string registry_key(std::string_view name) {
  std::string key = util::ascii_lower(name);
  if (is_docker_hub_host(key)) {
    return std::string(k_docker_hub_registry);
  }
  return key;
}

std::string api_host(std::string_view registry) {
  if (is_docker_hub_host(registry)) {
    return std::string(k_docker_hub_api_host);
  }
  return std::string(registry);
}

std::string api_host(const ImageReference &ref) {
  return api_host(ref.registry);
}

std::string credential_key(std::string_view registry) {
  if (is_docker_hub_host(registry)) {
    return std::string(k_docker_hub_credential_key);
  }
  return util::ascii_lower(registry);
}

} // namespace stalebase::reference
