#pragma once

#include "stalebase/util/exit_code.hpp"

#include <CLI/CLI.hpp>

namespace stalebase::cli {

// What every command shares: the global flags and the exit code its callback
// sets.
struct GlobalOptions {
  int verbosity = 0; // -v, repeatable
  bool quiet = false;
  std::string color = "auto"; // auto, always, never
  util::ExitCode exit_code = util::ExitCode::ok;
};

// Runs the command line and returns the process exit code. Fatal errors
// (stalebase::Error) are printed here, once, as "stalebase: error: …" with
// exit 2.
int run(int argc, char **argv);

// Each command lives in its own src/cli/<name>.cpp and adds itself to `app`.
void setup_refs_command(CLI::App &app, GlobalOptions &global);
void setup_resolve_command(CLI::App &app, GlobalOptions &global);
void setup_tags_command(CLI::App &app, GlobalOptions &global);
void setup_check_command(CLI::App &app, GlobalOptions &global);
void setup_pin_command(CLI::App &app, GlobalOptions &global);
void setup_update_command(CLI::App &app, GlobalOptions &global);
void setup_image_command(CLI::App &app, GlobalOptions &global);
// `completion` and the hidden `manpage` render the definition of every other
// command: they are set up last.
void setup_completion_command(CLI::App &app, GlobalOptions &global);
void setup_manpage_command(CLI::App &app, GlobalOptions &global);

} // namespace stalebase::cli
