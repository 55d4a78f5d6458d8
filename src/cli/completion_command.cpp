#include "stalebase/cli/app.hpp"
#include "stalebase/cli/command_model.hpp"
#include "stalebase/cli/completion.hpp"

#include <iostream>
#include <memory>

namespace stalebase::cli {

void setup_completion_command(CLI::App &app, GlobalOptions &global) {
  auto shell = std::make_shared<std::string>();
  auto *cmd = app.add_subcommand(
      "completion",
      "Print the completion script for a shell (bash, zsh, fish)");
  cmd->add_option("SHELL", *shell, "The shell")
      ->check(CLI::IsMember(completion_shells()))
      ->required();
  // Rendered when run, from `app` as parsed: every command is defined by then.
  cmd->callback([shell, &app, &global] {
    std::cout << render_completion(command_models(app), *shell) << std::flush;
    global.exit_code = util::ExitCode::ok;
  });
}

} // namespace stalebase::cli
