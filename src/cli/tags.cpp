#include "stalebase/cli/app.hpp"
#include "stalebase/cli/lookup_commands.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/util/exit_code.hpp"

#include <iostream>
#include <memory>

namespace stalebase::cli {

namespace {

struct TagsArguments {
  RegistryOptions registry;
  ConfigOptions config;
  std::string format = "text";
  std::string reference;
  bool all = false;
};

} // namespace

void setup_tags_command(CLI::App &app, GlobalOptions &global) {
  auto arguments = std::make_shared<TagsArguments>();
  auto *cmd =
      app.add_subcommand("tags", "List the tags in an image's version track, "
                                 "newest first, and its floating tags");
  cmd->add_option("REF", arguments->reference, "Image reference, e.g. alpine")
      ->required();
  cmd->add_option("--format", arguments->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--all", arguments->all,
                "List every tag of the repository, as the registry has them");
  add_registry_options(*cmd, arguments->registry);
  add_config_options(*cmd, arguments->config);
  cmd->callback([arguments, &global] {
    const auto references = parse_references({arguments->reference});
    auto session =
        open_configured_session(arguments->config, arguments->registry);
    if (!session) {
      global.exit_code = configuration_error(session.error());
      return;
    }
    global.exit_code =
        arguments->all
            ? run_tags(*(*session)->client, references.front(),
                       arguments->format, std::cout, std::cerr)
            : run_track_view(*(*session)->client, references.front(),
                             arguments->format, std::cout, std::cerr);
  });
}

} // namespace stalebase::cli
