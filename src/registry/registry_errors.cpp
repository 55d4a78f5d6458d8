#include "registry/registry_errors.hpp"

#include "stalebase/registry/error_body.hpp"
#include "stalebase/util/strings.hpp"

namespace stalebase::registry {

RegistryError make_error(RegistryErrorKind kind, std::string message) {
  return RegistryError{kind, std::move(message)};
}

// Maps a final non-2xx response to an error. `not_found` is the message for a
// plain 404 or MANIFEST_UNKNOWN.
RegistryError error_from(const HttpResponse &response,
                         const std::string &not_found) {
  const auto entries = parse_error_body(response.body);
  const long status = response.status;
  RegistryErrorKind kind = RegistryErrorKind::unavailable;
  if (status == 404) {
    kind = RegistryErrorKind::not_found;
  } else if (status == 401) {
    kind = RegistryErrorKind::unauthorized;
  } else if (status == 403) {
    kind = RegistryErrorKind::denied;
  } else if (status == 429) {
    kind = RegistryErrorKind::rate_limited;
  } else if (status < 500) {
    kind = RegistryErrorKind::invalid_response;
  }
  if (!entries.empty()) {
    const std::string &code = entries.front().code;
    if (code == "MANIFEST_UNKNOWN" || code == "BLOB_UNKNOWN") {
      return make_error(RegistryErrorKind::not_found, not_found);
    }
    if (code == "NAME_UNKNOWN") {
      return make_error(RegistryErrorKind::not_found,
                        describe_error_code(code));
    }
    if (code == "UNAUTHORIZED") {
      return make_error(RegistryErrorKind::unauthorized,
                        describe_error_code(code));
    }
    if (code == "DENIED") {
      return make_error(RegistryErrorKind::denied, describe_error_code(code));
    }
    if (code == "TOOMANYREQUESTS") {
      return make_error(RegistryErrorKind::rate_limited,
                        describe_error_code(code));
    }
    const std::string described = describe_error_code(code);
    return make_error(kind, described.empty()
                                ? "registry answered HTTP " +
                                      std::to_string(status) + " (" + code + ")"
                                : described);
  }
  switch (status) {
  case 404:
    return make_error(kind, not_found);
  case 401:
    return make_error(kind, "repository not found or unauthorized");
  case 403:
    return make_error(kind, "access denied");
  case 429:
    return make_error(kind, "too many requests: rate limited by the registry");
  default:
    return make_error(kind, "registry answered HTTP " + std::to_string(status));
  }
}

RegistryError token_error(const HttpResponse &response, bool sent_credentials) {
  if (response.status == 401 || response.status == 403) {
    return make_error(RegistryErrorKind::unauthorized,
                      sent_credentials
                          ? "authentication failed: the token server "
                            "rejected the credentials"
                          : "repository not found or unauthorized");
  }
  RegistryError error = error_from(response, "token server not found");
  error.message = "token request failed: " + error.message;
  return error;
}

bool is_pull_limit(const HttpResponse &response) {
  const std::string body = util::ascii_lower(response.body);
  if (body.find("pull rate limit") != std::string::npos) {
    return true;
  }
  const auto remaining = response.header("ratelimit-remaining");
  return remaining && remaining->substr(0, remaining->find(';')) == "0";
}

RegistryError pull_limit_error() {
  return make_error(
      RegistryErrorKind::rate_limited,
      "docker hub pull rate limit reached: log in (docker login, or "
      "--authfile "
      "with Docker Hub credentials) to raise the limit, or wait");
}

std::string not_found_message(const reference::ManifestReference &wanted) {
  return wanted.describe() + " not found";
}

} // namespace stalebase::registry
