#include "stalebase/config/duration.hpp"

#include <cstdint>

namespace stalebase::config {

namespace {

// Ten years: anything longer is a typo, and it keeps the arithmetic far from
// overflow.
constexpr std::int64_t k_max_seconds = 10LL * 366 * 24 * 3600;

std::int64_t unit_seconds(char unit) {
  switch (unit) {
  case 's':
    return 1;
  case 'm':
    return 60;
  case 'h':
    return 3600;
  case 'd':
    return 86400;
  default:
    return 0;
  }
}

std::string expected_message(std::string_view text) {
  return "expected a duration such as \"90s\", \"30m\", \"1h\" or \"2d\", "
         "found \"" +
         std::string(text) + "\"";
}

std::string too_long(std::string_view text) {
  return "duration \"" + std::string(text) +
         "\" is too long: expected at most 3660d";
}

} // namespace

Expected<std::chrono::seconds, std::string>
parse_duration(std::string_view text) {
  if (text == "0") {
    return std::chrono::seconds(0);
  }
  if (text.empty()) {
    return Unexpected(expected_message(text));
  }
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (number <= k_max_seconds) {
        number = number * 10 + (text[i] - '0');
      }
      ++i;
    }
    if (i == start || i == text.size() || unit_seconds(text[i]) == 0) {
      return Unexpected(expected_message(text));
    }
    if (number > k_max_seconds) {
      return Unexpected(too_long(text));
    }
    total += number * unit_seconds(text[i]);
    if (total > k_max_seconds) {
      return Unexpected(too_long(text));
    }
    ++i;
  }
  return std::chrono::seconds(total);
}

std::string to_string(std::chrono::seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) {
    return "0s";
  }
  std::string result;
  for (char unit : {'d', 'h', 'm', 's'}) {
    const std::int64_t size = unit_seconds(unit);
    if (left >= size) {
      result += std::to_string(left / size);
      result += unit;
      left %= size;
    }
  }
  return result;
}

} // namespace stalebase::config
