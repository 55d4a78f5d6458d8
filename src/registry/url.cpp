#include "stalebase/registry/url.hpp"

#include "stalebase/util/strings.hpp"

#include <climits>
#include <curl/curl.h>

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>

// libcurl's URL API does the parsing, the normalisation (dot segments, port
// and IP address forms) and RFC 3986 reference resolution. What remains here
// is policy libcurl leaves to its callers: http(s) only, no user-info, no
// control characters or spaces, and host names in the registry grammar's
// ASCII.

namespace stalebase::registry {

namespace {

struct CurlUrlDeleter {
  void operator()(CURLU *handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlFreeDeleter {
  void operator()(char *text) const { curl_free(text); }
};
using CurlText = std::unique_ptr<char, CurlFreeDeleter>;

CurlUrl new_handle() {
  CurlUrl handle(curl_url());
  if (!handle) {
    throw std::bad_alloc();
  }
  return handle;
}

// Any scheme parses so that ours can name the one it refuses.
constexpr unsigned int k_parse_flags = CURLU_NON_SUPPORT_SCHEME;

Unexpected<std::string> invalid(std::string_view text) {
  return Unexpected("invalid URL \"" + std::string(text) + "\"");
}

Unexpected<std::string> invalid(std::string_view text, CURLUcode code) {
  return Unexpected("invalid URL \"" + std::string(text) +
                    "\": " + curl_url_strerror(code));
}

// A part of `handle`, or nothing when the URL has none.
std::optional<std::string> part(CURLU *handle, CURLUPart which) {
  char *raw = nullptr;
  if (curl_url_get(handle, which, &raw, 0) != CURLUE_OK || raw == nullptr) {
    return std::nullopt;
  }
  const CurlText text(raw);
  return std::string(text.get());
}

// Control characters and spaces: libcurl refuses them in an absolute URL but
// percent-encodes spaces in a relative one as browsers do; a registry that
// sends either sent something broken.
bool has_control_or_space(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
}

// Registry hosts are ASCII names and IP literals (libcurl has already checked
// and normalised bracketed IPv6): libcurl also takes non-ASCII names, which
// would be compared byte by byte for origins without their punycode form.
bool is_registry_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return true;
  }
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x80 && std::isalnum(u)) || c == '.' || c == '-' || c == '_';
  });
}

// Whether `url`, written out, reads back as the same URL. libcurl decodes a
// percent-encoded host but does not then normalise the IP address forms it
// spells: `http://%32852039166/` has host "2852039166", which names no local
// address to our checks, yet written out and connected to it is
// 169.254.169.254. A URL that reads differently the second time is refused.
bool reads_back(const Url &url) {
  const CurlUrl handle = new_handle();
  const std::string text = url.to_string();
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), k_parse_flags) !=
      CURLUE_OK) {
    return false;
  }
  const auto port = part(handle.get(), CURLUPART_PORT);
  std::string target = part(handle.get(), CURLUPART_PATH).value_or("/");
  if (const auto query = part(handle.get(), CURLUPART_QUERY)) {
    target += "?" + *query;
  }
  return util::ascii_lower(part(handle.get(), CURLUPART_HOST).value_or("")) ==
             url.host &&
         (port ? std::stoi(*port) : 0) == url.port && target == url.target;
}

// The Url libcurl's `handle` holds, if it is one we accept. `text` is what
// the caller gave, for messages.
Expected<Url, std::string> url_of(CURLU *handle, std::string_view text) {
  Url url;
  url.scheme = util::ascii_lower(part(handle, CURLUPART_SCHEME).value_or(""));
  if (url.scheme != "https" && url.scheme != "http") {
    return Unexpected("unsupported URL scheme \"" + url.scheme + "\"");
  }
  // User-info in a URL is never something a registry should send us, nor is
  // an IPv6 zone (a local interface's name).
  if (part(handle, CURLUPART_USER) || part(handle, CURLUPART_PASSWORD) ||
      part(handle, CURLUPART_ZONEID)) {
    return invalid(text);
  }
  url.host = util::ascii_lower(part(handle, CURLUPART_HOST).value_or(""));
  if (!is_registry_host(url.host)) {
    return invalid(text);
  }
  if (const auto port = part(handle, CURLUPART_PORT)) {
    // libcurl has checked it is a number up to 65535.
    url.port = std::stoi(*port);
    if (url.port == 0) {
      return invalid(text);
    }
  }
  url.target = part(handle, CURLUPART_PATH).value_or("/");
  if (const auto query = part(handle, CURLUPART_QUERY)) {
    url.target += "?" + *query;
  }
  if (!reads_back(url)) {
    return invalid(text);
  }
  return url;
}

