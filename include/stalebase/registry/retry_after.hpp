#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace stalebase::registry {

// The wait a `Retry-After` value asks for, in either form: delta-seconds
// ("120") or an HTTP-date (IMF-fixdate, RFC 850 or asctime), measured from
// `now`. A date in the past gives zero. Empty when the value is neither form.
std::optional<std::chrono::seconds>
parse_retry_after(std::string_view value,
                  std::chrono::system_clock::time_point now);

// Parses an HTTP-date (RFC 9110 §5.6.7) to a point in time; empty when it is
// not one.
std::optional<std::chrono::system_clock::time_point>
parse_http_date(std::string_view text);

} // namespace stalebase::registry
