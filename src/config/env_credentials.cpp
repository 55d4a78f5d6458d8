#include "stalebase/config/env_credentials.hpp"

#include <cstdlib>

namespace stalebase::config {

namespace {

Expected<std::string, std::string> read(const EnvLookup &lookup,
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

std::optional<std::string> process_env(const std::string &name) {
  if (const char *value = std::getenv(name.c_str())) {
    return std::string(value);
  }
  return std::nullopt;
}

Expected<std::optional<registry::Credentials>, std::string>
env_credentials(const RegistryConfig &registry,
                std::string_view host,
                const EnvLookup &lookup) {
  if (registry.username_env.empty() && registry.password_env.empty()) {
    return std::optional<registry::Credentials>{};
  }
  auto username = read(lookup, host, "username-env", registry.username_env);
  if (!username) {
    return Unexpected(username.error());
  }
  auto password = read(lookup, host, "password-env", registry.password_env);
  if (!password) {
    return Unexpected(password.error());
  }
  registry::Credentials credentials;
  credentials.kind = registry::Credentials::Kind::basic;
  credentials.username = std::move(*username);
  credentials.secret = std::move(*password);
  credentials.source = "environment variables " + registry.username_env +
                       " and " + registry.password_env;
  return std::optional<registry::Credentials>(std::move(credentials));
}

} // namespace stalebase::config
