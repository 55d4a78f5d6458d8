#pragma once

// What check, pin and update share before their workflow runs: their common
// flags, the configuration merged into them, the Dockerfiles read (--shard
// applied), and the registry stack (network client behind the on-disk cache).

#include "stalebase/check/engine.hpp"
#include "stalebase/cli/app.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/cache.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/workflow/open_registry.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::cli {

// --config and --trust-repo-config.
struct ConfigOptions {
  std::string file;   // --config
  bool trust = false; // --trust-repo-config
};

// Adds --config and --trust-repo-config to `command`.
void add_config_options(CLI::App &command, ConfigOptions &options);

// Says `error` (an invalid configuration file) on standard error and returns
// usage_error: every command's one path for it.
util::ExitCode configuration_error(const config::ConfigError &error);

// The configuration in force for a run over `paths` (Dockerfiles or folders;
// none: the current folder), or none without any file: the user's own
// (config::user_config_path) merged with the repository's (--config, else
// .stalebase.yaml found upwards from the PATHs), the repository's without what
// only the user may set (one warning names what was dropped) unless trusted
// (--trust-repo-config or STALEBASE_TRUST_REPO_CONFIG). Fails with the first
// file's error; throws stalebase::Error when the PATHs lead to different
// repository files.
Expected<std::optional<config::Config>, config::ConfigError>
load_run_configuration(const ConfigOptions &options,
                       const std::vector<std::string> &paths);

// Adds the configuration's `build-args` to `build_args` (NAME=VALUE), except
// the names already there.
void merge_build_args(const config::Config &configuration,
                      std::vector<std::string> &build_args);

// Adds the configuration's registries (mirrors, insecure, CA files) to
// `options`; a mirror the flags set for a host wins.
void merge_registries(const config::Config &configuration,
                      RegistryOptions &options);

// The extraction options of a run: this machine as the build platform,
// `target` (none: this machine) as the target platform, and the --build-arg
// values. Throws stalebase::Error for a value that is not NAME=VALUE.
dockerfile::ExtractOptions
make_extract_options(const std::vector<std::string> &build_args,
                     const std::optional<reference::Platform> &target);

// Adds --source KIND (repeatable, or several separated by commas) to
// `command`: the kinds of file a folder search reads, `dockerfile` and the
// image sources' (`compose`, `kubernetes`, `github-actions`, `gitlab-ci`,
// `devcontainer`, `helm-values`).
void add_source_option(CLI::App &command, std::vector<std::string> &kinds);

// What a folder search reads: the --source kinds when given (those alone),
// else every kind but those the configuration's `sources` turns off; with the
// configuration's `include` and `exclude` globs.
workflow::SourceSelection
source_selection(const std::vector<std::string> &kinds,
                 const config::Config &configuration);

// The credentials the configuration's `username-env`/`password-env` name, by
// registry host. Fails with a configuration error naming the file and the
// variable (never its value) when one is unset or empty.
Expected<std::map<std::string, registry::Credentials>, config::ConfigError>
config_credentials(const config::Config &configuration);

// For `resolve` and `tags`: the registry session with the configuration in
// force (load_run_configuration from the current folder) merged into
// `options`, its credential variables read. Fails with the configuration
// error when a file is invalid.
Expected<std::unique_ptr<RegistrySession>, config::ConfigError>
open_configured_session(const ConfigOptions &config, RegistryOptions &options);

// The flags of every command that reads Dockerfiles and asks registries about
// them.
struct LookupArguments {
  std::vector<std::string> paths;
  std::vector<std::string> build_args;
  RegistryOptions registry;
  ConfigOptions config;
  std::string cache_dir;
  std::string cache_ttl;
  bool offline = false;
  bool no_cache = false;
  std::string shard;                // --shard I/N; empty for every file
  std::vector<std::string> sources; // --source
};

// Adds --config, --trust-repo-config, --cache-dir, --cache-ttl, --offline
// and --no-cache to `command` (what `image` shares with check).
void add_cache_options(CLI::App &command, LookupArguments &args);

// Adds PATH…, --build-arg, --source, --config, --cache-dir, --cache-ttl,
// --offline, --no-cache and the registry flags to `command`.
void add_lookup_options(CLI::App &command, LookupArguments &args);

// The configuration in force and the flags merged with it (flags win).
struct LookupSetup {
  std::optional<config::Config>
      loaded;                   // none when there is no configuration file
  config::Config configuration; // `loaded`, or an empty configuration
  std::vector<reference::Platform> platforms;
  dockerfile::ExtractOptions extract;
  workflow::SourceSelection selection; // --source and the configuration's
  // What the configuration's credential variables hold (none read --offline).
  std::map<std::string, registry::Credentials> credentials;
};

// Loads the configuration (load_run_configuration) and merges it into `args`
// (flags win), and reads the credential variables it names unless --offline.
// Fails with the configuration error (an unset or empty credential variable
// is one); throws stalebase::Error for invalid --platform and --build-arg
// values.
Expected<LookupSetup, config::ConfigError>
prepare_lookup(LookupArguments &args);

// Discovers and reads the PATHs, leaving out the YAML files that are no image
// source (-v says which). Throws stalebase::Error for a PATH that does not
// exist.
std::vector<workflow::LoadedFile> load_files(const LookupArguments &args,
                                             const LookupSetup &setup);

// The registry every look-up goes to: the network client (unless --offline)
// behind the cache (unless --no-cache).
struct LookupRegistry {
  LookupRegistry() = default;
  LookupRegistry(LookupRegistry &&) = default;
  // Says how old the oldest answer --offline took from past the TTL was.
  ~LookupRegistry();
  std::unique_ptr<RegistrySession> session;
  std::unique_ptr<registry::CachingRegistry> cache;
  registry::Registry *registry = nullptr;
};

// Opens the registry stack with `setup`'s credentials. Throws
// stalebase::Error for invalid flags, for a cache
// path that is not a folder, and for --offline without a usable cache. A cache
// folder that is not safe is passed over with a warning.
LookupRegistry open_lookup_registry(const LookupArguments &args,
                                    const LookupSetup &setup);

// What a workflow calls to open the registry: open_lookup_registry into
// `slot`, which keeps it for the rest of the run.
workflow::OpenRegistry
lookup_registry_opener(const LookupArguments &args,
                       const LookupSetup &setup,
                       std::optional<LookupRegistry> &slot);

// The engine's options: platforms, host, jobs and the configuration's per-image
// policy.
check::CheckOptions make_check_options(const LookupArguments &args,
                                       const LookupSetup &setup);

// Progress on stderr, only on a terminal and only once the run has taken a
// second.
class Progress {
public:
  explicit Progress(bool enabled);
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;
  ~Progress();
  void update(std::size_t done, std::size_t total);

private:
  bool m_enabled;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_start;
  std::mutex m_mutex;
};

} // namespace stalebase::cli
