#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Small helpers shared by the testkit's subcommands: encodings, hashes, URLs,
// files and process lifetime. The testkit is test infrastructure, not product
// code: it may throw on every failure and exits with a message.
namespace stalebase::testkit {

// A fatal error of a testkit command; main prints "stalebase_testkit: error: "
// and the message, and exits with status 1.
class Failure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);
// base64url without padding (JOSE).
std::string base64url_encode(std::string_view bytes);
// Decodes standard or URL-safe base64, padded or not; nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view text);

// Lower-case hex of SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);
// "sha256:" + sha256_hex(bytes), an OCI digest.
std::string sha256_digest(std::string_view bytes);
// `bytes` random bytes from OpenSSL, as lower-case hex.
std::string random_hex(std::size_t bytes);

// An RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string http_date(std::chrono::system_clock::time_point when);
// An RFC 3339 UTC time with seconds ("2024-01-02T03:04:05Z").
std::string rfc3339(std::chrono::system_clock::time_point when);
// Seconds since the epoch, now.
long long unix_now();

// An http(s) URL split into parts; target is path plus query ("/" if none).
struct Url {
  std::string scheme;
  std::string host;
  int port = 0;
  std::string target;

  // "scheme://host:port", always with the port.
  std::string origin() const;
};

// Parses "http://host[:port][/target]"; nullopt if it is not such a URL.
std::optional<Url> parse_url(std::string_view text);
// Parses like parse_url and throws Failure naming `what` if it cannot.
Url require_url(std::string_view text, std::string_view what);
// Resolves a URI reference (absolute, path-absolute or path-relative, with an
// optional query) against a base URL, as RFC 3986 does for these forms.
std::string resolve_reference(const Url &base, std::string_view reference);

// Percent-encodes everything but unreserved characters.
std::string url_encode_component(std::string_view text);
// Decodes %XX escapes and '+' (as a space, the form encoding).
std::string url_decode(std::string_view text);
// Splits "a=1&b=2" into decoded name/value pairs, in order.
std::vector<std::pair<std::string, std::string>>
parse_form(std::string_view text);

std::vector<std::string> split(std::string_view text, char separator);
std::string trim(std::string_view text);
std::string to_lower(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);

// Reads a whole file; throws Failure naming the path if it cannot.
std::string read_file(const std::string &path);
// Writes through a temporary file and rename, so readers never see a part.
void write_file_atomic(const std::string &path, std::string_view content);
// Reads "user:password" from the first line of a file.
std::pair<std::string, std::string>
read_credentials_file(const std::string &path);

// Blocks SIGTERM, SIGINT and SIGCHLD in the calling thread and the threads it
// starts later, so that wait_for_termination can sigwait for them. Call it
// first thing in a command that runs servers.
void block_termination_signals();

// Starts a detached thread that sends SIGTERM to this process after
// `max_lifetime_seconds` (if > 0), or as soon as the parent process is gone
// (if exit_with_parent), so that no test server outlives its test.
void start_watchdog(int max_lifetime_seconds, bool exit_with_parent);

// Runs `command` as a child with `extra_env` added to the environment;
// returns its pid. Throws Failure if it cannot start.
int spawn_command(
    const std::vector<std::string> &command,
    const std::vector<std::pair<std::string, std::string>> &extra_env);

// Waits for SIGTERM or SIGINT, or for the child `child_pid` (if > 0) to end.
// Returns the child's exit status (128+signal if it was killed), or 0 when a
// signal ended the wait.
int wait_for_termination(int child_pid);

} // namespace stalebase::testkit
