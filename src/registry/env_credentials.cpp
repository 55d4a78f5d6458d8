#include "stalebase/registry/env_credentials.hpp"

namespace stalebase::registry {

namespace {

Expected<std::string, std::string> read(const util::EnvLookup &lookup,
                                        std::string_view host,
                                        std::string_view key,
                                        const std::string &name) {
  std::optional<std::string> value = lookup(name);
  if (!value || value->empty()) {
    return Unexpected("registry \"" + std::string(host) + "\": \"" +
                      std::string(key) + "\" names " + name + ", which is " +
                      (value ? "empty" : "not set"));
  }
  return std::move(*value);
}

} // namespace

Expected<std::optional<Credentials>, std::string>
env_credentials(const std::string &username_env,
                const std::string &password_env,
                std::string_view host,
                const util::EnvLookup &lookup) {
  if (username_env.empty() && password_env.empty()) {
    return std::optional<Credentials>{};
  }
  auto username = read(lookup, host, "username-env", username_env);
  if (!username) {
    return Unexpected(username.error());
  }
  auto password = read(lookup, host, "password-env", password_env);
  if (!password) {
    return Unexpected(password.error());
  }
  Credentials credentials;
  credentials.kind = Credentials::Kind::basic;
  credentials.username = std::move(*username);
  credentials.secret = std::move(*password);
  credentials.source =
      "environment variables " + username_env + " and " + password_env;
  return std::optional<Credentials>(std::move(credentials));
}

} // namespace stalebase::registry
