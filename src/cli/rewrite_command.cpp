#include "stalebase/cli/rewrite_command.hpp"

#include "stalebase/util/exit_code.hpp"
#include "stalebase/report/rewrite_json.hpp"
#include "stalebase/workflow/rewrite.hpp"
#include "stalebase/cli/terminal.hpp"
#include "stalebase/config/rules.hpp"
#include "stalebase/rewrite/unified_diff.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/shown_text.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

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

int rank(version::UpdateLevel level) {
  return level == version::UpdateLevel::os
             ? static_cast<int>(version::UpdateLevel::major)
             : static_cast<int>(level);
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

int run_rewrite_command(RewriteArguments args,
                        rewrite::Mode mode,
                        const GlobalOptions &global) {
  auto setup = prepare_lookup(args.lookup);
  if (!setup) {
    std::cerr << util::escape_control(setup.error().to_string()) << '\n';
    return to_int(ExitCode::usage_error);
  }
  const version::UpdateLevel level = mode == rewrite::Mode::update
                                         ? parse_level(args.level)
                                         : version::UpdateLevel::none;
  const std::vector<LoadedFile> files = load_files(args.lookup, *setup);
  for (const LoadedFile &file : files) {
    for (const auto &warning : file.extraction.warnings) {
      spdlog::warn("{}:{}: {}", file.input.display, warning.line,
                   warning.message);
    }
  }

  const LookupRegistry registry =
      open_lookup_registry(args.lookup, setup->configuration);
  check::CheckOptions check_options = make_check_options(args.lookup, *setup);
  // update: the configuration's level, capped by --level; pin proposes nothing.
  const config::Config *configuration = &setup->configuration;
  check_options.policy = [configuration,
                          level](const reference::ImageReference &image) {
    const config::ImageRule rule = config::rule_for(*configuration, image);
    const version::UpdateLevel allowed =
        rank(rule.max_level) < rank(level) ? rule.max_level : level;
    return check::ImagePolicy{allowed, rule.prereleases};
  };
  Progress progress(!global.quiet && is_terminal(stderr));
  check_options.progress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };

  RewriteOptions options;
  options.targets.mode = mode;
  options.targets.add_digests = mode == rewrite::Mode::pin || args.pin;
  options.write = !args.dry_run && !args.check;
  options.configuration = setup->configuration;
  options.today = config::today();
  const RewriteOutcome outcome =
      run_rewrite(*registry.registry, files, check_options, options);

  int code = to_int(ExitCode::ok);
  if (outcome.any_file_error()) {
    code = to_int(ExitCode::usage_error);
  } else if (!outcome.errors.empty()) {
    code = to_int(ExitCode::check_error);
  } else if (args.check && outcome.any_change()) {
    code = to_int(ExitCode::stale);
  }

  for (const auto &[ref, error] : outcome.errors) {
    spdlog::error("{}: {}", ref, error.message);
  }
  if (args.format == "json") {
    // One document on stdout, whatever the mode; standard input's new bytes
    // are in it rather than printed raw.
    const RewriteJsonContext context{
        mode == rewrite::Mode::pin ? "pin" : "update",
        args.dry_run ? "dry-run" : (args.check ? "check" : "write"), code};
    std::cout << render_rewrite_json(outcome, context) << std::flush;
    return code;
  }
  bool summary_on_stderr = args.dry_run;
  for (std::size_t i = 0; i < outcome.files.size(); ++i) {
    const FileOutcome &file = outcome.files[i];
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
        << render_rewrite_summary(outcome, verb, !options.write);
  }
  return code;
}

} // namespace stalebase::cli
