#pragma once
// Tag-list paging as a state machine over "fetch one page": it names the next
// page to ask for and takes each answer, and nothing else, so every rule can
// be tested with canned pages and no HTTP.
//
// The rules: the first page asks for `n` (smaller, then none, when refused);
// only the absence of a next Link ends the list; Link pages stay on the
// endpoint's origin (credentials must not go elsewhere) and may not repeat; a
// full page without a Link asks for what follows its last tag; caps on pages,
// tags and bytes.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/http_client.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/registry/registry_client.hpp"
#include "stalebase/registry/url.hpp"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace stalebase::registry {

// What a page's answer left the listing at.
enum class TagPaging {
  next_page, // next_request() names the page to fetch
  complete,  // the list is whole: result() holds it
  failed,    // result() holds the error
};

class TagPager {
public:
  // Lists `reference`'s repository on the endpoint whose pinged base is
  // `origin` (scheme://authority and path prefix, no trailing '/').
  // `registry` names the endpoint in logs.
  TagPager(const RegistryClientOptions &options,
           const reference::ImageReference &reference,
           std::string registry,
           Url origin);

  // The page to fetch next, or nothing once complete or failed.
  std::optional<Url> next_request() const;

  // Takes the answer to the page next_request() named.
  TagPaging take_page(const HttpResponse &response);

  TagPaging state() const { return m_state; }

  // The tags in the registry's order (complete), or why there are none
  // (failed). Only once the paging has ended.
  Expected<std::vector<std::string>, RegistryError> result() &&;

private:
  TagPaging fail(RegistryErrorKind kind, std::string message);
  // Moves on to `url` unless the page cap or a repeated URL forbids it.
  TagPaging go_to(Url url);
  Url list_url(std::size_t page_size,
               const std::string &after = std::string()) const;
  // A non-200 answer: a smaller page size when the first page asked too
  // much, else the error.
  TagPaging take_refusal(const HttpResponse &response);
  // Adds the page's tags; fails on a body that is no tag list.
  bool add_tags(const HttpResponse &response);
  TagPaging follow(const std::string &link);
  TagPaging after_page_without_link();

  const RegistryClientOptions &m_options;
  const reference::ImageReference &m_reference;
  std::string m_registry;
  Url m_origin;
  // The `n` to ask for, in order of preference; 0 asks without one.
  std::vector<std::size_t> m_page_sizes;
  std::size_t m_size_choice = 0;

  TagPaging m_state = TagPaging::next_page;
  Url m_current;
  std::set<std::string> m_seen_urls;
  std::size_t m_pages = 0; // fetched or asked for, current included
  std::size_t m_bytes = 0;
  std::vector<std::string> m_tags;
  std::unordered_set<std::string> m_seen_tags;
  // The last page's entries, new tags and last valid tag, in its order.
  std::size_t m_page_entries = 0;
  std::size_t m_page_new = 0;
  std::string m_page_last;
  std::optional<RegistryError> m_error;
};

} // namespace stalebase::registry
