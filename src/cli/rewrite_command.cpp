#include "stalebase/cli/rewrite_command.hpp"

#include "stalebase/cli/terminal.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/report/rewrite_json.hpp"
#include "stalebase/report/rewrite_report.hpp"
#include "stalebase/rewrite/unified_diff.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/workflow/rewrite.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>

namespace stalebase::cli {

namespace {

version::UpdateLevel parse_level(const std::string &text) {
  if (text == "patch") {
    return version::UpdateLevel::patch;
  }
  if (text == "minor") {
    return version::UpdateLevel::minor;
  }
  if (text == "major") {
    return version::UpdateLevel::major;
  }
  throw Error("invalid --level \"" + text +
              "\": expected patch, minor or major");
}

} // namespace

void add_rewrite_options(CLI::App &command, RewriteArguments &args) {
  add_lookup_options(command, args.lookup);
  command
      .add_option("--format", args.format,
                  "Output: table (a summary; with --dry-run, a unified diff) "
                  "or json (docs/json-rewrite.md)")
      ->check(CLI::IsMember({"table", "json"}));
  command.add_flag("--dry-run", args.dry_run,
                   "Print a unified diff of the changes; write nothing");
  command.add_flag(
      "--check", args.check,
      "Write nothing; exit 1 when something would change (for CI)");
}

util::ExitCode run_rewrite_command(RewriteArguments args,
                                   rewrite::Mode mode,
                                   const GlobalOptions &global) {
  auto setup = prepare_lookup(args.lookup);
  if (!setup) {
    return configuration_error(setup.error());
  }
  const version::UpdateLevel level = mode == rewrite::Mode::update
                                         ? parse_level(args.level)
                                         : version::UpdateLevel::none;
  const std::vector<workflow::LoadedFile> files =
      load_files(args.lookup, *setup);

  check::CheckOptions check_options = make_check_options(args.lookup, *setup);
  check_options.policy = workflow::capped_policy(setup->configuration, level);
  Progress progress(!global.quiet && is_terminal(stderr));
  check_options.progress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };

  workflow::RewriteOptions options;
  options.targets.mode = mode;
  options.targets.add_digests = mode == rewrite::Mode::pin || args.pin;
  options.targets.variant = args.variant;
  options.write = !args.dry_run && !args.check;
  options.configuration = setup->configuration;
  options.today = config::today();
  std::optional<LookupRegistry> registry;
  const report::RewriteOutcome outcome = workflow::rewrite_files(
      files, check_options, options,
      lookup_registry_opener(args.lookup, *setup, registry));
  const util::ExitCode code = workflow::rewrite_exit_code(outcome, args.check);

  for (const auto &[ref, error] : outcome.errors) {
    spdlog::error("{}: {}", ref, error.message);
  }
  if (args.format == "json") {
    // One document on stdout, whatever the mode; standard input's new bytes
    // are in it rather than printed raw.
    const report::RewriteJsonContext context{
        mode == rewrite::Mode::pin ? "pin" : "update",
        args.dry_run ? "dry-run" : (args.check ? "check" : "write"), code};
    std::cout << report::render_rewrite_json(outcome, context) << std::flush;
    return code;
  }
  bool summary_on_stderr = args.dry_run;
  for (std::size_t i = 0; i < outcome.files.size(); ++i) {
    const report::FileOutcome &file = outcome.files[i];
    if (args.dry_run) {
      std::cout << rewrite::unified_diff(file.before, file.after, file.display);
    } else if (options.write && files[i].input.is_stdin) {
      // Standard input cannot be changed in place: the result is the output.
      std::cout << file.after;
      summary_on_stderr = true;
    }
  }
  std::cout << std::flush;
  if (!global.quiet) {
    const std::string verb = mode == rewrite::Mode::pin ? "pinned" : "updated";
    (summary_on_stderr ? std::cerr : std::cout)
        << report::render_rewrite_summary(outcome, verb, !options.write);
  }
  return code;
}

} // namespace stalebase::cli
