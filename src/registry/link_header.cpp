#include "stalebase/registry/link_header.hpp"

#include "stalebase/util/strings.hpp"

// Our own parser for the Link header (RFC 8288): libcurl and the other Debian
// libraries we build with have none. The URI it returns is resolved by
// resolve_url (libcurl's URL API).

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

namespace {

bool rel_has_next(std::string_view value) {
  const std::string rels = util::ascii_lower(value);
  std::size_t pos = 0;
  while (pos < rels.size()) {
    const std::size_t end =
        std::min(rels.find_first_of(" \t", pos), rels.size());
    if (rels.substr(pos, end - pos) == "next") {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

// Parses one header value; returns the next link if it has one.
std::optional<std::string> next_in(std::string_view header) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    const std::size_t open = header.find('<', pos);
    if (open == std::string_view::npos) {
      return std::nullopt;
    }
    const std::size_t close = header.find('>', open + 1);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string_view uri = header.substr(open + 1, close - open - 1);
    // Parameters run to the next comma that is not inside a quoted string.
    pos = close + 1;
    bool is_next = false;
    while (pos < header.size() && header[pos] != ',') {
      if (header[pos] != ';') {
        ++pos;
        continue;
      }
      ++pos;
      const std::size_t eq = header.find_first_of("=;,", pos);
      if (eq == std::string_view::npos || header[eq] != '=') {
        pos = eq == std::string_view::npos ? header.size() : eq;
        continue;
      }
      const std::string name =
          util::ascii_lower(util::trim(header.substr(pos, eq - pos)));
      pos = eq + 1;
      while (pos < header.size() &&
             (header[pos] == ' ' || header[pos] == '\t')) {
        ++pos;
      }
      std::string value;
      if (pos < header.size() && header[pos] == '"') {
        ++pos;
        while (pos < header.size() && header[pos] != '"') {
          if (header[pos] == '\\' && pos + 1 < header.size()) {
            ++pos;
          }
          value += header[pos];
          ++pos;
        }
        ++pos;
      } else {
        const std::size_t end =
            std::min(header.find_first_of(";,", pos), header.size());
        value = std::string(util::trim(header.substr(pos, end - pos)));
        pos = end;
      }
      if (name == "rel" && rel_has_next(value)) {
        is_next = true;
      }
    }
    if (is_next) {
      return std::string(util::trim(uri));
    }
    ++pos;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string>
next_link(const std::vector<std::string> &link_headers) {
  for (const auto &header : link_headers) {
    if (auto link = next_in(header)) {
      return link;
    }
  }
  return std::nullopt;
}

} // namespace stalebase::registry
