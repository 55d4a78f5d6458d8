#include "stalebase/config/duration.hpp"

#include <cstdint>

namespace stalebase::config {

namespace {

// Ten years: anything longer is a typo, and it keeps the arithmetic far from
// overflow.
constexpr std::int64_t k_max_ms = 10LL * 366 * 24 * 3600 * 1000;

struct Unit {
  std::string_view name;
  std::int64_t ms;
};

// `ms` before `m`: the longest unit name wins.
constexpr Unit k_units[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};

std::string expected_message(std::string_view text) {
  return "expected a duration such as \"90s\", \"30m\", \"1h\" or \"2d\", "
         "found \"" +
         std::string(text) + "\"";
}

std::string too_long(std::string_view text) {
  return "duration \"" + std::string(text) +
         "\" is too long: expected at most 3660d";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

} // namespace

Expected<std::chrono::milliseconds, std::string>
parse_duration(std::string_view text) {
  if (text.empty()) {
    return Unexpected(expected_message(text));
  }
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      if (number <= k_max_ms) {
        number = number * 10 + (text[i] - '0');
      }
      ++i;
    }
    if (i == start) {
      return Unexpected(expected_message(text));
    }
    // A lone number is seconds, as the flags always took it.
    std::int64_t unit_ms = start == 0 && i == text.size() ? 1000 : 0;
    for (const Unit &unit : k_units) {
      if (unit_ms == 0 && text.substr(i, unit.name.size()) == unit.name) {
        unit_ms = unit.ms;
        i += unit.name.size();
      }
    }
    if (unit_ms == 0) {
      return Unexpected(expected_message(text));
    }
    if (number > k_max_ms / unit_ms) {
      return Unexpected(too_long(text));
    }
    total += number * unit_ms;
    if (total > k_max_ms) {
      return Unexpected(too_long(text));
    }
  }
  return std::chrono::milliseconds(total);
}

std::string to_string(std::chrono::seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) {
    return "0s";
  }
  std::string result;
  for (const auto &[unit, size] :
       {std::pair{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}) {
    if (left >= size) {
      result += std::to_string(left / size);
      result += unit;
      left %= size;
    }
  }
  return result;
}

} // namespace stalebase::config
