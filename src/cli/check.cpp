#include "stalebase/check/engine.hpp"
#include "stalebase/cli/app.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/workflow/fix_places.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/cli/report_outputs.hpp"
#include "stalebase/cli/terminal.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/ignores.hpp"
#include "stalebase/config/inline_ignore.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/report/check_report.hpp"
#include "stalebase/report/check_table.hpp"
#include "stalebase/report/diagnostic.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/shown_text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

namespace stalebase::cli {

namespace {

struct CheckArguments {
  LookupArguments lookup;
  std::string format = "table";
  std::vector<std::string> outputs; // --output FORMAT=PATH
  std::string fail_on;
};

int run_check_command(CheckArguments args, const GlobalOptions &global) {
  // Before any look-up: a report that cannot be written is a usage error.
  const std::vector<ReportOutput> outputs = parse_outputs(args.outputs);
  auto setup = prepare_lookup(args.lookup);
  if (!setup) {
    std::cerr << util::escape_control(setup.error().to_string()) << '\n';
    return to_int(ExitCode::usage_error);
  }
  const config::Config &configuration = setup->configuration;

  config::FailPolicy policy =
      configuration.fail_on.value_or(config::FailPolicy::default_policy());
  if (!args.fail_on.empty()) {
    auto parsed = config::parse_fail_on(args.fail_on);
    if (!parsed) {
      throw Error("invalid --fail-on \"" + args.fail_on +
                  "\": " + parsed.error());
    }
    policy = *parsed;
  }
  const std::vector<LoadedFile> files = load_files(args.lookup, *setup);

  report::CheckReport report;
  config::InlineIgnoresByFile inline_ignores;
  std::vector<check::Occurrence> occurrences;
  // Those not ignored for every kind: only they are looked up.
  std::vector<check::Occurrence> looked_up;
  std::set<std::string> distinct;
  const config::Date today = config::today();
  for (const LoadedFile &file : files) {
    if (file.error) {
      std::cerr << report::format_diagnostic(file.input.display, file.source,
                                             *file.error);
      report.file_errors.push_back({file.input.display, *file.error});
      continue;
    }
    auto ignores = config::inline_ignores(file.source, file.input.display);
    if (!ignores) {
      std::cerr << util::escape_control(ignores.error().to_string()) << '\n';
      report.file_errors.push_back(
          {file.input.display,
           {ignores.error().message, ignores.error().line,
            ignores.error().column}});
      continue;
    }
    inline_ignores[file.input.display] = std::move(*ignores);
    for (const auto &warning : file.extraction.warnings) {
      spdlog::warn("{}:{}: {}", file.input.display, warning.line,
                   warning.message);
    }
    for (const auto &ref : file.extraction.references) {
      if (ref.status == dockerfile::ReferenceStatus::stage ||
          ref.status == dockerfile::ReferenceStatus::scratch) {
        continue;
      }
      occurrences.push_back(make_occurrence(file, ref));
      if (ref.image) {
        distinct.insert(ref.image->canonical());
      }
      const std::string skipped = not_looked_up(
          occurrences.back(), configuration, today, inline_ignores);
      if (!skipped.empty()) {
        spdlog::info("{}:{}: {} is ignored ({}): not looked up",
                     file.input.display, ref.instruction_line,
                     ref.expanded.empty() ? ref.raw : ref.expanded, skipped);
      } else {
        looked_up.push_back(occurrences.back());
      }
    }
  }

  const LookupRegistry registry =
      open_lookup_registry(args.lookup, configuration);
  check::CheckOptions check_options = make_check_options(args.lookup, *setup);
  Progress progress(!global.quiet && is_terminal(stderr));
  check_options.progress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };
  check::CheckResult result =
      check::run_check(*registry.registry, looked_up, check_options);

  auto outcome = config::apply_ignores(result.findings, configuration, today,
                                       inline_ignores);
  for (const std::string &warning : outcome.warnings) {
    spdlog::warn("{}", warning);
  }
  if (!outcome.ignored.empty()) {
    spdlog::info("{} findings ignored by configuration or inline comments",
                 outcome.ignored.size());
  }
  config::apply_policy_levels(result.findings, policy);

  report.findings = std::move(result.findings);
  report.fixes = fix_places(files, report.findings);
  for (const check::Finding &finding : report.findings) {
    report.failing.push_back(policy.fails(finding));
  }
  report.checked = result.checked;
  for (const auto &[ref, error] : result.errors) {
    report.errors.push_back(
        {ref, std::string(registry::to_string(error.kind)), error.message});
    spdlog::error("{}: {}", ref, error.message);
  }
  report.summary.files = files.size();
  report.summary.references = occurrences.size();
  report.summary.distinct_references = distinct.size();
  report.summary.exit_code =
      config::exit_code(report.findings, policy, !report.file_errors.empty(),
                        !result.errors.empty());
  report::count_findings(report);

  report::TableStyle style;
  if (args.format == "table") {
    style.color = use_color(global.color);
    style.width = terminal_width();
  }
  std::cout << render_report(report, args.format, style) << std::flush;
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
    return to_int(ExitCode::usage_error);
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
      ->check(CLI::IsMember(check_formats()));
  cmd->add_option("--output", args->outputs,
                  "Also write the report as FORMAT to PATH (FORMAT=PATH, "
                  "repeatable)")
      ->type_name("FORMAT=PATH")
      ->allow_extra_args(false);
  cmd->add_option(
      "--fail-on", args->fail_on,
      "Finding kinds or levels that fail the run (e.g. patch,digest; none)");
  cmd->callback(
      [args, &global] { global.exit_code = run_check_command(*args, global); });
}

} // namespace stalebase::cli
