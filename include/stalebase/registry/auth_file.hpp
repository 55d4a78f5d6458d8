#pragma once

#include "stalebase/util/expected.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stalebase::registry {

// One `auths` entry, with `auth` already decoded into username and password.
struct AuthEntry {
  std::string username;
  std::string password;
  std::string identity_token; // `identitytoken`: an OAuth2 refresh token
  std::string registry_token; // `registrytoken`: sent as a Bearer token as is

  // False for `{}` markers that only say a helper holds the secret.
  bool has_credentials() const {
    return !username.empty() || !password.empty() || !identity_token.empty() ||
           !registry_token.empty();
  }
};

// A docker config.json or a containers auth.json (the same format for what we
// read).
struct AuthFile {
  std::map<std::string, AuthEntry> auths; // keys as written
  std::string creds_store;                // `credsStore`
  std::map<std::string, std::string>
      cred_helpers; // `credHelpers`: host → helper suffix
};

// Parses a config.json / auth.json document. Unknown fields are ignored. Fails
// with "not a JSON object", or "invalid \"auth\" for \"<key>\": …" when `auth`
// is not base64 of `user:password` or has an empty user. Passwords have NUL
// bytes stripped.
Expected<AuthFile, std::string> parse_auth_file(std::string_view json);

// Where a file says the credentials for a registry are.
struct AuthLookup {
  std::optional<std::string> helper; // a credential helper suffix to run
  std::optional<AuthEntry> entry;    // credentials written in the file
  std::string key;                   // the key that matched (never a secret)
};

// The config.json key for `registry` ("docker.io" →
// "https://index.docker.io/v1/", else the host[:port] as is). Also the server
// URL given to credential helpers.
std::string auth_key_for(std::string_view registry);

// A legacy key reduced to host[:port]: scheme and path stripped, Docker Hub's
// names mapped to "docker.io", lower-cased.
std::string normalise_auth_key(std::string_view key);

// Finds the credentials for `repository` on `registry` in `file`, in docker's
// order: `credHelpers[host]`, then `credsStore`, then `auths` (exact key, then
// legacy keys with a scheme or path, then podman's namespaced keys
// `host/ns/repo`, `host/ns`, most specific first). Empty when the file has
// nothing for that registry.
std::optional<AuthLookup> find_auth(const AuthFile &file,
                                    std::string_view registry,
                                    std::string_view repository);

} // namespace stalebase::registry
