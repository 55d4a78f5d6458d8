#include "registry/endpoint.hpp"

#include "stalebase/reference/registry_host.hpp"
#include "stalebase/util/strings.hpp"

namespace stalebase::registry {

bool names_registry(std::string_view name, std::string_view registry) {
  return reference::registry_key(name) == reference::registry_key(registry);
}

Expected<Endpoint, RegistryError>
resolve_endpoint(const std::string &registry_name,
                 const EndpointRules &rules,
                 bool upstream) {
  Endpoint endpoint;
  endpoint.registry = util::ascii_lower(registry_name);
  if (!upstream) {
    for (const auto &[name, url] : rules.mirrors) {
      if (!names_registry(name, endpoint.registry)) {
        continue;
      }
      auto parsed = parse_url(url);
      if (!parsed) {
        return Unexpected(RegistryError{RegistryErrorKind::refused,
                                        "invalid mirror for \"" + name +
                                            "\": " + parsed.error()});
      }
      endpoint.base = *parsed;
      endpoint.mirrored = true;
      while (!endpoint.base.target.empty() &&
             endpoint.base.target.back() == '/') {
        endpoint.base.target.pop_back();
      }
      return endpoint;
    }
  }
  const std::string host = reference::api_host(endpoint.registry);
  auto parsed = parse_url("https://" + host);
  if (!parsed) {
    return Unexpected(
        RegistryError{RegistryErrorKind::refused,
                      "invalid registry host \"" + registry_name + "\""});
  }
  endpoint.base = *parsed;
  endpoint.base.target.clear();
  endpoint.http_fallback = is_loopback_host(parsed->host) ||
                           is_insecure(*parsed, rules.insecure_registries);
  return endpoint;
}

bool is_insecure(const Url &url, const std::set<std::string> &insecure) {
  // authority() is `host` exactly when the URL names no port.
  return insecure.count(url.authority()) > 0;
}

bool plain_http_allowed(const Url &url, const std::set<std::string> &insecure) {
  return url.scheme == "https" || is_loopback_host(url.host) ||
         is_insecure(url, insecure);
}

std::string state_key(const Endpoint &endpoint) {
  return endpoint.mirrored
             ? endpoint.registry + " via " + endpoint.base.to_string()
             : endpoint.registry;
}

} // namespace stalebase::registry
