#include "stalebase/cli/app.hpp"
#include "stalebase/cli/rewrite_command.hpp"

#include <memory>

namespace stalebase::cli {

void setup_pin_command(CLI::App &app, GlobalOptions &global) {
  auto args = std::make_shared<RewriteArguments>();
  auto *cmd = app.add_subcommand(
      "pin",
      "Give every image reference the digest its tag points at now, in place");
  add_rewrite_options(*cmd, *args);
  cmd->callback([args, &global] {
    global.exit_code = run_rewrite_command(*args, rewrite::Mode::pin, global);
  });
}

} // namespace stalebase::cli
