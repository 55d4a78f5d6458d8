#include "stalebase/registry/http_client.hpp"

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace

std::string_view to_string(HttpMethod method) {
  switch (method) {
  case HttpMethod::get:
    return "GET";
  case HttpMethod::head:
    return "HEAD";
  case HttpMethod::post:
    return "POST";
  }
  return "GET";
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto &[key, value] : headers) {
    if (iequals(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string>
HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto &[key, value] : headers) {
    if (iequals(key, name)) {
      values.push_back(value);
    }
  }
  return values;
}

} // namespace stalebase::registry
