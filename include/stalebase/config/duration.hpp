#pragma once

// Durations, the one parser for flags (`--deadline 5m`, `--cache-ttl 2d`,
// `--request-timeout 1500ms`) and the configuration (`ttl: 1h30m`).

#include "stalebase/util/expected.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace stalebase::config {

// Parses a duration: one or more `<digits><unit>` with the units `ms`, `s`,
// `m`, `h` and `d` (`1500ms`, `90s`, `30m`, `1h`, `2d`, `1h30m`, as Go's
// time.ParseDuration plus days), or a lone whole number of seconds (`90`).
// Fails with "expected a duration such as \"90s\", \"30m\", \"1h\" or \"2d\",
// found \"1 hour\"" or "duration \"99999d\" is too long: expected at most
// 3660d" (ten years).
Expected<std::chrono::milliseconds, std::string>
parse_duration(std::string_view text);

// The shortest text parse_duration reads back as `duration`: `1h30m`, `2d`,
// `0s`.
std::string to_string(std::chrono::seconds duration);

} // namespace stalebase::config
