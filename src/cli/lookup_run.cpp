#include "stalebase/cli/lookup_run.hpp"

#include "stalebase/cli/shard.hpp"
#include "stalebase/config/discovery.hpp"
#include "stalebase/config/duration.hpp"
#include "stalebase/config/rules.hpp"
#include "stalebase/config/trust.hpp"
#include "stalebase/registry/env_credentials.hpp"
#include "stalebase/sources/source_reference.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/host_platform.hpp"
#include "stalebase/util/shown_text.hpp"
#include "stalebase/util/spellcheck.hpp"
#include "stalebase/workflow/scan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <set>

namespace stalebase::cli {

namespace {

// Reads the configuration file at `path`, saying which under -v.
Expected<config::Config, config::ConfigError>
read_configuration(const std::filesystem::path &path) {
  auto loaded = config::load_config(path);
  if (loaded) {
    spdlog::debug("configuration from {}", path.string());
  }
  return loaded;
}

// The folder a PATH's configuration is looked for from: the folder itself, a
// file's folder, the current folder for standard input.
std::filesystem::path start_of(const std::string &path) {
  std::error_code ec;
  if (path == "-") {
    return std::filesystem::current_path();
  }
  if (std::filesystem::is_directory(path, ec)) {
    return path;
  }
  const std::filesystem::path parent =
      std::filesystem::path(path).parent_path();
  return parent.empty() ? std::filesystem::current_path() : parent;
}

// The repository's configuration file: --config, else the .stalebase.yaml
// found upwards from the PATHs (the current folder without any), which must
// all lead to the same one.
std::optional<std::filesystem::path>
find_repository_configuration(const std::string &given,
                              const std::vector<std::string> &paths) {
  if (!given.empty()) {
    return std::filesystem::path(given);
  }
  if (paths.empty()) {
    return config::find_config(std::filesystem::current_path());
  }
  std::optional<std::filesystem::path> chosen =
      config::find_config(start_of(paths.front()));
  for (std::size_t i = 1; i < paths.size(); ++i) {
    const auto found = config::find_config(start_of(paths[i]));
    if (found != chosen) {
      const auto name = [](const std::optional<std::filesystem::path> &file) {
        return file ? "\"" + file->string() + "\"" : std::string("none");
      };
      throw Error("\"" + paths.front() + "\" and \"" + paths[i] +
                  "\" have different configuration files (" + name(chosen) +
                  " and " + name(found) +
                  "): check them in separate runs, or name one with --config");
    }
  }
  return chosen;
}

// The repository's configuration, if any.
Expected<std::optional<config::Config>, config::ConfigError>
load_repository_configuration(const std::string &given,
                              const std::vector<std::string> &paths) {
  const auto path = find_repository_configuration(given, paths);
  if (!path) {
    return std::optional<config::Config>{};
  }
  auto loaded = read_configuration(*path);
  if (!loaded) {
    return Unexpected(std::move(loaded).error());
  }
  return std::optional<config::Config>(std::move(*loaded));
}

// The user's own configuration (config::user_config_path), if it exists.
Expected<std::optional<config::Config>, config::ConfigError>
load_user_configuration() {
  const auto path = config::user_config_path();
  std::error_code ec;
  if (!path || !std::filesystem::exists(*path, ec)) {
    return std::optional<config::Config>{};
  }
  auto loaded = read_configuration(*path);
  if (!loaded) {
    return Unexpected(std::move(loaded).error());
  }
  if (!loaded->ignores.empty()) {
    // An ignore names one repository's images and its reason; it lives there.
    return Unexpected(config::ConfigError{
        loaded->file, loaded->ignores.front().line, 1,
        "\"ignore\" belongs in a repository's .stalebase.yaml, not in your "
        "own configuration"});
  }
  return std::optional<config::Config>(std::move(*loaded));
}

} // namespace

Expected<std::optional<config::Config>, config::ConfigError>
load_run_configuration(const ConfigOptions &options,
                       const std::vector<std::string> &paths) {
  const bool trusted = options.trust || config::trust_repo_config_from_env();
  auto user = load_user_configuration();
  if (!user) {
    return Unexpected(std::move(user).error());
  }
  auto repository = load_repository_configuration(options.file, paths);
  if (!repository) {
    return Unexpected(std::move(repository).error());
  }
  if (*repository && !trusted) {
    const std::vector<std::string> dropped =
        config::drop_user_only_settings(**repository);
    if (!dropped.empty()) {
      std::string keys;
      for (const std::string &key : dropped) {
        keys += (keys.empty() ? "" : ", ") + key;
      }
      spdlog::warn("{}: ignoring {}: only your own configuration may set "
                   "them (or pass --trust-repo-config)",
                   (*repository)->file, keys);
    }
  }
  if (!*user && !*repository) {
    return std::optional<config::Config>{};
  }
  return std::optional<config::Config>(
      config::merge_configs(*user, *repository));
}

void add_config_options(CLI::App &command, ConfigOptions &options) {
  command
      .add_option("--config", options.file,
                  "Configuration file (default: .stalebase.yaml found upwards)")
      ->type_name("FILE");
  command.add_flag("--trust-repo-config", options.trust,
                   "Let the repository's .stalebase.yaml set mirrors, "
                   "insecure registries, CA files, credential variables and "
                   "the cache folder (also " +
                       std::string(config::k_trust_repo_config_env) + "=1)");
}

void merge_build_args(const config::Config &cfg,
                      std::vector<std::string> &build_args) {
  std::set<std::string> given;
  for (const std::string &arg : build_args) {
    given.insert(arg.substr(0, arg.find('=')));
  }
  for (const auto &[name, value] : cfg.build_args) {
    if (given.count(name) == 0) {
      build_args.push_back(name + "=" + value);
    }
  }
}

dockerfile::ExtractOptions
make_extract_options(const std::vector<std::string> &build_args,
                     const std::optional<reference::Platform> &target) {
  dockerfile::ExtractOptions result;
  result.build_platform = util::host_platform();
  if (target) {
    result.target_platform = target->to_string();
  }
  for (const std::string &arg : build_args) {
    const std::size_t equals = arg.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw Error("invalid --build-arg \"" + arg + "\": expected NAME=VALUE");
    }
    result.build_args[arg.substr(0, equals)] = arg.substr(equals + 1);
  }
  return result;
}

