#pragma once

#include "server_util.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace stalebase::testkit {

// Options of `stalebase_testkit token-server` and `mint-token`.
struct TokenOptions {
  std::string key;
  std::string cert;
  std::string issuer = "stalebase-test-token-issuer";
  std::string service = "stalebase-test-registry";
  std::string users_file;
  std::string private_prefix = "private/";
  long long expires_in = 300;
  std::string log;
  ListenOptions listen;
  // mint-token only
  std::string subject;
  std::vector<std::string> scopes;
};

// Registers `token-server`: a registry token server (GET /token with
// anonymous or Basic access, POST /token for OAuth2 password and refresh
// grants) that signs JWTs the registry's token auth accepts. Anonymous
// callers get pull on every repository outside --private-prefix; users in
// --users-file (lines "user:password") get every action they ask for.
void setup_token_server_command(CLI::App &app);

// Registers `mint-token`: prints one token for --subject and --scope with a
// --lifetime in seconds (negative for an already expired token).
void setup_mint_token_command(CLI::App &app);

} // namespace stalebase::testkit
