#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace stalebase::testkit {

// Registers `proxy`: a fault-injecting HTTP proxy in front of a registry.
// It forwards every request to --upstream (or to a --route), applies the
// --fault rules and --latency, logs one line per request (listener, method,
// target, Authorization scheme or "no", status, fault rule, time), and runs
// two side listeners: "other" (another port, target of redirects) and
// "cross" (127.0.0.2, target of cross-host links). With a command after
// "--" it runs the command with PROXY_* variables set and stops when the
// command ends, exiting with its status.
void setup_proxy_command(CLI::App &app);

// The words after "--" on the command line (main splits them off, so that
// CLI11 never reads the command's own options).
void set_trailing_command(std::vector<std::string> command);

} // namespace stalebase::testkit