void merge_registries(const config::Config &cfg, RegistryOptions &options) {
  std::set<std::string> mirrored;
  for (const std::string &mirror : options.mirrors) {
    mirrored.insert(mirror.substr(0, mirror.find('=')));
  }
  for (const auto &[host, entry] : cfg.registries) {
    if (!entry.mirror.empty() && mirrored.count(host) == 0) {
      options.mirrors.push_back(host + "=" + entry.mirror);
    }
    if (entry.mirror_only) {
      options.mirror_only_registries.insert(host);
    }
    if (entry.insecure) {
      options.insecure_registries.push_back(host);
    }
    if (!entry.ca_file.empty()) {
      options.ca_files[host] = entry.ca_file;
    }
  }
}

Expected<std::map<std::string, registry::Credentials>, config::ConfigError>
config_credentials(const config::Config &cfg) {
  std::map<std::string, registry::Credentials> credentials;
  for (const auto &[host, entry] : cfg.registries) {
    auto found =
        registry::env_credentials(entry.username_env, entry.password_env, host);
    if (!found) {
      return Unexpected(config::ConfigError{cfg.file, 0, 0, found.error()});
    }
    if (*found) {
      credentials[host] = std::move(**found);
    }
  }
  return credentials;
}

util::ExitCode configuration_error(const config::ConfigError &error) {
  std::cerr << util::escape_control(error.to_string()) << '\n';
  return util::ExitCode::usage_error;
}

Expected<std::unique_ptr<RegistrySession>, config::ConfigError>
open_configured_session(const ConfigOptions &config, RegistryOptions &options) {
  auto configuration = load_run_configuration(config, {});
  if (!configuration) {
    return Unexpected(std::move(configuration).error());
  }
  if (!*configuration) {
    return open_registry_session(options);
  }
  merge_registries(**configuration, options);
  auto credentials = config_credentials(**configuration);
  if (!credentials) {
    return Unexpected(std::move(credentials).error());
  }
  return open_registry_session(options, std::move(*credentials));
}

