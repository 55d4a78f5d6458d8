#pragma once

// Where each finding's fix goes in its file (a Dockerfile or an image source),
// found by the same planner `pin` and `update` use, so that the reports can
// point at the line to edit
// (an ARG default's) and SARIF can carry the exact replacement.

#include "stalebase/check/finding.hpp"
#include "stalebase/report/check_report.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/workflow/scan.hpp"

#include <vector>

namespace stalebase::workflow {

// For each of `findings` (aligned with it): the edits that make its suggested
// fix (a new tag, with the digest when the reference is pinned; or a digest),
// planned alone in its file as `pin`/`update` would, and the ARG line they
// change. A finding without a fix, or whose fix the planner leaves alone, gets
// an empty place. `scan` is the scan of `files` whose occurrences the findings
// are about (Finding::occurrence).
std::vector<report::FixPlace>
fix_places(const std::vector<LoadedFile> &files,
           const Scan &scan,
           const std::vector<check::Finding> &findings);

} // namespace stalebase::workflow
