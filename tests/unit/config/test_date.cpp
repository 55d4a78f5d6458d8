#include "stalebase/config/date.hpp"

#include <catch2/catch.hpp>

using stalebase::config::Date;
using stalebase::config::parse_date;

TEST_CASE("config::parse_date", "[config]") {
  SECTION("valid days") {
    CHECK(parse_date("2026-01-31").value() == Date{2026, 1, 31});
    CHECK(parse_date("2024-02-29").value() == Date{2024, 2, 29});
    CHECK(parse_date("2000-02-29").value() == Date{2000, 2, 29});
    CHECK(parse_date("0001-12-31").value() == Date{1, 12, 31});
    CHECK(parse_date("2026-01-31")->to_string() == "2026-01-31");
    CHECK(Date{7, 3, 4}.to_string() == "0007-03-04");
  }
  SECTION("wrong shape") {
    for (const char *text : {"31/01/2026", "2026-1-31", "2026-01-31T00:00", "",
                             "soon", "2026-0a-01", " 2026-01-31"}) {
      CAPTURE(text);
      const auto date = parse_date(text);
      REQUIRE_FALSE(date.has_value());
      CHECK(date.error() == "expected a date as YYYY-MM-DD, found \"" +
                                std::string(text) + "\"");
    }
  }
  SECTION("no such day") {
    CHECK(parse_date("2026-13-01").error() ==
          "invalid month in \"2026-13-01\": expected 01 to 12");
    CHECK(parse_date("2026-00-01").error() ==
          "invalid month in \"2026-00-01\": expected 01 to 12");
    CHECK(parse_date("2026-02-29").error() ==
          "invalid day in \"2026-02-29\": 2026-02 has 28 days");
    CHECK(parse_date("1900-02-29").error() ==
          "invalid day in \"1900-02-29\": 1900-02 has 28 days");
    CHECK(parse_date("2026-04-31").error() ==
          "invalid day in \"2026-04-31\": 2026-04 has 30 days");
    CHECK(parse_date("2026-01-00").error() ==
          "invalid day in \"2026-01-00\": 2026-01 has 31 days");
  }
}

TEST_CASE("config::Date order", "[config]") {
  CHECK(Date{2026, 1, 31} < Date{2026, 2, 1});
  CHECK(Date{2025, 12, 31} < Date{2026, 1, 1});
  CHECK(Date{2026, 1, 2} > Date{2026, 1, 1});
  CHECK(Date{2026, 1, 1} == Date{2026, 1, 1});
}

TEST_CASE("config::today is a real day", "[config]") {
  const Date now = stalebase::config::today();
  CHECK(now.year >= 2024);
  CHECK(parse_date(now.to_string()).value() == now);
}
