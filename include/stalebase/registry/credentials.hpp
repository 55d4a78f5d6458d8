#pragma once

#include "stalebase/util/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace stalebase::registry {

// Credentials for one registry. Every field but `source` is secret: never log
// or print.
struct Credentials {
  enum class Kind {
    basic, // username + password: Basic to the registry or the token realm
    identity_token, // an OAuth2 refresh token (`identitytoken`, helper user
                    // "<token>")
    registry_token, // a bearer token sent to the registry as is
                    // (`registrytoken`)
  };
  Kind kind = Kind::basic;
  std::string username;
  std::string secret;
  std::string
      source; // where they came from, for logs: a file path or a helper name
};

// Finds credentials for a registry, as docker and podman do.
class CredentialProvider {
public:
  virtual ~CredentialProvider() = default;
  CredentialProvider() = default;
  CredentialProvider(const CredentialProvider &) = delete;
  CredentialProvider &operator=(const CredentialProvider &) = delete;

  // Credentials for `repository` on `registry` (host[:port]; "docker.io" for
  // Docker Hub). Empty means anonymous. Fails with a one-line message (an
  // unreadable or invalid auth file, a failing credential helper) that names
  // the file or helper, never a secret.
  virtual Expected<std::optional<Credentials>, std::string>
  find(std::string_view registry, std::string_view repository) = 0;
};

// Always anonymous.
class NoCredentials final : public CredentialProvider {
public:
  Expected<std::optional<Credentials>, std::string>
  find(std::string_view, std::string_view) override {
    return std::optional<Credentials>{};
  }
};

} // namespace stalebase::registry
