#include "stalebase/workflow/refs.hpp"

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/workflow/inputs.hpp"

#include <iostream>
#include <memory>
#include <optional>

namespace stalebase::cli {

namespace {

struct RefsOptions {
  ConfigOptions config;
  std::vector<std::string> paths;
  std::vector<std::string> build_args;
  std::string platform;
  std::string format = "table";
  std::vector<std::string> sources; // --source
};

// --platform parsed (none when not given).
std::optional<reference::Platform> target_platform(const std::string &text) {
  if (text.empty()) {
    return std::nullopt;
  }
  auto platform = reference::parse_platform(text);
  if (!platform) {
    throw Error(platform.error());
  }
  return *platform;
}

// The configuration's `build-args` and first platform where no flag gives
// them, as `check` takes them.
void merge_configuration(const config::Config &configuration,
                         RefsOptions &options) {
  merge_build_args(configuration, options.build_args);
  if (options.platform.empty() && !configuration.platforms.empty()) {
    options.platform = configuration.platforms.front().to_string();
  }
}

util::ExitCode run_refs(RefsOptions options) {
  const auto configuration =
      load_run_configuration(options.config, options.paths);
  if (!configuration) {
    return configuration_error(configuration.error());
  }
  if (*configuration) {
    merge_configuration(**configuration, options);
  }
  const workflow::SourceSelection selection = source_selection(
      options.sources, configuration->value_or(config::Config{}));
  workflow::RefsSettings settings;
  settings.extract = make_extract_options(options.build_args,
                                          target_platform(options.platform));
  settings.format = options.format == "json" ? workflow::RefsFormat::json
                                             : workflow::RefsFormat::table;
  auto inputs = workflow::discover_inputs(options.paths, selection);
  if (!inputs) {
    throw Error(inputs.error());
  }
  workflow::add_compose_builds(*inputs);
  const bool read =
      workflow::list_references(*inputs, settings, std::cout, std::cerr);
  return read ? util::ExitCode::ok : util::ExitCode::usage_error;
}

} // namespace

void setup_refs_command(CLI::App &app, GlobalOptions &global) {
  auto options = std::make_shared<RefsOptions>();
  auto *cmd = app.add_subcommand(
      "refs",
      "List every image reference the Dockerfiles build from (offline)");
  cmd->add_option("paths", options->paths,
                  "Dockerfiles or folders to search (default: .; - for stdin)")
      ->type_name("PATH");
  cmd->add_option("--build-arg", options->build_args,
                  "Set a build ARG, as docker build does (NAME=VALUE)")
      ->type_name("NAME=VALUE");
  add_source_option(*cmd, options->sources);
  cmd->add_option("--platform", options->platform,
                  "Target platform for TARGETPLATFORM and friends")
      ->type_name("OS/ARCH[/VARIANT]");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
  add_config_options(*cmd, options->config);
  cmd->callback([options, &global] { global.exit_code = run_refs(*options); });
}

} // namespace stalebase::cli
