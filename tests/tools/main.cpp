// stalebase_testkit: the integration tests' tools in one executable: a
// token server, a fault-injecting proxy, an image pusher and small client
// helpers. See tests/integration/README.md.

#include "client_commands.hpp"
#include "common.hpp"
#include "proxy.hpp"
#include "pusher.hpp"
#include "token_server.hpp"
#include "upload.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  // "proxy ... -- COMMAND ARGS" : everything after the first "--" is the
  // command, never parsed as options.
  std::vector<std::string> arguments;
  int end = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      end = i;
      break;
    }
  }
  for (int i = end + 1; i < argc; ++i) {
    arguments.emplace_back(argv[i]);
  }
  stalebase::testkit::set_trailing_command(arguments);
  CLI::App app{"stalebase_testkit: registry test tools (loopback only)"};
  app.require_subcommand(1);
  stalebase::testkit::setup_token_server_command(app);
  stalebase::testkit::setup_mint_token_command(app);
  stalebase::testkit::setup_proxy_command(app);
  stalebase::testkit::setup_push_command(app);
  stalebase::testkit::setup_upload_commands(app);
  stalebase::testkit::setup_client_commands(app);
  try {
    app.parse(end, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  } catch (const stalebase::testkit::Failure &e) {
    std::cerr << "stalebase_testkit: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception &e) {
    std::cerr << "stalebase_testkit: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
