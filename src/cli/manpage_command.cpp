#include "stalebase/cli/app.hpp"
#include "stalebase/cli/command_model.hpp"
#include "stalebase/cli/manpage.hpp"

#include <iostream>

namespace stalebase::cli {

void setup_manpage_command(CLI::App &app, GlobalOptions &global) {
  // Hidden (no group): the build runs it to write stalebase.1.
  auto *cmd = app.add_subcommand("manpage", "Print the manual page (roff)");
  cmd->group("");
  cmd->callback([&app, &global] {
    std::cout << render_manpage(command_models(app), STALEBASE_VERSION)
              << std::flush;
    global.exit_code = util::ExitCode::ok;
  });
}

} // namespace stalebase::cli
