#pragma once

// `check --output FORMAT=PATH`: more reports from one run beside the one on
// standard output, so that one CI job writes SARIF for code scanning and
// annotations for its log. Checked before any look-up; written atomically.

#include "stalebase/report/check_report.hpp"

#include <string>
#include <vector>

namespace stalebase::cli {

struct ReportOutput {
  std::string format;
  std::string path;
};

// Parses the --output values and checks that each PATH can be written: its
// folder exists and is writable, and PATH is not a folder. Throws
// stalebase::Error, a usage error: `invalid --output "xml=a": unknown format
// "xml", expected table, json, sarif, github or markdown`, `invalid --output
// "sarif": expected FORMAT=PATH`, `cannot write --output "sarif=out/a.sarif":
// folder "out" does not exist`.
std::vector<ReportOutput> parse_outputs(const std::vector<std::string> &values);

// Writes every output (a table without colours, 80 columns). A failed write is
// reported on standard error and returns false; the others are still written.
bool write_outputs(const std::vector<ReportOutput> &outputs,
                   const report::CheckReport &report);

// In a GitHub Actions step (GITHUB_STEP_SUMMARY set) that writes the github
// format, appends the Markdown report to the step summary file. A failure is a
// warning: the annotations are already out.
void append_step_summary(const report::CheckReport &report);

} // namespace stalebase::cli
