#include "stalebase/registry/retry_after.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::registry;
using namespace std::chrono;

namespace {
// Sun, 06 Nov 1994 08:49:37 GMT
const system_clock::time_point k_date{seconds(784111777)};
} // namespace

TEST_CASE("registry::parse_retry_after delta seconds", "[registry]") {
  CHECK(parse_retry_after("120", k_date) == seconds(120));
  CHECK(parse_retry_after(" 0 ", k_date) == seconds(0));
  CHECK_FALSE(parse_retry_after("-5", k_date).has_value());
  CHECK_FALSE(parse_retry_after("1.5", k_date).has_value());
  CHECK_FALSE(parse_retry_after("", k_date).has_value());
  CHECK_FALSE(parse_retry_after("soon", k_date).has_value());
}

TEST_CASE("registry::parse_retry_after HTTP-date forms", "[registry]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == k_date);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == k_date);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == k_date);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", k_date) ==
        seconds(30));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", k_date) ==
        seconds(0));
  CHECK_FALSE(
      parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", k_date).has_value());
  CHECK_FALSE(
      parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", k_date).has_value());
  CHECK(parse_http_date("Thu, 01 Jan 2026 00:00:00 GMT") ==
        system_clock::time_point(seconds(1767225600)));
}
