#pragma once

// What check, pin and update share: their common flags, the configuration
// merged into them, the Dockerfiles read and their references, and the registry
// stack (network client behind the on-disk cache).

#include "stalebase/check/engine.hpp"
#include "stalebase/cli/app.hpp"
#include "stalebase/cli/inputs.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/ignores.hpp"
#include "stalebase/config/inline_ignore.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/cache.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::cli {

// The flags of every command that reads Dockerfiles and asks registries about
// them.
struct LookupArguments {
  std::vector<std::string> paths;
  std::vector<std::string> build_args;
  RegistryOptions registry;
  std::string config_file;
  std::string cache_dir;
  std::string cache_ttl;
  bool offline = false;
  bool no_cache = false;
  std::string shard; // --shard I/N; empty for every file
};

// Adds PATH…, --build-arg, --config, --cache-dir, --cache-ttl, --offline,
// --no-cache and the registry flags to `command`.
void add_lookup_options(CLI::App &command, LookupArguments &args);

// The configuration in force and the flags merged with it (flags win).
struct LookupSetup {
  std::optional<config::Config>
      loaded;                   // none when there is no configuration file
  config::Config configuration; // `loaded`, or an empty configuration
  std::vector<reference::Platform> platforms;
  dockerfile::ExtractOptions extract;
};

// Loads --config (or .stalebase.yaml found upwards) and merges it into `args`.
// Fails with the configuration error; throws stalebase::Error for invalid
// --platform and --build-arg values.
Expected<LookupSetup, config::ConfigError>
prepare_lookup(LookupArguments &args);

// Discovers and reads the PATHs. Throws stalebase::Error for a PATH that does
// not exist.
std::vector<LoadedFile> load_files(const LookupArguments &args,
                                   const LookupSetup &setup);

// The occurrence the engine checks for `ref` of `file`.
check::Occurrence make_occurrence(const LoadedFile &file,
                                  const dockerfile::ExtractedReference &ref);

// The ignores that cover `occurrence`'s reference (config::reference_ignores
// with its canonical name and tag). When they cover every kind the reference
// is not looked up at all: its findings would all be taken out, and an ignored
// registry may be slow or down.
config::ReferenceIgnores
occurrence_ignores(const check::Occurrence &occurrence,
                   const config::Config &configuration,
                   const config::Date &today,
                   const config::InlineIgnoresByFile &inline_ignores);

// Why `occurrence` is not looked up, for -v: `registries.HOST.skip`, or the
// sources of the ignores that cover every kind of it; empty when it is looked
// up.
std::string not_looked_up(const check::Occurrence &occurrence,
                          const config::Config &configuration,
                          const config::Date &today,
                          const config::InlineIgnoresByFile &inline_ignores);

// The registry every look-up goes to: the network client (unless --offline)
// behind the cache (unless --no-cache).
struct LookupRegistry {
  std::unique_ptr<RegistrySession> session;
  std::unique_ptr<registry::CachingRegistry> cache;
  registry::Registry *registry = nullptr;
};

// Opens the registry stack. Throws stalebase::Error for invalid flags and for
// credentials the configuration names but the environment lacks.
LookupRegistry open_lookup_registry(const LookupArguments &args,
                                    const config::Config &configuration);

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
