#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace stalebase::testkit {

// One entry of a registry token's "access" claim.
struct Access {
  std::string type;
  std::string name;
  std::vector<std::string> actions;
};

// Signs registry bearer tokens as the distribution registry's token auth
// (2.x) verifies them: a JWT with alg RS256 whose header carries the signing
// certificate in "x5c", so that a registry whose rootcertbundle holds that
// certificate trusts it.
class TokenSigner {
public:
  // Loads a PEM RSA private key and its PEM certificate; throws Failure.
  TokenSigner(const std::string &key_path, const std::string &cert_path);
  ~TokenSigner();
  TokenSigner(const TokenSigner &) = delete;
  TokenSigner &operator=(const TokenSigner &) = delete;

  // A compact JWT for these claims; throws Failure if signing fails.
  std::string sign(const nlohmann::json &claims) const;

private:
  struct Key;
  std::unique_ptr<Key> m_key;
  std::string m_certificate_der;
};

// The claims of a registry token: iss, sub, aud (the service), iat, nbf
// (now - 1), exp (now + lifetime_seconds, which may be negative to make an
// expired token), a random jti, and access.
nlohmann::json make_claims(const std::string &issuer,
                           const std::string &subject,
                           const std::string &service,
                           long long lifetime_seconds,
                           const std::vector<Access> &access);

// Parses "type:name:action,action" (the name may hold colons); nullopt-like
// empty type if malformed.
Access parse_scope(const std::string &scope);

// The "exp" claim of a JWT, without checking its signature; -1 if the token
// cannot be decoded.
long long token_expiry(const std::string &token);

} // namespace stalebase::testkit
