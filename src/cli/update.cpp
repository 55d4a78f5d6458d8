#include "stalebase/cli/app.hpp"
#include "stalebase/cli/rewrite_command.hpp"

#include <memory>

namespace stalebase::cli {

void setup_update_command(CLI::App &app, GlobalOptions &global) {
  auto args = std::make_shared<RewriteArguments>();
  auto *cmd = app.add_subcommand(
      "update",
      "Move image references to the newest tag their policy allows, in place");
  add_rewrite_options(*cmd, *args);
  cmd->add_option("--level", args->level,
                  "Highest update level (default patch)")
      ->check(CLI::IsMember({"patch", "minor", "major"}));
  cmd->add_flag("--pin", args->pin, "Also add digests where there were none");
  cmd->add_flag("--variant", args->variant,
                "Move a tag whose OS variant ended (variant-ended) to the "
                "newest OS release that has its line's newest patch");
  cmd->callback([args, &global] {
    global.exit_code =
        run_rewrite_command(*args, rewrite::Mode::update, global);
  });
}

} // namespace stalebase::cli
