#include "stalebase/workflow/check.hpp"

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/fail_on.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/cli/report_outputs.hpp"
#include "stalebase/cli/terminal.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/report/check_formats.hpp"
#include "stalebase/report/check_report.hpp"
#include "stalebase/report/check_table.hpp"
#include "stalebase/util/exit_code.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

namespace stalebase::cli {

namespace {

struct CheckArguments {
  LookupArguments lookup;
  std::string format = "table";
  std::vector<std::string> outputs; // --output FORMAT=PATH
  std::string fail_on;
};

util::ExitCode run_check_command(CheckArguments args,
                                 const GlobalOptions &global) {
  // Before any look-up: a report that cannot be written is a usage error.
  const std::vector<ReportOutput> outputs = parse_outputs(args.outputs);
  auto setup = prepare_lookup(args.lookup);
  if (!setup) {
    return configuration_error(setup.error());
  }
  workflow::CheckSettings settings;
  settings.configuration = setup->configuration;
  settings.policy = run_fail_policy(settings.configuration, args.fail_on);
  const std::vector<workflow::LoadedFile> files =
      load_files(args.lookup, *setup);
  settings.today = config::today();
  settings.options = make_check_options(args.lookup, *setup);
  Progress progress(!global.quiet && is_terminal(stderr));
  settings.options.progress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };
  std::optional<LookupRegistry> registry;
  const report::CheckReport report = workflow::check_files(
      files, settings, lookup_registry_opener(args.lookup, *setup, registry),
      std::cerr);

  report::TableStyle style;
  if (args.format == "table") {
    style.color = use_color(global.color);
    style.width = terminal_width();
  }
  std::cout << report::render_check_report(report, args.format, style)
            << std::flush;
  const bool written = write_outputs(outputs, report);
  const bool github =
      args.format == "github" || std::any_of(outputs.begin(), outputs.end(),
                                             [](const ReportOutput &output) {
                                               return output.format == "github";
                                             });
  if (github) {
    append_step_summary(report);
  }
  if (!written) {
    return util::ExitCode::usage_error;
  }
  return report.summary.exit_code;
}

} // namespace

void setup_check_command(CLI::App &app, GlobalOptions &global) {
  auto args = std::make_shared<CheckArguments>();
  auto *cmd = app.add_subcommand(
      "check", "Check the base images of Dockerfiles against their registries");
  add_lookup_options(*cmd, args->lookup);
  cmd->add_option("--format", args->format, "Output format on standard output")
      ->check(CLI::IsMember(report::check_formats()));
  cmd->add_option("--output", args->outputs,
                  "Also write the report as FORMAT to PATH (FORMAT=PATH, "
                  "repeatable)")
      ->type_name("FORMAT=PATH")
      ->allow_extra_args(false);
  cmd->add_option(
         "--fail-on", args->fail_on,
         "Finding kinds or levels that fail the run (e.g. patch,digest; none)")
      ->type_name("LIST");
  cmd->callback(
      [args, &global] { global.exit_code = run_check_command(*args, global); });
}

} // namespace stalebase::cli
