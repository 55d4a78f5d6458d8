#pragma once

#include "stalebase/reference/image_reference.hpp"

#include <string>
#include <string_view>

namespace stalebase::reference {

// Docker Hub's names live here and nowhere else: the reference grammar, the
// registry client, the credential files and the configuration ask these.

// Docker Hub's registry as parse_reference names it.
inline constexpr std::string_view k_docker_hub_registry = "docker.io";
// The namespace of Docker Hub's official images (`node` is `library/node`).
inline constexpr std::string_view k_docker_hub_official_namespace = "library/";
// Docker Hub's legacy name, which references may still use.
inline constexpr std::string_view k_docker_hub_index_host = "index.docker.io";
// The host that serves Docker Hub's distribution API.
inline constexpr std::string_view k_docker_hub_api_host =
    "registry-1.docker.io";
// The key Docker's config.json and credential helpers use for Docker Hub.
inline constexpr std::string_view k_docker_hub_credential_key =
    "https://index.docker.io/v1/";

// Whether `registry` is one of Docker Hub's names: `docker.io`,
// `index.docker.io` or `registry-1.docker.io` (compared exactly, as Docker
// does).
bool is_docker_hub_host(std::string_view registry);

// How configuration, mirrors and credential files key a registry: the name
// lower-cased (host names are case-insensitive), and Docker Hub under any of
// its names `docker.io`. `Index.Docker.IO` → `docker.io`, `GHCR.io` →
// `ghcr.io`, `[::1]:5000` unchanged.
std::string registry_key(std::string_view name);

// The `host[:port]` to send distribution API requests to:
// `registry-1.docker.io` for Docker Hub under any of its names, otherwise
// `registry` unchanged (`ghcr.io`, `[::1]:5000`).
std::string api_host(std::string_view registry);
// Same, for the registry of `ref`.
std::string api_host(const ImageReference &ref);

// The key to look credentials up under in config.json / auth.json and to pass
// to a credential helper: `https://index.docker.io/v1/` for Docker Hub under
// any of its names, otherwise `registry` lowercased: host names are
// case-insensitive, so callers compare keys in lower case too.
std::string credential_key(std::string_view registry);

} // namespace stalebase::reference