std::string_view without_fragment(std::string_view text) {
  return text.substr(0, text.find('#'));
}

// The address an IP literal spells: IPv4 (dotted quad, as libcurl
// normalises it) or IPv6 (brackets optional).
struct IpAddress {
  bool v4 = false;
  std::array<unsigned char, 16> bytes{}; // IPv4 uses the first 4
};

std::optional<IpAddress> ip_address(std::string_view host) {
  IpAddress ip;
  std::string text(host);
  if (inet_pton(AF_INET, text.c_str(), ip.bytes.data()) == 1) {
    ip.v4 = true;
    return ip;
  }
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) == 1) {
    return ip;
  }
  return std::nullopt;
}

// Whether the first `count` bytes of `bytes` are zero.
bool zeros(const std::array<unsigned char, 16> &bytes, std::size_t count) {
  return std::all_of(bytes.begin(),
                     bytes.begin() + static_cast<std::ptrdiff_t>(count),
                     [](unsigned char c) { return c == 0; });
}

bool is_ipv6_loopback(const std::array<unsigned char, 16> &b) {
  return zeros(b, 15) && b[15] == 1;
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
  const std::string absolute(without_fragment(text));
  if (has_control_or_space(absolute)) {
    return invalid(text);
  }
  const CurlUrl handle = new_handle();
  const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL,
                                      absolute.c_str(), k_parse_flags);
  if (code != CURLUE_OK) {
    return invalid(text, code);
  }
  return url_of(handle.get(), text);
}

Expected<Url, std::string> resolve_url(const Url &base,
                                       std::string_view reference) {
  const std::string relative(without_fragment(reference));
  if (has_control_or_space(relative)) {
    return invalid(reference);
  }
  // RFC 3986 §5.2.2: an empty reference is the base itself (libcurl would
  // take its directory).
  if (relative.empty()) {
    return base;
  }
  const CurlUrl handle = new_handle();
  const std::string base_text = base.to_string();
  CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, base_text.c_str(),
                                k_parse_flags);
  if (code != CURLUE_OK) {
    return invalid(base_text, code);
  }
  // On a handle that holds a URL, libcurl resolves a relative one against it.
  code = curl_url_set(handle.get(), CURLUPART_URL, relative.c_str(),
                      k_parse_flags);
  if (code != CURLUE_OK) {
    return invalid(reference, code);
  }
  return url_of(handle.get(), reference);
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
  const auto ip = ip_address(h);
  return ip && (ip->v4 ? ip->bytes[0] == 127 : is_ipv6_loopback(ip->bytes));
}

bool is_local_ip_literal(std::string_view host) {
  const auto ip = ip_address(host);
  if (!ip) {
    return false;
  }
  const auto &b = ip->bytes;
  if (ip->v4) {
    return b[0] == 127 || b[0] == 10 || b[0] == 0 ||
           (b[0] == 172 && b[1] >= 16 && b[1] <= 31) ||
           (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
           (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
  }
  const bool v4_mapped = zeros(b, 10) && b[10] == 0xff && b[11] == 0xff;
  return zeros(b, 16) || is_ipv6_loopback(b) ||
         (b[0] == 0xfe && (b[1] & 0xc0U) == 0x80) || // fe80::/10 link-local
         (b[0] & 0xfeU) == 0xfc ||                   // fc00::/7 unique local
         v4_mapped; // whatever IPv4 address it maps, as before
}

std::string url_encode(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::length_error("url_encode: text too long");
  }
  // curl_easy_escape keeps exactly RFC 3986's unreserved characters; its
  // handle argument is ignored since libcurl 7.82.
  const CurlText escaped(
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())));
  if (!escaped) {
    throw std::bad_alloc();
  }
  return std::string(escaped.get());
}

std::string host_without_port(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    return std::string(authority.substr(0, authority.find(']') + 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

} // namespace stalebase::registry
