#pragma once

#include "common.hpp"

#include <httplib.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace stalebase::testkit {

// One HTTP answer, fully read.
struct HttpResponse {
  int status = 0;
  httplib::Headers headers;
  std::string body;

  // The first value of a header (case-insensitive name), or "".
  std::string header(const std::string &name) const;
};

// A parsed WWW-Authenticate challenge (one scheme and its parameters).
struct Challenge {
  std::string scheme; // lower case
  std::map<std::string, std::string> params;
};

// Parses the first challenge of a WWW-Authenticate value.
Challenge parse_challenge(const std::string &value);

// How a RegistryClient authenticates.
struct ClientAuth {
  // Answer 401 challenges (Basic with the user, Bearer through the realm).
  bool follow_challenges = true;
  std::string user;
  std::string password;
  // Sent as is on every request, when set (skips the challenge flow).
  std::string bearer_token;
};

// A small distribution-API client for the testkit: one keep-alive
// connection to the registry, and the registry's auth flow (Basic, or a
// Bearer token from the challenge's realm, cached per scope). Not
// thread-safe: use one per thread.
class RegistryClient {
public:
  // Throws Failure if base_url is not an http URL.
  RegistryClient(const std::string &base_url,
                 ClientAuth auth,
                 double timeout_seconds = 30.0);

  // Sends a request to a target on the registry ("/v2/..."), answering one
  // 401 challenge. `scope` is asked for when a Bearer challenge names none.
  // Throws Failure on transport errors (the message says "timeout" when the
  // read timed out).
  HttpResponse send(const std::string &method,
                    const std::string &target,
                    const httplib::Headers &headers = {},
                    const std::string &body = {},
                    const std::string &scope = {});

  // Sends one request to any URL with no auth flow and no Authorization
  // unless `headers` has one. Throws Failure on transport errors.
  HttpResponse send_url(const std::string &method,
                        const std::string &url,
                        const httplib::Headers &headers,
                        const std::string &body);

  const Url &base() const { return m_base; }

private:
  httplib::Client &client_for(const Url &url);
  std::optional<std::string> fetch_token(const Challenge &challenge,
                                         const std::string &scope);

  Url m_base;
  ClientAuth m_auth;
  double m_timeout;
  std::map<std::string, std::unique_ptr<httplib::Client>> m_clients;
  std::map<std::string, std::string> m_authorization_by_scope;
  std::string m_basic_authorization;
};

// The repository scope a target under /v2/ needs: pull for reads,
// pull,push for writes; "" for targets outside a repository.
std::string scope_for(const std::string &method, const std::string &target);

} // namespace stalebase::testkit
