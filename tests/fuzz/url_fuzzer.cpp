// libFuzzer target for URL parsing and reference resolution (libcurl's URL API
// under our policy): whatever a registry sends as a Location, a Link or a
// token realm, the result is an http(s) URL we would accept again unchanged,
// and a reference without a scheme or an authority keeps the base's origin.

#include "stalebase/registry/url.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace stalebase::registry;

namespace {

void require(bool condition, const char *promise) {
  if (!condition) {
    std::fprintf(stderr, "broken promise: %s\n", promise);
    std::abort();
  }
}

void check_accepted(const Url &url) {
  require(url.scheme == "https" || url.scheme == "http", "http(s) only");
  require(!url.host.empty(), "a host");
  require(!url.target.empty() && url.target.front() == '/',
          "the target starts with '/'");
  require(url.port >= 0 && url.port <= 65535, "a port number");
  const std::string text = url.to_string();
  for (const char c : text) {
    require(static_cast<unsigned char>(c) > 0x20 && c != 0x7f,
            "no spaces or control characters");
  }
  require(text.find('#') == std::string::npos, "no fragment");
  const auto again = parse_url(text);
  require(static_cast<bool>(again), "to_string parses again");
  require(again->scheme == url.scheme && again->host == url.host &&
              again->port == url.port && again->target == url.target,
          "to_string parses to the same URL");
}

// A reference with neither a scheme nor an authority (RFC 3986 §4.2
// relative-path, absolute-path or query references).
bool keeps_origin(std::string_view reference) {
  reference = reference.substr(0, reference.find('#'));
  if (reference.substr(0, 2) == "//") {
    return false;
  }
  const std::size_t colon = reference.find(':');
  return colon == std::string_view::npos ||
         reference.find_first_of("/?") < colon;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  if (const auto url = parse_url(text)) {
    check_accepted(*url);
  }
  static const Url base =
      parse_url("https://registry.example:5000/v2/app/tags/list?n=100").value();
  if (const auto resolved = resolve_url(base, text)) {
    check_accepted(*resolved);
    if (keeps_origin(text)) {
      require(same_origin(*resolved, base),
              "a relative reference keeps the base's origin");
    }
  }
  return 0;
}
