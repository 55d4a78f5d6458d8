#pragma once
// A repository's tag list on one endpoint: TagPager's pages fetched through
// the endpoint's authenticated requests.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "registry/authenticated_request.hpp"
#include "registry/endpoint.hpp"
#include "registry/ping.hpp"

#include <functional>
#include <string>
#include <vector>

namespace stalebase::registry {

// One page of a tag list: the registry's answer to GET `url`.
using FetchTagPage =
    std::function<Expected<HttpResponse, RegistryError>(const Url &url)>;

// What a tag listing needs besides its pages.
struct TagListing {
  const RegistryClientOptions &options; // page size and caps
  const reference::ImageReference &reference;
  std::string registry; // the endpoint's, for logs
  Url origin;           // the endpoint's base as its ping found it
};

// The tags: TagPager's requests, each through `fetch_page` and nothing else.
Expected<std::vector<std::string>, RegistryError>
page_tags(const TagListing &listing, const FetchTagPage &fetch_page);

// The tags of `reference`'s repository on `endpoint`.
Expected<std::vector<std::string>, RegistryError>
list_tags_at(AuthenticatedRequests &requests,
             Pinger &pinger,
             const RegistryClientOptions &options,
             const Endpoint &endpoint,
             const reference::ImageReference &reference);

} // namespace stalebase::registry
