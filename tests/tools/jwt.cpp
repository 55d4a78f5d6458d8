#include "jwt.hpp"

#include "common.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>

namespace stalebase::testkit {

struct TokenSigner::Key {
  EVP_PKEY *pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

struct FileCloser {
  void operator()(std::FILE *file) const { std::fclose(file); }
};

std::unique_ptr<std::FILE, FileCloser> open_file(const std::string &path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    throw Failure("cannot open \"" + path + "\"");
  }
  return file;
}

} // namespace

TokenSigner::TokenSigner(const std::string &key_path,
                         const std::string &cert_path)
    : m_key(std::make_unique<Key>()) {
  {
    auto file = open_file(key_path);
    m_key->pkey = PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr);
    if (m_key->pkey == nullptr) {
      throw Failure("\"" + key_path + "\" holds no PEM private key");
    }
  }
  auto file = open_file(cert_path);
  X509 *cert = PEM_read_X509(file.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    throw Failure("\"" + cert_path + "\" holds no PEM certificate");
  }
  unsigned char *der = nullptr;
  const int size = i2d_X509(cert, &der);
  X509_free(cert);
  if (size <= 0) {
    throw Failure("cannot encode the certificate in \"" + cert_path + "\"");
  }
  m_certificate_der.assign(reinterpret_cast<const char *>(der),
                           static_cast<std::size_t>(size));
  OPENSSL_free(der);
}

TokenSigner::~TokenSigner() = default;

std::string TokenSigner::sign(const nlohmann::json &claims) const {
  const nlohmann::json header = {
      {"typ", "JWT"},
      {"alg", "RS256"},
      {"x5c", nlohmann::json::array({base64_encode(m_certificate_der)})}};
  const std::string signing_input =
      base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  std::string signature;
  std::size_t size = 0;
  bool ok = ctx != nullptr &&
            EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr,
                               m_key->pkey) == 1 &&
            EVP_DigestSign(
                ctx, nullptr, &size,
                reinterpret_cast<const unsigned char *>(signing_input.data()),
                signing_input.size()) == 1;
  if (ok) {
    signature.resize(size);
    ok = EVP_DigestSign(
             ctx, reinterpret_cast<unsigned char *>(signature.data()), &size,
             reinterpret_cast<const unsigned char *>(signing_input.data()),
             signing_input.size()) == 1;
    signature.resize(size);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) {
    throw Failure("signing the token failed");
  }
  return signing_input + "." + base64url_encode(signature);
}

nlohmann::json make_claims(const std::string &issuer,
                           const std::string &subject,
                           const std::string &service,
                           long long lifetime_seconds,
                           const std::vector<Access> &access) {
  const long long now = unix_now();
  nlohmann::json list = nlohmann::json::array();
  for (const auto &entry : access) {
    list.push_back({{"type", entry.type},
                    {"name", entry.name},
                    {"actions", entry.actions}});
  }
  return {{"iss", issuer},         {"sub", subject},
          {"aud", service},        {"iat", now},
          {"nbf", now - 1},        {"exp", now + lifetime_seconds},
          {"jti", random_hex(16)}, {"access", list}};
}

Access parse_scope(const std::string &scope) {
  Access access;
  const auto first = scope.find(':');
  const auto last = scope.rfind(':');
  if (first == std::string::npos || first == last) {
    return access;
  }
  access.type = scope.substr(0, first);
  access.name = scope.substr(first + 1, last - first - 1);
  for (const auto &action : split(scope.substr(last + 1), ',')) {
    if (!action.empty()) {
      access.actions.push_back(action);
    }
  }
  return access;
}

long long token_expiry(const std::string &token) {
  const auto parts = split(token, '.');
  if (parts.size() != 3) {
    return -1;
  }
  const auto payload = base64_decode(parts[1]);
  if (!payload) {
    return -1;
  }
  const auto claims = nlohmann::json::parse(*payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("exp") ||
      !claims["exp"].is_number_integer()) {
    return -1;
  }
  return claims["exp"].get<long long>();
}

} // namespace stalebase::testkit
