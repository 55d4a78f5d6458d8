#include "stalebase/workflow/check.hpp"

#include "stalebase/config/ignores.hpp"
#include "stalebase/report/diagnostic.hpp"
#include "stalebase/util/shown_text.hpp"
#include "stalebase/workflow/fix_places.hpp"
#include "stalebase/workflow/scan.hpp"

#include <spdlog/spdlog.h>

#include <ostream>
#include <set>
#include <string>

namespace stalebase::workflow {

report::CheckReport check_files(const std::vector<LoadedFile> &files,
                                const CheckSettings &settings,
                                const OpenRegistry &open_registry,
                                std::ostream &diagnostics) {
  const config::Config &configuration = settings.configuration;
  const Scan scan = scan_files(files);
  report::CheckReport report;
  // Those not ignored for every kind: only they are looked up.
  std::vector<check::Occurrence> looked_up;
  std::set<std::string> distinct;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const LoadedFile &file = files[f];
    if (file.error) {
      diagnostics << report::format_diagnostic(file.input.display, file.source,
                                               *file.error);
      report.file_errors.push_back({file.input.display, *file.error});
      continue;
    }
    if (const auto &error = scan.files[f].ignore_error) {
      diagnostics << util::escape_control(error->to_string()) << '\n';
      report.file_errors.push_back(
          {file.input.display, {error->message, error->line, error->column}});
      continue;
    }
    warn_extraction(file);
    for (const std::optional<std::size_t> &id : scan.files[f].occurrences) {
      if (!id) {
        continue;
      }
      const check::Occurrence &occurrence = scan.occurrences[*id];
      if (occurrence.image) {
        distinct.insert(occurrence.image->canonical());
      }
      const std::string skipped = not_looked_up(
          occurrence, configuration, settings.today, scan.inline_ignores);
      if (!skipped.empty()) {
        const check::Location &at = occurrence.location;
        spdlog::info("{}:{}: {} is ignored ({}): not looked up", at.file,
                     at.line, at.expanded.empty() ? at.reference : at.expanded,
                     skipped);
      } else {
        looked_up.push_back(occurrence);
      }
    }
  }

  check::CheckResult result =
      check::run_check(open_registry(), looked_up, settings.options);

  auto outcome = config::apply_ignores(result.findings, configuration,
                                       settings.today, scan.inline_ignores);
  for (const std::string &warning : outcome.warnings) {
    spdlog::warn("{}", warning);
  }
  if (!outcome.ignored.empty()) {
    spdlog::info("{} findings ignored by configuration or inline comments",
                 outcome.ignored.size());
  }
  config::apply_policy_levels(result.findings, settings.policy);

  report.findings = std::move(result.findings);
  report.fixes = fix_places(files, scan, report.findings);
  for (const check::Finding &finding : report.findings) {
    report.failing.push_back(settings.policy.fails(finding));
  }
  report.checked = result.checked;
  for (const auto &[ref, error] : result.errors) {
    report.errors.push_back(
        {ref, std::string(registry::to_string(error.kind)), error.message});
    spdlog::error("{}: {}", ref, error.message);
  }
  report.summary.files = files.size();
  report.summary.references = scan.occurrences.size();
  report.summary.distinct_references = distinct.size();
  report.summary.exit_code =
      config::exit_code(report.findings, settings.policy,
                        !report.file_errors.empty(), !result.errors.empty());
  report::count_findings(report);
  return report;
}

} // namespace stalebase::workflow
