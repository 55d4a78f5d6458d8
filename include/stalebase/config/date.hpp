#pragma once

// Calendar dates for ignore expiry (`until: 2026-01-31`).

#include "stalebase/util/expected.hpp"

#include <compare>
#include <string>
#include <string_view>

namespace stalebase::config {

// A day of the proleptic Gregorian calendar, with no time zone.
struct Date {
  int year = 1970;
  int month = 1; // 1-12
  int day = 1;   // 1-31

  // `YYYY-MM-DD`.
  std::string to_string() const;
  friend auto operator<=>(const Date &, const Date &) = default;
  friend bool operator==(const Date &, const Date &) = default;
};

// Parses exactly `YYYY-MM-DD` (four, two and two digits) naming a real day.
// Fails with "expected a date as YYYY-MM-DD, found \"31/01/2026\"",
// "invalid month in \"2026-13-01\": expected 01 to 12" or
// "invalid day in \"2026-02-30\": 2026-02 has 28 days".
Expected<Date, std::string> parse_date(std::string_view text);

// Today in the local time zone. The only impure function here: callers pass
// its result to the pure ones (apply_ignores), and tests pass fixed dates.
Date today();

} // namespace stalebase::config
