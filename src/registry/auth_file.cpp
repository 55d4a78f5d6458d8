#include "stalebase/registry/auth_file.hpp"

#include "stalebase/reference/registry_host.hpp"
#include "stalebase/registry/base64.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace stalebase::registry {

namespace {

std::string string_field(const nlohmann::json &object, const char *name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>()
                                               : std::string();
}

Expected<AuthEntry, std::string> parse_entry(const std::string &key,
                                             const nlohmann::json &value) {
  AuthEntry entry;
  if (!value.is_object()) {
    return entry;
  }
  entry.username = string_field(value, "username");
  entry.password = string_field(value, "password");
  entry.identity_token = string_field(value, "identitytoken");
  entry.registry_token = string_field(value, "registrytoken");
  const std::string auth = string_field(value, "auth");
  if (!auth.empty()) {
    const auto decoded = base64_decode(auth);
    const auto fail = [&key](const std::string &why) {
      return Unexpected("invalid \"auth\" for \"" + key + "\": " + why);
    };
    if (!decoded) {
      return fail("not base64");
    }
    const std::size_t colon = decoded->find(':');
    if (colon == std::string::npos) {
      return fail("expected base64 of user:password");
    }
    if (colon == 0) {
      return fail("empty user name");
    }
    entry.username = decoded->substr(0, colon);
    entry.password = decoded->substr(colon + 1);
  }
  // docker/cli trims NUL padding some tools leave after the password.
  entry.password.erase(
      std::remove(entry.password.begin(), entry.password.end(), '\0'),
      entry.password.end());
  return entry;
}

} // namespace

Expected<AuthFile, std::string> parse_auth_file(std::string_view json_text) {
  const auto json = nlohmann::json::parse(json_text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Unexpected(std::string("not a JSON object"));
  }
  AuthFile file;
  file.creds_store = string_field(json, "credsStore");
  const auto helpers = json.find("credHelpers");
  if (helpers != json.end() && helpers->is_object()) {
    for (const auto &[key, value] : helpers->items()) {
      if (value.is_string()) {
        file.cred_helpers[key] = value.get<std::string>();
      }
    }
  }
  const auto auths = json.find("auths");
  if (auths != json.end() && auths->is_object()) {
    for (const auto &[key, value] : auths->items()) {
      auto entry = parse_entry(key, value);
      if (!entry) {
        return Unexpected(entry.error());
      }
      file.auths[key] = std::move(*entry);
    }
  }
  return file;
}

std::string auth_key_for(std::string_view registry) {
  if (reference::registry_key(registry) == reference::k_docker_hub_registry) {
    return std::string(reference::k_docker_hub_credential_key);
  }
  return std::string(registry);
}

std::string normalise_auth_key(std::string_view key) {
  std::string_view rest = key;
  const std::size_t scheme = rest.find("://");
  if (scheme != std::string_view::npos) {
    rest = rest.substr(scheme + 3);
  }
  rest = rest.substr(0, rest.find('/'));
  return reference::registry_key(rest);
}

std::optional<AuthLookup> find_auth(const AuthFile &file,
                                    std::string_view registry,
                                    std::string_view repository) {
  const std::string key = auth_key_for(registry);
  const std::string wanted = normalise_auth_key(registry);

  // credHelpers: the exact key first, then any key naming the same host.
  auto helper = file.cred_helpers.find(key);
  if (helper == file.cred_helpers.end()) {
    helper = std::find_if(file.cred_helpers.begin(), file.cred_helpers.end(),
                          [&wanted](const auto &item) {
                            return normalise_auth_key(item.first) == wanted;
                          });
  }
  if (helper != file.cred_helpers.end() && !helper->second.empty()) {
    return AuthLookup{helper->second, std::nullopt, helper->first};
  }
  if (!file.creds_store.empty()) {
    return AuthLookup{file.creds_store, std::nullopt, key};
  }

  const auto usable = [](const AuthEntry &entry) {
    return entry.has_credentials();
  };
  if (const auto exact = file.auths.find(key);
      exact != file.auths.end() && usable(exact->second)) {
    return AuthLookup{std::nullopt, exact->second, exact->first};
  }
  // Legacy keys ("https://myreg:5000/v1/", "http://host") and other spellings
  // of the host.
  for (const auto &[candidate, entry] : file.auths) {
    const bool namespaced = candidate.find("://") == std::string::npos &&
                            candidate.find('/') != std::string::npos;
    if (!namespaced && usable(entry) &&
        normalise_auth_key(candidate) == wanted) {
      return AuthLookup{std::nullopt, entry, candidate};
    }
  }
  // podman's namespaced keys, most specific first: host/a/b/c, host/a/b,
  // host/a.
  std::string path(repository);
  while (!path.empty()) {
    const std::string candidate = std::string(registry) + "/" + path;
    if (const auto it = file.auths.find(candidate);
        it != file.auths.end() && usable(it->second)) {
      return AuthLookup{std::nullopt, it->second, it->first};
    }
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
      break;
    }
    path.resize(slash);
  }
  return std::nullopt;
}

} // namespace stalebase::registry
