#include "stalebase/registry/error_body.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace stalebase::registry {

std::vector<RegistryErrorEntry> parse_error_body(std::string_view body) {
  std::vector<RegistryErrorEntry> entries;
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return entries;
  }
  const auto errors = json.find("errors");
  if (errors == json.end() || !errors->is_array()) {
    return entries;
  }
  for (const auto &item : *errors) {
    if (!item.is_object()) {
      continue;
    }
    const auto code = item.find("code");
    if (code == item.end() || !code->is_string()) {
      continue;
    }
    RegistryErrorEntry entry;
    entry.code = code->get<std::string>();
    const auto message = item.find("message");
    if (message != item.end() && message->is_string()) {
      entry.message = message->get<std::string>();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string describe_error_code(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16>
      k_codes = {{
          {"MANIFEST_UNKNOWN", "manifest unknown"},
          {"NAME_UNKNOWN", "repository not found or unauthorized"},
          {"UNAUTHORIZED", "repository not found or unauthorized"},
          {"DENIED", "access denied"},
          {"TOOMANYREQUESTS",
           "too many requests: rate limited by the registry"},
          {"UNAVAILABLE", "registry unavailable"},
          {"NAME_INVALID", "invalid repository name"},
          {"TAG_INVALID", "invalid tag"},
          {"DIGEST_INVALID", "invalid digest"},
          {"MANIFEST_INVALID", "invalid manifest"},
          {"MANIFEST_BLOB_UNKNOWN", "manifest references an unknown blob"},
          {"BLOB_UNKNOWN", "blob unknown"},
          {"UNSUPPORTED", "operation not supported by the registry"},
          {"PAGINATION_NUMBER_INVALID", "invalid page size"},
          {"TOO_MANY_TAGS_REQUESTED", "too many tags requested"},
          {"SIZE_INVALID", "invalid size"},
      }};
  for (const auto &[known, text] : k_codes) {
    if (known == code) {
      return std::string(text);
    }
  }
  return {};
}

} // namespace stalebase::registry
