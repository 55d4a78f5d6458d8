#pragma once

#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::registry {

// An absolute http(s) URL split the way the client's security checks need it.
struct Url {
  std::string scheme; // "https" or "http", lower-case
  std::string host;   // lower-case; IPv6 keeps its brackets: "[::1]"
  int port = 0;       // 0 when the URL names none
  std::string target; // path and query, starting with '/'; no fragment

  // `host` or `host:port` as written.
  std::string authority() const;
  // The port, or the scheme's default (443, 80).
  int effective_port() const;
  // scheme://authority/target
  std::string to_string() const;
};

// Parses an absolute http or https URL with libcurl's URL API, which also
// normalises it (dot segments, IP address forms, the port's digits). Fails
// with "invalid URL \"…\"" (and libcurl's reason when it refused it) or
// "unsupported URL scheme \"…\"" on anything else, including user-info, an
// IPv6 zone, spaces, control characters and non-ASCII host names.
Expected<Url, std::string> parse_url(std::string_view text);

// Resolves `reference` (absolute, scheme-relative, absolute-path, query-only or
// relative path) against `base` as RFC 3986 §5 does (libcurl's resolution);
// the fragment is dropped. Fails like parse_url when the result is not one.
Expected<Url, std::string> resolve_url(const Url &base,
                                       std::string_view reference);

// Same scheme, host and effective port: where Authorization may go.
bool same_origin(const Url &a, const Url &b);

// `localhost`, `*.localhost`, 127.0.0.0/8 and [::1]: where plain http is
// allowed by default.
bool is_loopback_host(std::string_view host);

// An IP literal in a loopback, private (RFC 1918, fc00::/7) or link-local
// range, which a token realm must not point credentials at unless it is the
// registry itself.
bool is_local_ip_literal(std::string_view host);

// Percent-encodes everything but RFC 3986 unreserved characters (for query
// values).
std::string url_encode(std::string_view text);

// `host` without a `:port` suffix (brackets kept for IPv6).
std::string host_without_port(std::string_view authority);

} // namespace stalebase::registry
