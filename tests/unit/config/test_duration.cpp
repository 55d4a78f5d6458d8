#include "stalebase/config/duration.hpp"

#include <catch2/catch.hpp>

using stalebase::config::parse_duration;
using std::chrono::seconds;

TEST_CASE("config::parse_duration", "[config]") {
  SECTION("units") {
    CHECK(parse_duration("90s").value() == seconds(90));
    CHECK(parse_duration("30m").value() == seconds(1800));
    CHECK(parse_duration("1h").value() == seconds(3600));
    CHECK(parse_duration("2d").value() == seconds(172800));
    CHECK(parse_duration("1h30m").value() == seconds(5400));
    CHECK(parse_duration("1d2h3m4s").value() == seconds(93784));
    CHECK(parse_duration("0").value() == seconds(0));
    CHECK(parse_duration("0s").value() == seconds(0));
    CHECK(parse_duration("3660d").value() == seconds(3660LL * 86400));
    // What only the flags used to take: milliseconds and bare seconds.
    CHECK(parse_duration("1500ms").value() == std::chrono::milliseconds(1500));
    CHECK(parse_duration("1m30s500ms").value() ==
          std::chrono::milliseconds(90'500));
    CHECK(parse_duration("90").value() == seconds(90));
    CHECK(parse_duration("0ms").value() == seconds(0));
  }
  SECTION("not a duration") {
    for (const char *text : {"", "h", "1 hour", "1H", "1w", "-1h", "1.5h",
                             "1h ", "1hm", "1h30", "30m1", "1mss", "ms"}) {
      CAPTURE(text);
      const auto duration = parse_duration(text);
      REQUIRE_FALSE(duration.has_value());
      CHECK(duration.error() ==
            "expected a duration such as \"90s\", \"30m\", \"1h\" or "
            "\"2d\", found \"" +
                std::string(text) + "\"");
    }
  }
  SECTION("too long") {
    CHECK(parse_duration("3661d").error() ==
          "duration \"3661d\" is too long: expected at most 3660d");
    CHECK(parse_duration("99999999999999999999999s").error() ==
          "duration \"99999999999999999999999s\" is too long: expected at "
          "most 3660d");
    CHECK(parse_duration("3000d3000d").error() ==
          "duration \"3000d3000d\" is too long: expected at most 3660d");
  }
}

TEST_CASE("config::to_string(duration) round-trips", "[config]") {
  using stalebase::config::to_string;
  CHECK(to_string(seconds(0)) == "0s");
  CHECK(to_string(seconds(90)) == "1m30s");
  CHECK(to_string(seconds(3600)) == "1h");
  CHECK(to_string(seconds(93784)) == "1d2h3m4s");
  for (long long value : {1LL, 59LL, 61LL, 3599LL, 86400LL, 90061LL}) {
    CHECK(parse_duration(to_string(seconds(value))).value() == seconds(value));
  }
}
