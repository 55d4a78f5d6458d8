#include "stalebase/cli/lookup_run.hpp"

#include "stalebase/cli/shard.hpp"
#include "stalebase/config/discovery.hpp"
#include "stalebase/config/env_credentials.hpp"
#include "stalebase/config/rules.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/host_platform.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <set>

namespace stalebase::cli {

namespace {

// The configuration in force: --config, else .stalebase.yaml found upwards,
// else none.
Expected<std::optional<config::Config>, config::ConfigError>
load_configuration(const std::string &given) {
  std::optional<std::filesystem::path> path;
  if (!given.empty()) {
    path = given;
  } else {
    path = config::find_config(std::filesystem::current_path());
  }
  if (!path) {
    return std::optional<config::Config>{};
  }
  auto loaded = config::load_config(*path);
  if (!loaded) {
    return Unexpected(std::move(loaded).error());
  }
  spdlog::debug("configuration from {}", path->string());
  return std::optional<config::Config>(std::move(*loaded));
}

// Flags beat the file: the config's values are used only where no flag was
// given.
void merge_config_into_flags(const config::Config &cfg, LookupArguments &args) {
  if (args.registry.platforms.empty()) {
    for (const auto &platform : cfg.platforms) {
      args.registry.platforms.push_back(platform.to_string());
    }
  }
  std::set<std::string> given_args;
  for (const std::string &arg : args.build_args) {
    given_args.insert(arg.substr(0, arg.find('=')));
  }
  for (const auto &[name, value] : cfg.build_args) {
    if (given_args.count(name) == 0) {
      args.build_args.push_back(name + "=" + value);
    }
  }
  std::set<std::string> mirrored;
  for (const std::string &mirror : args.registry.mirrors) {
    mirrored.insert(mirror.substr(0, mirror.find('=')));
  }
  for (const auto &[host, entry] : cfg.registries) {
    if (!entry.mirror.empty() && mirrored.count(host) == 0) {
      args.registry.mirrors.push_back(host + "=" + entry.mirror);
    }
    if (entry.insecure) {
      args.registry.insecure_registries.push_back(host);
    }
    if (!entry.ca_file.empty()) {
      args.registry.ca_files[host] = entry.ca_file;
    }
  }
  if (args.cache_dir.empty() && cfg.cache.dir) {
    args.cache_dir = *cfg.cache.dir;
  }
  if (args.cache_ttl.empty() && cfg.cache.ttl) {
    args.cache_ttl = std::to_string(cfg.cache.ttl->count()) + "s";
  }
}

dockerfile::ExtractOptions
extract_options(const LookupArguments &args,
                const std::vector<reference::Platform> &platforms) {
  dockerfile::ExtractOptions result;
  result.build_platform = util::host_platform();
  if (!platforms.empty()) {
    result.target_platform = platforms.front().to_string();
  }
  for (const std::string &arg : args.build_args) {
    const std::size_t equals = arg.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw Error("invalid --build-arg \"" + arg + "\": expected NAME=VALUE");
    }
    result.build_args[arg.substr(0, equals)] = arg.substr(equals + 1);
  }
  return result;
}

std::vector<reference::Platform>
parse_platform_flags(const RegistryOptions &options) {
  std::vector<reference::Platform> result;
  for (const std::string &text : options.platforms) {
    auto platform = reference::parse_platform(text);
    if (!platform) {
      throw Error("invalid --platform \"" + text + "\": " + platform.error());
    }
    result.push_back(std::move(*platform));
  }
  return result;
}

} // namespace

void add_lookup_options(CLI::App &command, LookupArguments &args) {
  command.add_option(
      "paths", args.paths,
      "Dockerfiles or folders to search (default: .; - for stdin)");
  command
      .add_option("--build-arg", args.build_args,
                  "Set a build ARG, as docker build does (NAME=VALUE)")
      ->type_name("NAME=VALUE");
  command.add_option(
      "--config", args.config_file,
      "Configuration file (default: .stalebase.yaml found upwards)");
  command.add_option("--cache-dir", args.cache_dir, "Look-up cache folder");
  command.add_option("--cache-ttl", args.cache_ttl,
                     "How long tag look-ups stay fresh (default 1h)");
  command.add_flag("--offline", args.offline,
                   "Answer from the cache only; never the network");
  command.add_flag("--no-cache", args.no_cache,
                   "Neither read nor write the cache");
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
  auto loaded = load_configuration(args.config_file);
  if (!loaded) {
    return Unexpected(std::move(loaded).error());
  }
  LookupSetup setup;
  setup.loaded = std::move(*loaded);
  if (setup.loaded) {
    merge_config_into_flags(*setup.loaded, args);
    setup.configuration = *setup.loaded;
  }
  setup.platforms = parse_platform_flags(args.registry);
  setup.extract = extract_options(args, setup.platforms);
  return setup;
}

