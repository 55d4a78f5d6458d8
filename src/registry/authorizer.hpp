#pragma once
// Authorization for registry requests: credentials looked up once per
// endpoint and repository, Basic or a bearer token cached per repository
// (scope: pull only), and what to do when the registry answers 401.

#include "stalebase/registry/challenge.hpp"
#include "stalebase/registry/clock.hpp"
#include "stalebase/registry/credentials.hpp"
#include "stalebase/registry/registry_client.hpp"

#include "registry/endpoint.hpp"
#include "registry/ping.hpp"
#include "registry/token_client.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace stalebase::registry {

// The Authorization header for one request; no header for none.
struct AuthState {
  std::optional<std::string> header;
  bool fresh = false; // the token was fetched for this request
  bool sent_credentials = false;
};

class Authorizer {
public:
  // `options` (insecure registries) must outlive this.
  Authorizer(CredentialProvider &credential_provider,
             TokenClient &token_client,
             Clock &clock,
             const RegistryClientOptions &options);
  ~Authorizer();
  Authorizer(const Authorizer &) = delete;
  Authorizer &operator=(const Authorizer &) = delete;

  // The Authorization header for a request to `endpoint` about `repository`
  // under `challenge` (none: no header). `force` skips the cached token.
  Expected<AuthState, RegistryError>
  authorize(const Endpoint &endpoint,
            const PingResult &ping,
            const std::optional<Challenge> &challenge,
            const std::string &repository,
            bool force);

  // After a first 401 answered with `again`: whether authenticating once more
  // may help (the challenge asks for something new, or the token was cached).
  static bool reauthenticates(const AuthState &auth,
                              const std::optional<Challenge> &challenge,
                              const std::optional<Challenge> &again);

  // The error for a 401 that is not authenticated again.
  static RegistryError rejection(const Endpoint &endpoint,
                                 const AuthState &auth,
                                 const std::optional<Challenge> &challenge,
                                 const std::optional<Challenge> &again);

private:
  struct EndpointCredentials;
  struct TokenSlot;

  Expected<std::optional<Credentials>, std::string>
  credentials_for(const Endpoint &endpoint, const std::string &repository);
  std::shared_ptr<TokenSlot> token_slot(const std::string &key);

  CredentialProvider &m_credential_provider;
  TokenClient &m_token_client;
  Clock &m_clock;
  const RegistryClientOptions &m_options;

  // Guards the maps; each slot has its own mutex, held while it is filled.
  std::mutex m_mutex;
  std::map<std::string, std::unique_ptr<EndpointCredentials>> m_credentials;
  std::map<std::string, std::shared_ptr<TokenSlot>> m_tokens;
};

} // namespace stalebase::registry
