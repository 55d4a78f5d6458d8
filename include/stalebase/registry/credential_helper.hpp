#pragma once

#include "stalebase/util/expected.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace stalebase::registry {

// What `docker-credential-<name> get` said. Username and secret are secrets:
// never log.
struct HelperResult {
  bool found = false;
  std::string username;
  std::string secret;
  // The helper program does not exist (a `credsStore` left behind by an
  // uninstalled Docker Desktop): not an error, as for a registry that needs
  // no credentials nothing was missed.
  bool missing = false;
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
// empty), with stderr discarded. It is killed and reaped at `timeout` after
// it starts, or at the run's `deadline` if that comes first, whatever it does:
// never answers, prints more than 64 KiB, or closes stdout and lingers.
class ProcessCredentialHelperRunner final : public CredentialHelperRunner {
public:
  explicit ProcessCredentialHelperRunner(
      std::chrono::milliseconds timeout = std::chrono::seconds(30),
      std::string directory = {},
      std::optional<std::chrono::steady_clock::time_point> deadline = {})
      : m_timeout(timeout), m_directory(std::move(directory)),
        m_deadline(deadline) {}

  // A helper that does not exist is `missing`. Fails with "credential helper
  // \"…\" timed out after N ms", "… did not answer before the run's deadline
  // (--deadline)", "… printed more than 64 KiB", or as parse_helper_output.
  Expected<HelperResult, std::string>
  get(const std::string &helper, const std::string &server_url) override;

private:
  // When the helper started now must be done, and whether that is the run's
  // deadline rather than the timeout.
  std::pair<std::chrono::steady_clock::time_point, bool>
  deadline_from_now() const;

  std::chrono::milliseconds m_timeout;
  std::string m_directory;
  std::optional<std::chrono::steady_clock::time_point> m_deadline;
};

} // namespace stalebase::registry
