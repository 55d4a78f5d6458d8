#include "registry/tag_list.hpp"

#include "stalebase/registry/error_body.hpp"
#include "stalebase/registry/link_header.hpp"

#include "registry/registry_errors.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <set>
#include <unordered_set>

namespace stalebase::registry {

namespace {

using reference::ImageReference;

// Whether a failed first page asks for a smaller `n`.
bool rejects_page_size(const HttpResponse &response) {
  if (response.status == 413) {
    return true;
  }
  if (response.status == 405 &&
      response.body.find("less than or equal to") != std::string::npos) {
    return true;
  }
  if (response.status == 400) {
    for (const auto &entry : parse_error_body(response.body)) {
      if (entry.code == "PAGINATION_NUMBER_INVALID") {
        return true;
      }
    }
  }
  return false;
}

} // namespace

Expected<std::vector<std::string>, RegistryError>
page_tags(const TagListing &listing, const FetchTagPage &fetch_page) {
  const RegistryClientOptions &options = listing.options;
  const ImageReference &reference = listing.reference;
  const std::string path = "/v2/" + reference.repository + "/tags/list";
  // The `n` to ask for, in order of preference; 0 asks without one.
  std::vector<std::size_t> page_sizes;
  if (options.tag_page_size > 0) {
    page_sizes.push_back(options.tag_page_size);
    if (options.tag_page_size > 100) {
      page_sizes.push_back(100);
    }
  }
  page_sizes.push_back(0);
  const auto size_query = [](std::size_t n) {
    return n == 0 ? std::string() : "?n=" + std::to_string(n);
  };

  const Url &origin = listing.origin;
  const auto full_url = [&origin](const std::string &path_and_query) {
    Url url = origin;
    url.target = origin.target + path_and_query;
    return url;
  };

  std::vector<std::string> tags;
  std::unordered_set<std::string> seen_tags;
  std::set<std::string> seen_urls;
  std::size_t size_choice = 0;
  Url current = full_url(path + size_query(page_sizes.front()));
  std::size_t pages = 0;
  std::size_t total_bytes = 0;
  const std::string list_name =
      "tag list of \"" + reference.registry + "/" + reference.repository + "\"";
  while (true) {
    if (pages >= options.max_tag_pages) {
      return Unexpected(make_error(RegistryErrorKind::refused,
                                   "tag list has more than " +
                                       std::to_string(options.max_tag_pages) +
                                       " pages"));
    }
    if (!seen_urls.insert(current.to_string()).second) {
      return Unexpected(
          make_error(RegistryErrorKind::refused, "pagination links loop"));
    }
    ++pages;
    auto response = fetch_page(current);
    if (!response) {
      return Unexpected(response.error());
    }
    if (response->status != 200) {
      if (pages == 1 && size_choice + 1 < page_sizes.size() &&
          rejects_page_size(*response)) {
        // Registries that refuse a large `n` (distribution 3.1.0, ECR, Quay):
        // smaller, then none at all. Only on the first page: later pages
        // follow the registry's own links.
        ++size_choice;
        spdlog::debug("{}: tag page size rejected, trying \"{}\"",
                      listing.registry, size_query(page_sizes[size_choice]));
        current = full_url(path + size_query(page_sizes[size_choice]));
        seen_urls.clear();
        pages = 0;
        continue;
      }
      return Unexpected(
          error_from(*response, "repository not found or unauthorized"));
    }
    total_bytes += response->body.size();
    if (total_bytes > options.max_tag_bytes) {
      return Unexpected(make_error(RegistryErrorKind::refused,
                                   list_name + " is larger than " +
                                       std::to_string(options.max_tag_bytes) +
                                       " bytes"));
    }
    const auto json = nlohmann::json::parse(response->body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
      return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                   "tag list is not JSON"));
    }
    const auto list = json.find("tags");
    // No list or null is an empty repository; anything else is no tag list
    // and must not pass for one without tags.
    if (list != json.end() && !list->is_array() && !list->is_null()) {
      return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                   "tag list has no \"tags\" array"));
    }
    std::size_t page_entries = 0;
    std::size_t page_new = 0;
    std::string page_last; // the page's last valid tag, in its order
    if (list != json.end() && list->is_array()) {
      page_entries = list->size();
      for (const auto &item : *list) {
        if (!item.is_string() || !is_valid_tag(item.get<std::string>())) {
          spdlog::debug("{}: dropping invalid tag {}", listing.registry,
                        item.dump());
          continue;
        }
        std::string tag = item.get<std::string>();
        page_last = tag;
        if (seen_tags.insert(tag).second) {
          tags.push_back(std::move(tag));
          ++page_new;
        }
      }
    }
    if (tags.size() > options.max_tags) {
      return Unexpected(make_error(RegistryErrorKind::refused,
                                   list_name + " has more than " +
                                       std::to_string(options.max_tags) +
                                       " tags"));
    }
    // Only the absence of a next link ends the list: a short page does not.
    const auto link = next_link(response->headers_named("link"));
    if (!link) {
      // Some registries (old Nexus group repositories) paginate without a
      // Link: a page holding exactly the `n` asked for may not be the last.
      // Ask for what follows its last tag, until a page adds nothing new.
      // A page longer than `n` shows a registry that ignores `n` and gave
      // everything (docker-registry 2.8 does), so it ends the list.
      const std::size_t n = page_sizes[size_choice];
      if (n == 0 || page_entries != n || page_new == 0 || page_last.empty()) {
        return tags;
      }
      spdlog::debug("{}: full tag page without a Link; asking after \"{}\"",
                    listing.registry, page_last);
      current = full_url(path + size_query(n) +
                         "&last=" + page_last); // tags need no escaping
      continue;
    }
    auto resolved = resolve_url(current, *link);
    if (!resolved) {
      return Unexpected(
          make_error(RegistryErrorKind::invalid_response,
                     "invalid pagination link: " + resolved.error()));
    }
    if (!same_origin(*resolved, origin)) {
      return Unexpected(make_error(
          RegistryErrorKind::refused,
          "refused pagination link to another host (\"" + resolved->scheme +
              "://" + resolved->authority() + "\")"));
    }
    current = *resolved;
  }
}

Expected<std::vector<std::string>, RegistryError>
list_tags_at(AuthenticatedRequests &requests,
             Pinger &pinger,
             const RegistryClientOptions &options,
             const Endpoint &endpoint,
             const ImageReference &reference) {
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
