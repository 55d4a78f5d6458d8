#pragma once

#include "stalebase/util/expected.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace stalebase::registry {

// What `docker-credential-<name> get` said. Username and secret are secrets:
// never log.
struct HelperResult {
  bool found = false;
  std::string username;
  std::string secret;
};

// Interprets a helper's stdout and exit status (docker-credential-helpers
// protocol): exit 0 with `{"Username":…,"Secret":…}` is found; a non-zero exit
// whose output says "credentials not found in native keychain" is not found.
// Anything else fails with "credential helper \"docker-credential-<name>\"
// failed (exit status N)" or
// "... gave an answer that is not JSON", never quoting the output.
Expected<HelperResult, std::string> parse_helper_output(
    std::string_view output, int exit_status, std::string_view helper);

// Runs credential helpers.
class CredentialHelperRunner {
public:
  virtual ~CredentialHelperRunner() = default;
  CredentialHelperRunner() = default;
  CredentialHelperRunner(const CredentialHelperRunner &) = delete;
  CredentialHelperRunner &operator=(const CredentialHelperRunner &) = delete;

  // Runs `docker-credential-<helper> get` with `server_url` on stdin (no
  // newline).
  virtual Expected<HelperResult, std::string>
  get(const std::string &helper, const std::string &server_url) = 0;
};

// Runs the helper as a child process found on PATH (or in `directory` when not
// empty), with stderr discarded and a timeout after which it is killed.
class ProcessCredentialHelperRunner final : public CredentialHelperRunner {
public:
  explicit ProcessCredentialHelperRunner(
      std::chrono::milliseconds timeout = std::chrono::seconds(30),
      std::string directory = {})
      : m_timeout(timeout), m_directory(std::move(directory)) {}

  // Fails with "credential helper \"…\" not found", "... timed out after N ms",
  // or as parse_helper_output.
  Expected<HelperResult, std::string>
  get(const std::string &helper, const std::string &server_url) override;

private:
  std::chrono::milliseconds m_timeout;
  std::string m_directory;
};

} // namespace stalebase::registry
