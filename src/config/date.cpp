#include "stalebase/config/date.hpp"

#include <cstdio>
#include <ctime>

namespace stalebase::config {

namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) {
    return 29;
  }
  return k_days[month - 1];
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

} // namespace

std::string Date::to_string() const {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

Expected<Date, std::string> parse_date(std::string_view text) {
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (std::size_t i = 0; shape && i < text.size(); ++i) {
    if (i != 4 && i != 7 && !is_digit(text[i])) {
      shape = false;
    }
  }
  if (!shape) {
    return Unexpected("expected a date as YYYY-MM-DD, found " + quoted(text));
  }
  Date date{digits(text.substr(0, 4)), digits(text.substr(5, 2)),
            digits(text.substr(8, 2))};
  if (date.month < 1 || date.month > 12) {
    return Unexpected("invalid month in " + quoted(text) +
                      ": expected 01 to 12");
  }
  const int last = days_in_month(date.year, date.month);
  if (date.day < 1 || date.day > last) {
    return Unexpected("invalid day in " + quoted(text) + ": " +
                      std::string(text.substr(0, 7)) + " has " +
                      std::to_string(last) + " days");
  }
  return date;
}

Date today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

} // namespace stalebase::config