namespace {

// Flags beat the file: the config's values are used only where no flag was
// given.
void merge_config_into_flags(const config::Config &cfg, LookupArguments &args) {
  if (args.registry.platforms.empty()) {
    for (const auto &platform : cfg.platforms) {
      args.registry.platforms.push_back(platform.to_string());
    }
  }
  merge_build_args(cfg, args.build_args);
  merge_registries(cfg, args.registry);
  if (args.cache_dir.empty() && cfg.cache.dir) {
    args.cache_dir = *cfg.cache.dir;
  }
  if (args.cache_ttl.empty() && cfg.cache.ttl) {
    args.cache_ttl = std::to_string(cfg.cache.ttl->count()) + "s";
  }
}

// The cache the look-ups go through, or none: --cache-dir (or the
// configuration's `cache.dir`, else the default folder). A path that is not a
// folder is an error; a folder that is not safe (another user's, or others may
// write to it) or cannot be created is passed over with a warning, as is a
// missing default folder under -v; --offline needs a cache.
std::unique_ptr<registry::CachingRegistry>
open_cache(const LookupArguments &args, registry::Registry *inner) {
  registry::CacheOptions options;
  if (!args.cache_dir.empty()) {
    options.dir = args.cache_dir;
  } else if (auto dir = registry::default_cache_dir()) {
    options.dir = *dir;
  } else if (args.offline) {
    throw Error("--offline needs the cache, and neither XDG_CACHE_HOME nor "
                "HOME is set (or give --cache-dir)");
  } else {
    spdlog::debug("no cache: neither XDG_CACHE_HOME nor HOME is set");
    return nullptr;
  }
  if (auto ready = registry::prepare_cache_dir(options.dir); !ready) {
    if (ready.error().problem == registry::CacheDirProblem::not_a_folder ||
        args.offline) {
      throw Error(ready.error().message);
    }
    spdlog::warn("{}: running without the cache", ready.error().message);
    return nullptr;
  }
  if (!args.cache_ttl.empty()) {
    options.ttl = std::chrono::duration_cast<std::chrono::seconds>(
        parse_duration("--cache-ttl", args.cache_ttl));
  }
  options.offline = args.offline;
  for (const auto &[host, url] : parse_mirrors(args.registry)) {
    options.endpoints[host] = "mirror " + url;
  }
  return std::make_unique<registry::CachingRegistry>(inner, options);
}

} // namespace

void add_source_option(CLI::App &command, std::vector<std::string> &kinds) {
  command
      .add_option("--source", kinds,
                  "Read only these kinds of file in folders: dockerfile, "
                  "compose, kubernetes, github-actions, gitlab-ci, "
                  "devcontainer, helm-values (repeatable)")
      ->type_name("KIND")
      ->delimiter(',')
      ->allow_extra_args(false) // `--source compose .`: `.` is a PATH
      ->check([](const std::string &text) {
        if (text == "dockerfile" || sources::parse_source_kind(text)) {
          return std::string();
        }
        std::vector<std::string> names{"dockerfile"};
        for (const std::string_view name : sources::all_source_kind_names()) {
          names.emplace_back(name);
        }
        const auto suggestion = util::closest_match(text, names);
        return "unknown source kind \"" + text + "\"" +
               (suggestion ? ", did you mean \"" + *suggestion + "\"?"
                           : std::string());
      });
}

workflow::SourceSelection
source_selection(const std::vector<std::string> &kinds,
                 const config::Config &configuration) {
  workflow::SourceSelection selection;
  selection.include = configuration.include;
  selection.exclude = configuration.exclude;
  const auto on = [&](std::string_view name) {
    if (!kinds.empty()) {
      return std::find(kinds.begin(), kinds.end(), name) != kinds.end();
    }
    const auto found = configuration.sources.find(std::string(name));
    return found == configuration.sources.end() || found->second;
  };
  selection.dockerfiles = on("dockerfile");
  const std::vector<std::string_view> names = sources::all_source_kind_names();
  selection.kinds.assign(names.size(), false);
  for (std::size_t i = 0; i < names.size(); ++i) {
    selection.kinds[i] = on(names[i]);
  }
  return selection;
}

void add_cache_options(CLI::App &command, LookupArguments &args) {
  add_config_options(command, args.config);
  command.add_option("--cache-dir", args.cache_dir, "Look-up cache folder")
      ->type_name("DIR");
  command
      .add_option("--cache-ttl", args.cache_ttl,
                  "How long tag look-ups stay fresh (default 1h)")
      ->type_name("DURATION");
  command.add_flag("--offline", args.offline,
                   "Answer from the cache only; never the network");
  command.add_flag("--no-cache", args.no_cache,
                   "Neither read nor write the cache");
}

void add_lookup_options(CLI::App &command, LookupArguments &args) {
  command
      .add_option("paths", args.paths,
                  "Dockerfiles or folders to search (default: .; - for stdin)")
      ->type_name("PATH");
  command
      .add_option("--build-arg", args.build_args,
                  "Set a build ARG, as docker build does (NAME=VALUE)")
      ->type_name("NAME=VALUE");
  add_source_option(command, args.sources);
  add_cache_options(command, args);
  command
      .add_option("--shard", args.shard,
                  "Only the I-th of N parts of the files found (1-based), for "
                  "N jobs sharing a tree")
      ->type_name("I/N")
      ->check([](const std::string &text) {
        const auto shard = parse_shard(text);
        return shard ? std::string() : shard.error();
      });
  add_registry_options(command, args.registry);
}

