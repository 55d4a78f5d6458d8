#pragma once

// Durations for the cache TTL (`ttl: 1h`, `--cache-ttl 30m`).

#include "stalebase/util/expected.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace stalebase::config {

// Parses a duration: one or more `<digits><unit>` with the units `s`, `m`,
// `h` and `d` (`90s`, `30m`, `1h`, `2d`, `1h30m`), or `0` for none. Fails
// with "expected a duration such as \"90s\", \"30m\", \"1h\" or \"2d\", found
// \"1 hour\"" or "duration \"99999d\" is too long: expected at most 3660d" (ten
// years).
Expected<std::chrono::seconds, std::string>
parse_duration(std::string_view text);

// The shortest text parse_duration reads back as `duration`: `1h30m`, `2d`,
// `0s`.
std::string to_string(std::chrono::seconds duration);

} // namespace stalebase::config
