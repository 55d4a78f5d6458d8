#pragma once

#include "stalebase/util/expected.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace stalebase::reference {

// A content digest that has been checked against the grammar: `sha256:` + 64
// or `sha512:` + 128 lowercase hex digits (the OCI image spec's registered
// algorithms). The only ways to make one are `parse` and hashing bytes
// (registry::sha256_digest), so a Digest held anywhere, from the reference
// grammar to a rewritten Dockerfile, is one that a builder accepts; a string
// that merely starts with "sha" never becomes one.
class Digest {
public:
  // Fails with the reason validate_digest gives: `invalid digest "…": …` or
  // `unsupported digest algorithm "…": …`.
  static Expected<Digest, std::string> parse(std::string_view text);

  const std::string &str() const { return m_text; }
  // Read as its text wherever a string is read (output, JSON, cache keys):
  // the text is valid by construction, so nothing is lost.
  operator const std::string &() const { return m_text; }
  std::string_view algorithm() const;
  std::string_view encoded() const;

  friend bool operator==(const Digest &, const Digest &) = default;
  friend bool operator==(const Digest &digest, std::string_view text) {
    return digest.m_text == text;
  }
  friend bool operator<(const Digest &a, const Digest &b) {
    return a.m_text < b.m_text;
  }
  friend std::string operator+(std::string_view prefix, const Digest &digest) {
    return std::string(prefix) + digest.m_text;
  }
  friend std::ostream &operator<<(std::ostream &out, const Digest &digest) {
    return out << digest.m_text;
  }

private:
  explicit Digest(std::string text) : m_text(std::move(text)) {}
  std::string m_text;
};

} // namespace stalebase::reference
