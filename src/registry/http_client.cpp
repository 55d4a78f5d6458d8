#include "stalebase/registry/http_client.hpp"

#include "stalebase/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

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
    if (util::iequals(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string>
HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto &[key, value] : headers) {
    if (util::iequals(key, name)) {
      values.push_back(value);
    }
  }
  return values;
}

} // namespace stalebase::registry
