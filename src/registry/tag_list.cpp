#include "registry/tag_list.hpp"

#include "registry/tag_pager.hpp"

#include <utility>

namespace stalebase::registry {

Expected<std::vector<std::string>, RegistryError>
page_tags(const TagListing &listing, const FetchTagPage &fetch_page) {
  TagPager pager(listing.options, listing.reference, listing.registry,
                 listing.origin);
  while (const auto url = pager.next_request()) {
    auto response = fetch_page(*url);
    if (!response) {
      return Unexpected(std::move(response.error()));
    }
    pager.take_page(*response);
  }
  return std::move(pager).result();
}

Expected<std::vector<std::string>, RegistryError>
list_tags_at(AuthenticatedRequests &requests,
             Pinger &pinger,
             const RegistryClientOptions &options,
             const Endpoint &endpoint,
             const reference::ImageReference &reference) {
  auto pinged = pinger.ping(endpoint);
  if (!pinged) {
    return Unexpected(pinged.error());
  }
  HttpRequest request;
  request.max_body_bytes = k_max_tag_page_body;
  return page_tags(
      TagListing{options, reference, endpoint.registry, pinged->base},
      [&](const Url &url) {
        return requests.send(endpoint, reference.repository, request,
                             RequestTarget{{}, url});
      });
}

} // namespace stalebase::registry
