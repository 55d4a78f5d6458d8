#pragma once

#include "stalebase/reference/digest.hpp"
#include "stalebase/util/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace stalebase::reference {

// An image reference, normalised as Docker does: `docker.io` for Docker Hub,
// `library/` for its one-part names, `latest` only when neither tag nor
// digest is written.
struct ImageReference {
  // Registry host as it names it: `docker.io` for Docker Hub (whichever of its
  // names was written), `ghcr.io`, `localhost:5000`, `[::1]:5000`.
  std::string registry;
  // Repository path within the registry: `library/node`, `org/app`.
  std::string repository;
  std::optional<std::string> tag; // without ':'
  std::optional<Digest> digest;   // `sha256:<64 hex>` (or sha512)

  // `registry/repository`.
  std::string name() const;
  // Fully qualified: `docker.io/library/node:latest`,
  // `docker.io/library/node@sha256:…`, `docker.io/library/node:8.9.0@sha256:…`.
  // `:latest` only when there is neither tag nor digest.
  std::string canonical() const;
  // The tag, or `latest` when neither tag nor digest was given; empty for
  // digest-only.
  std::string effective_tag() const;
  // The short form Docker prints, with `docker.io/` and a lone `library/`
  // dropped and no `:latest` added: `node:18`, `bitnami/redis@sha256:…`,
  // `ghcr.io/o/i:v1`. `docker.io/` stays when the path's first component
  // would read as a host (`docker.io/a.b/c`), so the result parses back.
  std::string familiar() const;
  bool is_docker_hub() const;

  friend bool operator==(const ImageReference &,
                         const ImageReference &) = default;
};

// Parses and normalises `text`. On failure the error is an exact reason,
// lower-case, without the whole input but quoting the offending part:
// "repository name must be lowercase", "invalid tag \"a!\": expected only
// letters, digits, \"_\", \".\" and \"-\"", ... (the full list is in
// src/reference/parse_reference.cpp). Never throws on bad input.
Expected<ImageReference, std::string> parse_reference(std::string_view text);

} // namespace stalebase::reference
