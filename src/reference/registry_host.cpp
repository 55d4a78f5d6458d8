#include "stalebase/reference/registry_host.hpp"

#include "reference/char_class.hpp"

namespace stalebase::reference {

bool is_docker_hub_host(std::string_view registry) {
  return registry == k_docker_hub_registry || registry == "index.docker.io" ||
         registry == k_docker_hub_api_host;
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
  std::string key(registry);
  for (char &c : key) {
    if (is_upper(c)) {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return key;
}

} // namespace stalebase::reference