Expected<LookupSetup, config::ConfigError>
prepare_lookup(LookupArguments &args) {
  auto loaded = load_run_configuration(args.config, args.paths);
  if (!loaded) {
    return Unexpected(std::move(loaded).error());
  }
  LookupSetup setup;
  setup.loaded = std::move(*loaded);
  if (setup.loaded) {
    merge_config_into_flags(*setup.loaded, args);
    setup.configuration = *setup.loaded;
  }
  setup.selection = source_selection(args.sources, setup.configuration);
  setup.platforms = parse_platforms(args.registry);
  setup.extract = make_extract_options(
      args.build_args, setup.platforms.empty()
                           ? std::nullopt
                           : std::optional(setup.platforms.front()));
  if (!args.offline) {
    auto credentials = config_credentials(setup.configuration);
    if (!credentials) {
      return Unexpected(std::move(credentials).error());
    }
    setup.credentials = std::move(*credentials);
  }
  return setup;
}

std::vector<workflow::LoadedFile> load_files(const LookupArguments &args,
                                             const LookupSetup &setup) {
  auto inputs = workflow::discover_inputs(args.paths, setup.selection);
  if (!inputs) {
    throw Error(inputs.error());
  }
  workflow::add_compose_builds(*inputs);
  Shard shard;
  if (!args.shard.empty()) {
    auto parsed = parse_shard(args.shard);
    if (!parsed) {
      throw Error(parsed.error());
    }
    shard = *parsed;
  }
  std::vector<workflow::LoadedFile> files;
  for (std::size_t i = 0; i < inputs->size(); ++i) {
    if (in_shard(shard, i)) {
      files.push_back(workflow::load_input((*inputs)[i], setup.extract));
    }
  }
  workflow::drop_skipped(files);
  return files;
}

LookupRegistry open_lookup_registry(const LookupArguments &args,
                                    const LookupSetup &setup) {
  LookupRegistry result;
  if (!args.offline) {
    result.session = open_registry_session(args.registry, setup.credentials);
    result.registry = result.session->client.get();
  }
  if (!args.no_cache || args.offline) {
    result.cache = open_cache(args, result.registry);
    if (result.cache) {
      result.registry = result.cache.get();
    }
  }
  return result;
}

workflow::OpenRegistry
lookup_registry_opener(const LookupArguments &args,
                       const LookupSetup &setup,
                       std::optional<LookupRegistry> &slot) {
  return [&args, &setup, &slot]() -> registry::Registry & {
    slot.emplace(open_lookup_registry(args, setup));
    return *slot->registry;
  };
}

LookupRegistry::~LookupRegistry() {
  if (cache && cache->stale_hits() > 0) {
    const std::string age =
        config::to_string(std::chrono::seconds(cache->oldest_stale_age()));
    if (cache->stale_hits() == 1) {
      spdlog::warn("--offline: 1 answer came from the cache past its TTL ({} "
                   "old)",
                   age);
    } else {
      spdlog::warn("--offline: {} answers came from the cache past their TTL "
                   "(the oldest {} old)",
                   cache->stale_hits(), age);
    }
  }
}

check::CheckOptions make_check_options(const LookupArguments &args,
                                       const LookupSetup &setup) {
  check::CheckOptions options;
  options.platforms = setup.platforms;
  if (auto host = reference::parse_platform(util::host_platform())) {
    options.host = *host;
  }
  options.jobs = static_cast<int>(std::max<std::size_t>(args.registry.jobs, 1));
  const config::Config *configuration = &setup.configuration;
  options.policy = [configuration](const reference::ImageReference &image) {
    const config::ImageRule rule = config::rule_for(*configuration, image);
    return check::ImagePolicy{rule.max_level, rule.prereleases};
  };
  return options;
}

Progress::Progress(bool enabled)
    : m_enabled(enabled), m_start(std::chrono::steady_clock::now()) {}

void Progress::update(std::size_t done, std::size_t total) {
  if (!m_enabled) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  if (std::chrono::steady_clock::now() - m_start < std::chrono::seconds(1)) {
    return;
  }
  std::cerr << "\rstalebase: checked " << done << " of " << total
            << " references" << std::flush;
  m_shown = true;
}

Progress::~Progress() {
  if (m_shown) {
    std::cerr << "\r\033[K" << std::flush;
  }
}

} // namespace stalebase::cli
