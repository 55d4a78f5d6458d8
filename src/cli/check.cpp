#include "stalebase/check/engine.hpp"
#include "stalebase/cli/app.hpp"
#include "stalebase/cli/exit_code.hpp"
#include "stalebase/cli/inputs.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/cli/terminal.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/discovery.hpp"
#include "stalebase/config/env_credentials.hpp"
#include "stalebase/config/ignores.hpp"
#include "stalebase/config/inline_ignore.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/config/rules.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/cache.hpp"
#include "stalebase/report/check_json.hpp"
#include "stalebase/report/check_report.hpp"
#include "stalebase/report/check_table.hpp"
#include "stalebase/report/diagnostic.hpp"
#include "stalebase/report/github.hpp"
#include "stalebase/report/markdown.hpp"
#include "stalebase/report/sarif.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/host_platform.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>

namespace stalebase::cli {

namespace {

struct CheckArguments {
  std::vector<std::string> paths;
  std::vector<std::string> build_args;
  RegistryOptions registry;
  std::string config_file;
  std::string format = "table";
  std::string fail_on;
  std::string cache_dir;
  std::string cache_ttl;
  bool offline = false;
  bool no_cache = false;
};

// The configuration in force: --config, else .stalebase.yaml found upwards, else none.
Expected<std::optional<config::Config>, config::ConfigError>
load_configuration(const std::string& given) {
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

// Flags beat the file: the config's values are used only where no flag was given.
void merge_config_into_flags(const config::Config& cfg, CheckArguments& args) {
  if (args.registry.platforms.empty()) {
    for (const auto& platform : cfg.platforms) {
      args.registry.platforms.push_back(platform.to_string());
    }
  }
  std::set<std::string> given_args;
  for (const std::string& arg : args.build_args) {
    given_args.insert(arg.substr(0, arg.find('=')));
  }
  for (const auto& [name, value] : cfg.build_args) {
    if (given_args.count(name) == 0) {
      args.build_args.push_back(name + "=" + value);
    }
  }
  std::set<std::string> mirrored;
  for (const std::string& mirror : args.registry.mirrors) {
    mirrored.insert(mirror.substr(0, mirror.find('=')));
  }
  for (const auto& [host, entry] : cfg.registries) {
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

dockerfile::ExtractOptions extract_options(const CheckArguments& args,
                                           const std::vector<reference::Platform>& platforms) {
  dockerfile::ExtractOptions result;
  result.build_platform = util::host_platform();
  if (!platforms.empty()) {
    result.target_platform = platforms.front().to_string();
  }
  for (const std::string& arg : args.build_args) {
    const std::size_t equals = arg.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw Error("invalid --build-arg \"" + arg + "\": expected NAME=VALUE");
    }
    result.build_args[arg.substr(0, equals)] = arg.substr(equals + 1);
  }
  return result;
}

std::vector<reference::Platform> parse_platform_flags(const RegistryOptions& options) {
  std::vector<reference::Platform> result;
  for (const std::string& text : options.platforms) {
    auto platform = reference::parse_platform(text);
    if (!platform) {
      throw Error("invalid --platform \"" + text + "\": " + platform.error());
    }
    result.push_back(std::move(*platform));
  }
  return result;
}

check::Occurrence make_occurrence(const LoadedFile& file,
                                  const dockerfile::ExtractedReference& ref) {
  check::Occurrence occurrence;
  const auto begin = file.document->lines.position(ref.span.offset);
  const auto end = file.document->lines.position(ref.span.end());
  occurrence.location.file = file.input.display;
  occurrence.location.line = ref.instruction_line;
  occurrence.location.column = begin.column;
  occurrence.location.end_line = end.line;
  occurrence.location.end_column = end.column;
  occurrence.location.reference = ref.raw;
  occurrence.location.expanded = ref.expanded;
  occurrence.location.stage = ref.stage;
  occurrence.location.instruction = std::string(dockerfile::to_string(ref.source));
  occurrence.image = ref.image;
  occurrence.status = ref.status;
  occurrence.reason = ref.reason;
  occurrence.from_platform = ref.platform;
  occurrence.args = ref.args;
  return occurrence;
}

// Progress on stderr, only on a terminal and only once the run has taken a second.
class Progress {
public:
  explicit Progress(bool enabled)
      : m_enabled(enabled), m_start(std::chrono::steady_clock::now()) {}
  void update(std::size_t done, std::size_t total) {
    if (!m_enabled) {
      return;
    }
    const std::lock_guard lock(m_mutex);
    if (std::chrono::steady_clock::now() - m_start < std::chrono::seconds(1)) {
      return;
    }
    std::cerr << "\rstalebase: checked " << done << " of " << total << " references"
              << std::flush;
    m_shown = true;
  }
  ~Progress() {
    if (m_shown) {
      std::cerr << "\r\033[K" << std::flush;
    }
  }

private:
  bool m_enabled;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_start;
  std::mutex m_mutex;
};

int run_check_command(CheckArguments args, const GlobalOptions& global) {
  const auto loaded = load_configuration(args.config_file);
  if (!loaded) {
    std::cerr << loaded.error().to_string() << '\n';
    return to_int(ExitCode::usage_error);
  }
  const std::optional<config::Config>& cfg = *loaded;
  if (cfg) {
    merge_config_into_flags(*cfg, args);
  }
  const config::Config empty_config;
  const config::Config& configuration = cfg ? *cfg : empty_config;

  config::FailPolicy policy = configuration.fail_on.value_or(config::FailPolicy::default_policy());
  if (!args.fail_on.empty()) {
    auto parsed = config::parse_fail_on(args.fail_on);
    if (!parsed) {
      throw Error("invalid --fail-on \"" + args.fail_on + "\": " + parsed.error());
    }
    policy = *parsed;
  }
  const auto platforms = parse_platform_flags(args.registry);
  const auto options = extract_options(args, platforms);

  auto inputs = discover_inputs(args.paths);
  if (!inputs) {
    throw Error(inputs.error());
  }
  std::vector<LoadedFile> files;
  for (const InputFile& input : *inputs) {
    files.push_back(load_input(input, options));
  }

  report::CheckReport report;
  config::InlineIgnoresByFile inline_ignores;
  std::vector<check::Occurrence> occurrences;
  std::set<std::string> distinct;
  for (const LoadedFile& file : files) {
    if (file.error) {
      std::cerr << report::format_diagnostic(file.input.display, file.source, *file.error);
      report.file_errors.push_back({file.input.display, *file.error});
      continue;
    }
    auto ignores = config::inline_ignores(file.source, file.input.display);
    if (!ignores) {
      std::cerr << ignores.error().to_string() << '\n';
      report.file_errors.push_back(
          {file.input.display,
           {ignores.error().message, ignores.error().line, ignores.error().column}});
      continue;
    }
    inline_ignores[file.input.display] = std::move(*ignores);
    for (const auto& warning : file.extraction.warnings) {
      spdlog::warn("{}:{}: {}", file.input.display, warning.line, warning.message);
    }
    for (const auto& ref : file.extraction.references) {
      if (ref.status == dockerfile::ReferenceStatus::stage ||
          ref.status == dockerfile::ReferenceStatus::scratch) {
        continue;
      }
      occurrences.push_back(make_occurrence(file, ref));
      if (ref.image) {
        distinct.insert(ref.image->canonical());
      }
    }
  }

  // Registry access: the network client behind the on-disk cache, unless told otherwise.
  std::unique_ptr<RegistrySession> session;
  if (!args.offline) {
    std::map<std::string, registry::Credentials> credentials;
    for (const auto& [host, entry] : configuration.registries) {
      auto found = config::env_credentials(entry, host);
      if (!found) {
        throw Error(configuration.file + ": " + found.error());
      }
      if (*found) {
        credentials[host] = std::move(**found);
      }
    }
    session = open_registry_session(args.registry, std::move(credentials));
  }
  std::unique_ptr<registry::CachingRegistry> cache;
  registry::Registry* registry = session ? session->client.get() : nullptr;
  if (!args.no_cache || args.offline) {
    registry::CacheOptions cache_options;
    cache_options.dir = args.cache_dir.empty() ? registry::default_cache_dir()
                                               : std::filesystem::path(args.cache_dir);
    if (!args.cache_ttl.empty()) {
      cache_options.ttl = std::chrono::duration_cast<std::chrono::seconds>(
          parse_duration("--cache-ttl", args.cache_ttl));
    }
    cache_options.offline = args.offline;
    cache = std::make_unique<registry::CachingRegistry>(registry, cache_options);
    registry = cache.get();
  }

  check::CheckOptions check_options;
  check_options.platforms = platforms;
  if (auto host = reference::parse_platform(util::host_platform())) {
    check_options.host = *host;
  }
  check_options.jobs = static_cast<int>(std::max<std::size_t>(args.registry.jobs, 1));
  check_options.policy = [&configuration](const reference::ImageReference& image) {
    const config::ImageRule rule = config::rule_for(configuration, image);
    return check::ImagePolicy{rule.max_level, rule.prereleases};
  };
  Progress progress(!global.quiet && is_terminal(stderr));
  check_options.progress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };
  check::CheckResult result = check::run_check(*registry, occurrences, check_options);

  auto outcome = config::apply_ignores(result.findings, configuration, config::today(),
                                       inline_ignores);
  for (const std::string& warning : outcome.warnings) {
    spdlog::warn("{}", warning);
  }
  if (!outcome.ignored.empty()) {
    spdlog::info("{} findings ignored by configuration or inline comments",
                 outcome.ignored.size());
  }
  config::apply_policy_levels(result.findings, policy);

  report.findings = std::move(result.findings);
  for (const check::Finding& finding : report.findings) {
    report.failing.push_back(policy.fails(finding));
  }
  report.checked = result.checked;
  for (const auto& [ref, error] : result.errors) {
    report.errors.push_back(
        {ref, std::string(registry::to_string(error.kind)), error.message});
    spdlog::error("{}: {}", ref, error.message);
  }
  report.summary.files = files.size();
  report.summary.references = occurrences.size();
  report.summary.distinct_references = distinct.size();
  report.summary.exit_code = config::exit_code(report.findings, policy,
                                               !report.file_errors.empty(),
                                               !result.errors.empty());
  report::count_findings(report);

  if (args.format == "json") {
    std::cout << report::check_to_json(report).dump(2) << '\n';
  } else if (args.format == "sarif") {
    std::cout << report::render_sarif(report, STALEBASE_VERSION);
  } else if (args.format == "github") {
    std::cout << report::render_github(report);
  } else if (args.format == "markdown") {
    std::cout << report::render_markdown(report);
  } else {
    report::TableStyle style;
    style.color = use_color(global.color);
    style.width = terminal_width();
    std::cout << report::render_check_table(report, style);
  }
  return report.summary.exit_code;
}

} // namespace

void setup_check_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<CheckArguments>();
  auto* cmd = app.add_subcommand(
      "check", "Check the base images of Dockerfiles against their registries");
  cmd->add_option("paths", args->paths,
                  "Dockerfiles or folders to search (default: .; - for stdin)");
  cmd->add_option("--build-arg", args->build_args,
                  "Set a build ARG, as docker build does (NAME=VALUE)")
      ->type_name("NAME=VALUE");
  cmd->add_option("--config", args->config_file,
                  "Configuration file (default: .stalebase.yaml found upwards)");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif", "github", "markdown"}));
  cmd->add_option("--fail-on", args->fail_on,
                  "Finding kinds or levels that fail the run (e.g. patch,digest; none)");
  cmd->add_option("--cache-dir", args->cache_dir, "Look-up cache folder");
  cmd->add_option("--cache-ttl", args->cache_ttl,
                  "How long tag look-ups stay fresh (default 1h)");
  cmd->add_flag("--offline", args->offline, "Answer from the cache only; never the network");
  cmd->add_flag("--no-cache", args->no_cache, "Neither read nor write the cache");
  add_registry_options(*cmd, args->registry);
  cmd->callback([args, &global] { global.exit_code = run_check_command(*args, global); });
}

} // namespace stalebase::cli
