#pragma once
// A repository's tag list on one endpoint, page by page: Link pages (same
// origin only), the page-size fallback, pages without a Link, and caps on
// pages, tags and bytes.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "registry/authenticated_request.hpp"
#include "registry/endpoint.hpp"
#include "registry/ping.hpp"

#include <string>
#include <vector>

namespace stalebase::registry {

Expected<std::vector<std::string>, RegistryError>
list_tags_at(AuthenticatedRequests &requests,
             Pinger &pinger,
             const RegistryClientOptions &options,
             const Endpoint &endpoint,
             const reference::ImageReference &reference);

} // namespace stalebase::registry
