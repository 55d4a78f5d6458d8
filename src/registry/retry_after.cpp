#include "stalebase/registry/retry_after.hpp"

#include "stalebase/util/strings.hpp"

#include <array>
#include <charconv>
#include <ctime>

namespace stalebase::registry {

namespace {

constexpr std::array<std::string_view, 12> k_months = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool parse_int(std::string_view text, int &out) {
  if (text.empty()) {
    return false;
  }
  const auto result =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

int month_index(std::string_view name) {
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (k_months[i] == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// "08:49:37"
bool parse_time(std::string_view text, int &hour, int &minute, int &second) {
  return text.size() == 8 && text[2] == ':' && text[5] == ':' &&
         parse_int(text.substr(0, 2), hour) &&
         parse_int(text.substr(3, 2), minute) &&
         parse_int(text.substr(6, 2), second) && hour < 24 && minute < 60 &&
         second < 61;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
// algorithm), so no time-zone-dependent libc call is needed.
long long days_from_civil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int yoe = year - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<long long>(era) * 146097 + doe - 719468;
}

std::optional<std::chrono::system_clock::time_point>
make_time(int year, int month0, int day, int hour, int minute, int second) {
  if (month0 < 0 || day < 1 || day > 31 || year < 1970 || year > 9999) {
    return std::nullopt;
  }
  const long long days = days_from_civil(year, month0 + 1, day);
  const long long seconds = days * 86400 + hour * 3600 + minute * 60 + second;
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

} // namespace

std::optional<std::chrono::system_clock::time_point>
parse_http_date(std::string_view text) {
  text = util::trim(text);
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  const std::size_t comma = text.find(',');
  if (comma == 3) {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    const std::string_view rest = text.substr(4);
    if (rest.size() != 25 || rest[0] != ' ' || rest[3] != ' ' ||
        rest[7] != ' ' || rest[12] != ' ' || rest.substr(21) != " GMT") {
      return std::nullopt;
    }
    if (!parse_int(rest.substr(1, 2), day) ||
        !parse_int(rest.substr(8, 4), year) ||
        !parse_time(rest.substr(13, 8), hour, minute, second)) {
      return std::nullopt;
    }
    return make_time(year, month_index(rest.substr(4, 3)), day, hour, minute,
                     second);
  }
  if (comma != std::string_view::npos) {
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
    const std::string_view rest = text.substr(comma + 1);
    if (rest.size() != 23 || rest[0] != ' ' || rest[3] != '-' ||
        rest[7] != '-' || rest[10] != ' ' || rest.substr(19) != " GMT") {
      return std::nullopt;
    }
    if (!parse_int(rest.substr(1, 2), day) ||
        !parse_int(rest.substr(8, 2), year) ||
        !parse_time(rest.substr(11, 8), hour, minute, second)) {
      return std::nullopt;
    }
    year += year < 70 ? 2000 : 1900;
    return make_time(year, month_index(rest.substr(4, 3)), day, hour, minute,
                     second);
  }
  // asctime: "Sun Nov  6 08:49:37 1994"
  if (text.size() != 24 || text[3] != ' ' || text[7] != ' ' ||
      text[10] != ' ' || text[19] != ' ') {
    return std::nullopt;
  }
  const std::string_view day_text = util::trim(text.substr(8, 2));
  if (!parse_int(day_text, day) ||
      !parse_time(text.substr(11, 8), hour, minute, second) ||
      !parse_int(text.substr(20, 4), year)) {
    return std::nullopt;
  }
  return make_time(year, month_index(text.substr(4, 3)), day, hour, minute,
                   second);
}

std::optional<std::chrono::seconds>
parse_retry_after(std::string_view value,
                  std::chrono::system_clock::time_point now) {
  value = util::trim(value);
  if (!value.empty() &&
      value.find_first_not_of("0123456789") == std::string_view::npos) {
    long long seconds = 0;
    const auto result =
        std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (result.ec == std::errc::result_out_of_range) {
      return std::chrono::seconds(std::chrono::hours(24 * 365));
    }
    if (result.ec != std::errc()) {
      return std::nullopt;
    }
    return std::chrono::seconds(seconds);
  }
  const auto when = parse_http_date(value);
  if (!when) {
    return std::nullopt;
  }
  if (*when <= now) {
    return std::chrono::seconds(0);
  }
  // Round up: waiting a fraction too long is fine, too short is not.
  return std::chrono::ceil<std::chrono::seconds>(*when - now);
}

} // namespace stalebase::registry
