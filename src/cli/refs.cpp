#include "stalebase/report/refs.hpp"

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/exit_code.hpp"
#include "stalebase/cli/inputs.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/report/diagnostic.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/host_platform.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

namespace stalebase::cli {

namespace {

struct RefsOptions {
  std::vector<std::string> paths;
  std::vector<std::string> build_args;
  std::string platform;
  std::string format = "table";
};

dockerfile::ExtractOptions extract_options(const RefsOptions &options) {
  dockerfile::ExtractOptions result;
  result.build_platform = util::host_platform();
  if (!options.platform.empty()) {
    const auto platform = reference::parse_platform(options.platform);
    if (!platform) {
      throw Error("invalid --platform \"" + options.platform +
                  "\": " + platform.error());
    }
    result.target_platform = platform->to_string();
  }
  for (const std::string &arg : options.build_args) {
    const std::size_t equals = arg.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw Error("invalid --build-arg \"" + arg + "\": expected NAME=VALUE");
    }
    result.build_args[arg.substr(0, equals)] = arg.substr(equals + 1);
  }
  return result;
}

int run_refs(const RefsOptions &options) {
  const auto extract = extract_options(options);
  auto inputs = discover_inputs(options.paths);
  if (!inputs) {
    throw Error(inputs.error());
  }
  std::vector<LoadedFile> loaded;
  loaded.reserve(inputs->size());
  for (const InputFile &input : *inputs) {
    loaded.push_back(load_input(input, extract));
  }

  std::vector<report::FileReferences> files;
  std::vector<report::FileError> errors;
  for (const LoadedFile &file : loaded) {
    if (file.error) {
      std::cerr << report::format_diagnostic(file.input.display, file.source,
                                             *file.error);
      errors.push_back({file.input.display, *file.error});
      continue;
    }
    for (const auto &warning : file.extraction.warnings) {
      spdlog::warn("{}:{}: {}", file.input.display, warning.line,
                   warning.message);
    }
    files.push_back({file.input.display, &*file.document, &file.extraction});
  }

  if (options.format == "json") {
    std::cout << report::refs_to_json(files, errors).dump(2) << '\n';
  } else {
    std::cout << report::render_refs_table(files);
  }
  if (inputs->empty()) {
    spdlog::warn("no Dockerfiles found");
  }
  return to_int(errors.empty() ? ExitCode::ok : ExitCode::usage_error);
}

} // namespace

void setup_refs_command(CLI::App &app, GlobalOptions &global) {
  auto options = std::make_shared<RefsOptions>();
  auto *cmd = app.add_subcommand(
      "refs",
      "List every image reference the Dockerfiles build from (offline)");
  cmd->add_option("paths", options->paths,
                  "Dockerfiles or folders to search (default: .; - for stdin)");
  cmd->add_option("--build-arg", options->build_args,
                  "Set a build ARG, as docker build does (NAME=VALUE)")
      ->type_name("NAME=VALUE");
  cmd->add_option("--platform", options->platform,
                  "Target platform for TARGETPLATFORM and friends")
      ->type_name("OS/ARCH[/VARIANT]");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([options, &global] { global.exit_code = run_refs(*options); });
}

} // namespace stalebase::cli
