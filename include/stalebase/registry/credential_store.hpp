#pragma once

#include "stalebase/registry/credential_helper.hpp"
#include "stalebase/registry/credentials.hpp"
#include "stalebase/util/env.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stalebase::registry {

// Reads a whole file; empty when it does not exist. Fails with "cannot read
// \"…\"".
using FileReader =
    std::function<Expected<std::optional<std::string>, std::string>(
        const std::string &)>;

// Reads a file from disk.
Expected<std::optional<std::string>, std::string>
read_file_if_exists(const std::string &path);

// One place credentials may come from, in search order.
struct CredentialSource {
  std::string label;                  // the path, or "DOCKER_AUTH_CONFIG"
  std::optional<std::string> path;    // empty for the environment variable
  std::optional<std::string> content; // the variable's value
  bool required = false;              // --authfile: missing is an error
};

// The sources in docker's and podman's order (a variable set but empty counts
// as unset): `authfile` (--authfile),
// REGISTRY_AUTH_FILE, DOCKER_AUTH_CONFIG, $DOCKER_CONFIG/config.json or
// ~/.docker/config.json,
// ${XDG_RUNTIME_DIR}/containers/auth.json (/run/containers/<uid>/auth.json
// without it),
// ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json.
std::vector<CredentialSource>
credential_sources(const std::optional<std::string> &authfile,
                   const util::EnvLookup &env);

// Finds credentials the way docker and podman do: the first source with an
// entry for the registry wins; credential helpers run once per (helper,
// registry) per run; a helper that does not exist is warned of once and
// passed over (the next source, else anonymous). Caches answers.
class CredentialStore final : public CredentialProvider {
public:
  CredentialStore(std::vector<CredentialSource> sources,
                  CredentialHelperRunner &helpers,
                  FileReader reader = read_file_if_exists);

  Expected<std::optional<Credentials>, std::string>
  find(std::string_view registry, std::string_view repository) override;

private:
  Expected<std::optional<Credentials>, std::string>
  find_uncached(const std::string &registry, const std::string &repository);

  std::vector<CredentialSource> m_sources;
  CredentialHelperRunner &m_helpers;
  FileReader m_reader;
  std::mutex m_mutex;
  std::map<std::string, Expected<std::optional<Credentials>, std::string>>
      m_cache;
  std::map<std::string, Expected<HelperResult, std::string>> m_helper_cache;
  std::set<std::string> m_missing_said; // missing helpers already warned of
};

} // namespace stalebase::registry
