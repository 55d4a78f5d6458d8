#include "registry/authorizer.hpp"

#include "stalebase/registry/base64.hpp"

#include "registry/registry_errors.hpp"

#include <spdlog/spdlog.h>

namespace stalebase::registry {

// What the credential provider said for each repository of one endpoint.
struct Authorizer::EndpointCredentials {
  std::mutex mutex;
  std::map<std::string, Expected<std::optional<Credentials>, std::string>>
      found; // per repository
};

struct Authorizer::TokenSlot {
  std::mutex mutex;
  std::optional<Token> token;
};

Authorizer::Authorizer(CredentialProvider &credential_provider,
                       TokenClient &token_client,
                       Clock &clock,
                       const RegistryClientOptions &options)
    : m_credential_provider(credential_provider), m_token_client(token_client),
      m_clock(clock), m_options(options) {}

Authorizer::~Authorizer() = default;

std::shared_ptr<Authorizer::TokenSlot>
Authorizer::token_slot(const std::string &key) {
  std::lock_guard lock(m_mutex);
  auto &slot = m_tokens[key];
  if (!slot) {
    slot = std::make_shared<TokenSlot>();
  }
  return slot;
}

Expected<std::optional<Credentials>, std::string>
Authorizer::credentials_for(const Endpoint &endpoint,
                            const std::string &repository) {
  EndpointCredentials &state = [&]() -> EndpointCredentials & {
    std::lock_guard map_lock(m_mutex);
    auto &slot = m_credentials[state_key(endpoint)];
    if (!slot) {
      slot = std::make_unique<EndpointCredentials>();
    }
    return *slot;
  }();
  std::lock_guard lock(state.mutex);
  const auto it = state.found.find(repository);
  if (it != state.found.end()) {
    return it->second;
  }
  Expected<std::optional<Credentials>, std::string> found =
      std::optional<Credentials>{};
  if (endpoint.mirrored) {
    // A mirror's own entry first, then the registry it stands in for.
    found = m_credential_provider.find(endpoint.base.authority(), repository);
    if (found && !*found) {
      found = m_credential_provider.find(endpoint.registry, repository);
    }
  } else {
    found = m_credential_provider.find(endpoint.registry, repository);
  }
  if (found && *found) {
    spdlog::debug("{}: using credentials from {}", endpoint.registry,
                  (*found)->source);
  }
  state.found.emplace(repository, found);
  return found;
}

Expected<AuthState, RegistryError>
Authorizer::authorize(const Endpoint &endpoint,
                      const PingResult &ping,
                      const std::optional<Challenge> &challenge,
                      const std::string &repository,
                      bool force) {
  AuthState state;
  // A registry that challenges nothing gets nothing: no credential store or
  // helper is asked, so a helper that is broken or gone (a `credsStore` left
  // behind) costs nothing against registries that need no credentials.
  if (!challenge) {
    return state;
  }
  auto found = credentials_for(endpoint, repository);
  if (!found) {
    return Unexpected(
        make_error(RegistryErrorKind::unauthorized, found.error()));
  }
  std::optional<Credentials> credentials = *found;
  if (credentials &&
      !plain_http_allowed(ping.base, m_options.insecure_registries)) {
    spdlog::debug("{}: not sending credentials over plain http to {}",
                  endpoint.registry, ping.base.authority());
    credentials.reset();
  }
  if (credentials && credentials->kind == Credentials::Kind::registry_token) {
    state.header = "Bearer " + credentials->secret;
    state.sent_credentials = true;
    return state;
  }
  if (challenge->scheme == "basic") {
    if (credentials && credentials->kind == Credentials::Kind::basic &&
        ping.from_registry) {
      state.header = "Basic " + base64_encode(credentials->username + ":" +
                                              credentials->secret);
      state.sent_credentials = true;
    }
    return state;
  }
  // Bearer: one token per (endpoint, repository), reused until shortly
  // before it expires. The scope is always pull on the repository being
  // read, whatever a challenge names: stalebase only reads, and a challenge
  // asking for push or the catalogue would have the user's credentials buy
  // rights it never needs.
  const std::vector<std::string> scopes = {"repository:" + repository +
                                           ":pull"};
  const std::string key = endpoint.registry + "|" + challenge->param("realm") +
                          "|" + challenge->param("service") + "|" +
                          scopes.front();
  auto slot = token_slot(key);
  std::lock_guard lock(slot->mutex);
  if (!force && slot->token && m_clock.now() < slot->token->expires) {
    state.header = "Bearer " + slot->token->value;
    state.sent_credentials = credentials.has_value();
    return state;
  }
  auto token =
      m_token_client.fetch(endpoint, ping, *challenge, scopes, credentials);
  if (!token) {
    return Unexpected(token.error());
  }
  slot->token = *token;
  state.header = "Bearer " + token->value;
  state.fresh = true;
  state.sent_credentials = credentials.has_value();
  return state;
}

bool Authorizer::reauthenticates(const AuthState &auth,
                                 const std::optional<Challenge> &challenge,
                                 const std::optional<Challenge> &again) {
  return again && again->scheme == "bearer" &&
         (!auth.fresh || !challenge || challenge->scheme != "bearer" ||
          again->param("error") == "insufficient_scope" ||
          again->param("realm") != challenge->param("realm"));
}

RegistryError Authorizer::rejection(const Endpoint &endpoint,
                                    const AuthState &auth,
                                    const std::optional<Challenge> &challenge,
                                    const std::optional<Challenge> &again) {
  if (auth.sent_credentials && (!challenge || challenge->scheme == "basic")) {
    return make_error(
        RegistryErrorKind::unauthorized,
        "authentication failed: the registry rejected the credentials");
  }
  if (!auth.header && (!again || again->scheme == "basic")) {
    return make_error(RegistryErrorKind::unauthorized,
                      "authentication required: no credentials for \"" +
                          endpoint.registry + "\"");
  }
  return make_error(RegistryErrorKind::unauthorized,
                    "repository not found or unauthorized");
}

} // namespace stalebase::registry
