#include "stalebase/report/refs.hpp"

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/report/diagnostic.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/util/host_platform.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/workflow/scan.hpp"

#include <deque>
#include <iostream>
#include <memory>

namespace stalebase::cli {

namespace {

struct RefsOptions {
  ConfigOptions config;
  std::vector<std::string> paths;
  std::vector<std::string> build_args;
  std::string platform;
  std::string format = "table";
};

// What the table needs of a parsed file.
struct KeptFile {
  std::string name;
  dockerfile::Document document; // only its line index
  dockerfile::Extraction extraction;
};

dockerfile::ExtractOptions extract_options(const RefsOptions &options) {
  dockerfile::ExtractOptions result;
  result.build_platform = util::host_platform();
  if (!options.platform.empty()) {
    const auto platform = reference::parse_platform(options.platform);
    if (!platform) {
      throw Error(platform.error());
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
  const auto extract = extract_options(options);
  auto inputs = workflow::discover_inputs(options.paths);
  if (!inputs) {
    throw Error(inputs.error());
  }
  // Files are read one at a time and dropped once reported: the JSON output
  // is built as text file by file; the table keeps only each file's line
  // index and references, not its source or AST.
  const bool json = options.format == "json";
  report::RefsJsonWriter writer;
  std::deque<KeptFile> kept;
  bool failed = false;
  for (const workflow::InputFile &input : *inputs) {
    workflow::LoadedFile file = workflow::load_input(input, extract);
    if (file.error) {
      std::cerr << report::format_diagnostic(file.input.display, file.source,
                                             *file.error);
      writer.add_error({file.input.display, *file.error});
      failed = true;
      continue;
    }
    workflow::warn_extraction(file);
    if (json) {
      writer.add_file({file.input.display, &*file.document, &file.extraction});
      continue;
    }
    KeptFile &keep = kept.emplace_back();
    keep.name = file.input.display;
    keep.document.lines = std::move(file.document->lines);
    keep.extraction = std::move(file.extraction);
  }

  if (json) {
    writer.write(std::cout);
    std::cout << '\n';
  } else {
    std::vector<report::FileReferences> files;
    files.reserve(kept.size());
    for (const KeptFile &file : kept) {
      files.push_back({file.name, &file.document, &file.extraction});
    }
    std::cout << report::render_refs_table(files);
  }
  return failed ? util::ExitCode::usage_error : util::ExitCode::ok;
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
  add_config_options(*cmd, options->config);
  cmd->callback([options, &global] { global.exit_code = run_refs(*options); });
}

} // namespace stalebase::cli
