#include "registry/tag_pager.hpp"

#include "stalebase/registry/error_body.hpp"
#include "stalebase/registry/link_header.hpp"

#include "registry/registry_errors.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <utility>

namespace stalebase::registry {

namespace {

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

std::string size_query(std::size_t n) {
  return n == 0 ? std::string() : "?n=" + std::to_string(n);
}

} // namespace

TagPager::TagPager(const RegistryClientOptions &options,
                   const reference::ImageReference &reference,
                   std::string registry,
                   Url origin)
    : m_options(options), m_reference(reference),
      m_registry(std::move(registry)), m_origin(std::move(origin)) {
  if (options.tag_page_size > 0) {
    m_page_sizes.push_back(options.tag_page_size);
    if (options.tag_page_size > 100) {
      m_page_sizes.push_back(100);
    }
  }
  m_page_sizes.push_back(0);
  go_to(list_url(m_page_sizes.front()));
}

std::optional<Url> TagPager::next_request() const {
  if (m_state != TagPaging::next_page) {
    return std::nullopt;
  }
  return m_current;
}

Expected<std::vector<std::string>, RegistryError> TagPager::result() && {
  switch (m_state) {
  case TagPaging::complete:
    return std::move(m_tags);
  case TagPaging::failed:
    return Unexpected(std::move(*m_error));
  case TagPaging::next_page:
    break;
  }
  throw std::logic_error("TagPager::result before the paging ended");
}

TagPaging TagPager::fail(RegistryErrorKind kind, std::string message) {
  m_error = make_error(kind, std::move(message));
  m_state = TagPaging::failed;
  return m_state;
}

TagPaging TagPager::go_to(Url url) {
  if (m_pages >= m_options.max_tag_pages) {
    return fail(RegistryErrorKind::refused,
                "tag list has more than " +
                    std::to_string(m_options.max_tag_pages) + " pages");
  }
  if (!m_seen_urls.insert(url.to_string()).second) {
    return fail(RegistryErrorKind::refused, "pagination links loop");
  }
  ++m_pages;
  m_current = std::move(url);
  m_state = TagPaging::next_page;
  return m_state;
}

Url TagPager::list_url(std::size_t page_size, const std::string &after) const {
  Url url = m_origin;
  url.target +=
      "/v2/" + m_reference.repository + "/tags/list" + size_query(page_size);
  if (!after.empty()) {
    url.target += "&last=" + after; // tags need no escaping
  }
  return url;
}

TagPaging TagPager::take_page(const HttpResponse &response) {
  if (m_state != TagPaging::next_page) {
    throw std::logic_error("TagPager::take_page after the paging ended");
  }
  if (response.status != 200) {
    return take_refusal(response);
  }
  if (!add_tags(response)) {
    return m_state;
  }
  // Only the absence of a next link ends the list: a short page does not.
  const auto link = next_link(response.headers_named("link"));
  return link ? follow(*link) : after_page_without_link();
}

// Registries that refuse a large `n` (distribution 3.1.0, ECR, Quay) get
// smaller, then none at all. Only on the first page: later pages follow the
// registry's own links.
TagPaging TagPager::take_refusal(const HttpResponse &response) {
  if (m_pages != 1 || m_size_choice + 1 >= m_page_sizes.size() ||
      !rejects_page_size(response)) {
    m_error = error_from(response, "repository not found or unauthorized");
    m_state = TagPaging::failed;
    return m_state;
  }
  ++m_size_choice;
  spdlog::debug("{}: tag page size rejected, trying \"{}\"", m_registry,
                size_query(m_page_sizes[m_size_choice]));
  m_seen_urls.clear();
  m_pages = 0;
  return go_to(list_url(m_page_sizes[m_size_choice]));
}

bool TagPager::add_tags(const HttpResponse &response) {
  const std::string list_name = "tag list of \"" + m_reference.registry + "/" +
                                m_reference.repository + "\"";
  m_bytes += response.body.size();
  if (m_bytes > m_options.max_tag_bytes) {
    fail(RegistryErrorKind::refused,
         list_name + " is larger than " +
             std::to_string(m_options.max_tag_bytes) + " bytes");
    return false;
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    fail(RegistryErrorKind::invalid_response, "tag list is not JSON");
    return false;
  }
  const auto list = json.find("tags");
  // No list or null is an empty repository; anything else is no tag list
  // and must not pass for one without tags.
  if (list != json.end() && !list->is_array() && !list->is_null()) {
    fail(RegistryErrorKind::invalid_response, "tag list has no \"tags\" array");
    return false;
  }
  m_page_entries = 0;
  m_page_new = 0;
  m_page_last.clear();
  if (list != json.end() && list->is_array()) {
    m_page_entries = list->size();
    for (const auto &item : *list) {
      if (!item.is_string() || !is_valid_tag(item.get<std::string>())) {
        spdlog::debug("{}: dropping invalid tag {}", m_registry, item.dump());
        continue;
      }
      std::string tag = item.get<std::string>();
      m_page_last = tag;
      if (m_seen_tags.insert(tag).second) {
        m_tags.push_back(std::move(tag));
        ++m_page_new;
      }
    }
  }
  if (m_tags.size() > m_options.max_tags) {
    fail(RegistryErrorKind::refused, list_name + " has more than " +
                                         std::to_string(m_options.max_tags) +
                                         " tags");
    return false;
  }
  return true;
}

TagPaging TagPager::follow(const std::string &link) {
  auto resolved = resolve_url(m_current, link);
  if (!resolved) {
    return fail(RegistryErrorKind::invalid_response,
                "invalid pagination link: " + resolved.error());
  }
  // The endpoint's credentials go with every page: never to another origin.
  if (!same_origin(*resolved, m_origin)) {
    return fail(RegistryErrorKind::refused,
                "refused pagination link to another host (\"" +
                    resolved->scheme + "://" + resolved->authority() + "\")");
  }
  return go_to(std::move(*resolved));
}

// Some registries (old Nexus group repositories) paginate without a Link: a
// page holding exactly the `n` asked for may not be the last. Ask for what
// follows its last tag, until a page adds nothing new. A page longer than `n`
// shows a registry that ignores `n` and gave everything (docker-registry 2.8
// does), so it ends the list.
TagPaging TagPager::after_page_without_link() {
  const std::size_t n = m_page_sizes[m_size_choice];
  if (n == 0 || m_page_entries != n || m_page_new == 0 || m_page_last.empty()) {
    m_state = TagPaging::complete;
    return m_state;
  }
  spdlog::debug("{}: full tag page without a Link; asking after \"{}\"",
                m_registry, m_page_last);
  return go_to(list_url(n, m_page_last));
}

} // namespace stalebase::registry
