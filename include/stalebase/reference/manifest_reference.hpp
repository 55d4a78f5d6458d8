#pragma once

#include "stalebase/reference/digest.hpp"
#include "stalebase/reference/image_reference.hpp"

#include <string>
#include <variant>

namespace stalebase::reference {

// What a manifest request names (the `<reference>` of
// `/v2/<name>/manifests/<reference>`): a tag or a digest. Which one is decided
// once, by the reference grammar (a tag after ':', a digest after '@'), never
// from the text's first letters: `sha-860c190` and `sha256-<hex>.sig` are
// tags.
class ManifestReference {
public:
  struct Tag {
    std::string name;
    friend bool operator==(const Tag &, const Tag &) = default;
  };

  explicit ManifestReference(Tag tag) : m_value(std::move(tag)) {}
  explicit ManifestReference(Digest digest) : m_value(std::move(digest)) {}

  // The tag `reference` names (`latest` when it names neither tag nor
  // digest), else its digest: a pinned `name:tag@digest` asks for the tag, as
  // the check compares the tag's current digest with the pin.
  static ManifestReference of(const ImageReference &reference);

  bool is_digest() const { return std::holds_alternative<Digest>(m_value); }
  // The digest; only when is_digest().
  const Digest &digest() const { return std::get<Digest>(m_value); }
  // The text that goes into the URL and messages.
  const std::string &text() const;
  // `tag "3.20"` or `manifest "sha256:…"`, for messages.
  std::string describe() const;

  friend bool operator==(const ManifestReference &,
                         const ManifestReference &) = default;

private:
  std::variant<Tag, Digest> m_value;
};

} // namespace stalebase::reference
