#pragma once

// The command line of `pin` and `update` (src/cli/pin.cpp, src/cli/update.cpp).

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/rewrite/targets.hpp"
#include "stalebase/util/exit_code.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace stalebase::cli {

struct RewriteArguments {
  LookupArguments lookup;
  bool dry_run = false; // --dry-run: print a unified diff, write nothing
  bool check =
      false; // --check: write nothing, exit 1 when something would change
  std::string level = "patch";  // update --level
  bool pin = false;             // update --pin
  bool variant = false;         // update --variant
  std::string format = "table"; // --format table|json
};

// Adds the look-up flags, --format, --dry-run and --check.
void add_rewrite_options(CLI::App &command, RewriteArguments &args);

// Runs pin or update (workflow::rewrite_files), prints the outcome and
// returns the exit code: workflow::rewrite_exit_code, or usage_error when the
// configuration is invalid.
util::ExitCode run_rewrite_command(RewriteArguments args,
                                   rewrite::Mode mode,
                                   const GlobalOptions &global);

} // namespace stalebase::cli
