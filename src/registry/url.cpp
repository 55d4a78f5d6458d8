#include "stalebase/registry/url.hpp"

#include "stalebase/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace stalebase::registry {

namespace {

Unexpected<std::string> invalid(std::string_view text) {
  return Unexpected("invalid URL \"" + std::string(text) + "\"");
}

// Removes "." and ".." segments (RFC 3986 §5.2.4).
std::string remove_dot_segments(std::string_view path) {
  if (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  std::vector<std::string_view> segments;
  std::size_t pos = 0;
  while (true) {
    const std::size_t next = path.find('/', pos);
    const bool last = next == std::string_view::npos;
    const std::string_view segment =
        path.substr(pos, last ? std::string_view::npos : next - pos);
    if (segment == "." || segment == "..") {
      if (segment == ".." && !segments.empty()) {
        segments.pop_back();
      }
      if (last) {
        segments.emplace_back();
      }
    } else {
      segments.push_back(segment);
    }
    if (last) {
      break;
    }
    pos = next + 1;
  }
  std::string result = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) {
      result += '/';
    }
    result += segments[i];
  }
  return result;
}

bool parse_ipv4(std::string_view host, std::array<int, 4> &octets) {
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t end = i == 3 ? host.size() : host.find('.', pos);
    if (end == std::string_view::npos || end == pos || end - pos > 3) {
      return false;
    }
    int value = 0;
    const auto *first = host.data() + pos;
    const auto *last = host.data() + end;
    const auto result = std::from_chars(first, last, value);
    if (result.ec != std::errc() || result.ptr != last || value > 255) {
      return false;
    }
    octets[static_cast<std::size_t>(i)] = value;
    pos = end + 1;
  }
  return true;
}

} // namespace

std::string Url::authority() const {
  return port == 0 ? host : host + ":" + std::to_string(port);
}

int Url::effective_port() const {
  if (port != 0) {
    return port;
  }
  return scheme == "https" ? 443 : 80;
}

std::string Url::to_string() const {
  return scheme + "://" + authority() + target;
}

Expected<Url, std::string> parse_url(std::string_view text) {
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0) {
    return invalid(text);
  }
  Url url;
  url.scheme = util::ascii_lower(text.substr(0, colon));
  if (url.scheme != "https" && url.scheme != "http") {
    return Unexpected("unsupported URL scheme \"" + url.scheme + "\"");
  }
  std::string_view rest = text.substr(colon + 3);
  const std::size_t fragment = rest.find('#');
  if (fragment != std::string_view::npos) {
    rest = rest.substr(0, fragment);
  }
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  std::string_view target =
      slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos || authority.empty()) {
    // User-info in a URL is never something a registry should send us.
    return invalid(text);
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return invalid(text);
    }
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return invalid(text);
      }
      port = after.substr(1);
    }
  } else {
    const std::size_t port_colon = authority.rfind(':');
    if (port_colon != std::string_view::npos) {
      host = authority.substr(0, port_colon);
      port = authority.substr(port_colon + 1);
    }
  }
  if (host.empty() || host == "[]") {
    return invalid(text);
  }
  for (const char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '[' ||
          c == ']' || c == ':')) {
      return invalid(text);
    }
  }
  url.host = util::ascii_lower(host);
  if (!port.empty()) {
    int value = 0;
    const auto result =
        std::from_chars(port.data(), port.data() + port.size(), value);
    if (result.ec != std::errc() || result.ptr != port.data() + port.size() ||
        value <= 0 || value > 65535) {
      return invalid(text);
    }
    url.port = value;
  }
  url.target = target.empty() ? "/" : std::string(target);
  if (url.target.front() == '?') {
    url.target.insert(url.target.begin(), '/');
  }
  for (const char c : url.target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return invalid(text);
    }
  }
  return url;
}

Expected<Url, std::string> resolve_url(const Url &base,
                                       std::string_view reference) {
  const std::size_t fragment = reference.find('#');
  if (fragment != std::string_view::npos) {
    reference = reference.substr(0, fragment);
  }
  for (const char c : reference) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return invalid(reference);
    }
  }
  const std::size_t scheme_end = reference.find(':');
  const std::size_t first_delim = reference.find_first_of("/?");
  if (scheme_end != std::string_view::npos &&
      (first_delim == std::string_view::npos || scheme_end < first_delim)) {
    return parse_url(reference);
  }
  if (reference.substr(0, 2) == "//") {
    return parse_url(base.scheme + ":" + std::string(reference));
  }
  Url url = base;
  if (reference.empty()) {
    return url;
  }
  if (reference.front() == '/') {
    const std::size_t query = reference.find('?');
    url.target = remove_dot_segments(reference.substr(0, query));
    if (query != std::string_view::npos) {
      url.target += reference.substr(query);
    }
    return url;
  }
  const std::string_view base_target = base.target;
  const std::string_view base_path =
      base_target.substr(0, base_target.find('?'));
  if (reference.front() == '?') {
    url.target = std::string(base_path) + std::string(reference);
    return url;
  }
  const std::string directory(base_path.substr(0, base_path.rfind('/') + 1));
  const std::size_t query = reference.find('?');
  url.target =
      remove_dot_segments(directory + std::string(reference.substr(0, query)));
  if (query != std::string_view::npos) {
    url.target += reference.substr(query);
  }
  return url;
}

bool same_origin(const Url &a, const Url &b) {
  return a.scheme == b.scheme && a.host == b.host &&
         a.effective_port() == b.effective_port();
}

bool is_loopback_host(std::string_view host) {
  const std::string h = util::ascii_lower(host);
  if (h == "localhost" ||
      (h.size() > 10 && h.substr(h.size() - 10) == ".localhost")) {
    return true;
  }
  if (h == "[::1]" || h == "::1") {
    return true;
  }
  std::array<int, 4> octets{};
  return parse_ipv4(h, octets) && octets[0] == 127;
}

bool is_local_ip_literal(std::string_view host) {
  const std::string h = util::ascii_lower(host);
  std::array<int, 4> o{};
  if (parse_ipv4(h, o)) {
    return o[0] == 127 || o[0] == 10 || o[0] == 0 ||
           (o[0] == 172 && o[1] >= 16 && o[1] <= 31) ||
           (o[0] == 192 && o[1] == 168) || (o[0] == 169 && o[1] == 254) ||
           (o[0] == 100 && o[1] >= 64 && o[1] <= 127);
  }
  if (h.size() >= 2 && h.front() == '[') {
    const std::string inner = h.substr(1, h.size() - 2);
    return inner == "::1" || inner == "::" || inner.rfind("fe8", 0) == 0 ||
           inner.rfind("fe9", 0) == 0 || inner.rfind("fea", 0) == 0 ||
           inner.rfind("feb", 0) == 0 || inner.rfind("fc", 0) == 0 ||
           inner.rfind("fd", 0) == 0 || inner.rfind("::ffff:", 0) == 0;
  }
  return false;
}

std::string url_encode(std::string_view text) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4U];
      out += k_hex[u & 15U];
    }
  }
  return out;
}

std::string host_without_port(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    return std::string(authority.substr(0, authority.find(']') + 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

} // namespace stalebase::registry
