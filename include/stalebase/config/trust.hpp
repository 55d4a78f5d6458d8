#pragma once

// Who may set what (docs/configuration.md, "Trust"): a repository's
// `.stalebase.yaml` sets policy; where requests go, which secrets are read and
// where the cache lives are the user's (flags, the user's own configuration,
// or a repository file the user trusts with --trust-repo-config).

#include "stalebase/config/config.hpp"
#include "stalebase/util/env.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::config {

// The environment variable that trusts the repository's file as
// --trust-repo-config does ("1" or "true").
inline constexpr const char *k_trust_repo_config_env =
    "STALEBASE_TRUST_REPO_CONFIG";

// The user's own configuration file: $XDG_CONFIG_HOME/stalebase/config.yaml,
// else $HOME/.config/stalebase/config.yaml; nothing without either variable.
std::optional<std::filesystem::path>
user_config_path(const util::EnvLookup &lookup = util::process_env);

// Whether `lookup` holds k_trust_repo_config_env set to "1" or "true".
bool trust_repo_config_from_env(
    const util::EnvLookup &lookup = util::process_env);

// Removes from a repository's configuration what only the user may set: each
// registry's `mirror`, `mirror-only`, `insecure`, `ca-file`, `username-env` and
// `password-env`, and `cache.dir`. Returns the removed keys as written in
// messages, in file order of hosts: `registries."ghcr.io".password-env`,
// `cache.dir`. A registry entry left empty is removed too.
std::vector<std::string> drop_user_only_settings(Config &repository);

// The configuration in force from the user's file and the repository's (either
// may be missing; the repository's already filtered when it is not trusted):
// policy (`fail-on`, `platforms`, `build-args`, `cache.ttl`) is the
// repository's where it sets it, else the user's; `ignore` is the
// repository's only; the repository's `rules` come before the user's;
// registries merge per host and key, the user's values first; `cache.dir` is
// the user's, else the repository's. `file` names the repository's file, else
// the user's.
Config merge_configs(const std::optional<Config> &user,
                     const std::optional<Config> &repository);

} // namespace stalebase::config
