#pragma once

// Endpoint resolution: where the requests for one registry name go (its
// mirror, Docker Hub's API host, https with a plain-http fallback for loopback
// and insecure registries), and where plain http may carry credentials. Pure:
// no I/O, no state.

#include "stalebase/registry/registry.hpp"
#include "stalebase/registry/url.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace stalebase::registry {

// A registry endpoint: where requests for one registry name go.
struct Endpoint {
  std::string registry; // as in references, lower-case
  Url base;             // scheme://authority + path prefix (no trailing '/')
  // https first, then http (loopback and insecure registries).
  bool http_fallback = false;
  bool mirrored = false;
};

// The key of an endpoint's run state (ping, credentials, rate-limit flags): a
// mirror and the registry it stands in for have their own.
std::string state_key(const Endpoint &endpoint);

// What the user configured: registry → mirror URL, and the insecure
// registries (`host` or `host:port`).
struct EndpointRules {
  const std::map<std::string, std::string> &mirrors;
  const std::set<std::string> &insecure_registries;
};

// Whether a configured registry name (a mirror's or mirror-only's key) names
// `registry` (lower-case, as in Endpoint): the same name in any case, or both
// one of Docker Hub's names.
bool names_registry(std::string_view name, std::string_view registry);

// Where requests for `registry_name` go: its mirror when one is set (unless
// `upstream`), else the registry itself (Docker Hub's names go to
// registry-1.docker.io). Fails (refused) for an invalid mirror URL or host.
Expected<Endpoint, RegistryError>
resolve_endpoint(const std::string &registry_name,
                 const EndpointRules &rules,
                 bool upstream);

// Whether `url`'s origin is an insecure registry. As docker matches
// insecure-registries: `host:port` names that port only, and a bare `host`
// names the host without a port (its default one) only, never every port of
// it, where anyone who can listen on a high port of a shared host would get
// plain-http credentials.
bool is_insecure(const Url &url, const std::set<std::string> &insecure);

// Plain http may carry credentials only to loopback hosts and insecure
// registries.
bool plain_http_allowed(const Url &url, const std::set<std::string> &insecure);

} // namespace stalebase::registry
