#pragma once

#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/clock.hpp"
#include "stalebase/registry/credential_helper.hpp"
#include "stalebase/registry/credential_store.hpp"
#include "stalebase/registry/curl_http_client.hpp"
#include "stalebase/registry/registry_client.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace stalebase::cli {

// The flags every command that talks to registries shares (resolve, tags,
// check, pin, update), as given on the command line.
struct RegistryOptions {
  std::size_t jobs =
      registry::k_default_jobs_per_host; // --jobs: requests in flight per host
  std::vector<std::string> mirrors;      // --registry-mirror HOST=URL
  bool mirror_only = false; // --mirror-only: every mirrored registry
  // Registries whose mirror alone is asked (the configuration's
  // `mirror-only`).
  std::set<std::string> mirror_only_registries;
  std::vector<std::string> insecure_registries; // --insecure-registry HOST
  std::string authfile;                         // --authfile PATH
  std::vector<std::string> platforms;           // --platform os/arch[/variant]
  std::string connect_timeout = "10s";          // --connect-timeout
  std::string request_timeout = "60s";          // --request-timeout
  std::string deadline;                         // --deadline: whole run
  bool skip_tls_verify = false;                 // --insecure-skip-tls-verify
  // Registry → CA bundle (from the configuration's `ca-file`).
  std::map<std::string, std::string> ca_files;
};

// Adds the shared registry flags to `command`.
void add_registry_options(CLI::App &command, RegistryOptions &options);

// config::parse_duration for a flag: "90", "1500ms", "5m", "1h30m", "2d".
// Throws stalebase::Error naming `flag` on anything else: `invalid --deadline:
// expected a duration such as "90s", "30m", "1h" or "2d", found "x"`.
std::chrono::milliseconds parse_duration(const std::string &flag,
                                         const std::string &text);

// The --registry-mirror values: registry host (lower-case) → URL. Throws
// stalebase::Error on an invalid one ("invalid --registry-mirror \"x\":
// expected HOST=URL").
std::map<std::string, std::string>
parse_mirrors(const RegistryOptions &options);

// The --platform values, parsed. Throws stalebase::Error on an invalid one.
std::vector<reference::Platform>
parse_platforms(const RegistryOptions &options);

// Credentials for some registries given apart from docker's and podman's files
// (the configuration's `username-env`/`password-env`): they win for their
// registry; every other registry asks `fallback`.
class OverridingCredentials final : public registry::CredentialProvider {
public:
  OverridingCredentials(std::map<std::string, registry::Credentials> overrides,
                        registry::CredentialProvider &fallback)
      : m_overrides(std::move(overrides)), m_fallback(fallback) {}
  Expected<std::optional<registry::Credentials>, std::string>
  find(std::string_view registry, std::string_view repository) override;

private:
  std::map<std::string, registry::Credentials> m_overrides;
  registry::CredentialProvider &m_fallback;
};

// Everything a command needs to ask registries, built from the flags and the
// environment.
struct RegistrySession {
  RegistrySession() = default;
  RegistrySession(const RegistrySession &) = delete;
  RegistrySession &operator=(const RegistrySession &) = delete;
  // Under -v, says how many manifest GETs (pull quota) and HEADs each
  // registry host received: one line per host, at the end of the run.
  ~RegistrySession();

  registry::SystemClock clock;
  std::unique_ptr<registry::CurlHttpClient> http;
  std::unique_ptr<registry::ProcessCredentialHelperRunner> helpers;
  std::unique_ptr<registry::CredentialStore> credentials;
  std::unique_ptr<OverridingCredentials> overrides;
  std::unique_ptr<registry::RegistryClient> client;
};

// Builds the session. `credential_overrides` (by registry host, lower-case,
// `docker.io` for Docker Hub) beat the auth files. Throws stalebase::Error for
// invalid flag values ("invalid --registry-mirror \"x\": expected HOST=URL").
std::unique_ptr<RegistrySession> open_registry_session(
    const RegistryOptions &options,
    std::map<std::string, registry::Credentials> credential_overrides = {});

} // namespace stalebase::cli