std::vector<LoadedFile> load_files(const LookupArguments &args,
                                   const LookupSetup &setup) {
  auto inputs = discover_inputs(args.paths);
  if (!inputs) {
    throw Error(inputs.error());
  }
  Shard shard;
  if (!args.shard.empty()) {
    auto parsed = parse_shard(args.shard);
    if (!parsed) {
      throw Error(parsed.error());
    }
    shard = *parsed;
  }
  std::vector<LoadedFile> files;
  for (std::size_t i = 0; i < inputs->size(); ++i) {
    if (in_shard(shard, i)) {
      files.push_back(load_input((*inputs)[i], setup.extract));
    }
  }
  return files;
}

check::Occurrence make_occurrence(const LoadedFile &file,
                                  const dockerfile::ExtractedReference &ref) {
  check::Occurrence occurrence;
  const auto begin = file.document->lines.position(ref.span.offset);
  const auto end = file.document->lines.position(ref.span.end());
  occurrence.location.file = file.input.display;
  occurrence.location.line = ref.instruction_line;
  occurrence.location.reference_line = begin.line;
  occurrence.location.column = begin.column;
  occurrence.location.end_line = end.line;
  occurrence.location.end_column = end.column;
  occurrence.location.reference = ref.raw;
  occurrence.location.expanded = ref.expanded;
  occurrence.location.stage = ref.stage;
  occurrence.location.instruction =
      std::string(dockerfile::to_string(ref.source));
  occurrence.image = ref.image;
  occurrence.status = ref.status;
  occurrence.reason = ref.reason;
  occurrence.from_platform = ref.platform;
  occurrence.args = ref.args;
  return occurrence;
}

config::ReferenceIgnores
occurrence_ignores(const check::Occurrence &occurrence,
                   const config::Config &configuration,
                   const config::Date &today,
                   const config::InlineIgnoresByFile &inline_ignores) {
  check::Location at = occurrence.location;
  std::string tag;
  if (occurrence.image) {
    at.canonical = occurrence.image->canonical();
    tag = occurrence.image->effective_tag();
  }
  return config::reference_ignores(at, tag, configuration, today,
                                   inline_ignores);
}

std::string not_looked_up(const check::Occurrence &occurrence,
                          const config::Config &configuration,
                          const config::Date &today,
                          const config::InlineIgnoresByFile &inline_ignores) {
  if (occurrence.image) {
    const config::RegistryConfig *registry =
        config::registry_for(configuration, occurrence.image->registry);
    if (registry != nullptr && registry->skip) {
      return "registries." + occurrence.image->registry + ".skip";
    }
  }
  const config::ReferenceIgnores ignores =
      occurrence_ignores(occurrence, configuration, today, inline_ignores);
  if (!ignores.all()) {
    return "";
  }
  std::string sources;
  for (const std::string &source : ignores.sources) {
    sources += (sources.empty() ? "" : ", ") + source;
  }
  return sources;
}

LookupRegistry open_lookup_registry(const LookupArguments &args,
                                    const config::Config &configuration) {
  LookupRegistry result;
  if (!args.offline) {
    std::map<std::string, registry::Credentials> credentials;
    for (const auto &[host, entry] : configuration.registries) {
      auto found = config::env_credentials(entry, host);
      if (!found) {
        throw Error(configuration.file + ": " + found.error());
      }
      if (*found) {
        credentials[host] = std::move(**found);
      }
    }
    result.session =
        open_registry_session(args.registry, std::move(credentials));
    result.registry = result.session->client.get();
  }
  if (!args.no_cache || args.offline) {
    registry::CacheOptions cache_options;
    cache_options.dir = args.cache_dir.empty()
                            ? registry::default_cache_dir()
                            : std::filesystem::path(args.cache_dir);
    if (!args.cache_ttl.empty()) {
      cache_options.ttl = std::chrono::duration_cast<std::chrono::seconds>(
          parse_duration("--cache-ttl", args.cache_ttl));
    }
    cache_options.offline = args.offline;
    result.cache = std::make_unique<registry::CachingRegistry>(result.registry,
                                                               cache_options);
    result.registry = result.cache.get();
  }
  return result;
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
