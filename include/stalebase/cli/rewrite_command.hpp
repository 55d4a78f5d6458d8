#pragma once

// The command line of `pin` and `update` (src/cli/pin.cpp, src/cli/update.cpp).

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/rewrite/targets.hpp"

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
  std::string format = "table"; // --format table|json
};

// Adds the look-up flags, --format, --dry-run and --check.
void add_rewrite_options(CLI::App &command, RewriteArguments &args);

// Runs pin or update and returns the exit code: 2 when a file could not be
// read, parsed or written (or the configuration is invalid), else 3 when the
// registry could not answer about some reference, else 1 with --check when
// something would change, else 0.
int run_rewrite_command(RewriteArguments args,
                        rewrite::Mode mode,
                        const GlobalOptions &global);

} // namespace stalebase::cli
