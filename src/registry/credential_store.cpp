#include "stalebase/registry/credential_store.hpp"

#include "stalebase/registry/auth_file.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace stalebase::registry {

Expected<std::optional<std::string>, std::string>
read_file_if_exists(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return std::optional<std::string>{};
    }
    return Unexpected("cannot read \"" + path + "\"");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::optional<std::string>{text.str()};
}

std::vector<CredentialSource>
credential_sources(const std::optional<std::string> &authfile,
                   const util::EnvLookup &lookup) {
  // Docker and podman pass over a variable set to nothing.
  const auto env = [&lookup](const std::string &name) {
    std::optional<std::string> value = lookup(name);
    return value && !value->empty() ? value : std::nullopt;
  };
  std::vector<CredentialSource> sources;
  const auto file = [&sources](std::string path, bool required = false) {
    sources.push_back(CredentialSource{path, path, std::nullopt, required});
  };
  if (authfile) {
    file(*authfile, true);
  }
  if (const auto path = env("REGISTRY_AUTH_FILE")) {
    file(*path);
  }
  if (const auto json = env("DOCKER_AUTH_CONFIG")) {
    sources.push_back(
        CredentialSource{"DOCKER_AUTH_CONFIG", std::nullopt, *json, false});
  }
  const auto home = env("HOME");
  if (const auto dir = env("DOCKER_CONFIG")) {
    file(*dir + "/config.json");
  } else if (home) {
    file(*home + "/.docker/config.json");
  }
  if (const auto runtime = env("XDG_RUNTIME_DIR")) {
    file(*runtime + "/containers/auth.json");
  } else {
    file("/run/containers/" + std::to_string(::getuid()) + "/auth.json");
  }
  if (const auto config = env("XDG_CONFIG_HOME")) {
    file(*config + "/containers/auth.json");
  } else if (home) {
    file(*home + "/.config/containers/auth.json");
  }
  return sources;
}

CredentialStore::CredentialStore(std::vector<CredentialSource> sources,
                                 CredentialHelperRunner &helpers,
                                 FileReader reader)
    : m_sources(std::move(sources)), m_helpers(helpers),
      m_reader(std::move(reader)) {}

Expected<std::optional<Credentials>, std::string>
CredentialStore::find(std::string_view registry, std::string_view repository) {
  const std::string key = std::string(registry) + "/" + std::string(repository);
  {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_cache.find(key); it != m_cache.end()) {
      return it->second;
    }
  }
  auto found = find_uncached(std::string(registry), std::string(repository));
  std::lock_guard lock(m_mutex);
  m_cache.emplace(key, found);
  return found;
}

Expected<std::optional<Credentials>, std::string>
CredentialStore::find_uncached(const std::string &registry,
                               const std::string &repository) {
  for (const auto &source : m_sources) {
    std::optional<std::string> text = source.content;
    if (source.path) {
      auto read = m_reader(*source.path);
      if (!read) {
        return Unexpected(read.error());
      }
      if (!*read) {
        if (source.required) {
          return Unexpected("cannot read auth file \"" + *source.path + "\"");
        }
        continue;
      }
      text = std::move(*read);
    }
    auto file = parse_auth_file(*text);
    if (!file) {
      return Unexpected("invalid auth file \"" + source.label +
                        "\": " + file.error());
    }
    const auto lookup = find_auth(*file, registry, repository);
    if (!lookup) {
      continue;
    }
    if (lookup->helper) {
      const std::string server = auth_key_for(registry);
      const std::string cache_key = *lookup->helper + "|" + server;
      Expected<HelperResult, std::string> result = HelperResult{};
      bool cached = false;
      {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_helper_cache.find(cache_key);
            it != m_helper_cache.end()) {
          result = it->second;
          cached = true;
        }
      }
      if (!cached) {
        spdlog::debug("{}: asking credential helper docker-credential-{}",
                      registry, *lookup->helper);
        result = m_helpers.get(*lookup->helper, server);
        std::lock_guard lock(m_mutex);
        m_helper_cache.emplace(cache_key, result);
      }
      if (!result) {
        return Unexpected(result.error());
      }
      if (result->missing) {
        // Said once per helper: a registry that needs no credentials works
        // without it, and one that does fails with its own 401.
        if (std::lock_guard lock(m_mutex);
            m_missing_said.insert(*lookup->helper).second) {
          spdlog::warn("credential helper \"docker-credential-{}\" (named "
                       "in \"{}\") not found: asking without credentials",
                       *lookup->helper, source.label);
        }
        continue;
      }
      if (!result->found) {
        continue;
      }
      Credentials credentials;
      credentials.username = result->username;
      credentials.secret = result->secret;
      credentials.kind = result->username == "<token>"
                             ? Credentials::Kind::identity_token
                             : Credentials::Kind::basic;
      credentials.source = "docker-credential-" + *lookup->helper;
      return std::optional<Credentials>{credentials};
    }
    const AuthEntry &entry = *lookup->entry;
    Credentials credentials;
    credentials.source = source.label;
    credentials.username = entry.username;
    if (!entry.registry_token.empty()) {
      credentials.kind = Credentials::Kind::registry_token;
      credentials.secret = entry.registry_token;
    } else if (!entry.identity_token.empty()) {
      credentials.kind = Credentials::Kind::identity_token;
      credentials.secret = entry.identity_token;
    } else {
      credentials.secret = entry.password;
    }
    return std::optional<Credentials>{credentials};
  }
  return std::optional<Credentials>{};
}

} // namespace stalebase::registry
