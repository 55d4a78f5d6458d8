#pragma once

// The work of `check` once the flags are parsed and the files read: scan them,
// look up what is not ignored, apply the ignores and the --fail-on policy, and
// assemble the report every renderer takes.

#include "stalebase/check/engine.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/report/check_report.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/workflow/open_registry.hpp"

#include <iosfwd>
#include <vector>

namespace stalebase::workflow {

struct CheckSettings {
  config::Config configuration; // ignores, registries to skip
  config::FailPolicy policy;    // --fail-on, else the configuration's
  config::Date today;           // when ignore entries lapse
  check::CheckOptions options;  // the engine's
};

// Checks `files`: a file that could not be read or parsed, or whose inline
// ignore comments are malformed, gets its diagnostic on `diagnostics` and a
// file error; the references of the others that are not ignored for every
// kind are looked up on the registry `open_registry` gives (opened once the
// files are scanned). Ignored findings are taken out, levels set by the
// policy, each finding's fix placed, and the summary counted, exit code
// included. Never throws for registry answers or file errors.
report::CheckReport check_files(const std::vector<LoadedFile> &files,
                                const CheckSettings &settings,
                                const OpenRegistry &open_registry,
                                std::ostream &diagnostics);

} // namespace stalebase::workflow
