#pragma once

#include <CLI/CLI.hpp>

namespace stalebase::testkit {

// Registers the client-side helpers: `request` (one registry request with
// the auth flow, printed like "curl -i"), `list-tags` (every tag, following
// Link pages), `json-check` (is a file valid JSON) and `free-port` (a free
// loopback TCP port).
void setup_client_commands(CLI::App &app);

} // namespace stalebase::testkit
