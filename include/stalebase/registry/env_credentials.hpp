#pragma once

// One more source of credentials, next to the credential files and helpers:
// the environment variables a registry's `username-env` / `password-env`
// settings name.

#include "stalebase/registry/credentials.hpp"
#include "stalebase/util/env.hpp"
#include "stalebase/util/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace stalebase::registry {

// The Basic credentials in the variables `username_env` and `password_env`,
// read through `lookup`; `host` is only used in messages. Nothing when both
// names are empty. Fails, without ever quoting a value, when a named variable
// is unset or empty: "registry \"ghcr.io\": \"password-env\" names
// GHCR_TOKEN, which is not set" (or "… which is empty"). `source` of the
// result says "environment variables GHCR_USER and GHCR_TOKEN".
Expected<std::optional<Credentials>, std::string>
env_credentials(const std::string &username_env,
                const std::string &password_env,
                std::string_view host,
                const util::EnvLookup &lookup = util::process_env);

} // namespace stalebase::registry
