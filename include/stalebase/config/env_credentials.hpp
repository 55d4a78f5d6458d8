#pragma once

// Registry credentials named by `username-env` / `password-env`.

#include "stalebase/config/config.hpp"
#include "stalebase/registry/credentials.hpp"
#include "stalebase/util/expected.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace stalebase::config {

// Reads an environment variable: its value, or nothing when it is unset.
using EnvLookup =
    std::function<std::optional<std::string>(const std::string &name)>;

// The process environment (std::getenv).
std::optional<std::string> process_env(const std::string &name);

// The Basic credentials `registry` names, read through `lookup`; `host` is
// only used in messages. Nothing when the entry names no variables. Fails,
// without ever quoting a value, when a named variable is unset or empty:
// "registry \"ghcr.io\": \"password-env\" names GHCR_TOKEN, which is not set"
// (or "… which is empty"). `source` of the result says
// "environment variables GHCR_USER and GHCR_TOKEN".
Expected<std::optional<registry::Credentials>, std::string>
env_credentials(const RegistryConfig &registry,
                std::string_view host,
                const EnvLookup &lookup = process_env);

} // namespace stalebase::config
