#include "stalebase/cli/app.hpp"
#include "stalebase/cli/lookup_commands.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/registry/lookup_threads.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/exit_code.hpp"

#include <iostream>
#include <memory>

namespace stalebase::cli {

namespace {

struct ResolveArguments {
  RegistryOptions registry;
  ConfigOptions config;
  std::string format = "text";
  std::vector<std::string> references;
};

} // namespace

void setup_resolve_command(CLI::App &app, GlobalOptions &global) {
  auto arguments = std::make_shared<ResolveArguments>();
  auto *cmd = app.add_subcommand(
      "resolve", "Print the current digest of each image reference");
  cmd->add_option("REF", arguments->references,
                  "Image references, e.g. alpine:3.19")
      ->required();
  cmd->add_option("--format", arguments->format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  add_registry_options(*cmd, arguments->registry);
  add_config_options(*cmd, arguments->config);
  cmd->callback([arguments, &global] {
    const auto references = parse_references(arguments->references);
    const auto platforms = parse_platforms(arguments->registry);
    if (platforms.size() > 1) {
      throw Error("resolve takes at most one --platform");
    }
    std::optional<reference::Platform> platform;
    if (!platforms.empty()) {
      platform = platforms.front();
    }
    auto session =
        open_configured_session(arguments->config, arguments->registry);
    if (!session) {
      global.exit_code = configuration_error(session.error());
      return;
    }
    const std::size_t threads =
        registry::lookup_threads(arguments->registry.jobs);
    global.exit_code =
        run_resolve(*(*session)->client, references, platform,
                    arguments->format, threads, std::cout, std::cerr);
  });
}

} // namespace stalebase::cli
