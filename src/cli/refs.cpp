#include "stalebase/cli/app.hpp"

namespace stalebase::cli {

void setup_refs_command(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "refs", "List every image reference the Dockerfiles build from (offline)");
  cmd->callback([&global] { global.exit_code = 0; });
}

} // namespace stalebase::cli
